"""The bundle's `sequence` reference (exporter/export_case.py) and the load role's
`sequence` op (exporter/replay.py): one eager model and one program, each called
with every sample in order, never reset (harness/replay/BUNDLE.md)."""

from pathlib import Path

import pytest
import torch

from exporter.export_case import export_case, mutated_buffers
from exporter.replay import replay, sequence
from seed_cases import case, dim, tensor
from workers import replay_request

DIMS = {"mode": "dims", "dims": {"b": {"min": 2, "max": 32}}, "args": [{"0": dim("b")}]}


def export(tmp: Path, name: str, cls: str, shape: tuple[int, ...], ir: list[str]) -> dict:
    c = case(name, cls, [tensor(*shape)], module="exportdb.sequence", strict=[False], ir=ir, devices=["cpu"],
             dynamic_shapes=DIMS)
    r = export_case(c, tmp)
    (mode,) = r["exports"]
    assert mode["ok"] and mode["bundle"], mode
    return mode


def request(mode: dict, program: int = 0, runtime: str = "module", **kw) -> dict:
    return {**replay_request(mode["programs"][program]["archive"], mode["bundle"], runtime=runtime), "op": "sequence",
            **kw}


@pytest.fixture(scope="module")
def counter(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return export(tmp_path_factory.mktemp("counter"), "seq_counter", "PythonCallCounter", (3, 4), ["training"])


@pytest.fixture(scope="module")
def batchnorm(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return export(tmp_path_factory.mktemp("bn"), "seq_bn", "BatchNormTraining", (4, 4, 6, 6), ["training", "inference"])


def test_reference_is_one_model_called_in_order(counter: dict):
    b = torch.load(counter["bundle"], weights_only=True)
    seq = b["sequence"]
    assert seq["errors"] == {} and seq["buffers"] == {"cpu": {}}
    calls = seq["outputs"]["cpu"]
    assert len(calls) == len(b["samples"]) >= 8
    for k, (sample, (out,)) in enumerate(zip(b["samples"], calls)):
        (x,) = sample["inputs"]
        assert torch.equal(out, x * (k + 1)), k  # the counter went on from call to call
        (alone,) = sample["outputs"]["cpu"]
        assert torch.equal(alone, x)  # each replay sample: a fresh model, first call


def test_python_side_state_fails_on_call_2(counter: dict):
    b = torch.load(counter["bundle"], weights_only=True)
    r = sequence(request(counter))
    s = b["samples"][1]
    (name,) = s["sizes"]
    n = s["sizes"][name]
    assert r["ok"] and r["passed"] is False and r["calls"] == 2 and r["failing_sample"] == 1, r
    assert r["label"] == s["label"]
    assert r["message"].startswith(
        f"call 2 of {len(b['samples'])} (sample 1: {s['label']}; {name}={n}; inputs ({n}, 4)): output: values differ"), r


def test_batchnorm_carries_running_stats_and_compares_them(batchnorm: dict, tmp_path: Path):
    b = torch.load(batchnorm["bundle"], weights_only=True)
    buffers = b["sequence"]["buffers"]["cpu"]
    assert sorted(buffers) == [f"{bn}.{x}" for bn in ("bn1d", "bn2d")
                               for x in ("num_batches_tracked", "running_mean", "running_var")]
    assert int(buffers["bn2d.num_batches_tracked"]) == len(b["samples"])
    for program in (0, 1):  # training IR (in place, buffers_to_mutate empty) and inference IR (buffer_mutation outputs)
        r = sequence(request(batchnorm, program))
        assert r["passed"] and r["calls"] == len(b["samples"]), r
    b["sequence"]["buffers"]["cpu"]["bn1d.running_mean"] += 1.0
    torch.save(b, tmp_path / "tampered.pt")
    r = sequence(request({**batchnorm, "bundle": str(tmp_path / "tampered.pt")}))
    n = len(b["samples"])
    assert r["passed"] is False and r["calls"] == n and "failing_sample" not in r, r
    assert r["message"].startswith(f"after call {n} of {n}: buffer bn1d.running_mean differs: values differ: "), r


def test_mutated_buffers_of_training_and_functional_programs(batchnorm: dict):
    ep = torch.export.load(batchnorm["programs"][0]["archive"])
    # aten.batch_norm mutates running stats without a written alias: only num_batches_tracked's add_ says so
    assert mutated_buffers(ep) == ["bn1d.num_batches_tracked", "bn2d.num_batches_tracked"]
    functional = torch.export.load(batchnorm["programs"][1]["archive"])
    assert len(mutated_buffers(functional)) == 6


def test_bundle_without_sequence_and_device_without_reference(counter: dict, tmp_path: Path):
    b = torch.load(counter["bundle"], weights_only=True)
    old = {k: v for k, v in b.items() if k != "sequence"}
    torch.save(old, tmp_path / "old.pt")
    r = sequence(request({**counter, "bundle": str(tmp_path / "old.pt")}))
    assert r["unsupported"].startswith("bundle has no sequence reference"), r
    b["sequence"]["outputs"] = {}
    b["sequence"]["errors"] = {"cpu": "eager failed on call 3 of 9 (sample 2: max:s0): RuntimeError: boom"}
    torch.save(b, tmp_path / "failed.pt")
    r = sequence(request({**counter, "bundle": str(tmp_path / "failed.pt")}))
    assert r["passed"] is False and r["status"] == "no_eager_output" and r["calls"] == 0, r
    assert r["message"] == "no eager sequence on cpu (eager failed on call 3 of 9 (sample 2: max:s0): RuntimeError: boom)"


def test_eager_failing_mid_sequence_is_recorded_per_device(tmp_path: Path):
    from exporter.export_case import Prepared, eager_sequence

    class FailsThirdCall(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.calls = 0

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            self.calls += 1
            if self.calls == 3:
                raise RuntimeError("third call")
            return x + 1

    import torch.utils._pytree as pytree

    spec = pytree.tree_flatten(((torch.zeros(1),), {}))[1]
    samples = [{"label": f"random:{k}", "sizes": {"s0": 2}, "inputs": [torch.ones(2)]} for k in range(4)]
    prepared = Prepared(FailsThirdCall(), ((torch.ones(2),), {}), [])
    seq = eager_sequence(prepared, samples, spec, ["cpu"])
    assert seq.outputs == {} and seq.buffers == {}
    assert seq.errors["cpu"] == "eager failed on call 3 of 4 (sample 2: random:2; s0=2; inputs (2,)): RuntimeError: third call"
    assert prepared.model.calls == 0  # the pristine model is never called


def test_a_stateless_program_compares_the_outputs_replay_made(counter: dict, tmp_path: Path):
    # PythonCallCounter's program is stateless (the counter is Python's): replay
    # passes, and its outputs, called in order on one runner, are sequence's calls.
    assert replay({**request(counter), "op": "replay"})["passed"]
    r = sequence(request(counter))
    assert r["calls_from_replay"] is True and r["passed"] is False and r["calls"] == 2, r
    assert r["message"].startswith("call 2 of "), r  # what the calls of its own found (test above)
    # Another bundle file (a copy: its own inode) is not the replay's: calls of its own.
    copy = tmp_path / "copy.pt"
    copy.write_bytes(Path(counter["bundle"]).read_bytes())
    r = sequence(request({**counter, "bundle": str(copy)}))
    assert "calls_from_replay" not in r and r["passed"] is False and r["calls"] == 2, r


def test_a_program_with_state_always_makes_its_own_calls(batchnorm: dict):
    assert replay({**request(batchnorm), "op": "replay"})["passed"]
    r = sequence(request(batchnorm))
    assert r["passed"] and "calls_from_replay" not in r, r


def test_a_failed_replay_leaves_nothing_to_reuse(counter: dict, tmp_path: Path):
    b = torch.load(counter["bundle"], weights_only=True)
    b["samples"][-1]["outputs"]["cpu"][0] += 1.0  # the last sample's eager output is wrong: replay fails there
    torch.save(b, tmp_path / "bad-last.pt")
    bad = {**counter, "bundle": str(tmp_path / "bad-last.pt")}
    assert replay({**request(bad), "op": "replay"})["passed"] is False
    assert "calls_from_replay" not in sequence(request(bad))
