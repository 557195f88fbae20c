"""Models for dynamic-shape edge cases: sizes at a Dim's min, 0/1
specialization, relations between inputs, specialization inside a range."""

import torch


class PairAdd(torch.nn.Module):
    """x + y and x @ y.T-free ops on two inputs of the same shape."""

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return (x + y).relu() * x.shape[0]


class ShiftedPair(torch.nn.Module):
    """y is one longer than x (dy = dx + 1): the difference of y's neighbours is added to x."""

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return x + (y[1:] - y[:-1])


class Specializes(torch.nn.Module):
    """reshape(4, -1) forces the leading dim to 4, contradicting a declared dynamic Dim."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(4, -1).sum(0) + x.shape[0]


class RowNorm(torch.nn.Module):
    """Normalizes each row; rows and columns both dynamic."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x / (x.norm(dim=1, keepdim=True) + 1e-6)


class DynamicScalar(torch.nn.Module):
    """An int input marked dynamic, used as a repeat count."""

    def forward(self, x: torch.Tensor, n: int) -> torch.Tensor:
        return x.repeat(n, 1) * 2
