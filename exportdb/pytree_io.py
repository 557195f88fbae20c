"""Pytree inputs and outputs: dict, list, nested tuple, namedtuple and
registered dataclasses (types in exportdb.types, which the load role may
import)."""

from typing import Any

import torch

from exportdb.types import Pair, Point, Stats


class DictOut(torch.nn.Module):
    """Returns a dict with a nested list, from a list-of-tensors input."""

    def forward(self, xs: list[torch.Tensor]) -> dict[str, Any]:
        total = xs[0] + xs[1] + xs[2]
        return {"total": total, "parts": [xs[0] * 2, xs[2].sin()], "max": total.amax(dim=-1)}


class NestedTuple(torch.nn.Module):
    """A nested tuple input ((a, (b, c)), d) and a nested tuple output."""

    def forward(self, t: tuple[Any, ...], d: torch.Tensor):
        (a, (b, c)) = t
        return (a + d, (b * c, (c - d,))), a.sum()


class NamedTupleOut(torch.nn.Module):
    """Returns a namedtuple (exportdb.types.Pair)."""

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> Pair:
        return Pair(total=x + y, diff=x - y)


class DataclassInOut(torch.nn.Module):
    """A registered dataclass input (Point) and a registered dataclass output (Stats)."""

    def forward(self, p: Point) -> Stats:
        both = torch.cat([p.x, p.y], dim=1)
        return Stats(mean=both.mean(dim=1), std=both.std(dim=1))


class DictOfLists(torch.nn.Module):
    """A dict input whose values are a tensor, a list of tensors and a nested dict."""

    def forward(self, inp: dict[str, Any]) -> torch.Tensor:
        acc = inp["x"]
        for t in inp["seq"]:
            acc = acc + t
        return acc * inp["cfg"]["scale"] + inp["cfg"]["bias"]
