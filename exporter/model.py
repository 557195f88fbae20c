"""Import and construct the case's model: any importable nn.Module class."""

import torch

from exporter.locate import import_attr
from exporter.protocol import Json


def build_model(spec: Json, seed: int) -> torch.nn.Module:
    """model: {"module": "torch.nn", "class": "Linear", "kwargs": {...}}.

    The global RNG is seeded first so parameter initialisation, and with it
    every eager output and golden weight, is the same on every run.
    """
    cls = import_attr(spec["module"], spec["class"])
    torch.manual_seed(int(seed))
    model = cls(**(spec.get("kwargs") or {}))
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"{spec['module']}.{spec['class']} built a {type(model).__name__}, not a torch.nn.Module")
    return model
