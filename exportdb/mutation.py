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
