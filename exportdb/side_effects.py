"""Models that change torch's global state and leave it changed, as real model
code does (Hugging Face sets the default dtype while building a model from a
config with a dtype). A persistent worker must undo such changes so that the
next case runs as in a fresh process (exporter/global_state.py)."""

import torch


class SetsDefaultDtype(torch.nn.Module):
    """Sets the default dtype to float64 in __init__ and never sets it back.
    Its own parameters are float32 (made before the change) and so are its
    inputs, so it exports and replays like a plain Linear; the next case in
    the same worker would otherwise build float64 weights and fail on float32
    inputs ("mat1 and mat2 must have the same dtype")."""

    def __init__(self, features: int = 8) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(features, features)
        torch.set_default_dtype(torch.float64)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.linear(x))
