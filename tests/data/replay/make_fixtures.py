"""Writes the replay fixtures (harness/replay/BUNDLE.md, format 2) used by tests/cpp/replay.

    .venv/bin/python tests/data/replay/make_fixtures.py

program.pt2      torch.export of Scale (below), batch dim s0 in [2, 64]
bundle.pt        3 samples (example, min:s0, max:s0) with eager CPU outputs,
                 2 guard samples (below-min:s0, above-max:s0)
wrong.pt         as bundle.pt, sample 1's output[0] has 3 elements off by 0.5
no_samples.pt    format 2 without "samples" (a bad bundle)
corrupt.pt       bundle.pt truncated in the middle (not a zip)
"""

import os
import sys

import torch
from torch.utils import _pytree as pytree

HERE = os.path.dirname(os.path.abspath(__file__))


class Scale(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("offset", torch.tensor([0.5, -1.0, 2.0, 0.25]))

    def forward(self, x, k: int):
        return x * 2 + self.offset, x.sum(0), k


def inputs(batch, gen):
    return (torch.randn(batch, 4, generator=gen), 3)


def flat(args, spec):
    leaves, _ = pytree.tree_flatten((args, {}))
    return leaves


def main():
    gen = torch.Generator().manual_seed(0)
    model = Scale()
    example = inputs(8, gen)
    batch = torch.export.Dim("batch", min=2, max=64)
    ep = torch.export.export(model, example, dynamic_shapes=({0: batch}, None))
    archive = os.path.join(HERE, "program.pt2")
    torch.export.save(ep, archive)
    symbols = {}
    for sym, vr in ep.range_constraints.items():
        upper = vr.upper
        symbols[str(sym)] = {"min": int(vr.lower), "max": None if not upper.is_integer else int(upper)}
    (name,) = symbols
    lo, hi = symbols[name]["min"], symbols[name]["max"]

    def sample(label, size, args):
        out = model(*args)
        leaves, _ = pytree.tree_flatten(out)
        return {
            "label": label,
            "sizes": {name: size},
            "inputs": flat(args, ep.call_spec.in_spec),
            "outputs": {"cpu": [l.detach() if isinstance(l, torch.Tensor) else l for l in leaves]},
            "output_devices": {"cpu": ["cpu" if isinstance(l, torch.Tensor) else "" for l in leaves]},
        }

    samples = [sample("example", 8, example), sample(f"min:{name}", lo, inputs(lo, gen)),
               sample(f"max:{name}", hi, inputs(hi, gen))]
    guards = [{"label": f"below-min:{name}", "symbol": name, "value": lo - 1, "bound": f"min {lo}",
               "inputs": flat(inputs(lo - 1, gen), ep.call_spec.in_spec)},
              {"label": f"above-max:{name}", "symbol": name, "value": hi + 1, "bound": f"max {hi}",
               "inputs": flat(inputs(hi + 1, gen), ep.call_spec.in_spec)}]
    bundle = {
        "format": 2,
        "case": "replay_fixture",
        "mode": "nonstrict",
        "in_spec": pytree.treespec_dumps(ep.call_spec.in_spec),
        "out_spec": pytree.treespec_dumps(ep.call_spec.out_spec),
        "symbols": symbols,
        "eager": {"cpu": {"ok": True, "seconds": 0.01}, "cuda": {"ok": False, "reason": "CUDA not available"}},
        "samples": samples,
        "guards": guards,
    }
    torch.save(bundle, os.path.join(HERE, "bundle.pt"))

    wrong = dict(bundle, samples=[dict(s) for s in samples])
    bad = samples[1]["outputs"]["cpu"][0].clone()
    bad.view(-1)[[1, 4, 6]] += 0.5
    wrong["samples"][1] = dict(samples[1], outputs={"cpu": [bad] + samples[1]["outputs"]["cpu"][1:]})
    torch.save(wrong, os.path.join(HERE, "wrong.pt"))

    torch.save({k: v for k, v in bundle.items() if k != "samples"}, os.path.join(HERE, "no_samples.pt"))

    with open(os.path.join(HERE, "bundle.pt"), "rb") as f:
        data = f.read()
    with open(os.path.join(HERE, "corrupt.pt"), "wb") as f:
        f.write(data[: len(data) // 2])
    print("symbols", symbols, "archive", os.path.getsize(archive), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
