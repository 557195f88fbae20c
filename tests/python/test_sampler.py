"""sampler.py: sizes from the program's ranges, relations, budget, guards, determinism."""

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import torch
from torch.export import Dim

from exporter import sampler

ROOT = Path(__file__).resolve().parents[2]


class Relation(torch.nn.Module):
    """y has twice x's rows; a dynamic int n."""

    def forward(self, x: torch.Tensor, y: torch.Tensor, n: int) -> torch.Tensor:
        return torch.cat([x, x], dim=0) + y.sum(1, keepdim=True) + n


class Rows(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * 2


def tensor_spec(*shape: int, dtype: str = "float32", init: str | None = None, low: int | None = None,
                high: int | None = None) -> dict:
    return {"kind": "tensor", "shape": list(shape), "dtype": dtype, "init": init, "low": low, "high": high}


def case(inputs: list[dict], seed: int = 0, samples: int = 8, **replay: Any) -> dict:
    return {"name": "t", "inputs": {"args": inputs, "kwargs": {}}, "replay": {"samples": samples, "seed": seed, **replay}}


def relation_plan(seed: int = 0, **replay: Any) -> tuple[sampler.Plan, list]:
    gen = torch.Generator().manual_seed(0)  # the example inputs are the case's: fixed
    x, y = torch.randn(4, 3, generator=gen), torch.randn(8, 3, generator=gen)
    ep = torch.export.export(Relation(), (x, y, 3), dynamic_shapes=(
        {0: Dim("dx", min=2, max=256)}, {0: 2 * Dim("dx", min=2, max=256)}, Dim.DYNAMIC))
    example = sampler.flat_inputs((x, y, 3), {}, ep.call_spec.in_spec)
    c = case([tensor_spec(4, 3), tensor_spec(8, 3), {"kind": "int", "value": 3}], seed=seed, **replay)
    return sampler.plan(ep, example, c), example


def rows_plan(dim: Any, rows: int = 5, cols: int = 64, **replay: Any) -> tuple[sampler.Plan, list]:
    x = torch.randn(rows, cols)
    ep = torch.export.export(Rows(), (x,), dynamic_shapes=({0: dim},) if dim is not None else None)
    return sampler.plan(ep, [x], case([tensor_spec(rows, cols)], **replay)), [x]


def test_symbols_and_relations_hold():
    p, example = relation_plan()
    assert len(p.symbols) == 2  # dx and the dynamic int
    dx = next(s for s in p.symbols.values() if s.example == 4)
    assert (dx.min, dx.max) == (2, 256)
    samples = sampler.samples(p, example, 8)
    assert samples[0].label == "example" and samples[0].inputs is not None
    assert len(samples) >= sampler.MIN_SAMPLES
    for s in samples:
        x, y, n = s.inputs
        assert y.shape[0] == 2 * x.shape[0] and x.shape[1] == y.shape[1] == 3, s.label
        assert isinstance(n, int) and n == s.sizes[next(k for k, v in p.symbols.items() if v.example == 3)]
    labels = [s.label for s in samples]
    assert f"min:{dx.name}" in labels and f"max:{dx.name}" in labels
    by_label = {s.label: s for s in samples}
    assert by_label[f"min:{dx.name}"].inputs[0].shape[0] == 2
    assert by_label[f"max:{dx.name}"].inputs[0].shape[0] == 256
    assert len({tuple(sorted(s.sizes.items())) for s in samples}) == len(samples), "sizes are deduplicated"


def test_budget_caps_max_and_random_sizes():
    p, example = rows_plan(Dim("b", min=2, max=1024), max_elements=64 * 100)
    (name,) = p.symbols
    samples = sampler.samples(p, example, 8)
    assert {s.label: s.sizes[name] for s in samples}[f"max:{name}"] == 100
    assert all(s.inputs[0].numel() <= 64 * 100 for s in samples)
    # without the override the range's max fits the default budget
    p, example = rows_plan(Dim("b", min=2, max=1024))
    assert {s.label: s.sizes[name] for s in sampler.samples(p, example, 8)}[f"max:{name}"] == 1024


def test_one_where_the_range_allows_it_and_unbounded_max_is_capped():
    p, example = rows_plan(Dim("b"))  # torch 2.13: [0, int_oo]
    (name,) = p.symbols
    assert p.symbols[name].max is None
    sizes = {s.label: s.sizes[name] for s in sampler.samples(p, example, 8)}
    assert sizes[f"one:{name}"] == 1 and sizes[f"min:{name}"] == 0
    assert sizes[f"max:{name}"] == max(sampler.UNBOUNDED_FACTOR * 5, sampler.UNBOUNDED_FLOOR)
    p, _ = rows_plan(Dim("b", min=2, max=64))
    assert not any(label.startswith("one:") for label, _ in sampler.size_plan(p, 8))


def test_static_program_gets_fresh_values_at_the_example_sizes():
    p, example = rows_plan(None)
    assert p.symbols == {}
    samples = sampler.samples(p, example, 8)
    assert [s.label for s in samples] == ["example"] + [f"values:{k}" for k in range(8)]
    assert all(s.inputs[0].shape == example[0].shape for s in samples)
    assert len({s.inputs[0].sum().item() for s in samples}) == len(samples), "each sample has new values"
    assert len(sampler.size_plan(p, 0)) == sampler.MIN_SAMPLES  # topped up like a dynamic program
    assert sampler.guards(p) == []


def test_static_program_with_deterministic_values_has_only_the_example():
    p, example = rows_plan(None)
    p = dataclasses.replace(p, leaves=[dataclasses.replace(leaf, spec={**leaf.spec, "init": "ones"}) for leaf in p.leaves])
    assert [s.label for s in sampler.samples(p, example, 8)] == ["example"]  # ones again: nothing new to test


def test_static_program_without_value_specs_has_only_the_example():
    p, example = rows_plan(None)
    p = dataclasses.replace(p, leaves=[dataclasses.replace(leaf, spec=None) for leaf in p.leaves])
    assert [s.label for s in sampler.samples(p, example, 8)] == ["example"]  # new samples would repeat it


def test_guard_samples_sit_just_outside_the_range():
    p, _ = rows_plan(Dim("b", min=3, max=64))
    (name,) = p.symbols
    got = [(g.label, g.value, g.bound, tuple(g.inputs[0].shape)) for g in sampler.guards(p)]
    assert got == [(f"below-min:{name}", 2, "min 3", (2, 64)), (f"above-max:{name}", 65, "max 64", (65, 64))]
    # above-max beyond the budget and below-min under 0 are skipped
    p, _ = rows_plan(Dim("b", min=0, max=1024), max_elements=64 * 1024)
    assert sampler.guards(p) == []


def test_values_follow_the_case_spec():
    x = torch.randint(3, 7, (4, 2))
    ep = torch.export.export(Rows(), (x,), dynamic_shapes=({0: Dim("b", max=64)},))
    p = sampler.plan(ep, [x], case([tensor_spec(4, 2, dtype="int64", init="randint", low=3, high=7)]))
    for s in sampler.samples(p, [x], 8)[1:]:
        t = s.inputs[0]
        assert t.dtype == torch.int64 and (t.numel() == 0 or (int(t.min()) >= 3 and int(t.max()) < 7)), s.label


DIGEST = """
import hashlib, sys, torch
sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})
from test_sampler import relation_plan
from exporter import sampler
p, example = relation_plan(seed={seed})
h = hashlib.sha256()
for s in sampler.samples(p, example, 8) + [sampler.Sample(g.label, {{}}, g.inputs) for g in sampler.guards(p)]:
    h.update(repr((s.label, sorted(s.sizes.items()))).encode())
    for x in s.inputs:
        h.update(x.contiguous().numpy().tobytes() if isinstance(x, torch.Tensor) else repr(x).encode())
print(h.hexdigest())
"""


def _digest_in_new_process(seed: int) -> str:
    code = DIGEST.format(root=str(ROOT), tests=str(ROOT / "tests" / "python"), seed=seed)
    env = dict(os.environ, PYTHONHASHSEED="random")  # str hashing differs per process: must not matter
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_same_case_and_seed_same_samples_in_separate_processes():
    first, second = _digest_in_new_process(0), _digest_in_new_process(0)
    assert first == second and len(first) == 64
    assert _digest_in_new_process(1) != first


def test_at_least_eight_samples_when_dynamic_but_no_duplicates():
    p, _ = rows_plan(Dim("b", min=2, max=1024))
    (name,) = p.symbols
    plan = sampler.size_plan(p, 0)  # no random samples asked for: topped up to 8
    assert len(plan) == sampler.MIN_SAMPLES
    assert [label for label, _ in plan][:3] == ["example", f"min:{name}", f"max:{name}"]
    assert all(label.startswith("random:") for label, _ in plan[3:])
    p, _ = rows_plan(Dim("b", min=3, max=6))  # only 4 distinct sizes exist
    (name,) = p.symbols
    assert sorted(sizes[name] for _, sizes in sampler.size_plan(p, 8)) == [3, 4, 5, 6]
