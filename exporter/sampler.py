"""Replay samples: sizes drawn from an exported program's own ranges (DESIGN.md "Replay samples").

    symbols   the free symbols of `range_constraints` (s77, ...), by the name
              the archive writes, with their [min, max] (max None = unbounded)
    dims      every user input's sizes as expressions of those symbols, taken
              from the placeholders' meta["val"] (2*s77), so relations hold
    sizes     example, min:<s>, max:<s>, one:<s>, random:<k> assignments;
              deduplicated, at least MIN_SAMPLES when any symbol is dynamic;
              a static program gets values:<k> samples instead (the example's
              sizes, fresh values) when any input's spec draws random values
    values    per sample, new tensors of the derived shapes: the case's INPUT
              spec (dtype, init, low, high) where one matches the leaf, else
              dtype-aware defaults; non-tensor leaves keep the example value
    guards    one symbol just outside its range (below-min, above-max), the
              others at their example value; every runtime must refuse them

Everything is seeded from the string "<case>:<seed>" (random.Random and
sha256, never hash() or the global RNGs), so the same case and seed give the
same samples on every machine. The mode is left out on purpose: when strict
and nonstrict programs have the same symbols and input expressions they get
the same samples, and the eager outputs are computed once.

Budget: the inputs of one sample hold at most `replay.max_elements` elements
(default 2**20). `max:<s>` is the largest value within both the range and the
budget; an unbounded symbol is also capped at UNBOUNDED_FACTOR x its example
value (at least UNBOUNDED_FLOOR): an input budget does not bound the work of
an attention layer, and "unbounded" has no edge to test.
"""

import dataclasses
import hashlib
import random
from typing import Any, Iterator

import sympy
import torch
import torch.utils._pytree as pytree
from torch.export._tree_utils import reorder_kwargs
from torch.utils._sympy.numbers import int_oo

from exporter.inputs import DTYPES, build_tensor
from exporter.protocol import Json

DEFAULT_MAX_ELEMENTS = 2**20
MIN_SAMPLES = 8
UNBOUNDED_FACTOR = 16
UNBOUNDED_FLOOR = 64
_TOP_UP_TRIES = 64


@dataclasses.dataclass(frozen=True)
class Symbol:
    name: str
    min: int
    max: int | None  # None: unbounded
    example: int


@dataclasses.dataclass
class Leaf:
    """One flat user input: a tensor's size expressions, a symbolic int, or a constant."""

    kind: str  # "tensor" | "symint" | "constant"
    dims: tuple[sympy.Expr, ...] = ()
    expr: sympy.Expr | None = None
    dtype: torch.dtype | None = None
    example: Any = None
    spec: Json | None = None  # the case's INPUT spec for this leaf, when one matches


@dataclasses.dataclass
class Sample:
    label: str
    sizes: dict[str, int]
    inputs: list[Any]  # flat, in_spec order, CPU


@dataclasses.dataclass
class Guard:
    label: str
    symbol: str
    value: int
    bound: str
    inputs: list[Any]


@dataclasses.dataclass
class Plan:
    """What the sampler knows about one program."""

    symbols: dict[str, Symbol]
    leaves: list[Leaf]
    case_key: str
    max_elements: int

    def signature(self) -> str:
        """Equal for two programs that get the same samples (strict vs nonstrict)."""
        syms = sorted((s.name, s.min, s.max, s.example) for s in self.symbols.values())
        return repr((syms, [(leaf.kind, [str(d) for d in leaf.dims], str(leaf.expr)) for leaf in self.leaves]))


# --- reading the program -----------------------------------------------------

def _bound(value: Any) -> int | None:
    if value in (int_oo, -int_oo, sympy.oo, -sympy.oo):
        return None
    return int(value)


def flat_inputs(args: tuple[Any, ...], kwargs: dict[str, Any], in_spec: pytree.TreeSpec) -> list[Any]:
    """BUNDLE.md's flat inputs: leaves of (args, kwargs reordered as in_spec)."""
    leaves, _ = pytree.tree_flatten((args, reorder_kwargs(kwargs, in_spec)))
    return leaves


class _SpecLeaf:
    """Stands for one INPUT spec in a tree that mirrors the inputs (a pytree leaf)."""

    def __init__(self, spec: Json) -> None:
        self.spec = spec


def _spec_tree(spec: Json) -> Any:
    from exporter.locate import import_object

    kind = spec.get("kind")
    if kind == "none":
        return None
    if kind in ("list", "tuple"):
        items = [_spec_tree(item) for item in spec["items"]]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        return {key: _spec_tree(item) for key, item in spec["items"].items()}
    if kind == "dataclass":
        cls = import_object(spec["type"])
        return cls(**{name: _spec_tree(item) for name, item in spec["fields"].items()})
    return _SpecLeaf(spec)


def leaf_specs(inputs_spec: Json | None, in_spec: pytree.TreeSpec, count: int) -> list[Json | None]:
    """The case's INPUT spec of each flat leaf, in pytree leaf order (None where unknown)."""
    spec = inputs_spec or {}
    if "upstream_exportdb" in spec or "opinfo" in spec:
        return [None] * count
    try:
        args = tuple(_spec_tree(item) for item in spec.get("args") or [])
        kwargs = {name: _spec_tree(item) for name, item in (spec.get("kwargs") or {}).items()}
        leaves = flat_inputs(args, kwargs, in_spec)
    except Exception:  # a structure the spec tree cannot mirror: fall back to defaults
        return [None] * count
    if len(leaves) != count:
        return [None] * count
    return [leaf.spec if isinstance(leaf, _SpecLeaf) else None for leaf in leaves]


def _expr(value: Any) -> sympy.Expr:
    if isinstance(value, torch.SymInt):
        return sympy.sympify(value.node.expr)
    return sympy.Integer(int(value))


def _leaves(ep: torch.export.ExportedProgram, example: list[Any], specs: list[Json | None]) -> list[Leaf]:
    placeholders = {n.name: n for n in ep.graph.nodes if n.op == "placeholder"}
    names = list(ep.graph_signature.user_inputs)
    if len(names) != len(example):
        raise ValueError(f"{len(names)} user inputs in the graph signature, {len(example)} flat example inputs")
    leaves = []
    for name, value, spec in zip(names, example, specs):
        meta = placeholders[name].meta.get("val") if name in placeholders else None
        if isinstance(meta, torch.Tensor) and isinstance(value, torch.Tensor):
            leaves.append(Leaf("tensor", dims=tuple(_expr(d) for d in meta.shape), dtype=value.dtype, example=value, spec=spec))
        elif isinstance(meta, torch.SymInt):
            leaves.append(Leaf("symint", expr=_expr(meta), example=value, spec=spec))
        else:
            leaves.append(Leaf("constant", example=value, spec=spec))
    return leaves


def _exprs(leaves: list[Leaf]) -> Iterator[tuple[sympy.Expr, int]]:
    """(expression, example value) for every dim and symbolic int."""
    for leaf in leaves:
        if leaf.kind == "tensor":
            yield from zip(leaf.dims, leaf.example.shape)
        elif leaf.kind == "symint" and leaf.expr is not None:
            yield leaf.expr, int(leaf.example)


def _example_value(symbol: sympy.Symbol, leaves: list[Leaf]) -> int | None:
    for expr, value in _exprs(leaves):
        if expr == symbol:
            return int(value)
    for expr, value in _exprs(leaves):
        if expr.free_symbols == {symbol}:
            roots = [r for r in sympy.solve(sympy.Eq(expr, value), symbol) if r.is_integer]
            if roots:
                return int(roots[0])
    return None


def plan(ep: torch.export.ExportedProgram, example: list[Any], case: Json) -> Plan:
    """Read symbols and input expressions from the program (training IR) and its flat example inputs."""
    in_spec = ep.call_spec.in_spec
    leaves = _leaves(ep, example, leaf_specs(case.get("inputs"), in_spec, len(example)))
    used = set()
    for expr, _ in _exprs(leaves):
        used |= expr.free_symbols
    symbols: dict[str, Symbol] = {}
    for key, vr in ep.range_constraints.items():
        if not isinstance(key, sympy.Symbol) or key not in used:
            continue
        value = _example_value(key, leaves)
        if value is None:
            continue
        symbols[str(key)] = Symbol(str(key), _bound(vr.lower) or 0, _bound(vr.upper), value)
    replay = case.get("replay") or {}
    budget = int(replay.get("max_elements") or DEFAULT_MAX_ELEMENTS)
    return Plan(symbols, leaves, f"{case.get('name')}:{int(replay.get('seed', 0))}", budget)


# --- sizes ---------------------------------------------------------------------

def _subs(expr: sympy.Expr, sizes: dict[str, int]) -> int:
    """`expr` at `sizes`. A size is almost always a number or one symbol: those skip sympy,
    which the binary search of `cap` would otherwise call thousands of times per case."""
    if expr.is_Integer:
        return int(expr)
    if expr.is_Symbol and str(expr) in sizes:
        return int(sizes[str(expr)])
    return int(expr.xreplace({s: sympy.Integer(sizes[str(s)]) for s in expr.free_symbols if str(s) in sizes}))


def shapes(p: Plan, sizes: dict[str, int]) -> list[tuple[int, ...] | None]:
    """Each leaf's shape under `sizes` (None for a non-tensor)."""
    return [tuple(_subs(d, sizes) for d in leaf.dims) if leaf.kind == "tensor" else None for leaf in p.leaves]


def elements(p: Plan, sizes: dict[str, int]) -> int:
    total = 0
    for shape in shapes(p, sizes):
        if shape is not None:
            n = 1
            for s in shape:
                n *= max(s, 0)
            total += n
    return total


def valid(p: Plan, sizes: dict[str, int]) -> bool:
    """No negative size, and the inputs within the element budget."""
    return all(s is None or min(s, default=0) >= 0 for s in shapes(p, sizes)) and elements(p, sizes) <= p.max_elements


def example_sizes(p: Plan) -> dict[str, int]:
    return {name: s.example for name, s in p.symbols.items()}


def cap(p: Plan, name: str, base: dict[str, int]) -> int | None:
    """The largest value of `name` within its range and the budget, others as in `base` (None: none valid)."""
    s = p.symbols[name]
    hi = s.max if s.max is not None else max(UNBOUNDED_FACTOR * s.example, UNBOUNDED_FLOOR, s.min)
    if not valid(p, {**base, name: s.min}):
        return None
    lo = s.min
    while lo < hi:  # elements grow with every symbol: binary search the last valid value
        mid = (lo + hi + 1) // 2
        if valid(p, {**base, name: mid}):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _rng(p: Plan, salt: str) -> random.Random:
    return random.Random(f"{p.case_key}:{salt}")


def _random_sizes(p: Plan, rng: random.Random) -> dict[str, int] | None:
    """Each symbol uniform in [min, cap], drawn in name order; undrawn ones sit at their min."""
    sizes = {name: s.min for name, s in p.symbols.items()}
    for name in sorted(p.symbols):
        top = cap(p, name, sizes)
        if top is None:
            return None
        sizes[name] = rng.randint(p.symbols[name].min, top)
    return sizes


def size_plan(p: Plan, randoms: int) -> list[tuple[str, dict[str, int]]]:
    """(label, sizes) for every sample: example first, then min/max/one per symbol, then random."""
    example = example_sizes(p)
    chosen: list[tuple[str, dict[str, int]]] = [("example", example)]
    if not p.symbols:
        # No size to vary: fresh values at the example's sizes still test what
        # the program computes (data-dependent sizes, value-dependent paths).
        if any(_has_random_values(leaf) for leaf in p.leaves):
            chosen += [(f"values:{k}", example) for k in range(max(randoms, MIN_SAMPLES - 1))]
        return chosen
    seen = {tuple(sorted(example.items()))}

    def add(label: str, sizes: dict[str, int] | None) -> None:
        if sizes is None or not valid(p, sizes):
            return
        key = tuple(sorted(sizes.items()))
        if key not in seen:
            seen.add(key)
            chosen.append((label, sizes))

    for name in sorted(p.symbols):
        s = p.symbols[name]
        add(f"min:{name}", {**example, name: s.min})
        top = cap(p, name, example)
        if top is not None:
            add(f"max:{name}", {**example, name: top})
        if s.min <= 1 and (s.max is None or s.max >= 1):
            add(f"one:{name}", {**example, name: 1})
    rng = _rng(p, "sizes")
    k = 0
    tries = 0
    while (k < randoms or len(chosen) < MIN_SAMPLES) and tries < randoms + _TOP_UP_TRIES:
        tries += 1
        before = len(chosen)
        add(f"random:{k}", _random_sizes(p, rng))
        if len(chosen) > before:
            k += 1
    return chosen


# --- values --------------------------------------------------------------------

def _generator(p: Plan, label: str) -> torch.Generator:
    seed = int.from_bytes(hashlib.sha256(f"{p.case_key}:{label}".encode()).digest()[:8], "little") & ((1 << 63) - 1)
    return torch.Generator(device="cpu").manual_seed(seed)


def _default_spec(dtype: torch.dtype) -> Json:
    names = {v: k for k, v in DTYPES.items()}
    name = names.get(dtype)
    if name is None:
        raise ValueError(f"no default values for dtype {dtype}")
    if dtype.is_floating_point or dtype.is_complex:
        return {"dtype": name, "init": "randn"}
    return {"dtype": name, "init": "randint"}  # ints 0..10, bools 0..2


def _has_value_spec(leaf: Leaf) -> bool:
    """A tensor leaf whose values come from the case's INPUT spec (else they are the example's)."""
    spec = leaf.spec
    return (leaf.kind == "tensor" and spec is not None and spec.get("kind") == "tensor"
            and DTYPES.get(spec.get("dtype") or "") == leaf.dtype)


def _has_random_values(leaf: Leaf) -> bool:
    """A leaf whose spec draws random values (zeros, ones, arange give the example's again)."""
    if not _has_value_spec(leaf):
        return False
    assert leaf.spec is not None
    return (leaf.spec.get("init") or "randn") in ("randn", "rand", "positive", "randint")  # normalized specs name it


def _tensor(leaf: Leaf, shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    spec = leaf.spec
    if not _has_value_spec(leaf):
        if tuple(leaf.example.shape) == shape:
            return leaf.example.clone()  # no spec: keep the example's values (they may be indices)
        spec = _default_spec(leaf.dtype) if leaf.dtype is not None else {}
    return build_tensor({**spec, "shape": list(shape)}, gen)


def build(p: Plan, label: str, sizes: dict[str, int]) -> list[Any]:
    """The flat inputs of one sample: new tensors of the derived shapes, derived ints, constants."""
    gen = _generator(p, label)
    values: list[Any] = []
    for leaf, shape in zip(p.leaves, shapes(p, sizes)):
        if leaf.kind == "tensor" and shape is not None:
            values.append(_tensor(leaf, shape, gen))
        elif leaf.kind == "symint" and leaf.expr is not None:
            values.append(_subs(leaf.expr, sizes))
        else:
            values.append(leaf.example)
    return values


def observed_sizes(p: Plan, flat: list[Any]) -> dict[str, int]:
    """The symbols' values in a given input set (an additional_inputs set), read where a dim is the bare symbol."""
    found: dict[str, int] = {}
    for leaf, value in zip(p.leaves, flat):
        pairs = zip(leaf.dims, value.shape) if leaf.kind == "tensor" and isinstance(value, torch.Tensor) else (
            [(leaf.expr, value)] if leaf.kind == "symint" and leaf.expr is not None else [])
        for expr, size in pairs:
            if isinstance(expr, sympy.Symbol) and str(expr) in p.symbols:
                found.setdefault(str(expr), int(size))
    return found


def samples(p: Plan, example: list[Any], randoms: int) -> list[Sample]:
    """Sample 0 is the example inputs themselves; the rest are built from their sizes."""
    out = []
    for label, sizes in size_plan(p, randoms):
        inputs = list(example) if label == "example" else build(p, label, sizes)
        out.append(Sample(label, sizes, inputs))
    return out


def guards(p: Plan) -> list[Guard]:
    """below-min:<s> (min-1 when >= 0) and above-max:<s> (max+1 when bounded and within budget)."""
    example = example_sizes(p)
    out = []
    for name in sorted(p.symbols):
        s = p.symbols[name]
        candidates = []
        if s.min - 1 >= 0:
            candidates.append((f"below-min:{name}", s.min - 1, f"min {s.min}"))
        if s.max is not None:
            candidates.append((f"above-max:{name}", s.max + 1, f"max {s.max}"))
        for label, value, bound in candidates:
            sizes = {**example, name: value}
            if valid(p, sizes):
                out.append(Guard(label, name, value, bound, build(p, label, sizes)))
    return out


def describe(sizes: dict[str, int], inputs: list[Any]) -> str:
    """'s0=4; inputs (4, 3), (8, 5)' for messages."""
    parts = [", ".join(f"{k}={v}" for k, v in sorted(sizes.items()))] if sizes else []
    dims = [f"({', '.join(str(d) for d in x.shape)}{',' if x.dim() == 1 else ''})" for x in inputs if isinstance(x, torch.Tensor)]
    if dims:
        parts.append("inputs " + ", ".join(dims))
    return "; ".join(parts)
