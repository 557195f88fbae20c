"""Turn exceptions into the protocol's error fields."""

import traceback
from typing import Any

# Dynamo and symbolic-shape errors can run to many KB; the harness keeps the
# head of the message for matching and the tail of the traceback for context.
MAX_MESSAGE = 20_000
MAX_TRACEBACK = 20_000


class CaseUnsupported(Exception):
    """The case cannot run here, for a reason that is not a failure of export
    (an OpInfo sample eager itself rejects). Raised while the model or inputs
    are built; the export response says `setup.unsupported` and every stage
    of the case is UNSUPPORTED with the message."""


def error_fields(exc: BaseException) -> dict[str, Any]:
    """error_type / message / traceback for a failure response or a failed stage."""
    message = str(exc)
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + " ... [truncated]"
    tb = "".join(traceback.format_exception(exc))
    return {
        "error_type": type(exc).__name__,
        "message": message,
        "traceback": tb[-MAX_TRACEBACK:],
    }
