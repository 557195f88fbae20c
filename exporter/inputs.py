"""Build example inputs from INPUT specs (PROTOCOL.md), deterministically.

Every random tensor draws from one torch.Generator seeded with
`replay.seed`, in input order (args, then kwargs, then any additional input
sets), so the same case gives the same inputs on every machine. Random
values are drawn on the CPU in float32/float64/complex64 and cast, so
float16/bfloat16 inputs do not depend on half-precision RNG kernels.
"""

import dataclasses
from typing import Any

import torch

from exporter.locate import import_object
from exporter.protocol import Json

DTYPES: dict[str, torch.dtype] = {
    "float32": torch.float32,
    "float64": torch.float64,
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "uint8": torch.uint8,
    "bool": torch.bool,
    "complex64": torch.complex64,
}

INITS = ("randn", "rand", "zeros", "ones", "arange", "positive", "randint")


def make_generator(seed: int) -> torch.Generator:
    return torch.Generator(device="cpu").manual_seed(int(seed))


def _default_init(dtype: torch.dtype) -> str:
    if dtype.is_floating_point or dtype.is_complex:
        return "randn"
    return "randint"  # integers 0..10, bool 0..2


def _sample_dtype(dtype: torch.dtype) -> torch.dtype:
    """The dtype random floats are drawn in before the cast to `dtype`."""
    if dtype in (torch.float64, torch.complex64):
        return dtype
    return torch.float32


def build_tensor(spec: Json, gen: torch.Generator) -> torch.Tensor:
    dtype_name = spec.get("dtype") or "float32"
    if dtype_name not in DTYPES:
        raise ValueError(f"unknown dtype {dtype_name!r} (known: {', '.join(DTYPES)})")
    dtype = DTYPES[dtype_name]
    shape = [int(s) for s in spec.get("shape", [])]
    init = spec.get("init") or _default_init(dtype)
    low, high = spec.get("low"), spec.get("high")
    if init not in INITS:
        raise ValueError(f"unknown init {init!r} (known: {', '.join(INITS)})")

    if init in ("randn", "rand", "positive"):
        if not (dtype.is_floating_point or dtype.is_complex):
            raise ValueError(f"init {init!r} needs a floating or complex dtype, got {dtype_name}")
        draw = torch.randn if init == "randn" else torch.rand
        t = draw(shape, generator=gen, dtype=_sample_dtype(dtype))
        if init == "positive":
            t = t + 0.5
        elif init == "rand" and (low is not None or high is not None):
            lo = 0.0 if low is None else float(low)
            hi = 1.0 if high is None else float(high)
            t = lo + (hi - lo) * t
        return t.to(dtype)
    if init == "randint":
        lo = 0 if low is None else int(low)
        hi = (2 if dtype == torch.bool else 10) if high is None else int(high)
        return torch.randint(lo, hi, shape, generator=gen, dtype=torch.int64).to(dtype)
    if init == "zeros":
        return torch.zeros(shape, dtype=dtype)
    if init == "ones":
        return torch.ones(shape, dtype=dtype)
    # arange: deterministic, distinct values that make layout bugs visible
    numel = 1
    for s in shape:
        numel *= s
    return torch.arange(numel, dtype=torch.int64).reshape(shape).to(dtype)


def build_value(spec: Json, gen: torch.Generator) -> Any:
    """One INPUT spec -> Python value; containers recurse in order."""
    kind = spec.get("kind")
    if kind == "tensor":
        return build_tensor(spec, gen)
    if kind == "int":
        return int(spec["value"])
    if kind == "float":
        return float(spec["value"])
    if kind == "bool":
        return bool(spec["value"])
    if kind == "none":
        return None
    if kind == "list":
        return [build_value(item, gen) for item in spec["items"]]
    if kind == "tuple":
        return tuple(build_value(item, gen) for item in spec["items"])
    if kind == "dict":
        return {key: build_value(item, gen) for key, item in spec["items"].items()}
    if kind == "dataclass":
        cls = import_object(spec["type"])
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{spec['type']} is not a dataclass")
        fields = {name: build_value(item, gen) for name, item in spec["fields"].items()}
        return cls(**fields)
    raise ValueError(f"unknown input kind {kind!r}")


def upstream_inputs(name: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Upstream ExportDB example `name`'s example_args / example_kwargs, verbatim
    (deep copies: forward may mutate them). Draws nothing from the generator."""
    import copy

    from exportdb.upstream import examples

    known = examples()
    if name not in known:
        raise KeyError(f"no upstream ExportDB example {name!r} in torch {torch.__version__}")
    case = known[name]
    return copy.deepcopy((tuple(case.example_args), dict(case.example_kwargs or {})))


def build_inputs(spec: Json | None, gen: torch.Generator) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """{"args": [...], "kwargs": {...}} -> (args tuple, kwargs dict).

    {"upstream_exportdb": NAME} (the suite exportdb-upstream) takes the
    upstream example's own inputs instead; {"opinfo": {"op", "dtype", "sample",
    "seed"}} (the suite opinfo) the tensors of that OpInfo sample.
    """
    spec = spec or {}
    if "upstream_exportdb" in spec:
        return upstream_inputs(spec["upstream_exportdb"])
    if "opinfo" in spec:
        from exportdb.opinfo import sample_tensors

        o = spec["opinfo"]
        return sample_tensors(o["op"], o["dtype"], o.get("sample", 0), int(o.get("seed", 0))), {}
    args = tuple(build_value(item, gen) for item in spec.get("args") or [])
    kwargs = {name: build_value(item, gen) for name, item in (spec.get("kwargs") or {}).items()}
    return args, kwargs
