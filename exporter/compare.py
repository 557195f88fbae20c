"""Compare an output pytree with the eager reference.

Order: type and count (containers), then per tensor shape, dtype, device and
values (torch.testing.assert_close, NaN == NaN). The first difference is
reported as one line that names its path, e.g.
    output[1]['x']: values differ: max abs error 0.25 (atol 1e-05), ...

Tolerances are the harness's: a replay request carries `tolerances`, the
per-dtype table with the case's override already applied
(exporter/protocol.py `Tolerances`, resolved by harness/worker/tolerance.h).
This module has no table of its own.
"""

import dataclasses
import math
from typing import Any

import torch

from exporter.protocol import DEFAULT_DTYPE, Tolerances


def tolerance_for(tolerances: Tolerances, dtype: torch.dtype) -> tuple[float, float]:
    """(atol, rtol) for `dtype` from the resolved table the harness sent: the
    dtype's own entry, else "default"."""
    name = _dtype(dtype)
    entry = tolerances[name] if name in tolerances else tolerances.get(DEFAULT_DTYPE)
    if entry is None:
        raise ValueError(f"tolerances name neither {name!r} nor {DEFAULT_DTYPE!r}")
    return float(entry["atol"]), float(entry["rtol"])


def _shape(t: torch.Tensor) -> str:
    return "(" + ", ".join(str(s) for s in t.shape) + ("," if t.dim() == 1 else "") + ")"


def _dtype(d: torch.dtype) -> str:
    return str(d).removeprefix("torch.")


def summarize(t: torch.Tensor) -> str:
    """min/max/mean (and NaN count) of a tensor, for mismatch messages."""
    if t.numel() == 0:
        return "empty"
    v = t.detach().to("cpu")
    if v.is_complex():
        v = v.abs()
    v = v.to(torch.float64)
    text = f"min {v.min().item():.6g} max {v.max().item():.6g} mean {v.mean().item():.6g}"
    nans = int(torch.isnan(v).sum())
    return text + (f" nan {nans}" if nans else "")


def _value_mismatch(path: str, actual: torch.Tensor, expected: torch.Tensor, atol: float, rtol: float) -> str:
    a = actual.detach().to("cpu")
    e = expected.detach().to("cpu")
    wide = torch.complex128 if (a.is_complex() or e.is_complex()) else torch.float64
    a, e = a.to(wide), e.to(wide)
    same = (a == e) | (torch.isnan(a) & torch.isnan(e))
    diff = torch.where(same, torch.zeros((), dtype=torch.float64), (a - e).abs().to(torch.float64))
    diff = torch.nan_to_num(diff, nan=math.inf)  # NaN against a number, inf against a number
    scale = e.abs().to(torch.float64)
    rel = torch.where(diff == 0, torch.zeros_like(diff), diff / scale)
    bad = diff > atol + rtol * scale
    return (
        f"{path}: values differ: max abs error {diff.max().item():.6g} (atol {atol:.3g}), "
        f"max rel error {rel.max().item():.6g} (rtol {rtol:.3g}), "
        f"{int(bad.sum())}/{bad.numel()} elements mismatched; "
        f"actual {summarize(actual)}; expected {summarize(expected)}"
    )


def _compare_tensor(path: str, actual: torch.Tensor, expected: torch.Tensor, tolerances: Tolerances) -> str | None:
    if actual.shape != expected.shape:
        return f"{path}: shape {_shape(actual)} != expected {_shape(expected)}"
    if actual.dtype != expected.dtype:
        return f"{path}: dtype {_dtype(actual.dtype)} != expected {_dtype(expected.dtype)}"
    if actual.device != expected.device:
        return f"{path}: device {actual.device} != expected {expected.device}"
    a_tol, r_tol = tolerance_for(tolerances, expected.dtype)
    try:
        torch.testing.assert_close(actual, expected, atol=a_tol, rtol=r_tol, equal_nan=True)
    except AssertionError:
        return _value_mismatch(path, actual, expected, a_tol, r_tol)
    return None


def _compare_scalar(path: str, actual: Any, expected: Any, tolerances: Tolerances) -> str | None:
    if isinstance(expected, float):
        a_tol, r_tol = tolerance_for(tolerances, torch.float32)
        a = float(actual)
        if (math.isnan(a) and math.isnan(expected)) or abs(a - expected) <= a_tol + r_tol * abs(expected):
            return None
        return f"{path}: {a!r} != expected {expected!r} (abs error {abs(a - expected):.6g})"
    if actual != expected:
        return f"{path}: {actual!r} != expected {expected!r}"
    return None


def _type_name(x: Any) -> str:
    return "Tensor" if isinstance(x, torch.Tensor) else type(x).__name__


def compare(actual: Any, expected: Any, tolerances: Tolerances, path: str = "output") -> str | None:
    """None when `actual` matches `expected` within `tolerances`, else the first difference as one line."""
    if isinstance(expected, torch.Tensor):
        if not isinstance(actual, torch.Tensor):
            return f"{path}: type {_type_name(actual)} != expected Tensor"
        return _compare_tensor(path, actual, expected, tolerances)
    # Exact types: list vs tuple, or a namedtuple vs a tuple, are differences.
    if type(actual) is not type(expected):
        # A module output may come back as a plain number where eager had the same kind of number.
        numbers = (int, float)
        if not (type(actual) in numbers and type(expected) in numbers):
            return f"{path}: type {_type_name(actual)} != expected {_type_name(expected)}"
    if isinstance(expected, (list, tuple)):
        if len(actual) != len(expected):
            return f"{path}: {len(actual)} items != expected {len(expected)}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            if (msg := compare(a, e, tolerances, f"{path}[{i}]")) is not None:
                return msg
        return None
    if isinstance(expected, dict):
        missing = [k for k in expected if k not in actual]
        extra = [k for k in actual if k not in expected]
        if missing or extra:
            return f"{path}: keys differ: missing {missing!r}, unexpected {extra!r}"
        for key, e in expected.items():
            if (msg := compare(actual[key], e, tolerances, f"{path}[{key!r}]")) is not None:
                return msg
        return None
    if dataclasses.is_dataclass(expected):
        for field in dataclasses.fields(expected):
            msg = compare(getattr(actual, field.name), getattr(expected, field.name), tolerances, f"{path}.{field.name}")
            if msg is not None:
                return msg
        return None
    if expected is None:
        return None
    return _compare_scalar(path, actual, expected, tolerances)


def output_paths(spec: Any) -> list[str]:
    """'output[0]', "output[1]['x']", ... for each leaf of an output TreeSpec."""
    import torch.utils._pytree as pytree

    tree = pytree.tree_unflatten(list(range(spec.num_leaves)), spec)
    return ["output" + pytree.keystr(path) for path, _ in pytree.tree_flatten_with_path(tree)[0]]


def compare_flat(actual: Any, expected: list[Any], out_spec: str, devices: list[str] | None,
                 tolerances: Tolerances, values: bool = True) -> str | None:
    """A runtime's result against a format-2 bundle's flat eager outputs (BUNDLE.md).

    Order: structure (the result's TreeSpec against the bundle's `out_spec`,
    which covers container types and count), then per leaf type, shape,
    dtype, device (`output_devices`: where eager had the tensor) and values.
    Paths name the leaf in the output tree, e.g. "output[1]['x']".
    values=False (the bundle's `unchecked_values`: a random op) stops before
    the values of tensors and numbers.
    """
    import torch.utils._pytree as pytree

    leaves, spec = pytree.tree_flatten(actual)
    try:
        actual_spec = pytree.treespec_dumps(spec)
    except Exception:  # a type the serializer does not know: compare the count only
        actual_spec = None
    if actual_spec is not None and out_spec and actual_spec != out_spec:
        return f"output: structure {spec} != expected {out_spec}"
    if len(leaves) != len(expected):
        return f"output: {len(leaves)} leaves != expected {len(expected)}"
    try:
        paths = output_paths(spec)
    except Exception:
        paths = [f"output.leaf[{i}]" for i in range(len(leaves))]
    for i, (a, e) in enumerate(zip(leaves, expected)):
        path = paths[i]
        if isinstance(e, torch.Tensor):
            if not isinstance(a, torch.Tensor):
                return f"{path}: type {_type_name(a)} != expected Tensor"
            want = devices[i] if devices and i < len(devices) and devices[i] else str(e.device)
            if a.shape != e.shape:
                return f"{path}: shape {_shape(a)} != expected {_shape(e)}"
            if a.dtype != e.dtype:
                return f"{path}: dtype {_dtype(a.dtype)} != expected {_dtype(e.dtype)}"
            if a.device != torch.device(want):
                return f"{path}: device {a.device} != expected {torch.device(want)}"
            msg = _compare_tensor(path, a.detach().to("cpu"), e, tolerances) if values else None
        elif not values and isinstance(e, (int, float, bool)) and isinstance(a, (int, float, bool)):
            msg = None
        else:
            msg = compare(a, e, tolerances, path)
        if msg is not None:
            return msg
    return None
