"""Models whose forward carries state from one call to the next (the
`sequence:<runtime>:<device>` stage: one eager model and one program, each
called with every replay sample in order, never reset)."""

import torch


class PythonCallCounter(torch.nn.Module):
    """Counts its calls in a plain Python int and scales the input by the count.
    torch.export runs forward once and freezes the count it saw (1) into the
    program as a constant: the program equals eager on the first call and
    differs from the second on. One call per sample (replay) never sees it."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls += 1
        return x * self.calls


class BatchNormTraining(torch.nn.Module):
    """BatchNorm2d then BatchNorm1d in training mode: every call normalizes with
    the batch's statistics and updates running_mean, running_var and
    num_batches_tracked, which the next call's state (and the final buffers)
    depend on."""

    def __init__(self, channels: int = 4) -> None:
        super().__init__()
        self.bn2d = torch.nn.BatchNorm2d(channels)
        self.bn1d = torch.nn.BatchNorm1d(channels)
        self.train()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.bn2d(x)
        return self.bn1d(y.mean(dim=(2, 3)))
