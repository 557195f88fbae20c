"""Models calling the custom ops of exportdb.custom_ops."""

import torch

import exportdb.custom_ops  # noqa: F401  (registers exportcheck::*)


class CustomOps(torch.nn.Module):
    """A Linear followed by two torch.library custom ops with fake kernels."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(8, 8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.ops.exportcheck.scaled_sin(self.fc(x), 2.0)
        return y * torch.ops.exportcheck.topk_mask(y, 3)
