"""Device availability and moving input/output trees between devices."""

from typing import Any

import torch
import torch.utils._pytree as pytree


def unavailable_reason(device: str) -> str | None:
    """None when `device` can run here, else why not (reported, not raised)."""
    kind = torch.device(device).type
    if kind == "cpu":
        return None
    if kind == "cuda":
        return None if torch.cuda.is_available() else "CUDA not available"
    return f"device {device!r} is not supported by exportcheck"


def to_device(tree: Any, device: str) -> Any:
    """Move every tensor leaf (dataclasses included: they are pytree nodes)."""
    return pytree.tree_map(
        lambda x: x.to(device) if isinstance(x, torch.Tensor) else x, tree
    )


def detach(tree: Any) -> Any:
    """Drop autograd history so outputs pickle and compare as plain values."""
    return pytree.tree_map(
        lambda x: x.detach() if isinstance(x, torch.Tensor) else x, tree
    )
