"""Writes the small torch.export archives the C++ golden/archive tests read.

Run from anywhere with the project's venv: `.venv/bin/python tests/data/archives/make_archives.py`.
Each archive covers IR features the torch 2.11 reference archives
(../../../../shared/reference/torch-2.11-archives) lack. Keep inputs tiny: every
archive also stores its sample inputs.
"""
import os

import torch
from torch.export import Dim, export

HERE = os.path.dirname(os.path.abspath(__file__))


class CondDyn(torch.nn.Module):
    """Same program as the 2.11 reference cond_dyn.pt2: both must print the same."""

    def forward(self, x):
        return torch.cond(x.shape[0] > 4, lambda x: x.sin(), lambda x: x.cos(), (x,))


class BatchNormTrain(torch.nn.Module):
    """Training-mode BatchNorm: after run_decompositions, buffer mutations are outputs."""

    def __init__(self):
        super().__init__()
        self.bn = torch.nn.BatchNorm1d(3)

    def forward(self, x):
        return self.bn(x)


class KwargsConst(torch.nn.Module):
    """Keyword-only inputs, a lifted tensor constant, dtype/device/bool/float arguments."""

    def __init__(self):
        super().__init__()
        self.c = torch.tensor([1.0, 2.0])  # plain attribute -> lifted constant

    def forward(self, x, *, scale=None):
        y = (x * scale).to(torch.float64)
        z = torch.zeros(2, dtype=torch.int32, device=x.device)
        return y.sum(dim=[0], keepdim=True) + self.c, z, torch.nn.functional.leaky_relu(x, 0.2)


class SymExprs(torch.nn.Module):
    """Derived dim (2*dx), FloorDiv/Mod/Add sym values, an unbacked size with runtime asserts."""

    def forward(self, x, y):
        n = torch.nonzero(x)
        half = y[: y.shape[0] // 2] * (y.shape[0] - 1)
        return n, half, y.new_zeros(y.shape[0] % 3 + 1), torch.cat([y, y[1:]])


class MapDyn(torch.nn.Module):
    """torch map (map_impl) over a dimension with no upper bound."""

    def forward(self, xs, y):
        from torch._higher_order_ops.map import map as hop_map

        return hop_map(lambda x, y: x + y, xs, y)


def main():
    dx = Dim("dx", min=2, max=100)
    programs = {
        "cond_dyn": export(CondDyn(), (torch.randn(6, 3),), dynamic_shapes={"x": {0: Dim("n", min=2, max=64)}}),
        "bn_core": export(BatchNormTrain(), (torch.randn(4, 3),)).run_decompositions(),
        "kwargs_const": export(KwargsConst(), (torch.randn(2),), {"scale": torch.tensor(2.0)}),
        "sym_exprs": export(SymExprs(), (torch.tensor([1, 0, 2]), torch.randn(8)),
                            dynamic_shapes={"x": None, "y": {0: 2 * dx}}),
        "map_dyn": export(MapDyn(), (torch.randn(3, 4), torch.randn(4)),
                          dynamic_shapes={"xs": {0: Dim.AUTO}, "y": None}),
    }
    for name, ep in programs.items():
        path = os.path.join(HERE, name + ".pt2")
        torch.export.save(ep, path)
        size = os.path.getsize(path)
        assert size < 50_000, f"{path} is {size} bytes; keep fixtures small"
        print(f"{path}: {size} bytes, torch {torch.__version__}")


if __name__ == "__main__":
    main()
