"""DYNAMIC_SHAPES specs (PROTOCOL.md) -> the torch.export objects they name.

Three modes, one torch.export API each:
  dims               named Dim / derived dims / Dim hints in a structure that
                     mirrors the inputs (tuple of args, or a dict by parameter
                     name when the case has keyword inputs)
  shapes_collection  torch.export.ShapesCollection keyed by the input tensors
  additional_inputs  torch.export.AdditionalInputs from extra input sets

ShapesCollection keys tensors by identity, so the spec must be built against
the very args/kwargs objects passed to torch.export.export.
"""

import dataclasses
import inspect
from typing import Any, Callable

import torch
from torch.export import AdditionalInputs, Dim, ShapesCollection

from exporter.locate import import_object
from exporter.protocol import Json

_HINTS = {"auto": Dim.AUTO, "dynamic": Dim.DYNAMIC, "static": Dim.STATIC}


def build_dims(spec: Json | None) -> dict[str, Any]:
    """{"batch": {"min": 2, "max": 1024}} -> {"batch": Dim("batch", min=2, max=1024)}."""
    dims: dict[str, Any] = {}
    for name, bounds in (spec or {}).items():
        bounds = bounds or {}
        kw = {k: int(bounds[k]) for k in ("min", "max") if bounds.get(k) is not None}
        dims[name] = Dim(name, **kw)
    return dims


def build_dim(spec: Json | None, dims: dict[str, Any]) -> Any:
    """One DIM: named, derived (mul*dim + add), a hint, or None (static)."""
    if spec is None:
        return None
    if "dim" in spec:
        name = spec["dim"]
        if name not in dims:
            raise ValueError(f"dim {name!r} is not declared in dims (declared: {sorted(dims)})")
        dim = dims[name]
        mul = 1 if spec.get("mul") is None else int(spec["mul"])
        add = 0 if spec.get("add") is None else int(spec["add"])
        # Only derive when the relation is non-trivial: `1*dx + 0` must stay the root Dim.
        if mul != 1:
            dim = mul * dim
        if add != 0:
            dim = dim + add
        return dim
    if "hint" in spec:
        hint = spec["hint"]
        if hint not in _HINTS:
            raise ValueError(f"unknown dim hint {hint!r} (known: auto, dynamic, static)")
        bounds = {k: int(spec[k]) for k in ("min", "max") if spec.get(k) is not None}
        if not bounds:
            return _HINTS[hint]
        if hint == "static":
            raise ValueError("a static dim hint takes no min/max")
        return _HINTS[hint](**bounds)
    raise ValueError(f"a DIM needs 'dim' or 'hint', got {spec!r}")


def _is_dim_spec(spec: Any) -> bool:
    return isinstance(spec, dict) and ("dim" in spec or "hint" in spec)


def build_tensor_shape(spec: Any, dims: dict[str, Any]) -> Any:
    """Tensor SHAPE: {"0": DIM, ...} -> {0: dim}; a list is taken as one DIM per dimension."""
    if spec is None:
        return None
    if isinstance(spec, list):
        return tuple(build_dim(d, dims) for d in spec)
    if isinstance(spec, dict) and not _is_dim_spec(spec):
        return {int(index): build_dim(d, dims) for index, d in spec.items()}
    raise ValueError(f"a tensor SHAPE is an object of dimension index -> DIM, got {spec!r}")


def build_shape(spec: Any, input_spec: Json, dims: dict[str, Any]) -> Any:
    """SHAPE for one input, guided by the INPUT spec it mirrors."""
    if spec is None:
        return None
    kind = input_spec.get("kind")
    if kind == "tensor":
        return build_tensor_shape(spec, dims)
    if kind in ("int", "float", "bool"):
        # A scalar input may itself be dynamic (e.g. Dim.DYNAMIC for an int).
        if _is_dim_spec(spec):
            return build_dim(spec, dims)
        raise ValueError(f"a SHAPE for a {kind} input must be a DIM or null, got {spec!r}")
    if kind in ("list", "tuple"):
        items = input_spec["items"]
        if not isinstance(spec, list) or len(spec) != len(items):
            raise ValueError(f"a SHAPE for a {kind} of {len(items)} items must be a list of {len(items)}, got {spec!r}")
        shapes = [build_shape(s, i, dims) for s, i in zip(spec, items)]
        return shapes if kind == "list" else tuple(shapes)
    if kind == "dict":
        items = input_spec["items"]
        unknown = set(spec) - set(items)
        if unknown:
            raise ValueError(f"SHAPE names keys the input lacks: {sorted(unknown)}")
        return {key: build_shape(spec.get(key), item, dims) for key, item in items.items()}
    if kind == "dataclass":
        # torch.export wants a pytree node's shapes as the list of its
        # flattened children (field order), not an instance of the class.
        cls = import_object(input_spec["type"])
        unknown = set(spec) - set(input_spec["fields"])
        if unknown:
            raise ValueError(f"SHAPE names fields the input lacks: {sorted(unknown)}")
        return [
            build_shape(spec.get(f.name), input_spec["fields"][f.name], dims)
            if f.name in input_spec["fields"] else None
            for f in dataclasses.fields(cls)
        ]
    raise ValueError(f"a SHAPE for a {kind} input must be null, got {spec!r}")


def bind_to_parameters(forward: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    """Name positional entries after forward's parameters, as torch.export expects with kwargs."""
    bound = inspect.signature(forward).bind_partial(*args, **kwargs)
    return dict(bound.arguments)


def dims_mode(spec: Json, forward: Callable[..., Any], inputs_spec: Json) -> Any:
    dims = build_dims(spec.get("dims"))
    arg_specs = list(inputs_spec.get("args") or [])
    kwarg_specs = dict(inputs_spec.get("kwargs") or {})
    arg_shapes = list(spec.get("args") or [])
    if len(arg_shapes) > len(arg_specs):
        raise ValueError(f"dynamic_shapes.args has {len(arg_shapes)} entries for {len(arg_specs)} args")
    arg_shapes += [None] * (len(arg_specs) - len(arg_shapes))
    kwarg_shapes = dict(spec.get("kwargs") or {})
    unknown = set(kwarg_shapes) - set(kwarg_specs)
    if unknown:
        raise ValueError(f"dynamic_shapes.kwargs names inputs the case lacks: {sorted(unknown)}")

    args = [build_shape(s, i, dims) for s, i in zip(arg_shapes, arg_specs)]
    if not kwarg_specs:
        return tuple(args)
    kwargs = {name: build_shape(kwarg_shapes.get(name), i, dims) for name, i in kwarg_specs.items()}
    return bind_to_parameters(forward, args, kwargs)


def _walk(path: list[Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Follow ["args", 0, "x"] through the built inputs."""
    if not path or path[0] not in ("args", "kwargs"):
        raise ValueError(f"an input path starts with 'args' or 'kwargs', got {path!r}")
    node: Any = args if path[0] == "args" else kwargs
    for step in path[1:]:
        try:
            if isinstance(node, (list, tuple)) or isinstance(node, dict):
                node = node[step]
            elif dataclasses.is_dataclass(node) and isinstance(step, str):
                node = getattr(node, step)
            else:
                raise TypeError(f"cannot index {type(node).__name__}")
        except (KeyError, IndexError, TypeError, AttributeError) as e:
            raise ValueError(f"input path {path!r} fails at {step!r}: {e}") from None
    return node


def shapes_collection(spec: Json, args: tuple[Any, ...], kwargs: dict[str, Any]) -> ShapesCollection:
    dims = build_dims(spec.get("dims"))
    sc = ShapesCollection()
    for entry in spec.get("entries") or []:
        tensor = _walk(list(entry["path"]), args, kwargs)
        if not isinstance(tensor, torch.Tensor):
            raise ValueError(f"input path {entry['path']!r} names a {type(tensor).__name__}, not a tensor")
        sc[tensor] = build_tensor_shape(entry.get("shape"), dims)
    return sc


def additional_inputs(
    args: tuple[Any, ...], kwargs: dict[str, Any], extra: list[tuple[tuple[Any, ...], dict[str, Any]]]
) -> AdditionalInputs:
    ai = AdditionalInputs()
    for a, k in [(args, kwargs), *extra]:
        ai.add(a, k or None)
    return ai


def additional_input_specs(spec: Json | None) -> list[Json]:
    """The extra input sets an additional_inputs spec carries (none for other modes)."""
    if spec and spec.get("mode") == "additional_inputs":
        return list(spec.get("inputs") or [])
    return []


def build_dynamic_shapes(
    spec: Json | None,
    model: torch.nn.Module,
    inputs_spec: Json,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    extra: list[tuple[tuple[Any, ...], dict[str, Any]]],
) -> Any:
    """The `dynamic_shapes=` argument for torch.export.export, or None."""
    if spec is None:
        return None
    mode = spec.get("mode")
    if mode == "dims":
        return dims_mode(spec, model.forward, inputs_spec)
    if mode == "shapes_collection":
        return shapes_collection(spec, args, kwargs)
    if mode == "additional_inputs":
        return additional_inputs(args, kwargs, extra)
    if mode == "upstream_exportdb":
        # The suite exportdb-upstream: the example's own spec, verbatim (exporter/suite.py).
        from exportdb.upstream import examples

        return examples()[spec["name"]].dynamic_shapes
    if mode == "opinfo_auto":
        # The suite opinfo: Dim.AUTO on every dimension of every tensor input of
        # forward(*tensors) (one entry, for the varargs parameter).
        return (tuple({d: Dim.AUTO for d in range(t.dim())} if isinstance(t, torch.Tensor) else None for t in args),)
    raise ValueError(f"unknown dynamic_shapes mode {mode!r} (known: dims, shapes_collection, additional_inputs, upstream_exportdb, opinfo_auto)")
