"""Fixtures of the C++ executor tests (tests/cpp/{program,runtime}).

Run from the repository root with the project's Python:
    .venv/bin/python tests/data/executor/make_fixtures.py [NAME ...]
With names, it (re)writes only those fixtures (<name>.pt2 and
expected/<name>.pt), leaving the others and the seed expectations alone.
It writes, next to this file:
  pickled_tensor.pt    torch.save of a 2x2 tensor (a use_pickle payload)
  <name>.pt2           small programs for features the frozen seed archives
                       lack (buffer and user-input mutation, map, while_loop,
                       scan, sym-int inputs, a derived dim, data-dependent
                       asserts, wrap_with_set_grad_enabled,
                       wrap_with_autocast)
  expected/<name>.pt   torch.save(flat_outputs) of the archive's own sample
                       inputs (data/sample_inputs) for every fixture and for
                       the frozen seed archives
                       (golden/archives/2.13.0) and the torch 2.11 reference
                       archives (../shared/reference/torch-2.11-archives),
                       outputs from Python's ExportedProgram.module().
"""
import contextlib
import copy
import glob
import os
import sys

import torch
from torch.export import Dim
from torch.export._tree_utils import reorder_kwargs
from torch.utils._pytree import tree_flatten

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, ROOT)  # exportdb.types: dataclasses some seed archives take
torch.manual_seed(0)


class Counter(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("count", torch.zeros(3))

    def forward(self, x):
        self.count.add_(1)
        return x + self.count


class InputMutation(torch.nn.Module):
    def forward(self, x, y):
        x.add_(y)
        return x * 2


class MapModel(torch.nn.Module):
    def forward(self, xs, y):
        return torch._higher_order_ops.map(lambda x, y: x.sin() + y, xs, y)


class WhileModel(torch.nn.Module):
    def forward(self, i, x):
        return torch._higher_order_ops.while_loop(
            lambda i, x: i < 5, lambda i, x: (i + 1, x * 2), (i, x))


class ScanModel(torch.nn.Module):
    def forward(self, xs):
        def combine(carry, x):
            nxt = carry + x
            return nxt, nxt * 2
        return torch._higher_order_ops.scan(combine, torch.zeros(3), xs)


class SymIntInput(torch.nn.Module):
    def forward(self, x, n: int):
        return x * n, n + 1


class DerivedDim(torch.nn.Module):
    def forward(self, x, y):
        return x.sum() + y[: x.shape[0]].sum(), torch.cat([x, x]) + y


class AssertScalar(torch.nn.Module):
    def forward(self, x):
        n = x.item()
        torch._check(n >= 2)
        torch._check(n <= 10)
        return torch.ones(n) * 2


class Cholesky(torch.nn.Module):
    """At core_aten, linalg.cholesky's error check is an effectful op: with_effects(token, ...)."""

    def forward(self, x):
        return torch.linalg.cholesky(x)


class Renorm(torch.nn.Module):
    """At core_aten and float16, renorm keeps prims.convert_element_type (torch 2.13), a Python-only op."""

    def forward(self, x):
        return torch.renorm(x, 2, 0, 1.0)


class NoGradRegion(torch.nn.Module):
    """Strict export of a no_grad region (as in Hugging Face Bloom's forward):
    wrap_with_set_grad_enabled(False, submod, x) returning two values."""

    def forward(self, x):
        with torch.no_grad():
            y = x * 2
            s = x.sin()
        return y + 1, s


class EnableGradRegion(torch.nn.Module):
    """Exported under torch.no_grad() (EXPORT_NO_GRAD): the enable_grad region is
    wrap_with_set_grad_enabled(True, submod, x); y requires grad, y + 1 not."""

    def forward(self, x):
        with torch.enable_grad():
            y = x * 2
        return y, y + 1


class AutocastRegion(torch.nn.Module):
    """Strict export of a CPU autocast region: wrap_with_autocast('cpu',
    bfloat16, True, None, submod, x, w). The matmul inside runs in bfloat16,
    the one after it in float32."""

    def forward(self, x, w):
        with torch.autocast("cpu", dtype=torch.bfloat16):
            y = x @ w
        return y, x @ w


FIXTURES = {
    "counter": (Counter(), (torch.randn(3),), {}, None),
    "input_mutation": (InputMutation(), (torch.randn(2, 3), torch.randn(2, 3)), {}, None),
    "map": (MapModel(), (torch.randn(4, 3), torch.randn(3)), {}, None),
    "while_loop": (WhileModel(), (torch.tensor(0), torch.randn(2)), {}, None),
    "scan": (ScanModel(), (torch.randn(4, 3),), {}, None),
    "sym_int_input": (SymIntInput(), (torch.randn(2), 3), {}, None),
    "assert_scalar": (AssertScalar(), (torch.tensor(4),), {}, None),
    "derived_dim": (DerivedDim(), (torch.randn(3, 2), torch.randn(6, 2)), {},
                    None),
    "with_effects": (Cholesky(), (torch.eye(3) * 2 + 0.5,), {}, None),  # positive-definite
    "prims_convert": (Renorm(), (torch.arange(12, dtype=torch.float16).reshape(3, 4) / 4,), {}, None),
    "set_grad_enabled": (NoGradRegion(), (torch.randn(3),), {}, None),
    "enable_grad": (EnableGradRegion(), (torch.randn(3),), {}, None),
    "autocast": (AutocastRegion(), (torch.randn(2, 3), torch.randn(3, 4)), {}, None),
}
# Saved at IR core_aten (run_decompositions(None)) rather than training.
CORE_ATEN = {"with_effects", "prims_convert"}
# Exported with strict=True (torch.export's default is non-strict): only
# Dynamo wraps grad-mode and autocast regions in higher-order ops.
STRICT = {"set_grad_enabled", "enable_grad", "autocast"}
# Exported under torch.no_grad(), so that an enable_grad region is a region.
EXPORT_NO_GRAD = {"enable_grad"}


def plain(v):
    if isinstance(v, torch.Tensor):
        return v.detach().clone()
    return v


def flat_io(ep, args, kwargs):
    kwargs = reorder_kwargs(kwargs, ep.call_spec.in_spec) if kwargs else {}
    flat_in, _ = tree_flatten((args, kwargs))
    out = ep.module()(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    flat_out, _ = tree_flatten(out)
    return [plain(v) for v in flat_in], [plain(v) for v in flat_out]


def expected_for_archive(path, name):
    try:
        ep = torch.export.load(path)
    except Exception as e:  # noqa: BLE001 - reported, not fatal
        print(f"{name}: skipped: {type(e).__name__}: {str(e)[:120]}")
        return
    args, kwargs = ep.example_inputs
    torch.save(flat_io(ep, args, kwargs)[1], os.path.join(HERE, "expected", name + ".pt"))


def main(names):
    unknown = [n for n in names if n not in FIXTURES]
    if unknown:
        print(f"unknown fixtures: {', '.join(unknown)} (known: {', '.join(FIXTURES)})")
        return 2
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    if not names:
        # a use_pickle payload for the tensor loader test
        torch.save(torch.arange(4.0).reshape(2, 2), os.path.join(HERE, "pickled_tensor.pt"))
    for name, (model, args, kwargs, dynamic) in FIXTURES.items():
        if names and name not in names:
            continue
        if name == "derived_dim":
            dx = Dim("dx", min=2, max=16)
            dynamic = {"x": {0: dx}, "y": {0: 2 * dx}}
        with torch.no_grad() if name in EXPORT_NO_GRAD else contextlib.nullcontext():
            ep = torch.export.export(model, copy.deepcopy(args), kwargs, dynamic_shapes=dynamic,
                                     strict=name in STRICT)
        if name in CORE_ATEN:
            ep = ep.run_decompositions(None)
        path = os.path.join(HERE, name + ".pt2")
        torch.export.save(ep, path)
        expected_for_archive(path, name)
    if names:
        return 0
    for path in sorted(glob.glob(os.path.join(ROOT, "golden/archives/2.13.0/*/*/*.pt2"))):
        case, mode, ir = path.split(os.sep)[-3], path.split(os.sep)[-2], path.split(os.sep)[-1][:-4]
        expected_for_archive(path, f"seed.{case}.{mode}.{ir}")
    for path in sorted(glob.glob(os.path.join(ROOT, "../shared/reference/torch-2.11-archives/*.pt2"))):
        name = os.path.basename(path)[:-4]
        if name.endswith(".cuda"):
            continue  # exported on CUDA: its module() needs a GPU
        expected_for_archive(path, f"torch211.{name}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
