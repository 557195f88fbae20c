"""A case's DYNAMIC_SHAPES spec (PROTOCOL.md) as Python source, for a standalone repro.

The twin of exporter/dynamic_shapes.py: the same spec, the same structure
(tuple of args, or a dict by forward's parameter names when the case has
keyword inputs; a dataclass as the list of its fields), but written out as
`torch.export.Dim(...)` lines and an expression instead of built, so the
repro shows what torch.export was called with. The script binds `args`,
`kwargs` (the example inputs) and `additional` (extra input sets) before
these lines run.
"""

import dataclasses
from typing import Any

from exporter.dynamic_shapes import bind_to_parameters
from exporter.locate import import_object
from exporter.protocol import Json

_HINTS = {"auto": "Dim.AUTO", "dynamic": "Dim.DYNAMIC", "static": "Dim.STATIC"}


class Source(str):
    """Python source text; repr() gives it unquoted, so containers of it render as code."""

    def __repr__(self) -> str:
        return str(self)


def render(value: Any) -> str:
    """A structure of Source / tuple / list / dict / None as Python source."""
    if isinstance(value, Source):
        return str(value)
    if value is None:
        return "None"
    if isinstance(value, tuple):
        items = [render(v) for v in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(render(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {render(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _identifier(name: str) -> str:
    return name if name.isidentifier() else "dim_" + "".join(c if c.isalnum() else "_" for c in name)


def dim_lines(spec: Json | None) -> list[str]:
    """`dx = Dim("dx", min=4, max=256)` per named Dim, as build_dims makes them."""
    lines = []
    for name, bounds in (spec or {}).items():
        bounds = bounds or {}
        kw = "".join(f", {k}={int(bounds[k])}" for k in ("min", "max") if bounds.get(k) is not None)
        lines.append(f"{_identifier(name)} = Dim({name!r}{kw})")
    return lines


def dim_source(spec: Json | None) -> Source | None:
    if spec is None:
        return None
    if "dim" in spec:
        text = _identifier(spec["dim"])
        mul = 1 if spec.get("mul") is None else int(spec["mul"])
        add = 0 if spec.get("add") is None else int(spec["add"])
        if mul != 1:
            text = f"{mul} * {text}"
        if add != 0:
            text = f"{text} + {add}" if add > 0 else f"{text} - {-add}"
        return Source(text)
    hint = _HINTS[spec["hint"]]
    bounds = ", ".join(f"{k}={int(spec[k])}" for k in ("min", "max") if spec.get(k) is not None)
    return Source(f"{hint}({bounds})" if bounds else hint)


def _is_dim(spec: Any) -> bool:
    return isinstance(spec, dict) and ("dim" in spec or "hint" in spec)


def tensor_shape_source(spec: Any) -> Any:
    if spec is None:
        return None
    if isinstance(spec, list):
        return tuple(dim_source(d) for d in spec)
    return {Source(str(int(i))): dim_source(d) for i, d in spec.items()}


def shape_source(spec: Any, input_spec: Json) -> Any:
    """SHAPE for one input, guided by its INPUT spec (dynamic_shapes.build_shape)."""
    if spec is None:
        return None
    kind = input_spec.get("kind")
    if kind == "tensor":
        return tensor_shape_source(spec)
    if kind in ("int", "float", "bool"):
        return dim_source(spec) if _is_dim(spec) else None
    if kind in ("list", "tuple"):
        shapes = [shape_source(s, i) for s, i in zip(spec, input_spec["items"])]
        return shapes if kind == "list" else tuple(shapes)
    if kind == "dict":
        return {key: shape_source(spec.get(key), item) for key, item in input_spec["items"].items()}
    if kind == "dataclass":
        fields = input_spec["fields"]
        return [shape_source(spec.get(f.name), fields[f.name]) if f.name in fields else None
                for f in dataclasses.fields(import_object(input_spec["type"]))]
    raise ValueError(f"a SHAPE for a {kind} input must be null, got {spec!r}")


def _path_source(path: list[Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """["args", 0, "x"] -> 'args[0]["x"]' (or '.x' on a dataclass), walking the real inputs."""
    node: Any = args if path[0] == "args" else kwargs
    text = str(path[0])
    for step in path[1:]:
        if dataclasses.is_dataclass(node) and isinstance(step, str):
            text += f".{step}"
            node = getattr(node, step)
        else:
            text += f"[{step!r}]"
            node = node[step]
    return text


def dynamic_shapes_source(spec: Json | None, forward: Any, inputs_spec: Json,
                          args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[str]:
    """Lines that bind `dynamic_shapes` as the exporter builds it for this case."""
    if spec is None:
        return ["dynamic_shapes = None"]
    mode = spec.get("mode")
    if mode == "dims":
        arg_specs = list(inputs_spec.get("args") or [])
        kwarg_specs = dict(inputs_spec.get("kwargs") or {})
        arg_shapes = list(spec.get("args") or []) + [None] * len(arg_specs)
        shapes = [shape_source(s, i) for s, i in zip(arg_shapes, arg_specs)]
        kw_shapes = dict(spec.get("kwargs") or {})
        value: Any = tuple(shapes)
        if kwarg_specs:
            named = {name: shape_source(kw_shapes.get(name), i) for name, i in kwarg_specs.items()}
            value = bind_to_parameters(forward, shapes, named)
        return [*dim_lines(spec.get("dims")), f"dynamic_shapes = {render(value)}"]
    if mode == "shapes_collection":
        lines = [*dim_lines(spec.get("dims")), "dynamic_shapes = ShapesCollection()  # keyed by the very input tensors"]
        for entry in spec.get("entries") or []:
            target = _path_source(list(entry["path"]), args, kwargs)
            lines.append(f"dynamic_shapes[{target}] = {render(tensor_shape_source(entry.get('shape')))}")
        return lines
    if mode == "additional_inputs":
        return ["dynamic_shapes = AdditionalInputs()",
                "for a, k in [(args, kwargs), *additional]:",
                "    dynamic_shapes.add(a, k or None)"]
    raise ValueError(f"dynamic_shapes mode {mode!r} has no standalone form "
                     "(upstream_exportdb cases are torch's own ExportDB examples: report those by name)")
