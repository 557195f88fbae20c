"""Models whose forward mutates its inputs or buffers in place."""

import torch


class InputMutation(torch.nn.Module):
    """An in-place add_ on a user input, which export records as an input mutation."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x.add_(1)
        return x * 2


class BufferCounter(torch.nn.Module):
    """A registered buffer incremented on every call; the output depends on the updated value."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("count", torch.zeros(1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.count.add_(1)
        return x + self.count


class InPlaceChain(torch.nn.Module):
    """In-place ops on intermediates (relu_, mul_, clamp_, index fill) that functionalization removes."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x * 1
        y.relu_()
        y.mul_(2)
        y[:, 0] = 1.0
        y.clamp_(max=3.0)
        return y + x


class MutateTwoInputs(torch.nn.Module):
    """Mutates two user inputs (one by slice assignment) and a buffer, and returns a view."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("total", torch.zeros(4))

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        x.mul_(2)
        y[0] = y[0] + x.sum(0)
        self.total.add_(x.sum(0))
        return (x + y)[:, :2]
