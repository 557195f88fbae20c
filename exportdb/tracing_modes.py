"""Models that export in only one of strict (TorchDynamo) and non-strict
(Python tracing) mode."""

import numpy as np
import torch


class GraphBreak(torch.nn.Module):
    """Calls torch._dynamo.graph_break(): non-strict ignores it, strict export must fail."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = x.sin()
        torch._dynamo.graph_break()
        return y + 1


class NumpyInForward(torch.nn.Module):
    """Converts to NumPy and back in forward: TorchDynamo traces NumPy (torch._numpy), plain tracing cannot."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = x.numpy()
        return torch.from_numpy(np.tanh(a) * 2.0) + x


class DataDependentBranch(torch.nn.Module):
    """A Python `if` on a tensor value: neither mode can export it without torch.cond."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.sum() > 0:
            return x.sin()
        return x.cos()
