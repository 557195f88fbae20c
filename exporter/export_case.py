"""The export role's `export` op (PROTOCOL.md).

    setup   build the model (seeded) and the example inputs
    eager   run a fresh copy of model and inputs on each requested device
            (the example's outputs, reused by every mode's replay bundle)
    export  per mode (nonstrict/strict): torch.export.export, then per IR
            level derive the program and torch.export.save it to
            out_dir/<mode>/<ir>.pt2
    replay  per exported mode, out_dir/<mode>/replay.pt (bundle format 2,
            harness/replay/BUNDLE.md): samples drawn from the training
            program's ranges (exporter/sampler.py), eager outputs of each on
            every device, and guard samples just outside the ranges

Forward may mutate its inputs or buffers, so every stage works on its own
deep copy of the pristine model and inputs.
"""

import collections
import copy
import dataclasses
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import torch
import torch.utils._pytree as pytree

from exporter import sampler
from exporter.devices import detach, to_device, unavailable_reason
from exporter.dynamic_shapes import additional_input_specs, build_dynamic_shapes
from exporter.errors import CaseUnsupported, error_fields
from exporter.inputs import build_inputs, make_generator
from exporter.locate import import_object
from exporter.model import build_model
from exporter.protocol import Json
InputSet = tuple[tuple[Any, ...], dict[str, Any]]

IR_LEVELS = ("training", "inference", "core_aten", "custom")
REPLAY_FORMAT = 2
DEFAULT_RANDOM_SAMPLES = 8


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


# --- replay bundle, format 2 (harness/replay/BUNDLE.md) -------------------------

@dataclass
class Reference:
    """Samples with eager outputs, shared by modes whose programs sample alike."""

    samples: list[Json]
    dropped: list[Json]
    guards: list[Json]
    sequence: "Sequence | None" = None


def _first_line(e: BaseException) -> str:
    return f"{type(e).__name__}: {(str(e).splitlines() or [''])[0]}"[:500]


def _flat_outputs(out: Any, device: str) -> tuple[list[Any], list[str]]:
    """Flat eager outputs stored on CPU (own copies, strides kept) and where eager had them."""
    leaves = pytree.tree_flatten(out)[0]
    stored = [x.detach().clone().to("cpu") if isinstance(x, torch.Tensor) else x for x in leaves]
    where = [str(x.device) if isinstance(x, torch.Tensor) else "" for x in leaves]
    return stored, where


def _eager_flat(prepared: Prepared, inputs: list[Any], in_spec: pytree.TreeSpec, device: str) -> Any:
    """One sample run as a user would: fresh model, fresh inputs on `device`."""
    model = copy.deepcopy(prepared.model).to(device)
    args, kwargs = pytree.tree_unflatten(to_device(copy.deepcopy(inputs), device), in_spec)
    return detach(model(*args, **kwargs))


def type_modules(spec: pytree.TreeSpec) -> list[str]:
    """Modules defining the pytree node types of a spec (dataclasses, namedtuples): the loader
    imports them so that treespec_loads and torch.export.load know the types (BUNDLE.md `type_modules`)."""
    found: list[str] = []
    stack = [spec]
    while stack:
        node = stack.pop()
        t = node.type
        if t is collections.namedtuple and isinstance(node.context, type):
            t = node.context  # torch 2.13 keys namedtuple nodes by the factory; the class is the context
        module = getattr(t, "__module__", None) if t is not None else None
        if module and module not in ("builtins", "collections") and not module.startswith("torch") and module not in found:
            found.append(module)
        stack.extend(node.children())
    return sorted(found)


def has_auto_dims(spec: Any) -> bool:
    """Whether the case leaves some dimension to Dim.AUTO (mode opinfo_auto, or an
    {"hint": "auto"} DIM anywhere in the normalized dynamic_shapes)."""
    if isinstance(spec, dict):
        if spec.get("mode") == "opinfo_auto" or spec.get("hint") == "auto":
            return True
        return any(has_auto_dims(v) for v in spec.values())
    return isinstance(spec, list) and any(has_auto_dims(v) for v in spec)


def guard_refusal(ep: torch.export.ExportedProgram, inferred: bool = False) -> Callable[[sampler.Sample], str | None]:
    """For a sample with a symbol at 0 or 1: the program's own guard that refuses it, or None.

    torch.export traces dynamic dims as >= 2 (0/1 specialization) and only
    promises the program for those, while range_constraints may start at 0
    (Dim() without min) and the program can still guard against 0/1 (e.g.
    "Guard failed: 6 * n >= 2"). Such samples are dropped, not failed. A
    refusal at sizes >= 2 inside the range stays a FAIL of the runtime,
    unless `inferred`: shapes the case left to Dim.AUTO (the suite opinfo, the
    image sizes of the model suites; `has_auto_dims`),
    where export may add relations between sizes (divisibility, one size >=
    another) that range_constraints cannot express, so a sample inside the
    ranges can still be outside the program's domain.
    """
    guards_fn: list[Any] = []  # built on first need: ep.module() costs tens of ms, most cases have no 0/1 sample

    def refusal(sample: sampler.Sample) -> str | None:
        if not inferred and not any(v in (0, 1) for v in sample.sizes.values()):
            return None
        if not guards_fn:
            try:
                guards_fn.append(ep.module()._guards_fn)
            except Exception:  # no guard function in this torch: nothing to ask
                guards_fn.append(None)
        if guards_fn[0] is None:
            return None
        try:
            guards_fn[0](*copy.deepcopy(sample.inputs))
        except Exception as e:
            what = "these sizes (Dim.AUTO relations)" if inferred else "0/1 sizes"
            return f"the program's guards refuse {what}: {_first_line(e)}"
        return None

    return refusal


def build_reference(case: Json, prepared: Prepared, p: sampler.Plan, in_spec: pytree.TreeSpec,
                    devices: list[str], example_outputs: list[dict[str, Any]],
                    refusal: Callable[[sampler.Sample], str | None] = lambda sample: None) -> Reference:
    """Every sample's flat inputs and eager outputs per device; samples eager refuses are dropped,
    and so are samples with 0/1 sizes that the program's own guards refuse (`guard_refusal`)."""
    pristine = prepared.fresh()
    sets = [sampler.flat_inputs(a, k, in_spec) for a, k in pristine.samples]
    randoms = int((case.get("replay") or {}).get("samples") or DEFAULT_RANDOM_SAMPLES)
    drawn = sampler.samples(p, sets[0], randoms)
    extra = [sampler.Sample(f"additional:{k}", sampler.observed_sizes(p, flat), flat) for k, flat in enumerate(sets[1:])]
    ordered = [drawn[0], *extra, *drawn[1:]]
    known = {0: example_outputs[0], **{1 + k: example_outputs[1 + k] for k in range(len(extra))}}
    samples: list[Json] = []
    dropped: list[Json] = []
    for i, sample in enumerate(ordered):
        outputs: dict[str, list[Any]] = {}
        where: dict[str, list[str]] = {}
        reason = refusal(sample) if i not in known else None
        for device in ([] if reason else devices):
            try:
                out = known[i][device] if i in known else _eager_flat(prepared, sample.inputs, in_spec, device)
            except Exception as e:
                reason = f"eager on {device}: {_first_line(e)}"
                break
            outputs[device], where[device] = _flat_outputs(out, device)
        if reason is not None:
            dropped.append({"label": sample.label, "sizes": sample.sizes, "reason": reason})
            continue
        samples.append({"label": sample.label, "sizes": sample.sizes, "inputs": sample.inputs,
                        "outputs": outputs, "output_devices": where})
    # zero_one: a below-min sample at size 0 or 1, where torch 2.11/2.13 module() has no guard (PROTOCOL.md `guards`)
    guards = [{"label": g.label, "symbol": g.symbol, "value": g.value, "bound": g.bound, "inputs": g.inputs,
               "zero_one": g.label.startswith("below-min:") and g.value in (0, 1)} for g in sampler.guards(p)]
    return Reference(samples, dropped, guards, eager_sequence(prepared, samples, in_spec, devices))


@dataclass
class Sequence:
    """One eager model called with every sample in order (the `sequence` stage's reference):
    each call's flat outputs per device, every buffer's value after the last call and the
    buffers whose value the calls changed (the bundle keeps those and the ones the program
    mutates, `sequence_section`)."""

    outputs: dict[str, list[list[Any]]]
    buffers: dict[str, dict[str, torch.Tensor]]
    errors: dict[str, str]
    changed: dict[str, set[str]] = dataclasses.field(default_factory=dict)


def eager_sequence(prepared: Prepared, samples: list[Json], in_spec: pytree.TreeSpec, devices: list[str]) -> Sequence:
    """Per device: one fresh copy of the pristine model (never the exported one: export may
    have run forward), called with each sample's inputs in order (fresh input copies).
    A call that raises leaves the device out, with its reason in `errors`."""
    seq = Sequence({}, {}, {})
    initial = {name: b.detach() for name, b in prepared.model.named_buffers()}
    for device in devices:
        outputs: list[list[Any]] = []
        try:
            model = copy.deepcopy(prepared.model).to(device)
        except Exception as e:
            seq.errors[device] = f"model copy on {device}: {_first_line(e)}"
            continue
        for k, sample in enumerate(samples):
            try:
                args, kwargs = pytree.tree_unflatten(to_device(copy.deepcopy(sample["inputs"]), device), in_spec)
                outputs.append(_flat_outputs(detach(model(*args, **kwargs)), device)[0])
            except Exception as e:
                where = sampler.describe(sample.get("sizes") or {}, sample["inputs"])
                detail = "; ".join(x for x in (sample.get("label", ""), where) if x)
                seq.errors[device] = (f"eager failed on call {k + 1} of {len(samples)} (sample {k}: {detail}): "
                                      f"{_first_line(e)}")
                break
        else:
            seq.outputs[device] = outputs
            final = {name: b.detach().clone().to("cpu") for name, b in model.named_buffers()}
            seq.buffers[device] = final
            seq.changed[device] = {n for n, b in final.items()
                                   if n in initial and not (b.shape == initial[n].shape and b.dtype == initial[n].dtype
                                                            and torch.equal(b, initial[n].to("cpu")))}
    return seq


def mutated_buffers(ep: torch.export.ExportedProgram) -> list[str]:
    """FQNs of the buffers the program mutates: `graph_signature.buffers_to_mutate` (functional
    IRs), and buffers a mutable op of the top graph writes in place (the training IR keeps
    `aten.add_` on a buffer, and its buffers_to_mutate is empty)."""
    sig = ep.graph_signature
    found = set(sig.buffers_to_mutate.values())
    buffers = sig.inputs_to_buffers
    for node in ep.graph.nodes:
        schema = getattr(node.target, "_schema", None)
        if node.op != "call_function" or schema is None or not schema.is_mutable:
            continue
        for i, arg in enumerate(schema.arguments):
            if arg.alias_info is None or not arg.alias_info.is_write:
                continue
            value = node.args[i] if i < len(node.args) else node.kwargs.get(arg.name)
            if isinstance(value, torch.fx.Node) and value.op == "placeholder" and value.name in buffers:
                found.add(buffers[value.name])
    return sorted(found)


def sequence_section(seq: Sequence | None, ep: torch.export.ExportedProgram) -> Json | None:
    """The bundle's optional `sequence` key (BUNDLE.md): outputs per call; the final value of
    every buffer the program mutates (`mutated_buffers`) or eager changed (an operator that
    mutates without saying so in its schema: the training IR's aten.batch_norm updates
    running_mean in place, and its buffers_to_mutate is empty); the devices where eager
    failed mid-sequence."""
    if seq is None:
        return None
    names = set(mutated_buffers(ep))
    buffers = {device: {n: values[n] for n in sorted(names | seq.changed.get(device, set())) if n in values}
               for device, values in seq.buffers.items()}
    return {"outputs": seq.outputs, "buffers": buffers, "errors": seq.errors}


def write_replay_bundle(case: Json, prepared: Prepared, ep: torch.export.ExportedProgram, mode: str, path: Path,
                        status: Json, example_outputs: list[dict[str, Any]], cache: dict[str, Reference]) -> Json:
    """out_dir/<mode>/replay.pt from the training program; the response fields it adds to the mode."""
    in_spec = ep.call_spec.in_spec
    example = sampler.flat_inputs(*prepared.fresh().inputs, in_spec)
    p = sampler.plan(ep, example, case)
    devices = [d for d, st in status.items() if st.get("ok")]
    key = p.signature() + repr(devices)
    if key not in cache:
        inferred = has_auto_dims(case.get("dynamic_shapes"))
        cache[key] = build_reference(case, prepared, p, in_spec, devices, example_outputs, guard_refusal(ep, inferred))
    ref = cache[key]
    try:
        out_spec = pytree.treespec_dumps(ep.call_spec.out_spec)
        out_spec_error = None
    except Exception as e:  # e.g. torch.return_types.max has no serialized name: compare leaves only
        out_spec, out_spec_error = "", _first_line(e)
    bundle = {
        "format": REPLAY_FORMAT,
        "case": case.get("name"),
        "mode": mode,
        "in_spec": pytree.treespec_dumps(in_spec),
        "out_spec": out_spec,
        "out_spec_error": out_spec_error,
        # Input and output types: torch.export.load rebuilds both specs (a
        # namedtuple output such as exportdb.types.Pair must be registered too).
        "type_modules": sorted(set(type_modules(in_spec)) | set(type_modules(ep.call_spec.out_spec))),
        "symbols": {name: {"min": s.min, "max": s.max} for name, s in sorted(p.symbols.items())},
        "max_elements": p.max_elements,
        "eager": status,
        "samples": ref.samples,
        "dropped": ref.dropped,
        "guards": ref.guards,
        # Why outputs are compared on shape, dtype and device only (a random op), or None.
        "unchecked_values": unchecked_values(prepared.model, ep),
        # The sequence stage's reference: one eager model called with every sample in order.
        "sequence": sequence_section(ref.sequence, ep),
    }
    torch.save(bundle, path)
    reasons = list(dict.fromkeys(d["reason"] for d in ref.dropped))
    return {"bundle": str(path.resolve()), "samples": len(ref.samples), "guards": len(ref.guards),
            "dropped": len(ref.dropped), "dropped_reasons": reasons[:3]}


def unchecked_values(model: torch.nn.Module, ep: torch.export.ExportedProgram) -> str | None:
    """Why the program's outputs cannot be compared with eager by value, or None.

    A program that calls an operator torch tags `nondeterministic_seeded`
    (bernoulli, native_dropout, normal, randint_like, ...) draws from the RNG:
    eager and the program draw different numbers, so shape, dtype and device
    are all there is to compare. A model can also say so itself with the
    attribute `exportcheck_unchecked_values` (exportdb/opinfo.py: ops that
    return uninitialized memory).
    """
    reason = getattr(model, "exportcheck_unchecked_values", None)
    if reason:
        return str(reason)
    seeded = sorted({str(node.target) for module in ep.graph_module.modules() if isinstance(module, torch.fx.GraphModule)
                     for node in module.graph.nodes
                     if node.op == "call_function" and torch.Tag.nondeterministic_seeded in getattr(node.target, "tags", ())})
    if seeded:
        return (f"the program calls {', '.join(seeded)} (tagged nondeterministic_seeded): its values are random, "
                "compared on shape, dtype and device only")
    return None


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


def export_mode(case: Json, prepared: Prepared, strict: bool, out_dir: Path, status: Json | None = None,
                outputs: list[dict[str, Any]] | None = None, cache: dict[str, Reference] | None = None) -> Json:
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
    irs = _as_list(export_spec.get("ir"), ["training"])
    if strict and export_spec.get("strict_ir") is not None:  # the IRs derived from the strict program
        irs = [ir for ir in irs if ir in export_spec["strict_ir"]]
    for ir in irs:
        archive = mode_dir / f"{ir}.pt2"
        start = time.perf_counter()
        try:
            program = derive_program(ep, ir, export_spec.get("decompositions"))
            torch.export.save(program, str(archive))
            entry["programs"].append({"ir": ir, "ok": True, "archive": str(archive.resolve()), "seconds": round(time.perf_counter() - start, 6)})
        except Exception as e:
            archive.unlink(missing_ok=True)
            entry["programs"].append({"ir": ir, "ok": False, "seconds": round(time.perf_counter() - start, 6), **error_fields(e)})
    if status is not None and outputs is not None:
        start = time.perf_counter()
        try:
            entry.update(write_replay_bundle(case, prepared, ep, mode, mode_dir / "replay.pt", status, outputs,
                                             {} if cache is None else cache))
        except Exception as e:
            # The programs stand; only replay has nothing to run. The harness reports the stage as ERROR.
            (mode_dir / "replay.pt").unlink(missing_ok=True)
            entry.update(bundle=None, bundle_error={**error_fields(e), "reason": _first_line(e)})
        entry["bundle_seconds"] = round(time.perf_counter() - start, 6)
    return entry


def export_case(case: Json, out_dir: str | Path) -> Json:
    """The whole export op; the result is the response minus "id"."""
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    response: Json = {"ok": True, "model_module": (case.get("model") or {}).get("module")}

    start = time.perf_counter()
    try:
        prepared = prepare(case)
    except CaseUnsupported as e:
        response.update(setup={"ok": False, "unsupported": str(e), "seconds": round(time.perf_counter() - start, 6)},
                        eager={}, exports=[])
        return response
    except Exception as e:
        response.update(setup={"ok": False, "seconds": round(time.perf_counter() - start, 6), **error_fields(e)},
                        eager={}, exports=[])
        return response
    response["setup"] = {"ok": True, "seconds": round(time.perf_counter() - start, 6)}

    status, outputs = run_eager(prepared, _as_list(case.get("devices"), ["cpu", "cuda"]))
    response["eager"] = status

    strict_modes = _as_list((case.get("export") or {}).get("strict"), [False])
    cache: dict[str, Reference] = {}
    response["exports"] = [export_mode(case, prepared, bool(s), out, status, outputs, cache) for s in strict_modes]
    return response
