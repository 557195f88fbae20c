"""Resolve "module:Qual.Name" references named in cases."""

import importlib
from typing import Any


def import_attr(module: str, qualname: str) -> Any:
    """getattr along a dotted qualname, so nested classes work too."""
    obj: Any = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def import_object(ref: str) -> Any:
    """Resolve "package.module:Name" (the form PROTOCOL.md uses for types and tables)."""
    module, sep, qualname = ref.partition(":")
    if not sep or not module or not qualname:
        raise ValueError(f"expected 'module:Name', got {ref!r}")
    return import_attr(module, qualname)
