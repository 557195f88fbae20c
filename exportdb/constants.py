"""Lifted constants and buffers: plain tensor attributes, tensors created in
forward, persistent and non-persistent buffers, parameters without grad."""

import torch


class ConstantsAndBuffers(torch.nn.Module):
    """A persistent buffer, a non-persistent buffer, a plain tensor attribute (lifted constant),
    a frozen parameter, and a tensor literal built in forward."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("scale", torch.linspace(0.5, 1.5, 8))
        self.register_buffer("offset", torch.arange(8.0), persistent=False)
        self.table = torch.randn(8)
        self.frozen = torch.nn.Parameter(torch.randn(8), requires_grad=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        literal = torch.tensor([1.0, -1.0]).repeat(4)
        return x * self.scale + self.offset + self.table * self.frozen + literal


class IntConstant(torch.nn.Module):
    """An int64 plain-tensor attribute used as an index (a lifted integer constant)."""

    def __init__(self) -> None:
        super().__init__()
        self.perm = torch.tensor([3, 1, 0, 2])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x[:, self.perm] * 2
