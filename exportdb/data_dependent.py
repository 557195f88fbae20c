"""Data-dependent ops: nonzero, boolean masks, .item() guarded with
torch._check, tolist-driven sizes."""

import torch


class Nonzero(torch.nn.Module):
    """nonzero and masked_select produce outputs whose size depends on the data (unbacked symbols)."""

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        idx = torch.nonzero(x > 0)
        return idx, torch.masked_select(x, x > 0) * 2


class ItemCheck(torch.nn.Module):
    """.item() of an int tensor sizes a new tensor and a narrow; torch._check bounds the value."""

    def forward(self, x: torch.Tensor, k: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        n = k.item()
        torch._check(n >= 1)
        torch._check(n <= x.shape[0])
        return x[:n] * 2, torch.ones(n, 3)


class ItemFloat(torch.nn.Module):
    """.item() of a float tensor used as a scalar multiplier (an unbacked float)."""

    def forward(self, x: torch.Tensor, s: torch.Tensor) -> torch.Tensor:
        return x * s.item() + 1.0


class ItemUnchecked(torch.nn.Module):
    """.item() used as a slice bound without torch._check: export cannot prove 0 <= n <= size."""

    def forward(self, x: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
        n = k.item()
        return torch.ones(n, 3) + x.sum()
