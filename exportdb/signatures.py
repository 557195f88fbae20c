"""Forward signatures: keyword, optional and default inputs, scalar inputs,
scalar and multiple outputs."""

import torch


class OptionalKwargs(torch.nn.Module):
    """forward(x, *, bias=None, scale=1.0, mask=None): an optional tensor given, a None given, a float kwarg."""

    def forward(self, x: torch.Tensor, *, bias: torch.Tensor | None = None, scale: float = 1.0,
                mask: torch.Tensor | None = None) -> torch.Tensor:
        y = x * scale
        if bias is not None:
            y = y + bias
        if mask is not None:
            y = y.masked_fill(mask, 0.0)
        return y


class Defaults(torch.nn.Module):
    """forward(x, y=None, alpha=2, mode="sum"): only x is passed, every default is baked into the program."""

    def forward(self, x: torch.Tensor, y: torch.Tensor | None = None, alpha: int = 2, mode: str = "sum") -> torch.Tensor:
        if y is None:
            y = torch.ones_like(x)
        z = x * alpha + y
        return z.sum(-1) if mode == "sum" else z.mean(-1)


class ScalarInputs(torch.nn.Module):
    """int, float and bool inputs, which export specializes to the example values."""

    def forward(self, x: torch.Tensor, n: int, f: float, flag: bool) -> torch.Tensor:
        y = x.repeat(1, n) * f
        return y.relu() if flag else y


class ScalarOutputs(torch.nn.Module):
    """Multiple outputs including a symbolic int (x.shape[0] * 2), a constant int and a float."""

    def forward(self, x: torch.Tensor):
        values, indices = x.max(dim=1)
        return x.sum(1), x.shape[0] * 2, 7, 0.5, values, indices


class ReturnTypesOut(torch.nn.Module):
    """Returns x.max(dim=1) as is: a torch.return_types.max structseq output."""

    def forward(self, x: torch.Tensor):
        return x.max(dim=1)
