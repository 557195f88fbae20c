"""Single-op families: elementwise, reduction, view/reshape/permute, indexing
and slicing, concatenation, matmul and attention, dtypes and casts."""

import torch
import torch.nn.functional as F


class Elementwise(torch.nn.Module):
    """Unary and binary pointwise math with broadcasting: exp, tanh, sigmoid, abs, clamp, pow, where."""

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        a = torch.exp(-x.abs()) * torch.tanh(y)
        b = torch.sigmoid(x).pow(2) - torch.clamp(y, -0.5, 0.5)
        return torch.where(x > y, a, b) + torch.rsqrt(x * x + 1.0)


class Broadcast(torch.nn.Module):
    """Broadcasting a row vector and a column vector against a matrix."""

    def forward(self, m: torch.Tensor, row: torch.Tensor, col: torch.Tensor) -> torch.Tensor:
        return m * row + col.unsqueeze(-1) - (row * col.unsqueeze(-1)).mean()


class Reductions(torch.nn.Module):
    """sum, mean, amax, argmax, var, logsumexp, cumsum over different dims, with and without keepdim."""

    def forward(self, x: torch.Tensor):
        return (
            x.sum(),
            x.mean(dim=1, keepdim=True),
            x.amax(dim=(0, 2)),
            x.argmax(dim=-1),
            x.var(dim=0, unbiased=True),
            torch.logsumexp(x, dim=2),
            x.cumsum(dim=1),
        )


class ViewReshape(torch.nn.Module):
    """view, reshape, permute, transpose, flatten, unflatten, unsqueeze/squeeze, expand and contiguous."""

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        b, t, c = x.shape
        h = x.view(b, t, 2, c // 2).permute(0, 2, 1, 3).contiguous()
        flat = h.flatten(1).reshape(b, -1)
        back = flat.unflatten(1, (2, t, c // 2)).transpose(1, 2).reshape(b, t, c)
        e = x.mean(-1).unsqueeze(-1).expand(b, t, 4).unsqueeze(0).squeeze(0)
        return flat, back - x, e


class IndexSlice(torch.nn.Module):
    """Basic slicing (ranges, steps, negative indices, Ellipsis, None), index_select and gather with int64 index inputs."""

    def forward(self, x: torch.Tensor, idx: torch.Tensor, gidx: torch.Tensor):
        a = x[:, 1:5, ::2]
        b = x[..., -1]
        c = x[None, 0, :, 2:]
        d = torch.index_select(x, 1, idx)
        e = torch.gather(x, 2, gidx)
        return a, b, c, d, e


class AdvancedIndex(torch.nn.Module):
    """Advanced (tensor) indexing reads and an index_put_ write on a clone, plus scatter_add."""

    def forward(self, x: torch.Tensor, rows: torch.Tensor, cols: torch.Tensor):
        picked = x[rows, cols]
        y = x.clone()
        y[rows] = 0.0
        z = torch.zeros_like(x).scatter_add(0, rows.unsqueeze(-1).expand(-1, x.shape[1]), x[: rows.shape[0]])
        return picked, y, z


class CatStackSplit(torch.nn.Module):
    """cat, stack, split, chunk and unbind: several outputs whose sizes follow the dynamic dim."""

    def forward(self, x: torch.Tensor, y: torch.Tensor):
        c = torch.cat([x, y], dim=0)
        s = torch.stack([x, y * 2], dim=1)
        first, second = torch.split(c, [x.shape[0], y.shape[0]], dim=0)
        chunks = torch.chunk(x, 2, dim=1)
        rows = torch.unbind(x[:, :2], dim=1)
        return c, s, first - second, chunks[0] * chunks[1], rows[0] + rows[1]


class MatmulFamily(torch.nn.Module):
    """matmul (batched broadcast), bmm, mm, einsum and baddbmm."""

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        m = torch.matmul(a, b)
        e = torch.einsum("bij,bjk->bik", a, b)
        bm = torch.baddbmm(m, a, b, beta=0.5, alpha=2.0)
        mm = torch.mm(a[0], b[0])
        return m - e, bm, mm


class SDPA(torch.nn.Module):
    """F.scaled_dot_product_attention: causal self-attention, and with an explicit float mask."""

    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        causal = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        mask = torch.zeros(q.shape[-2], k.shape[-2]).masked_fill(torch.ones(q.shape[-2], k.shape[-2]).tril() == 0, float("-inf"))
        masked = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return causal, masked


class HalfMLP(torch.nn.Module):
    """A Linear-GELU-Linear MLP whose parameters and input are float16 (or bfloat16 via dtype="bfloat16")."""

    def __init__(self, dtype: str = "float16") -> None:
        super().__init__()
        dt = getattr(torch, dtype)
        self.fc1 = torch.nn.Linear(16, 32, dtype=dt)
        self.fc2 = torch.nn.Linear(32, 8, dtype=dt)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x))) + x[:, :8].exp()


class IntArith(torch.nn.Module):
    """int64 arithmetic: floor division, remainder, bit ops, shifts, cumsum, and an int->float cast."""

    def forward(self, a: torch.Tensor, b: torch.Tensor):
        q = torch.div(a, b, rounding_mode="floor")
        r = torch.remainder(a, b)
        bits = (a & 0b1010) | (b << 2) ^ (a >> 1)
        return q, r, bits, a.cumsum(0), (a.float() / b.float()).sum()


class BoolOps(torch.nn.Module):
    """bool tensors: a bool input, logical ops, comparisons, any/all, and a bool output."""

    def forward(self, x: torch.Tensor, mask: torch.Tensor):
        pos = x > 0
        both = torch.logical_and(pos, mask)
        either = pos | ~mask
        picked = torch.where(both, x, torch.zeros_like(x))
        return both, either.any(dim=1), either.all(), picked, mask.sum(dtype=torch.int64)


class Casts(torch.nn.Module):
    """Type promotion and explicit casts among float32, float16, bfloat16, int64 and bool."""

    def forward(self, x: torch.Tensor, i: torch.Tensor):
        h = x.to(torch.float16) * 2
        bf = x.to(torch.bfloat16) + 1
        promoted = i + x  # int64 + float32 -> float32
        back = h.float() + bf.float()
        return h, bf, promoted, back, (x > 0).to(torch.int64), i.to(torch.bool)
