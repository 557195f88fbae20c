"""The models of every example on the torch.export documentation page
(shared/seed/torch.export.md), one class each."""

from typing import Any, Callable

import torch

from exportdb.types import D


class SinCos(torch.nn.Module):
    """Overview: sin(x) + cos(y) of two static tensors."""

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return torch.sin(x) + torch.cos(y)


class ConvKwargs(torch.nn.Module):
    """Exporting a model: conv 3->16 with an in-place add_ of the keyword-only input `constant`, relu, maxpool."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(in_channels=3, out_channels=16, kernel_size=3, padding=1)
        self.relu = torch.nn.ReLU()
        self.maxpool = torch.nn.MaxPool2d(kernel_size=3)

    def forward(self, x: torch.Tensor, *, constant: torch.Tensor | None = None) -> torch.Tensor:
        a = self.conv(x)
        a.add_(constant)
        return self.maxpool(self.relu(a))


class TwoBranches(torch.nn.Module):
    """Expressing dynamism: two Linear+ReLU branches sharing a batch dim; `self.buffer` is a
    plain tensor attribute, so export lifts it as a constant (not a buffer)."""

    def __init__(self) -> None:
        super().__init__()
        self.branch1 = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.ReLU())
        self.branch2 = torch.nn.Sequential(torch.nn.Linear(128, 64), torch.nn.ReLU())
        self.buffer = torch.ones(32)

    def forward(self, x1: torch.Tensor, x2: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out1 = self.branch1(x1)
        out2 = self.branch2(x2)
        return (out1 + self.buffer, out2)


class DimRelation(torch.nn.Module):
    """Named Dims: y's first dim is 2 * x's first dim (dynamic_shapes x: (dx, None), y: (2*dx, dh))."""

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return x.sum(1).repeat_interleave(2)[: y.shape[0]] + y[:, 0]


class DimHints(torch.nn.Module):
    """Dim hints: x (N, 3), y (N, M) with Dim.DYNAMIC / Dim.AUTO; export infers x.shape[0] == y.shape[0]."""

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return x.sum(1) + y.sum(1)


class NestedInputs(torch.nn.Module):
    """ShapesCollection: one dict input {"x": ..., "others": [y, z]}; dims assigned per tensor."""

    def forward(self, inp: dict[str, Any]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        x = inp["x"] * 1
        y = inp["others"][0] * 2
        z = inp["others"][1] * 3
        return x, y, z


class DataclassInput(torch.nn.Module):
    """AdditionalInputs: a pytree-registered dataclass input; export infers which fields vary."""

    def forward(self, d: D) -> torch.Tensor:
        return d.i + d.f + d.t


class ConvBN(torch.nn.Module):
    """Export IR and decompositions: conv 1->3 (k1) + BatchNorm2d in training mode, returns (x,)."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 3, 1, 1)
        self.bn = torch.nn.BatchNorm2d(3)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor]:
        x = self.conv(x)
        x = self.bn(x)
        return (x,)


class CondOnSize(torch.nn.Module):
    """Control flow: torch.cond on a dynamic size, sin branch when x.shape[0] > 4, else cos."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cond(x.shape[0] > 4, lambda x: x.sin(), lambda x: x.cos(), (x,))


class MyModule(torch.nn.Module):
    """Serialization: x + 10, saved with torch.export.save and reloaded with torch.export.load."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + 10


def _double_conv2d(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None,
                   stride: list[int] = [1, 1], padding: list[int] = [0, 0],
                   dilation: list[int] = [1, 1], groups: int = 1) -> torch.Tensor:
    return 2 * torch.ops.aten.convolution(x, weight, bias, stride, padding, dilation, False, [0, 0], groups)


def double_conv_table() -> dict[Any, Callable[..., Any]]:
    """The page's custom decomposition table: core ATen, with conv2d -> 2 * convolution."""
    table = torch.export.default_decompositions()
    table[torch.ops.aten.conv2d.default] = _double_conv2d
    return table
