"""The export role's `export` op (PROTOCOL.md).

    setup   build the model (seeded) and the example inputs
    eager   run a fresh copy of model and inputs on each requested device
    bundle  write out_dir/eager.pt: pristine CPU inputs + eager outputs
    export  per mode (nonstrict/strict): torch.export.export, then per IR
            level derive the program and torch.export.save it to
            out_dir/<mode>/<ir>.pt2

Forward may mutate its inputs or buffers, so every stage works on its own
deep copy of the pristine model and inputs.
"""

import copy
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from exporter.devices import detach, to_device, unavailable_reason
from exporter.dynamic_shapes import additional_input_specs, build_dynamic_shapes
from exporter.errors import error_fields
from exporter.inputs import build_inputs, make_generator
from exporter.locate import import_object
from exporter.model import build_model

Json = dict[str, Any]
InputSet = tuple[tuple[Any, ...], dict[str, Any]]

IR_LEVELS = ("training", "inference", "core_aten", "custom")
BUNDLE_FORMAT = 1


@dataclass
class Prepared:
    """The pristine model and inputs; never run, only copied."""

    model: torch.nn.Module
    inputs: InputSet
    extra: list[InputSet]  # additional_inputs sets, also replayed as samples

    def fresh(self) -> "Prepared":
        return copy.deepcopy(self)

    @property
    def samples(self) -> list[InputSet]:
        return [self.inputs, *self.extra]


def _seed(case: Json) -> int:
    return int((case.get("replay") or {}).get("seed", 0))


def _as_list(value: Any, default: list[Any]) -> list[Any]:
    if value is None:
        return default
    return list(value) if isinstance(value, (list, tuple)) else [value]


def prepare(case: Json) -> Prepared:
    """Setup stage: model, inputs, and a trial build of the dynamic shapes spec."""
    seed = _seed(case)
    model = build_model(case["model"], seed)
    gen = make_generator(seed)
    inputs = build_inputs(case.get("inputs"), gen)
    extra = [build_inputs(spec, gen) for spec in additional_input_specs(case.get("dynamic_shapes"))]
    prepared = Prepared(model, inputs, extra)
    # Fail here, as a setup error, rather than once per mode.
    trial = prepared.fresh()
    build_dynamic_shapes(case.get("dynamic_shapes"), trial.model, case.get("inputs") or {}, *trial.inputs, trial.extra)
    return prepared


def run_eager(prepared: Prepared, devices: list[str]) -> tuple[Json, list[dict[str, Any]]]:
    """Eager status per device, and each sample's outputs per device."""
    status: Json = {}
    outputs: list[dict[str, Any]] = [{} for _ in prepared.samples]
    for device in devices:
        reason = unavailable_reason(device)
        if reason is not None:
            status[device] = {"ok": False, "reason": reason}
            continue
        start = time.perf_counter()
        for i, (args, kwargs) in enumerate(prepared.samples):
            try:
                model = copy.deepcopy(prepared.model).to(device)
                a, k = to_device(copy.deepcopy((args, kwargs)), device)
                outputs[i][device] = detach(model(*a, **k))
            except Exception as e:
                first_line = (str(e).splitlines() or [""])[0]
                status[device] = {"ok": False, "sample": i, "reason": f"{type(e).__name__}: {first_line}"[:500], **error_fields(e)}
                for out in outputs:
                    out.pop(device, None)
                break
        else:
            status[device] = {"ok": True, "seconds": round(time.perf_counter() - start, 6)}
    return status, outputs


def write_bundle(path: Path, case: Json, prepared: Prepared, status: Json, outputs: list[dict[str, Any]]) -> None:
    pristine = prepared.fresh()
    samples = [
        {"args": args, "kwargs": kwargs, "outputs": outs}
        for (args, kwargs), outs in zip(pristine.samples, outputs)
    ]
    torch.save({"format": BUNDLE_FORMAT, "case": case.get("name"), "eager": status, "samples": samples}, path)


def derive_program(ep: torch.export.ExportedProgram, ir: str, decompositions: str | None) -> torch.export.ExportedProgram:
    """One IR level of an exported program (PROTOCOL.md: training/inference/core_aten/custom)."""
    if ir == "training":
        return ep
    if ir == "inference":
        return ep.run_decompositions({})
    if ir == "core_aten":
        return ep.run_decompositions(None)
    if ir == "custom":
        if not decompositions:
            raise ValueError("IR level 'custom' needs export.decompositions (module:function)")
        table = import_object(decompositions)
        return ep.run_decompositions(table() if callable(table) else table)
    raise ValueError(f"unknown IR level {ir!r} (known: {', '.join(IR_LEVELS)})")


def export_mode(case: Json, prepared: Prepared, strict: bool, out_dir: Path) -> Json:
    mode = "strict" if strict else "nonstrict"
    mode_dir = out_dir / mode
    shutil.rmtree(mode_dir, ignore_errors=True)  # no stale archive may pass for this run's
    export_spec = case.get("export") or {}
    fresh = prepared.fresh()
    args, kwargs = fresh.inputs
    start = time.perf_counter()
    try:
        # Built on this copy's own tensors: ShapesCollection keys by identity.
        dynamic_shapes = build_dynamic_shapes(case.get("dynamic_shapes"), fresh.model, case.get("inputs") or {}, args, kwargs, fresh.extra)
        ep = torch.export.export(fresh.model, args, kwargs, dynamic_shapes=dynamic_shapes, strict=strict)
    except Exception as e:
        return {"mode": mode, "ok": False, "seconds": round(time.perf_counter() - start, 6), **error_fields(e)}
    entry: Json = {"mode": mode, "ok": True, "seconds": round(time.perf_counter() - start, 6), "programs": []}

    mode_dir.mkdir(parents=True, exist_ok=True)
    for ir in _as_list(export_spec.get("ir"), ["training"]):
        archive = mode_dir / f"{ir}.pt2"
        start = time.perf_counter()
        try:
            program = derive_program(ep, ir, export_spec.get("decompositions"))
            torch.export.save(program, str(archive))
            entry["programs"].append({"ir": ir, "ok": True, "archive": str(archive.resolve()), "seconds": round(time.perf_counter() - start, 6)})
        except Exception as e:
            archive.unlink(missing_ok=True)
            entry["programs"].append({"ir": ir, "ok": False, "seconds": round(time.perf_counter() - start, 6), **error_fields(e)})
    return entry


def export_case(case: Json, out_dir: str | Path) -> Json:
    """The whole export op; the result is the response minus "id"."""
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    bundle = out / "eager.pt"
    bundle.unlink(missing_ok=True)
    response: Json = {"ok": True, "model_module": (case.get("model") or {}).get("module")}

    start = time.perf_counter()
    try:
        prepared = prepare(case)
    except Exception as e:
        response.update(setup={"ok": False, "seconds": round(time.perf_counter() - start, 6), **error_fields(e)},
                        bundle=None, eager={}, exports=[])
        return response
    response["setup"] = {"ok": True, "seconds": round(time.perf_counter() - start, 6)}

    status, outputs = run_eager(prepared, _as_list(case.get("devices"), ["cpu"]))
    write_bundle(bundle, case, prepared, status, outputs)
    response.update(bundle=str(bundle), eager=status)

    strict_modes = _as_list((case.get("export") or {}).get("strict"), [False])
    response["exports"] = [export_mode(case, prepared, bool(s), out) for s in strict_modes]
    return response
