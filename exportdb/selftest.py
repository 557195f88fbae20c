"""Models that break on purpose, to exercise the harness's error handling.
Each misbehaves only when its forward (or __init__) actually runs, never on import."""

import os
import signal
import time

import torch


class RaiseInInit(torch.nn.Module):
    """Setup failure: the constructor raises."""

    def __init__(self) -> None:
        super().__init__()
        raise RuntimeError("selftest: RaiseInInit.__init__ raises on purpose")


class RaiseInForward(torch.nn.Module):
    """Eager and export failure: forward raises."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        raise RuntimeError("selftest: RaiseInForward.forward raises on purpose")


class KillInForward(torch.nn.Module):
    """CRASH: forward SIGKILLs its own process (the worker), as a segfaulting kernel would."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        os.kill(os.getpid(), signal.SIGKILL)
        return x + 1


class HangInForward(torch.nn.Module):
    """TIMEOUT: forward sleeps for an hour."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        time.sleep(3600)
        return x + 1


class AllocatesInInit(torch.nn.Module):
    """Memory budget: the constructor fills `mib` MiB of tensors, 64 MiB at a time, and keeps them
    (not as buffers: the program never sees them), as a model too large for its budget would."""

    def __init__(self, mib: int = 2048) -> None:
        super().__init__()
        self._ballast = []
        for _ in range(mib // 64):
            self._ballast.append(torch.ones(64 << 18, dtype=torch.float32))  # 64 MiB, written
            time.sleep(0.01)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + 1


class PrintInForward(torch.nn.Module):
    """Protocol isolation: forward writes to stdout from Python and to raw fd 1, then returns x + 1."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        print("selftest: print() from forward", flush=True)
        os.write(1, b"selftest: os.write(1) from forward\n")
        return x + 1
