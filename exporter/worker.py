"""Persistent worker: `python -m exporter.worker --role export|load` (PROTOCOL.md).

Reads one JSON request per line on stdin and answers one JSON line on the
original stdout. fd 1 is re-pointed at stderr before torch is imported, so
anything user code or torch prints (Python or C++) lands in the harness's
log, never in the protocol stream. A request that raises is answered with
ok:false and the worker carries on; it exits 0 when stdin closes.

Every case gets the torch global state a fresh process has: what a request
changed (default dtype, grad mode, backend flags, ...; exporter/global_state.py)
is set back to the state at start-up and named in the reply's `global_state`.
"""

import argparse
import ctypes
import gc
import json
import os
import platform
import sys
from typing import TYPE_CHECKING, Any, Callable, Mapping, TextIO

from exporter.errors import error_fields  # no torch import: safe before claim_stdout
from exporter.protocol import ExportReply, ExportRequest, Json, NormalizedCase, Ready  # no torch either

if TYPE_CHECKING:
    from exporter.global_state import Snapshot  # imports torch: only after claim_stdout at run time

# One op's handler: takes that op's request (exporter/protocol.py: ExportRequest,
# ReplayRequest, ...) and returns its reply without "id".
Handler = Callable[[Any], Mapping[str, Any]]


def claim_stdout() -> TextIO:
    """Keep a private copy of stdout for protocol lines; send fd 1 to stderr."""
    sys.stdout.flush()
    protocol_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr  # unbuffered path to the log for Python-level prints
    return os.fdopen(protocol_fd, "w", encoding="utf-8", buffering=1)


def send(stream: TextIO, message: Mapping[str, Any]) -> None:
    stream.write(json.dumps(message, default=str) + "\n")
    stream.flush()


# Modules imported when the worker became ready (torch and everything it
# imports, e.g. torch.nn). A case whose model is a library class
# (`module: torch.nn`) forbids a module the worker already had; that is not
# model code leaking in (torch imports torch.nn.* submodules lazily), and
# dropping torch.nn from sys.modules would break the worker, so such a name
# is not checked.
STARTUP_MODULES: frozenset[str] = frozenset()


def forbidden_imports(names: list[str]) -> list[str]:
    """Modules in sys.modules that are, or live under, a forbidden name. A forbidden name the
    worker had imported at start-up (library code such as torch.nn) cannot be checked: skipped."""
    names = [n for n in names if n not in STARTUP_MODULES]
    return sorted(m for m in list(sys.modules) if any(m == n or m.startswith(n + ".") for n in names))


def handlers_for(role: str) -> dict[str, Handler]:
    # Imported here, after claim_stdout: these modules import torch.
    if role == "export":
        from exporter.export_case import export_case
        from exporter.suite import HANDLERS as SUITE_HANDLERS  # list_suite: external suites (exporter/suite.py)

        def export(request: ExportRequest) -> Json:
            return export_case(request["case"], request["out_dir"])

        from exporter.repro import repro  # repro: a standalone script for one stage (exporter/repro.py)

        return {"export": export, "repro": repro, **SUITE_HANDLERS}
    from exporter.aoti_compile import aoti_compile  # AOTInductor, from the saved archive only
    from exporter.replay import guards, replay, sequence
    from exporter.resave import resave

    return {"replay": replay, "guards": guards, "sequence": sequence, "resave": resave, "aoti_compile": aoti_compile}


def missing_requirements(case: NormalizedCase | None) -> list[str]:
    """The case's `requires` (optional packages, e.g. transformers) that cannot be imported here."""
    import importlib.util

    missing = []
    for name in (case or {}).get("requires") or []:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


def unsupported_setup(case: NormalizedCase, missing: list[str]) -> ExportReply:
    """The export response for a case whose required packages are absent: setup.unsupported."""
    reason = f"{', '.join(missing)} not installed"
    return {"ok": True, "model_module": (case.get("model") or {}).get("module"), "eager": {},
            "exports": [], "setup": {"ok": False, "unsupported": reason, "error_type": "ModuleNotFoundError",
                                     "message": f"{reason} (the case requires: {', '.join(case.get('requires') or [])})",
                                     "traceback": ""}}


def import_preload(names: list[str]) -> set[str]:
    """Import the request's `preload` modules (they register custom ops, not models);
    returns every module that importing them added to sys.modules."""
    import importlib

    before = set(sys.modules)
    for name in names:
        importlib.import_module(name)
    return set(sys.modules) - before


# Modules a `preload` brought in, over the worker's life: never reported as forbidden imports.
PRELOADED: set[str] = set()

# torch's global state when the worker became ready (exporter/global_state.py):
# what a fresh process has, restored after every request. None: not checked
# (serve called outside main, as in unit tests).
START_STATE: "Snapshot | None" = None


def global_state_changes(before: "Snapshot", start: "Snapshot") -> list[str]:
    """What a request changed since `before` ("default dtype float32 -> float64"),
    after setting everything back to `start`; a change that cannot be set back
    (the inter-op thread count, inference mode) ends in "(cannot be restored)".
    The worker carries on either way: a worker that exits after a reply makes the
    harness report the next case as CRASH (JsonLinesWorker restarts only on the
    call after the one that found it dead)."""
    from exporter import global_state

    now = global_state.snapshot()
    if not global_state.changed(before, now):
        return []
    stuck = global_state.restore(start)
    return global_state.diff(before, now, not_restored=stuck)


def serve(request: Json, role: str, handlers: dict[str, Handler]) -> Json:
    """One request. `preload` (optional list of modules) is imported first and
    excluded from the `forbid_modules` check; an export case whose `requires`
    are not importable is answered with `setup.unsupported` without running.
    `request` is one of exporter/protocol.py's request types, as parsed JSON.
    torch global state the request changed is restored and listed in `global_state`."""
    before = None
    if START_STATE is not None:
        from exporter.global_state import snapshot

        before = snapshot()
    forbid = list(request.get("forbid_modules") or [])
    try:
        PRELOADED.update(import_preload(list(request.get("preload") or [])))
        op = request.get("op")
        if op not in handlers:
            raise ValueError(f"role {role!r} serves ops {sorted(handlers)}, not {op!r}")
        missing = missing_requirements(request.get("case")) if op == "export" else []
        if missing:
            response = {"id": request.get("id"), **unsupported_setup(request["case"], missing)}
        else:
            response = {"id": request.get("id"), **handlers[op](request)}
    except (Exception, SystemExit) as e:  # SystemExit: a model calling sys.exit() must not end the worker
        response = {"id": request.get("id"), "ok": False, **error_fields(e)}
    leaked = [m for m in forbidden_imports(forbid) if m not in PRELOADED]
    if leaked:
        # Forget them so the next request is checked on its own; a pytree
        # registration they made cannot be undone, which is why this fails.
        for name in leaked:
            sys.modules.pop(name, None)
        response = {
            "id": request.get("id"), "ok": False, "error_type": "ForbiddenImport",
            "message": f"the {role} worker imported {', '.join(leaked)} while serving this request "
                       f"(forbid_modules: {', '.join(forbid)})",
            "traceback": "",
        }
    changes = global_state_changes(before, START_STATE) if before is not None and START_STATE is not None else []
    if changes:
        response["global_state"] = changes
    return response


def freeze_heap() -> None:
    """Move every object alive now into the collector's permanent generation
    (gc.freeze): what the worker imported (torch, and for the OpInfo suite its
    op_db, thousands of OpInfo objects) is never collected, yet each full
    collection traversed all of it: 16 % of a suite run's worker CPU was the
    cyclic collector's. Garbage is collected first, so none is frozen. Frozen
    objects are still freed by reference counting; only cycles among them
    stay, which is why it runs at start-up only (and once more where a model
    module imports a database that lives as long: exportdb/opinfo.py), never
    after a request: a case's program held then and dropped later would
    never be collected."""
    gc.collect()
    gc.freeze()


def freeze_after_first_request(role: str) -> None:
    """torch builds much of its export and load machinery on first use
    (dynamo's rules, tracing tables, the deserializer's): alive from then on,
    so frozen too, once. Nothing of the case may be: the load worker's last
    bundle, program and outputs go first (loaded again if asked for)."""
    if role == "load":
        from exporter.replay import forget_cached

        forget_cached()
    freeze_heap()


RELEASE_ABOVE_BYTES = 1 << 30


def release_threshold() -> int:
    """RELEASE_ABOVE_BYTES, or $EXPORTCHECK_RELEASE_ABOVE_MB (MiB; 0: after every request)."""
    value = os.environ.get("EXPORTCHECK_RELEASE_ABOVE_MB", "")
    return int(value) << 20 if value.isdigit() else RELEASE_ABOVE_BYTES


def _resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def release_memory(threshold: int = RELEASE_ABOVE_BYTES) -> bool:
    """After a request that left the worker above `threshold` resident bytes (a
    real model's case): collect Python's reference cycles and hand glibc's free
    pages back to the kernel (malloc_trim), so that the next case's memory
    budget and the machine's memory guard (harness/worker/machine_memory.h)
    see memory in use, not memory once used. A worker of small programs (the
    OpInfo suite) stays under the threshold and pays nothing. True when it ran;
    then the worker's log (stderr) says how much it gave back."""
    resident = _resident_bytes()
    if resident is None or resident < threshold:
        return False
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass
    after = _resident_bytes()
    print(f"exportcheck worker: released memory after the request: resident {resident >> 20} MiB -> "
          f"{(after or 0) >> 20} MiB", file=sys.stderr, flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exporter.worker")
    parser.add_argument("--role", choices=("export", "load"), required=True)
    role = parser.parse_args(argv).role

    protocol = claim_stdout()
    import torch

    handlers = handlers_for(role)
    from exporter.global_state import snapshot

    global STARTUP_MODULES, START_STATE
    START_STATE = snapshot()  # imports the config modules it reads (torch._dynamo): before STARTUP_MODULES
    STARTUP_MODULES = frozenset(sys.modules)
    freeze_heap()
    from torch._export.serde.schema import SCHEMA_VERSION  # what torch.export.load of this release reads

    ready: Ready = {"ready": True, "role": role, "pid": os.getpid(), "torch": torch.__version__,
                    "python": platform.python_version(), "cuda": torch.cuda.is_available(),
                    "schema": f"{SCHEMA_VERSION[0]}.{SCHEMA_VERSION[1]}", "gc_frozen": gc.get_freeze_count()}
    send(protocol, ready)
    warmed = False
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError(f"a request is a JSON object, got {type(request).__name__}")
        except ValueError as e:
            send(protocol, {"id": None, "ok": False, "error_type": type(e).__name__,
                            "message": f"unreadable request: {e}", "traceback": ""})
            continue
        send(protocol, serve(request, role, handlers))
        if not warmed:
            freeze_after_first_request(role)
            warmed = True
        release_memory(release_threshold())
    return 0


if __name__ == "__main__":
    sys.exit(main())
