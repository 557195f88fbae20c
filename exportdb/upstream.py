"""PyTorch's own ExportDB (torch._export.db.examples) as exportcheck models.

`Upstream(name=...)` returns a fresh instance of the named upstream
example's model from the installed torch, so a case can name it:

    model: {module: exportdb.upstream, class: Upstream, kwargs: {name: cond_operands}}

The suite exportdb-upstream (exporter/suite.py) names every example this
way, with the example's own inputs and dynamic shapes.
"""

import copy
from typing import Any

import torch


def examples() -> dict[str, Any]:
    """name -> ExportCase of the installed torch's ExportDB."""
    from torch._export.db.examples import all_examples

    return all_examples()


def Upstream(name: str) -> torch.nn.Module:  # noqa: N802  (a case names it like a class)
    """A fresh model of upstream ExportDB example `name`.

    Rebuilt with its class's no-argument constructor when it has one, so its
    parameters come from the RNG the exporter seeds; otherwise a deep copy of
    the instance the upstream module made at import.
    """
    known = examples()
    if name not in known:
        raise KeyError(f"no upstream ExportDB example {name!r} in torch {torch.__version__} (known: {', '.join(sorted(known))})")
    model = known[name].model
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"upstream example {name!r} is a {type(model).__name__}, not a torch.nn.Module")
    try:
        return type(model)()
    except TypeError:
        return copy.deepcopy(model)
