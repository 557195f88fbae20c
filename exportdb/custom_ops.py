"""Custom operators defined with torch.library, each with a fake (meta)
kernel so export can trace them. Any process that runs a program using
them must import this module first."""

import torch


@torch.library.custom_op("exportcheck::scaled_sin", mutates_args=())
def scaled_sin(x: torch.Tensor, scale: float) -> torch.Tensor:
    return torch.sin(x) * scale


@scaled_sin.register_fake
def _(x: torch.Tensor, scale: float) -> torch.Tensor:
    return torch.empty_like(x)


@torch.library.custom_op("exportcheck::topk_mask", mutates_args=())
def topk_mask(x: torch.Tensor, k: int) -> torch.Tensor:
    idx = x.topk(k, dim=-1).indices
    return torch.zeros_like(x).scatter(-1, idx, 1.0)


@topk_mask.register_fake
def _(x: torch.Tensor, k: int) -> torch.Tensor:
    return torch.empty_like(x)
