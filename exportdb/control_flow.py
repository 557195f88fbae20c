"""Higher-order control flow: torch.cond (data-dependent and nested),
map, while_loop and scan."""

import torch
from torch._higher_order_ops.map import map as hop_map
from torch._higher_order_ops.scan import scan
from torch._higher_order_ops.while_loop import while_loop


class CondOnData(torch.nn.Module):
    """torch.cond on a data-dependent predicate (x.sum() > 0) with two operands and a captured parameter."""

    def __init__(self) -> None:
        super().__init__()
        self.w = torch.nn.Parameter(torch.randn(4))

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        def true_fn(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
            return a * self.w + b

        def false_fn(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
            return a - b.cos()

        return torch.cond(x.sum() > 0, true_fn, false_fn, (x, y))


class NestedCond(torch.nn.Module):
    """A torch.cond inside a torch.cond branch; predicates on a dynamic size and on data, two outputs."""

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        def inner_true(a: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            return a.sin(), a.sum(0)

        def inner_false(a: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            return a.cos(), a.amax(0)

        def outer_true(a: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            return torch.cond(a.mean() > 0, inner_true, inner_false, (a,))

        def outer_false(a: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            return a * 2, a.sum(0) * 2

        return torch.cond(x.shape[0] > 4, outer_true, outer_false, (x,))


class MapRows(torch.nn.Module):
    """torch map (map_impl in the program) over the leading dim of xs, with an extra operand."""

    def forward(self, xs: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        def body(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
            return x.sin() * y + x.sum()

        return hop_map(body, xs, y)


class WhileCount(torch.nn.Module):
    """while_loop: iterate x = x * 0.5 + 1 while a counter is below the data-dependent bound n."""

    def forward(self, n: torch.Tensor, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        def cond_fn(i: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
            return i < n

        def body_fn(i: torch.Tensor, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            return i + 1, x * 0.5 + 1

        return while_loop(cond_fn, body_fn, (torch.zeros((), dtype=torch.int64), x))


class CumulativeScan(torch.nn.Module):
    """scan: a running sum with a carry and a per-step output over dim 0."""

    def forward(self, init: torch.Tensor, xs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        def combine(carry: torch.Tensor, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            new = carry + x
            return new, new * 2

        return scan(combine, init, xs)
