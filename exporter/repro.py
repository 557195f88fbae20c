"""The export role's `repro` op (PROTOCOL.md): a standalone script for one failing stage.

exportcheck's repro bundles need exportcheck to replay; an upstream bug
report needs a script with torch alone. This op writes out_dir/repro.py,
out_dir/inputs.pt and, when the model is ours, copies of its modules
(exporter/model_source.py). The script exports as the exporter does (same
seed, inputs, dynamic shapes as source: exporter/shapes_source.py, mode and
IR) and runs the one check of the stage (exporter/repro_script.py).

Which sample: replay and guards stages draw the same samples as the mode's
replay bundle (export_case.build_reference, the same seeds), so `sample` is
the index a replay message names ("sample 2 (max:s77; ...)") or the index
into the bundle's guards. Without one, the first sample that fails here is
taken (the first guard module() accepts), else sample 0 (the script then
exits 0: nothing to reproduce on this machine).
"""

import copy
import os
from pathlib import Path
from typing import Any

import torch
import torch.utils._pytree as pytree

from exporter import sampler
from exporter.compare import compare_flat
from exporter.devices import to_device, unavailable_reason
from exporter.export_case import (IR_LEVELS, Prepared, build_reference, derive_program, prepare, run_eager,
                                  guard_refusal)
from exporter.model_source import copy_modules, module_file
from exporter.protocol import Json, NormalizedCase, ReproReply, ReproRequest, Tolerances
from exporter.repro_script import script
from exporter.shapes_source import dynamic_shapes_source

# Stage kinds a plain torch can reproduce; the harness refuses the others (cpp, nativert,
# archive checks, golden) before asking.
KINDS = ("export", "roundtrip", "replay", "guards")


def stage_kind(stage: str) -> tuple[str, str]:
    """("replay", "cpu") for "replay:module:cpu"; ValueError for a stage with no plain-torch form."""
    parts = stage.split(":")
    if parts == ["export"]:
        return "export", "cpu"
    if parts == ["roundtrip", "reload"]:
        return "roundtrip", "cpu"
    if len(parts) == 3 and parts[0] in ("replay", "guards") and parts[1] == "module":
        return parts[0], parts[2]
    raise ValueError(f"stage {stage!r} has no standalone repro (export, roundtrip:reload, "
                     "replay:module:<device> and guards:module:<device> have)")


def _indent(lines: list[str]) -> str:
    return "\n".join("    " + line for line in lines)


def _model_source(case: NormalizedCase, out_dir: Path) -> tuple[list[str], str, str, list[str]]:
    """(import lines, constructor call, header note, copied files) for the case's model."""
    model = case["model"]
    module, qualname = model["module"], model["class"]
    ours = [m for m in [module, *(case.get("preload") or [])] if module_file(m) is not None]
    copied = copy_modules(ours, out_dir)
    top = qualname.split(".")[0]
    lines = [f"from {module} import {top}"]
    lines += [f"import {name}  # noqa: F401  (registers custom ops)" for name in case.get("preload") or []]
    kwargs = model.get("kwargs") or {}
    call = f"{qualname}(**{kwargs!r})" if kwargs else f"{qualname}()"
    note = (f"the model's module and the modules it imports are copied verbatim beside it ({', '.join(copied)})."
            if copied else f"the model is {module}.{qualname}.")
    return lines, call, note, copied


def _derive_lines(ir: str, decompositions: str | None) -> list[str]:
    """derive_program as source."""
    if ir == "training":
        return []
    if ir == "inference":
        return ["ep = ep.run_decompositions({})"]
    if ir == "core_aten":
        return ["ep = ep.run_decompositions(None)"]
    if ir == "custom" and decompositions:
        module, _, attr = decompositions.partition(":")
        return [f"from {module} import {attr.split('.')[0]} as table",
                f"table = {attr.replace(attr.split('.')[0], 'table', 1)}",
                "ep = ep.run_decompositions(table() if callable(table) else table)"]
    raise ValueError(f"unknown IR level {ir!r} (known: {', '.join(IR_LEVELS)})")


def _tolerances(tolerances: Tolerances) -> str:
    return "{" + ", ".join(f"{name!r}: ({t['atol']!r}, {t['rtol']!r})" for name, t in tolerances.items()) + "}"


def _program(case: NormalizedCase, prepared: Prepared, strict: bool, ir: str) -> torch.export.ExportedProgram:
    """The mode's training program (which the sampler reads) and the IR's, saved and loaded as replay does."""
    fresh = prepared.fresh()
    from exporter.dynamic_shapes import build_dynamic_shapes

    shapes = build_dynamic_shapes(case.get("dynamic_shapes"), fresh.model, case.get("inputs") or {}, *fresh.inputs,
                                  fresh.extra)
    return torch.export.export(fresh.model, *fresh.inputs, dynamic_shapes=shapes, strict=strict)


def _module(ep: torch.export.ExportedProgram, ir: str, case: NormalizedCase, out_dir: Path) -> Any:
    program = derive_program(ep, ir, (case.get("export") or {}).get("decompositions"))
    path = out_dir / ".repro-program.pt2"
    try:
        torch.export.save(program, str(path))
        return torch.export.load(str(path))
    finally:
        path.unlink(missing_ok=True)


def _choose(samples: list[Json], requested: int | None, fails: Any) -> tuple[int, bool]:
    """(index, whether it fails here): the requested one, else the first failing, else 0."""
    if requested is not None:
        if not 0 <= requested < len(samples):
            raise ValueError(f"sample {requested} is out of range: this stage has {len(samples)} (0..{len(samples) - 1})")
        return requested, fails(samples[requested])
    for i, sample in enumerate(samples):
        if fails(sample):
            return i, True
    return 0, False


def _pick_sample(kind: str, device: str, case: NormalizedCase, prepared: Prepared, strict: bool, ir: str,
                 requested: int | None, tolerances: Tolerances, out_dir: Path) -> tuple[Json, int, bool]:
    """The replay or guard sample the script runs, as the mode's bundle has it."""
    reason = unavailable_reason(device)
    if reason is not None:
        raise ValueError(f"{device}: {reason}: the samples need eager outputs on it")
    ep = _program(case, prepared, strict, ir)
    in_spec = ep.call_spec.in_spec
    example = sampler.flat_inputs(*prepared.fresh().inputs, in_spec)
    plan = sampler.plan(ep, example, dict(case))
    _, outputs = run_eager(prepared, [device])
    ref = build_reference(dict(case), prepared, plan, in_spec, [device], outputs, guard_refusal(ep))
    module = _module(ep, ir, case, out_dir).module().to(device)

    def run(sample: Json) -> Any:
        args, kwargs = pytree.tree_unflatten(to_device(copy.deepcopy(sample["inputs"]), device), in_spec)
        return module(*args, **kwargs)

    def replay_fails(sample: Json) -> bool:
        try:
            actual = run(sample)
        except Exception:
            return True
        return compare_flat(actual, sample["outputs"][device], "", None, tolerances) is not None

    def guard_accepted(sample: Json) -> bool:
        try:
            run(sample)
        except Exception:
            return False
        return True

    samples = ref.samples if kind == "replay" else ref.guards
    if not samples:
        raise ValueError("the mode has no replay samples" if kind == "replay"
                         else "the program has no guard sample: no finite bound to step outside")
    index, fails = _choose(samples, requested, replay_fails if kind == "replay" else guard_accepted)
    chosen = samples[index]
    args, kwargs = pytree.tree_unflatten(chosen["inputs"], in_spec)
    detail = (f"{chosen['symbol']}={chosen['value']}, {chosen['bound']}" if kind == "guards"
              else sampler.describe(chosen["sizes"], chosen["inputs"]))
    return {"label": chosen["label"], "detail": detail, "args": args, "kwargs": kwargs}, index, fails


def repro(request: ReproRequest) -> ReproReply:
    """The whole repro op; the result is the reply minus "id" (protocol.ReproReply)."""
    case, stage, mode, ir = request["case"], request["stage"], request["mode"], request["ir"]
    kind, device = stage_kind(stage)
    if mode not in ("nonstrict", "strict"):
        raise ValueError(f"mode is nonstrict or strict, not {mode!r}")
    if (case.get("dynamic_shapes") or {}).get("mode") == "upstream_exportdb" or "upstream_exportdb" in case["inputs"]:
        raise ValueError("an exportdb-upstream case is torch's own ExportDB example: report it by its name")
    out_dir = Path(request["out_dir"]).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    prepared = prepare(dict(case))
    strict = mode == "strict"

    data: Json = {"args": prepared.inputs[0], "kwargs": prepared.inputs[1], "additional": prepared.extra,
                  "sample": None}
    reply: ReproReply = {"ok": True, "script": str(out_dir / "repro.py"), "files": []}
    if kind in ("replay", "guards"):
        data["sample"], index, fails = _pick_sample(kind, device, case, prepared, strict, ir, request.get("sample"),
                                                    request["tolerances"], out_dir)
        reply.update(sample=index, label=data["sample"]["label"], fails_here=fails)

    imports, call, note, copied = _model_source(case, out_dir)
    shapes = dynamic_shapes_source(case.get("dynamic_shapes"), prepared.model.forward, case.get("inputs") or {}, *prepared.inputs)
    summaries = {
        "export": "torch.export.export (and the IR's run_decompositions, save, load) must succeed.",
        "roundtrip": "torch.export.save + load must keep the program, and its module() must equal eager.",
        "replay": f"ep.module() at sample {data['sample'] and data['sample']['label']} must equal eager.",
        "guards": f"ep.module() must refuse {data['sample'] and data['sample']['label']}, outside the exported range.",
    }
    text = script(
        kind, case=case["name"], stage=stage, mode=mode, ir=ir, summary=summaries[kind],
        torch_version=torch.__version__, model_note=note, model_import="\n".join(imports),
        stage_repr=repr(stage), device_repr=repr(device), strict=repr(strict), tolerances=_tolerances(request["tolerances"]),
        seed=str(int((case.get("replay") or {}).get("seed", 0))), model_call=call,
        dynamic_shapes=_indent(shapes), derive="".join("\n    " + line for line in _derive_lines(ir, (case.get("export") or {}).get("decompositions"))),
    )
    torch.save(data, out_dir / "inputs.pt")
    (out_dir / "repro.py").write_text(text, encoding="utf-8")
    os.chmod(out_dir / "repro.py", 0o755)
    reply["files"] = ["repro.py", "inputs.pt", *copied]
    return reply
