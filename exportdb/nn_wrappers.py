"""Wrappers that adapt a torch.nn class for a case without writing a model:
`Eval` / `EvalPair` build any module in eval mode (one explicit input each,
so a case's dynamic_shapes has one entry per input); `Activations` chains
activations."""

import importlib
from typing import Any

import torch


class Eval(torch.nn.Module):
    """Builds `module.cls(**kwargs)` and puts it in eval mode (BatchNorm uses running stats, dropout is off)."""

    def __init__(self, module: str, cls: str, kwargs: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.inner = getattr(importlib.import_module(module), cls)(**(kwargs or {}))
        self.eval()

    def forward(self, x: Any) -> Any:
        return self.inner(x)


class EvalPair(Eval):
    """`Eval` for a module whose forward takes two inputs (e.g. a decoder's target and memory)."""

    def forward(self, x: Any, y: Any) -> Any:  # type: ignore[override]
        return self.inner(x, y)


class Activations(torch.nn.Module):
    """ReLU, LeakyReLU, PReLU (a parameter), GELU (tanh), SiLU, Hardswish, Softplus, ELU, Softmax, LogSoftmax."""

    def __init__(self) -> None:
        super().__init__()
        self.prelu = torch.nn.PReLU(8)
        self.gelu = torch.nn.GELU(approximate="tanh")

    def forward(self, x: torch.Tensor):
        a = torch.relu(x) + torch.nn.functional.leaky_relu(x, 0.1) + self.prelu(x) + self.gelu(x)
        b = torch.nn.functional.silu(x) + torch.nn.functional.hardswish(x) + torch.nn.functional.softplus(x) + torch.nn.functional.elu(x)
        return a * b, torch.softmax(x, dim=-1), torch.log_softmax(x, dim=1)
