"""The load role's `replay`, `guards` and `sequence` ops (PROTOCOL.md).

replay    runs an archive through a runtime on one device and compares every
          bundle sample with its eager output on that device
guards    runs every guard sample of the bundle (sizes just outside a
          symbol's range); each must be refused (any exception counts)
sequence  one runner called with every sample in order, never reset, against
          one eager model called alike (the bundle's `sequence`): each call's
          outputs, then every buffer the program mutates

Runtimes:
    module    torch.export.load(archive).module().to(device), as a user would
    nativert  torch._C._nativert.PyModelRunner(archive, "model").run(*args, **kwargs)

Bundles: format 2 (harness/replay/BUNDLE.md, one per mode, flat inputs and
outputs), the only format.

The program is loaded once per request; each sample gets a
fresh copy of it only when the program can mutate state (`mutates_state`:
module() shares its buffers with the loaded program, and each eager output
came from a pristine model). Loading once is 4-5x faster than loading per
sample (13 samples of seed_dim_relation: 0.18 s vs 0.87 s on CPU). Inputs are always fresh copies.

Failures of the artifact under test (load, running, mismatches, a guard
sample accepted) are `passed: false`; a runtime this torch build lacks is
`unsupported`; only a broken request raises.
"""

import copy
import importlib
import os
import pickle
import time
from dataclasses import dataclass
from typing import Any, Callable

import torch
import torch.utils._pytree as pytree

from exporter.compare import compare_flat
from exporter.devices import to_device, unavailable_reason
from exporter.errors import error_fields
from exporter.protocol import NO_EAGER_OUTPUT, GuardsRequest, Json, ReplayRequest, SequenceRequest, Tolerances
from exporter.sampler import describe

Runner = Callable[..., Any]

RUNTIMES = ("module", "nativert")


# The last bundle loaded, by file identity (_file_key): the round trip's resave,
# replay, guards and sequence of each program of a mode read the same one, one
# request after the other. Callers only read it.
_LAST_BUNDLE: dict[tuple[str, int, int, int], Json] = {}


def load_bundle(path: str) -> Json:
    """A replay bundle (format 2): plain types only, so a weights-only load; then
    its `type_modules` are imported. The same file again: the same object."""
    key = _file_key(path)
    if key in _LAST_BUNDLE:
        return _LAST_BUNDLE[key]
    _LAST_BUNDLE.clear()
    bundle = _read_bundle(path)
    _LAST_BUNDLE[key] = bundle
    return bundle


def _read_bundle(path: str) -> Json:
    try:
        bundle = torch.load(path, weights_only=True, map_location="cpu")
    except pickle.UnpicklingError as e:
        first_line = (str(e).splitlines() or [""])[0]
        raise ValueError(f"{path}: not an exportcheck replay bundle (format 2 holds plain types only): {first_line}") from e
    if not isinstance(bundle, dict) or bundle.get("format") != 2:
        raise ValueError(f"{path}: not an exportcheck replay bundle (format 2, harness/replay/BUNDLE.md)")
    import_types(bundle)
    return bundle


def import_types(bundle: Json) -> None:
    """Import the modules that register the input spec's pytree types (BUNDLE.md `type_modules`)."""
    for name in bundle.get("type_modules") or []:
        importlib.import_module(name)


def module_runner(archive: str, device: str) -> Runner:
    """torch.export.load -> .module() -> .to(device), as a user would."""
    return torch.export.load(archive).module().to(device)


def nativert_unavailable(exc: Exception) -> str | None:
    """The reason when `exc` (from constructing PyModelRunner) says this torch build has no
    usable NativeRT, else None (then it is a failure of the archive)."""
    missing = isinstance(exc, AttributeError) and "_nativert" in str(exc)
    no_constructor = isinstance(exc, TypeError) and "No constructor defined" in str(exc)
    if missing or no_constructor:  # 2.13 CPU: "torch._C._nativert.PyModelRunner: No constructor defined!"
        return f"torch {torch.__version__}: NativeRT PyModelRunner unavailable: {exc}"
    return None


@dataclass
class Program:
    """One loaded archive in a runtime; `fresh()` gives the runner for one sample."""

    runtime: str
    archive: str
    device: str
    mutates: bool
    pristine: Runner

    def fresh(self) -> Runner:
        if not self.mutates:
            return self.pristine
        if self.runtime == "module":
            try:
                return copy.deepcopy(self.pristine)  # never run: its buffers are the archive's
            except Exception:
                return module_runner(self.archive, self.device)
        return _nativert(self.archive)


def _nativert(archive: str) -> Runner:
    runner = torch._C._nativert.PyModelRunner(archive, "model")
    return runner.run


def mutates_state(ep: torch.export.ExportedProgram) -> bool:
    """Whether running the program can change its state: functional buffer mutations
    (`buffers_to_mutate`, inference IR) or any mutable op (the training IR keeps
    `aten.add_` on a buffer in place), in the graph or any subgraph."""
    if ep.graph_signature.buffers_to_mutate:
        return True
    for gm in ep.graph_module.modules():
        graph = getattr(gm, "graph", None)
        for node in graph.nodes if graph is not None else []:
            schema = getattr(node.target, "_schema", None)
            if node.op == "call_function" and schema is not None and schema.is_mutable:
                return True
    return False


# The last program loaded through module(), by (archive, device, file identity):
# the harness asks for replay and then guards of the same archive, and a real
# model's torch.export.load + module() takes seconds. One entry, so a worker
# holds at most one model beyond the request it serves.
_LAST_MODULE: dict[tuple[str, str, int, int, int], Program] = {}


def _file_key(path: str) -> tuple[str, int, int, int]:
    """A file's identity: its real path and (inode, size, mtime), so a rewritten file is another."""
    stat = os.stat(path)
    return os.path.realpath(path), stat.st_ino, stat.st_size, stat.st_mtime_ns


# The outputs of the last replay that passed, by (runtime, device, archive,
# bundle): for a program that cannot change state, replay already called ONE
# runner (`Program.pristine`) with every sample in order, never reset, which
# are the sequence op's calls; so sequence compares those outputs with its own
# reference instead of making the calls again (`calls_from_replay` in its
# reply). Kept up to REUSE_LIMIT_BYTES of tensors (a detection model's outputs
# can be large); one entry, like _LAST_MODULE.
REUSE_LIMIT_BYTES = 256 << 20
_LAST_OUTPUTS: dict[tuple[Any, ...], list[Any]] = {}


def forget_cached() -> None:
    """Drop the last bundle, program and outputs (the worker freezes its heap
    once, after its first request: what a case left there must not be frozen)."""
    _LAST_BUNDLE.clear()
    _LAST_MODULE.clear()
    _LAST_OUTPUTS.clear()


def _outputs_key(runtime: str, device: str, archive: str, bundle: str) -> tuple[Any, ...]:
    return runtime, device, _file_key(archive), _file_key(bundle)


def _tensor_bytes(value: Any) -> int:
    return sum(t.nelement() * t.element_size() for t in pytree.tree_leaves(value) if isinstance(t, torch.Tensor))


def load_program(runtime: str, archive: str, device: str) -> Program:
    if runtime == "nativert":  # first: a build without NativeRT is unsupported
        runner = _nativert(archive)
        return Program(runtime, archive, device, mutates_state(torch.export.load(archive)), runner)
    key = (*_file_key(archive), device)
    if key in _LAST_MODULE:
        return _LAST_MODULE[key]
    _LAST_MODULE.clear()
    ep = torch.export.load(archive)
    program = Program(runtime, archive, device, mutates_state(ep), ep.module().to(device))
    _LAST_MODULE[key] = program
    return program


def _seconds(start: float) -> float:
    return round(time.perf_counter() - start, 6)


def _failed(stage: str, exc: Exception, samples: int, start: float, **extra: Any) -> Json:
    fields = error_fields(exc)
    first_line = (fields["message"].splitlines() or [""])[0]
    # error_type/traceback kept for the log; message is the one-line verdict text
    return {
        **fields, "ok": True, "passed": False, "samples": samples, "seconds": _seconds(start), **extra,
        "message": f"{stage}: {fields['error_type']}: {first_line}",
    }


def _check_request(request: GuardsRequest) -> tuple[str, str]:
    runtime, device = request.get("runtime", "module"), request.get("device", "cpu")
    if runtime not in RUNTIMES:
        raise ValueError(f"unknown runtime {runtime!r} (known: {', '.join(RUNTIMES)})")
    for key in ("archive", "bundle"):
        if not request.get(key):
            raise ValueError(f"a {request.get('op', 'replay')} request needs {key!r}")
    return runtime, device


def _unsupported(runtime: str, device: str) -> Json | None:
    reason = unavailable_reason(device)
    if reason is None and runtime == "nativert" and torch.device(device).type != "cpu":
        # Seen on torch 2.11 + CUDA: PyModelRunner has no device argument and keeps the
        # archive's (CPU) weights, so CUDA inputs fail with "found at least two devices".
        reason = "NativeRT PyModelRunner has no device option: it runs the archive's weights on the CPU"
    return None if reason is None else {"ok": True, "passed": False, "unsupported": reason}


def _load_failed(runtime: str, exc: Exception, start: float) -> Json:
    reason = nativert_unavailable(exc) if runtime == "nativert" else None
    if reason is not None:
        return {"ok": True, "passed": False, "unsupported": reason}
    return _failed("load", exc, 0, start)


def _call(runner: Runner, inputs: list[Any], in_spec: pytree.TreeSpec, device: str) -> Any:
    args, kwargs = pytree.tree_unflatten(to_device(copy.deepcopy(inputs), device), in_spec)
    return runner(*args, **kwargs)


def _detail(sample: Json) -> str:
    """'max:s0; s0=1024; inputs (1024, 64)'."""
    return "; ".join(x for x in (sample.get("label", ""), describe(sample.get("sizes") or {}, sample["inputs"])) if x)


def _where(index: int, sample: Json) -> str:
    """'sample 2 (max:s0; s0=1024; inputs (1024, 64))'."""
    detail = _detail(sample)
    return f"sample {index} ({detail})" if detail else f"sample {index}"


def _call_where(index: int, count: int, sample: Json) -> str:
    """'call 2 of 9 (sample 1: min:s0; s0=2; inputs (2, 4))': the sequence stage's calls count from 1."""
    detail = _detail(sample)
    return f"call {index + 1} of {count} (sample {index}{': ' + detail if detail else ''})"


def request_tolerances(request: ReplayRequest) -> Tolerances:
    """The resolved per-dtype tolerances the harness sent (exporter/protocol.py): required."""
    tolerances = request.get("tolerances")
    if not isinstance(tolerances, dict) or not tolerances:
        raise ValueError("a replay request needs 'tolerances' (per-dtype atol/rtol resolved by the harness, "
                         "exporter/protocol.py)")
    return tolerances


def replay(request: ReplayRequest) -> Json:
    """The whole replay op; the result is the response minus "id" (protocol.ReplayReply)."""
    runtime, device = _check_request(request)
    tolerances = request_tolerances(request)
    unsupported = _unsupported(runtime, device)
    if unsupported is not None:
        return unsupported

    start = time.perf_counter()
    # Load the bundle first: it imports (and so registers with pytree) the
    # input spec's dataclass types.
    bundle = load_bundle(request["bundle"])
    in_spec = pytree.treespec_loads(bundle["in_spec"])
    samples = bundle["samples"]
    eager_status = bundle.get("eager") or {}
    unchecked = bundle.get("unchecked_values")  # why values are not compared (a random op), or None
    try:
        program = load_program(runtime, request["archive"], device)
    except Exception as e:
        return _load_failed(runtime, e, start)
    _LAST_OUTPUTS.clear()
    # Every output, for the sequence op (_LAST_OUTPUTS), when the calls below are its calls.
    kept: list[Any] | None = None if program.mutates else []
    kept_bytes = 0
    for i, sample in enumerate(samples):
        where = _where(i, sample)
        info = {"failing_sample": i, "label": sample.get("label", "")}
        if device not in sample["outputs"]:
            why = (eager_status.get(device) or {}).get("reason", "not requested")
            return {"ok": True, "passed": False, "samples": i, "seconds": _seconds(start), **info,
                    "status": NO_EAGER_OUTPUT, "message": f"sample {i}: no eager output on {device} ({why})"}
        try:
            actual = _call(program.fresh(), sample["inputs"], in_spec, device)
        except Exception as e:
            return _failed(f"{where}: run", e, i + 1, start, **info)
        devices = (sample.get("output_devices") or {}).get(device)
        mismatch = compare_flat(actual, sample["outputs"][device], bundle.get("out_spec") or "", devices, tolerances,
                                values=not unchecked)
        if mismatch is not None:
            return {"ok": True, "passed": False, "samples": i + 1, "seconds": _seconds(start), **info,
                    "message": f"{where}: {mismatch}"}
        if kept is not None:
            kept_bytes += _tensor_bytes(actual)
            if kept_bytes <= REUSE_LIMIT_BYTES:
                kept.append(actual)
            else:
                kept = None
    if kept is not None:
        _LAST_OUTPUTS[_outputs_key(runtime, device, request["archive"], request["bundle"])] = kept
    passed: Json = {"ok": True, "passed": True, "samples": len(samples), "seconds": _seconds(start)}
    if unchecked:
        passed["message"] = f"values not compared: {unchecked}"
    return passed


def guards(request: GuardsRequest) -> Json:
    """The guards op: every guard sample must be refused by the runtime (protocol.GuardsReply)."""
    runtime, device = _check_request(request)
    unsupported = _unsupported(runtime, device)
    if unsupported is not None:
        return unsupported
    start = time.perf_counter()
    bundle = load_bundle(request["bundle"])
    checks = bundle.get("guards") or []
    if not checks:
        return {"ok": True, "passed": True, "checked": 0, "seconds": _seconds(start)}
    in_spec = pytree.treespec_loads(bundle["in_spec"])
    try:
        program = load_program(runtime, request["archive"], device)
    except Exception as e:
        failed = _load_failed(runtime, e, start)
        failed.pop("samples", None)
        return failed if "unsupported" in failed else {**failed, "checked": 0}
    accepted: list[Json] = []
    refused: list[Json] = []
    for guard in checks:
        try:
            _call(program.fresh(), guard["inputs"], in_spec, device)
        except Exception as e:
            refused.append({"label": guard["label"], "message": f"{type(e).__name__}: {(str(e).splitlines() or [''])[0]}"[:500]})
            continue
        accepted.append({"label": guard["label"], "value": guard["value"], "bound": guard["bound"],
                         "zero_one": bool(guard.get("zero_one"))})
    response: Json = {"ok": True, "passed": not accepted, "checked": len(checks), "accepted": accepted,
                      "refused": refused, "seconds": _seconds(start)}
    if accepted:
        # The prefix names the one kind of gap torch's module() is known for
        # (cases/known-gaps.yaml matches on it): every accepted size is a 0/1 below min.
        prefix = "only 0/1 below min: " if all(a["zero_one"] for a in accepted) else ""
        response["message"] = prefix + "; ".join(
            f"accepted {a['label']} ({a['label'].split(':', 1)[1]}={a['value']}, {a['bound']})" for a in accepted)
    return response


def sequence(request: SequenceRequest) -> Json:
    """The sequence op (protocol.SequenceReply): ONE runner called with the bundle's samples in
    order, without reset, against the bundle's `sequence` reference (one eager model called
    alike); each call's outputs, then every buffer the program mutates after the last call."""
    runtime, device = _check_request(request)
    tolerances = request_tolerances(request)
    unsupported = _unsupported(runtime, device)
    if unsupported is not None:
        return unsupported
    start = time.perf_counter()
    bundle = load_bundle(request["bundle"])
    reference = bundle.get("sequence")
    if not isinstance(reference, dict):
        return {"ok": True, "passed": False, "unsupported": "bundle has no sequence reference (an older exporter)"}
    in_spec = pytree.treespec_loads(bundle["in_spec"])
    samples = bundle["samples"]
    count = len(samples)
    unchecked = bundle.get("unchecked_values")
    outputs = (reference.get("outputs") or {}).get(device)
    if outputs is None:
        why = (reference.get("errors") or {}).get(device) or ((bundle.get("eager") or {}).get(device) or {}).get(
            "reason", "not requested")
        return {"ok": True, "passed": False, "calls": 0, "seconds": _seconds(start), "status": NO_EAGER_OUTPUT,
                "message": f"no eager sequence on {device} ({why})"}
    try:
        program = load_program(runtime, request["archive"], device)
        runner = program.fresh() if program.mutates else program.pristine  # never the cached module's buffers
    except Exception as e:
        failed = _load_failed(runtime, e, start)
        failed.pop("samples", None)
        return failed if "unsupported" in failed else {**failed, "calls": 0}
    # The same calls, already made by replay (see _LAST_OUTPUTS); never for a program with state.
    made = None if program.mutates else _LAST_OUTPUTS.get(
        _outputs_key(runtime, device, request["archive"], request["bundle"]))
    if made is not None and len(made) != count:
        made = None
    reused: Json = {"calls_from_replay": True} if made is not None else {}
    for i, sample in enumerate(samples):
        where = _call_where(i, count, sample)
        info = {"failing_sample": i, "label": sample.get("label", "")}
        try:
            actual = made[i] if made is not None else _call(runner, sample["inputs"], in_spec, device)
        except Exception as e:
            failed = _failed(f"{where}: run", e, i + 1, start, **info)
            failed["calls"] = failed.pop("samples")
            return failed
        devices = (sample.get("output_devices") or {}).get(device)
        mismatch = compare_flat(actual, outputs[i], bundle.get("out_spec") or "", devices, tolerances,
                                values=not unchecked)
        if mismatch is not None:
            return {"ok": True, "passed": False, "calls": i + 1, "seconds": _seconds(start), **info, **reused,
                    "message": f"{where}: {mismatch}"}
    expected_buffers = (reference.get("buffers") or {}).get(device) or {}
    notes = [f"values not compared: {unchecked}"] if unchecked else []
    if runtime == "module":
        actual_buffers = dict(runner.named_buffers())
        for name, expected in sorted(expected_buffers.items()):
            after = f"after call {count} of {count}: buffer {name}"
            if name not in actual_buffers:
                return {"ok": True, "passed": False, "calls": count, "seconds": _seconds(start), **reused,
                        "message": f"{after}: the program's module() holds no such buffer"}
            mismatch = compare_flat(actual_buffers[name].detach().to("cpu"), [expected], "", None, tolerances,
                                    values=not unchecked)
            if mismatch is not None:
                return {"ok": True, "passed": False, "calls": count, "seconds": _seconds(start), **reused,
                        "message": f"{after} differs: {mismatch.removeprefix('output: ')}"}
    elif expected_buffers:
        notes.append(f"buffers not compared: the {runtime} runtime exposes none")
    passed: Json = {"ok": True, "passed": True, "calls": count, "seconds": _seconds(start), **reused}
    if notes:
        passed["message"] = "; ".join(notes)
    return passed
