"""Generate catalog cases from PyTorch's own ExportDB (torch._export.db.examples).

    scripts/import-upstream-exportdb [--root DIR] [--check]

For every upstream example of the installed torch, writes
`cases/upstream_<name>.yaml`: the model is `exportdb.upstream:Upstream`
with `name:`, and the example's inputs and dynamic shapes are translated
into case schema v1:

- a float tensor becomes a tensor INPUT of the same shape and dtype (`ones`
  / `zeros` when the example's values are all ones / zeros, else `randn`,
  which is what the upstream examples draw); an integer tensor keeps its
  values' range (`randint` from min to max + 1, so a 0-d `torch.tensor(4)`
  stays 4); a bool tensor becomes `ones` / `zeros` / `randint`;
- int / float / bool / None, lists, tuples and dicts map one to one;
- `dynamic_shapes` keyed by parameter name becomes the positional `args`
  list (and `kwargs`), each `Dim` a named dim with its bounds.

An example whose inputs the schema cannot express (e.g. a str argument) is
skipped and reported. Expectations for examples that fail on purpose or
through a known torch/harness gap live in EXPECT below, so regenerating
keeps them. `--check` writes nothing and exits 1 when a file would change
(for CI: the catalog matches the installed torch's ExportDB).

`exportcheck run --suite exportdb-upstream` (exporter/suite.py) runs the
same examples without generated files: their own inputs and dynamic shapes,
verbatim, also the ones skipped here (str inputs), strict and non-strict at
three IR levels.
"""

import argparse
import inspect
import json
import sys
from pathlib import Path
from typing import Any

import torch

PREFIX = "upstream_"

# Upstream ExportDB tags -> our closed vocabulary (cases/tags.yaml).
TAG_MAP = {
    "torch.cond": "control-flow",
    "torch.map": "control-flow",
    "torch.dynamic-shape": "dynamic-shape",
    "torch.mutation": "mutation",
    "torch.dynamic-value": "data-dependent",
    "python.data-structure": "pytree",
}

# name -> the `expect:` block (YAML lines, indented by two), each with a reason.
_RESAVE_DROPS_UNBACKED = """\
  roundtrip:reload:
    verdict: xfail
    mode: strict
    ir: training
    match: "canonical IR changed after torch.export.load \\\\+ save"
    reason: "torch 2.13: strict export keeps an unused duplicate unbacked symbol (u1) in range_constraints; torch.export.load + save drops it, so the program does not round-trip"
"""

EXPECT: dict[str, str] = {
    "dynamic_shape_round": """\
  export:
    verdict: xfail
    match: "Not all values of dim0_x .* satisfy the generated guard round"
    reason: "upstream marks it NOT_SUPPORTED_YET: round() on a dynamic size adds a guard the Dim's range cannot satisfy"
""",
    "constrain_as_size_example": _RESAVE_DROPS_UNBACKED,
    "constrain_as_value_example": _RESAVE_DROPS_UNBACKED,
}


class Unsupported(Exception):
    """An example input or shape spec that case schema v1 cannot express."""


def _yaml_str(s: str) -> str:
    return json.dumps(s)  # a JSON string is a valid YAML double-quoted scalar


def _tensor_input(t: torch.Tensor) -> str:
    dtype = str(t.dtype).removeprefix("torch.")
    shape = list(t.shape)
    base = f"shape: {shape}, dtype: {dtype}"
    if t.dtype == torch.bool:
        if t.numel() and bool(t.all()):
            return f"{{{base}, init: ones}}"
        if t.numel() == 0 or not bool(t.any()):
            return f"{{{base}, init: zeros}}"
        return f"{{{base}}}"
    if t.dtype.is_floating_point or t.dtype.is_complex:
        if t.numel() and bool((t == 1).all()):
            return f"{{{base}, init: ones}}"
        if t.numel() and bool((t == 0).all()):
            return f"{{{base}, init: zeros}}"
        return f"{{{base}, init: randn}}"
    if t.numel() == 0:
        return f"{{{base}, init: zeros}}"
    lo, hi = int(t.min()), int(t.max()) + 1
    return f"{{{base}, init: randint, low: {lo}, high: {hi}}}"


def to_input(value: Any) -> str:
    """One INPUT as a YAML flow value."""
    if isinstance(value, torch.Tensor):
        return _tensor_input(value)
    if isinstance(value, bool):
        return f"{{bool: {'true' if value else 'false'}}}"
    if isinstance(value, int):
        return f"{{int: {value}}}"
    if isinstance(value, float):
        return f"{{float: {value!r}}}"
    if value is None:
        return "{none: true}"
    if isinstance(value, list):
        return "{list: [" + ", ".join(to_input(v) for v in value) + "]}"
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return "{tuple: [" + ", ".join(to_input(v) for v in value) + "]}"
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return "{dict: {" + ", ".join(f"{k}: {to_input(v)}" for k, v in value.items()) + "}}"
    raise Unsupported(f"an input of type {type(value).__name__} has no case schema v1 form")


def _dim_name(d: Any) -> str:
    return str(getattr(d, "__name__", None) or d)


def to_shape(spec: Any, dims: dict[str, dict[str, int]]) -> str:
    """One SHAPE (for one input) as YAML; collects the named dims it uses."""
    if spec is None:
        return "null"
    if isinstance(spec, dict) and all(isinstance(k, int) for k in spec):
        parts = []
        for index, d in spec.items():
            if d is None:
                continue
            if not hasattr(d, "min") or not hasattr(d, "max"):
                raise Unsupported(f"dim spec {d!r} is not a plain named Dim")
            name = _dim_name(d)
            bounds: dict[str, int] = {}
            if d.min is not None and int(d.min) > 0:
                bounds["min"] = int(d.min)
            if d.max is not None and d.max < sys.maxsize - 1 and str(d.max) != "int_oo":
                bounds["max"] = int(d.max)
            dims[name] = bounds
            parts.append(f"{index}: {name}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(spec, (list, tuple)):
        return "[" + ", ".join(to_shape(s, dims) for s in spec) + "]"
    if isinstance(spec, dict):
        return "{" + ", ".join(f"{k}: {to_shape(v, dims)}" for k, v in spec.items()) + "}"
    raise Unsupported(f"dynamic shape spec {spec!r} has no case schema v1 form")


def dynamic_shapes_yaml(model: torch.nn.Module, args: tuple[Any, ...], spec: Any) -> list[str]:
    if not spec:
        return []
    dims: dict[str, dict[str, int]] = {}
    if isinstance(spec, dict):
        names = list(inspect.signature(model.forward).parameters)
        arg_shapes = [to_shape(spec.get(names[i]) if i < len(names) else None, dims) for i in range(len(args))]
        extra = [k for k in spec if k not in names[: len(args)]]
        if extra:
            raise Unsupported(f"dynamic shapes for keyword inputs {extra} are not translated")
    else:
        arg_shapes = [to_shape(s, dims) for s in spec]
    dim_yaml = ", ".join(f"{n}: {{" + ", ".join(f"{k}: {v}" for k, v in b.items()) + "}" for n, b in dims.items())
    return ["dynamic_shapes:", f"  dims: {{{dim_yaml}}}", f"  args: [{', '.join(arg_shapes)}]"]


def case_yaml(name: str, case: Any) -> str:
    model = case.model
    if not isinstance(model, torch.nn.Module):
        raise Unsupported("the model is not a torch.nn.Module")
    args = tuple(case.example_args)
    kwargs = dict(case.example_kwargs or {})
    description = " ".join((case.description or name).split())
    if len(description) > 240:
        description = description[:237].rsplit(" ", 1)[0] + "..."
    support = case.support_level.name
    tags = ["upstream-exportdb"] + sorted({TAG_MAP[t] for t in case.tags if t in TAG_MAP}) + ["strict", "non-strict"]
    lines = [
        f"# Generated by scripts/import-upstream-exportdb from torch {torch.__version__.split('+')[0]}'s",
        f"# torch._export.db.examples ({name}, {support}); edit EXPECT in exporter/upstream_exportdb.py, not this file.",
        f"name: {PREFIX}{name}",
        f"description: {_yaml_str('Upstream ExportDB ' + name + ': ' + description)}",
        f"tags: [{', '.join(tags)}]",
        f"model: {{module: exportdb.upstream, class: Upstream, kwargs: {{name: {name}}}}}",
        "inputs:",
        "  args: [" + ", ".join(to_input(a) for a in args) + "]",
    ]
    if kwargs:
        lines.append("  kwargs: {" + ", ".join(f"{k}: {to_input(v)}" for k, v in kwargs.items()) + "}")
    lines += dynamic_shapes_yaml(model, args, case.dynamic_shapes)
    lines.append("export: {strict: [false, true], ir: [training, inference, core_aten]}")
    if name in EXPECT:
        lines += ["expect:", EXPECT[name].rstrip("\n")]
    elif support != "SUPPORTED":
        raise Unsupported(f"support level {support} needs an EXPECT entry (the expected error and why)")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/import-upstream-exportdb", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a case file would change")
    opts = parser.parse_args(argv)
    cases_dir = Path(opts.root) / "cases"
    if not (cases_dir / "tags.yaml").is_file():
        print(f"import-upstream-exportdb: no catalog at {cases_dir}", file=sys.stderr)
        return 2

    from exportdb.upstream import examples

    wanted: dict[Path, str] = {}
    skipped: list[str] = []
    for name, case in sorted(examples().items()):
        try:
            wanted[cases_dir / f"{PREFIX}{name}.yaml"] = case_yaml(name, case)
        except Unsupported as e:
            skipped.append(f"{name}: {e}")
    stale = [p for p in cases_dir.glob(f"{PREFIX}*.yaml") if p not in wanted]
    changed = [p for p, text in wanted.items() if not p.exists() or p.read_text() != text]
    if opts.check:
        for p in changed + stale:
            print(f"out of date: {p.name}")
        return 1 if changed or stale else 0
    for p in changed:
        p.write_text(wanted[p])
    for p in stale:
        p.unlink()
    print(f"{len(wanted)} upstream case(s): {len(changed)} written, {len(stale)} removed, {len(skipped)} skipped")
    for s in skipped:
        print(f"  skipped {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
