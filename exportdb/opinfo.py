"""PyTorch's OpInfo database (`op_db`) as exportcheck models.

An OpInfo describes one public operator with generated sample inputs
(`op.sample_inputs(device, dtype)`). A sample is `SampleInput(input, *args,
**kwargs)` where `input` may be a tensor or a list/tuple of tensors (cat,
stack) and args/kwargs mix tensors with Python values. One sample becomes one
program:

    OpInfoModel(op=KEY, dtype="float32", sample=0, seed=0)

is a module whose forward takes the sample's tensors (flattened, in pytree
order) as its inputs and holds every non-tensor leaf as a constant, and

    sample_tensors(KEY, "float32", 0, 0)

gives those tensors. Both come from the same seeded `sample_inputs` call, so a
case names the model and the inputs independently (exporter/suite.py, suite
`opinfo`). KEY is `name` or `name.variant_test_name` (upstream has entries
that share a name). Nothing of op_db is copied: it is read from the installed
torch (importing it needs the `expecttest` package).
"""

from __future__ import annotations

import functools
import gc
import itertools
from dataclasses import dataclass
from typing import Any

import torch
import torch.utils._pytree as pytree

from exporter.errors import CaseUnsupported

# Dtypes a lane may use, by the name cases carry.
DTYPES: dict[str, torch.dtype] = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16,
    "int64": torch.int64, "int32": torch.int32, "int16": torch.int16, "int8": torch.int8, "uint8": torch.uint8,
    "bool": torch.bool, "complex64": torch.complex64, "complex128": torch.complex128,
}
# The main lane's dtype: float32, else the first of these the op supports.
PRIMARY_ORDER = ("float32", "float64", "int64", "int32", "bool", "complex64", "float16", "bfloat16", "uint8", "int8", "int16")
# The second lane's dtype: the first of these the op supports (an integer, bool or half type).
EXTRA_ORDER = ("int64", "int32", "bool", "float16", "bfloat16", "uint8", "int8", "int16")

# Ops whose output values are not a function of their inputs: uninitialized
# memory (`values_reason`).
UNINITIALIZED = {"empty", "empty_like", "empty_strided", "empty_permuted", "new_empty", "new_empty_strided"}


def op_key(op: Any) -> str:
    return f"{op.name}.{op.variant_test_name}" if op.variant_test_name else op.name


@functools.cache
def ops() -> dict[str, Any]:
    """KEY -> OpInfo of the installed torch's op_db."""
    from torch.testing._internal.common_methods_invocations import op_db

    found: dict[str, Any] = {}
    for op in op_db:
        key = op_key(op)
        if key in found:
            raise ValueError(f"two OpInfos share the key {key!r} in torch {torch.__version__}")
        found[key] = op
    # The op_db (thousands of OpInfos and their closures) lives as long as the
    # worker: out of the cyclic collector's way, as the worker's start-up heap
    # (exporter/worker.py freeze_heap). Nothing of a case is alive yet here.
    gc.collect()
    gc.freeze()
    return found


def op_info(key: str) -> Any:
    known = ops()
    if key not in known:
        raise KeyError(f"no OpInfo {key!r} in torch {torch.__version__}'s op_db")
    return known[key]


def supported(op: Any) -> set[str]:
    dtypes = op.supported_dtypes("cpu")
    return {name for name, d in DTYPES.items() if d in dtypes}


def lane_dtypes(op: Any) -> list[str]:
    """[primary] or [primary, extra]: the dtypes the op's lanes use."""
    names = supported(op)
    primary = next((d for d in PRIMARY_ORDER if d in names), None)
    if primary is None:
        return []
    extra = next((d for d in EXTRA_ORDER if d in names and d != primary), None)
    return [primary] if extra is None else [primary, extra]


@dataclass
class Sample:
    """One SampleInput split into tensor leaves (the program's inputs) and the rest."""

    tensors: list[torch.Tensor]
    leaves: list[Any]             # every leaf; tensors where `tensor_at` says so
    tensor_at: list[int]          # index into leaves of each tensor, in order
    spec: pytree.TreeSpec         # of (input, args, kwargs)


@functools.cache
def _samples(key: str, dtype: str, count: int, seed: int) -> tuple[Sample, ...]:
    op = op_info(key)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        drawn = list(itertools.islice(op.sample_inputs("cpu", DTYPES[dtype], requires_grad=False), count))
    out = []
    for s in drawn:
        leaves, spec = pytree.tree_flatten((s.input, tuple(s.args), dict(s.kwargs)))
        at = [i for i, leaf in enumerate(leaves) if isinstance(leaf, torch.Tensor)]
        out.append(Sample([leaves[i] for i in at], leaves, at, spec))
    return tuple(out)


# The dynamic lane's sample: the first with a dimension that can stay dynamic.
FIRST_DYNAMIC = "first_dynamic"
DYNAMIC_WITHIN = 16


def first_dynamic_sample(key: str, dtype: str, seed: int = 0, within: int = DYNAMIC_WITHIN) -> int:
    """The first of the first `within` samples with a tensor dimension of size >= 2 (one
    Dim.AUTO can keep dynamic: sizes 0 and 1 specialize). CaseUnsupported when none has."""
    for index, s in enumerate(_samples(key, dtype, within, seed)):
        if any(size >= 2 for t in s.tensors for size in t.shape):
            return index
    raise CaseUnsupported(f"OpInfo {key}: none of its first {within} samples at {dtype} has a tensor dimension "
                          "of size 2 or more (Dim.AUTO specializes 0 and 1): nothing can stay dynamic")


def sample_index(key: str, dtype: str, index: int | str, seed: int = 0) -> int:
    return first_dynamic_sample(key, dtype, seed) if index == FIRST_DYNAMIC else int(index)


def sample(key: str, dtype: str, index: int | str, seed: int = 0) -> Sample:
    """Sample `index` of `op.sample_inputs("cpu", dtype)` drawn after torch.manual_seed(seed)
    (FIRST_DYNAMIC: `first_dynamic_sample`). A factory op's sample has no tensor: its program has no inputs."""
    if dtype not in supported(op_info(key)):
        names = ", ".join(sorted(str(d).removeprefix("torch.") for d in op_info(key).supported_dtypes("cpu"))) or "none"
        raise CaseUnsupported(f"OpInfo {key} does not support {dtype} on cpu (it supports: {names})")
    i = sample_index(key, dtype, index, seed)
    try:
        # The dynamic lane reads the same draw first_dynamic_sample made (cached by count).
        found = _samples(key, dtype, max(i + 1, DYNAMIC_WITHIN) if index == FIRST_DYNAMIC else i + 1, seed)
    except Exception as e:
        raise CaseUnsupported(f"OpInfo {key}: sample_inputs(cpu, {dtype}) raised {type(e).__name__}: "
                              f"{(str(e).splitlines() or [''])[0][:300]}") from e
    if i >= len(found):
        raise CaseUnsupported(f"OpInfo {key} has {len(found)} sample(s) at {dtype}; sample {i} asked for")
    return found[i]


def sample_tensors(key: str, dtype: str, index: int | str, seed: int = 0) -> tuple[torch.Tensor, ...]:
    """The sample's tensor leaves, fresh copies (forward may mutate them)."""
    return tuple(t.clone() for t in sample(key, dtype, index, seed).tensors)


class OpInfoModel(torch.nn.Module):
    """forward(*tensors) = op(input, *args, **kwargs) of one sample, non-tensor leaves held as constants.

    Built only for a sample eager runs (else CaseUnsupported with eager's
    message) whose outputs are tensors or numbers; `exportcheck_unchecked_values`
    says why values cannot be compared when the op is random (`values_reason`).
    """

    def __init__(self, op: str, dtype: str, sample: int | str = 0, seed: int = 0) -> None:
        super().__init__()
        index = sample_index(op, dtype, sample, seed)
        s = globals()["sample"](op, dtype, index, seed)  # the module function; `sample` is the kwarg
        self.key = op
        self.fn = op_info(op).op
        tensor_at = set(s.tensor_at)
        self.template = [None if i in tensor_at else leaf for i, leaf in enumerate(s.leaves)]
        self.tensor_at = list(s.tensor_at)
        self.spec = s.spec
        self._check_eager(s, dtype, index)
        self.exportcheck_unchecked_values = values_reason(op)

    def _check_eager(self, s: Sample, dtype: str, index: int) -> None:
        if any(t.layout != torch.strided for t in s.tensors):
            raise CaseUnsupported(f"OpInfo {self.key} sample {index} takes sparse tensors, which torch.export does not "
                                  "take as program inputs")
        try:
            with torch.random.fork_rng():
                out = self(*(t.clone() for t in s.tensors))
        except Exception as e:
            raise CaseUnsupported(f"eager rejects OpInfo {self.key} sample {index} ({dtype}): {type(e).__name__}: "
                                  f"{(str(e).splitlines() or [''])[0][:300]}") from e
        leaves = pytree.tree_leaves(out)
        if not leaves or not all(isinstance(x, (torch.Tensor, int, float, bool)) for x in leaves):
            kinds = ", ".join(sorted({type(x).__name__ for x in leaves})) or "nothing"
            raise CaseUnsupported(f"OpInfo {self.key} returns {kinds}, not tensors or numbers: nothing to compare")
        if any(isinstance(x, torch.Tensor) and x.layout != torch.strided for x in leaves):
            raise CaseUnsupported(f"OpInfo {self.key} sample {index} returns a sparse tensor, which a replay bundle "
                                  "cannot hold")

    def forward(self, *tensors: torch.Tensor) -> Any:
        leaves = list(self.template)
        for i, t in zip(self.tensor_at, tensors):
            leaves[i] = t
        inp, args, kwargs = pytree.tree_unflatten(leaves, self.spec)
        out = self.fn(inp, *args, **kwargs)
        # torch.return_types (max, sort, topk, ...) as plain tuples: torch.export.save
        # cannot serialize a program that returns one (the case pytree_return_types_out
        # keeps that gap in view); here it would hide some 70 operators.
        return tuple(out) if isinstance(out, tuple) and hasattr(type(out), "n_fields") else out


def values_reason(key: str) -> str | None:
    """Why the op's output values cannot be compared with eager, or None: ops that return
    uninitialized memory. (Ops that draw from the RNG are found in the exported graph by
    their nondeterministic_seeded tag, exporter/export_case.py `unchecked_values`: OpInfo
    wraps them in wrapper_set_seed, so eager alone looks deterministic.)"""
    op = op_info(key)
    if op.name in UNINITIALIZED:
        return f"{op.name} returns uninitialized memory: values are compared on shape, dtype and device only"
    return None


