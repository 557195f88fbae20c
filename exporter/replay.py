"""The load role's `replay` op (PROTOCOL.md).

Runs an archive through a runtime on one device and compares every bundle
sample with its eager output. Each sample gets a freshly loaded program and
a deep copy of the bundle inputs: module() shares its buffers with the
loaded program, and forward may mutate buffers or inputs, while each eager
output came from a pristine model.

Failures of the artifact under test (load, module(), .to(), running,
mismatches) are `passed: false`; only a broken request raises.
"""

import copy
import time
from typing import Any, Callable

import torch

from exporter.compare import compare
from exporter.devices import to_device, unavailable_reason
from exporter.errors import error_fields

Json = dict[str, Any]

RUNTIMES = ("module",)


def load_bundle(path: str) -> Json:
    # The bundle is our own file and holds dataclass inputs: not weights-only.
    bundle = torch.load(path, weights_only=False, map_location=None)
    if not isinstance(bundle, dict) or bundle.get("format") != 1:
        raise ValueError(f"{path}: not an exportcheck replay bundle (format 1)")
    return bundle


def module_runner(archive: str, device: str) -> Callable[..., Any]:
    """torch.export.load -> .module() -> .to(device), as a user would."""
    return torch.export.load(archive).module().to(device)


def _failed(stage: str, exc: Exception, samples: int, start: float) -> Json:
    fields = error_fields(exc)
    first_line = (fields["message"].splitlines() or [""])[0]
    # error_type/traceback kept for the log; message is the one-line verdict text
    return {
        **fields, "ok": True, "passed": False, "samples": samples, "seconds": round(time.perf_counter() - start, 6),
        "message": f"{stage}: {fields['error_type']}: {first_line}",
    }


def replay(request: Json) -> Json:
    """The whole replay op; the result is the response minus "id"."""
    runtime, device = request.get("runtime", "module"), request.get("device", "cpu")
    if runtime not in RUNTIMES:
        raise ValueError(f"unknown runtime {runtime!r} (known: {', '.join(RUNTIMES)})")
    reason = unavailable_reason(device)
    if reason is not None:
        return {"ok": True, "passed": False, "unsupported": reason}
    tolerance = request.get("tolerance") or {}
    atol, rtol = tolerance.get("atol"), tolerance.get("rtol")

    start = time.perf_counter()
    # Load the bundle first: unpickling its inputs imports (and so registers
    # with pytree) any dataclass types the program's input spec names.
    bundle = load_bundle(request["bundle"])
    samples = bundle["samples"]
    eager_status = bundle.get("eager") or {}
    for i, sample in enumerate(samples):
        if device not in sample["outputs"]:
            why = (eager_status.get(device) or {}).get("reason", "not requested")
            return {"ok": True, "passed": False, "samples": i, "seconds": round(time.perf_counter() - start, 6),
                    "message": f"sample {i}: no eager output on {device} ({why})"}
        try:
            run = module_runner(request["archive"], device)
        except Exception as e:
            return _failed(f"sample {i}: load", e, i + 1, start)
        try:
            args, kwargs = to_device(copy.deepcopy((sample["args"], sample["kwargs"])), device)
            actual = run(*args, **kwargs)
        except Exception as e:
            return _failed(f"sample {i}: run", e, i + 1, start)
        mismatch = compare(actual, sample["outputs"][device], atol, rtol)
        if mismatch is not None:
            return {"ok": True, "passed": False, "samples": i + 1, "seconds": round(time.perf_counter() - start, 6),
                    "message": f"sample {i}: {mismatch}"}
    return {"ok": True, "passed": True, "samples": len(samples), "seconds": round(time.perf_counter() - start, 6)}
