"""scripts/freeze-archives' Python side: what it freezes from a run, how small
the frozen bundles are, and that a frozen release never changes."""
import json
import os

import pytest
import torch

from exporter.tools import freeze_archives


def sample(label: str, n: int) -> dict:
    x = torch.randn(n)
    return {"label": label, "sizes": {"s0": n}, "inputs": [x], "outputs": {"cpu": [x.sin()], "cuda": [x.sin()]},
            "output_devices": {"cpu": ["cpu"], "cuda": ["cuda:0"]}}


def bundle(sizes: list[int]) -> dict:
    return {"format": 2, "case": "c", "mode": "nonstrict", "in_spec": "i", "out_spec": "o",
            "symbols": {"s0": {"min": 2, "max": 4096}},
            "eager": {"cpu": {"ok": True, "seconds": 0.1}, "cuda": {"ok": True, "seconds": 0.1}},
            "samples": [sample("example" if i == 0 else f"random:{i}", n) for i, n in enumerate(sizes)],
            "guards": [{"label": "below-min:s0", "symbol": "s0", "value": 1, "bound": "min 2", "inputs": [torch.ones(1)]}],
            "unchecked_values": None,
            "sequence": {"outputs": {"cpu": []}, "buffers": {"cpu": {}}}}


def make_run(tmp_path, exports: dict[str, str], torch_version: str = "2.13.0+cpu") -> str:
    """A run folder with case `c`: nonstrict/{training,core_aten}.pt2 and replay.pt."""
    run = tmp_path / "run"
    mode = run / "cases" / "c" / "nonstrict"
    mode.mkdir(parents=True)
    for ir in ("training", "core_aten"):
        (mode / f"{ir}.pt2").write_bytes(b"PK archive " + ir.encode())
    torch.save(bundle([8, 4096, 2, 16, 3]), mode / "replay.pt")
    (run / "summary.json").write_text(json.dumps({"run": {"torch": torch_version}}))
    with open(run / "results.jsonl", "w") as f:
        for variant, verdict in exports.items():
            f.write(json.dumps({"case": "c", "stage": "export", "variant": variant, "verdict": verdict}) + "\n")
    return str(run)


def test_small_bundle_keeps_the_example_then_the_smallest_samples_on_cpu_only():
    b = freeze_archives.small_bundle(bundle([8, 4096, 2, 16, 3]), samples=3, max_bytes=1 << 20)
    assert [s["label"] for s in b["samples"]] == ["example", "random:2", "random:4"]
    assert all(set(s["outputs"]) == {"cpu"} for s in b["samples"])
    assert b["guards"] == [] and b["sequence"] is None
    assert set(b["eager"]) == {"cpu"}
    assert b["in_spec"] == "i" and b["symbols"] == {"s0": {"min": 2, "max": 4096}}


def test_small_bundle_stops_at_the_byte_budget():
    # example 8 floats in and out = 64 bytes; the 2-element sample adds 16, the 3-element one 24
    b = freeze_archives.small_bundle(bundle([8, 4096, 2, 16, 3]), samples=10, max_bytes=64 + 16 + 8)
    assert [s["label"] for s in b["samples"]] == ["example", "random:2"]


def test_freezes_only_programs_whose_export_passed(tmp_path):
    run = make_run(tmp_path, {"nonstrict/training": "PASS", "nonstrict/core_aten": "XFAIL"})
    frozen = tmp_path / "frozen"
    written = freeze_archives.freeze(run, str(frozen), ["c", "absent"], say=lambda _: None)
    assert sorted(written) == ["2.13.0/c/nonstrict/replay.pt", "2.13.0/c/nonstrict/training.pt2"]
    assert (frozen / "2.13.0/c/nonstrict/training.pt2").read_bytes() == b"PK archive training"
    small = torch.load(frozen / "2.13.0/c/nonstrict/replay.pt", weights_only=True)
    assert len(small["samples"]) == freeze_archives.DEFAULT_SAMPLES
    info = json.loads((frozen / "2.13.0/frozen.json").read_text())
    assert info["torch"] == "2.13.0+cpu" and info["cases"] == ["c", "absent"]


def test_a_frozen_release_is_never_overwritten_without_force(tmp_path):
    run = make_run(tmp_path, {"nonstrict/training": "PASS"})
    frozen = str(tmp_path / "frozen")
    freeze_archives.freeze(run, frozen, ["c"], say=lambda _: None)
    with pytest.raises(SystemExit, match="frozen archives never change"):
        freeze_archives.freeze(run, frozen, ["c"], say=lambda _: None)
    assert freeze_archives.freeze(run, frozen, ["c"], force=True, say=lambda _: None)


def test_bundles_only_writes_beside_another_releases_archives(tmp_path):
    run = make_run(tmp_path, {})  # no export needs to have passed: the archives are already frozen
    frozen = tmp_path / "frozen"
    (frozen / "2.11.0/c/nonstrict").mkdir(parents=True)
    (frozen / "2.11.0/c/nonstrict/training.pt2").write_bytes(b"PK from the GPU machine")
    written = freeze_archives.freeze(run, str(frozen), ["c"], release="2.11.0", bundles_only=True, say=lambda _: None)
    assert written == ["2.11.0/c/nonstrict/replay.pt"]
    assert (frozen / "2.11.0/c/nonstrict/training.pt2").read_bytes() == b"PK from the GPU machine"
    assert not os.path.exists(frozen / "2.11.0/frozen.json")


def test_the_slice_file_lists_cases_that_exist():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    names = freeze_archives.read_slice(os.path.join(root, "golden/archives/slice.txt"))
    assert "seed_cond" in names and "seed_conv_kwargs" not in names
    assert all(os.path.isfile(os.path.join(root, "cases", n + ".yaml")) for n in names)


def test_only_the_chosen_ir_levels_are_frozen(tmp_path):
    run = make_run(tmp_path, {"nonstrict/training": "PASS", "nonstrict/core_aten": "PASS"})
    written = freeze_archives.freeze(run, str(tmp_path / "frozen"), ["c"], irs=("core_aten",), say=lambda _: None)
    assert sorted(written) == ["2.13.0/c/nonstrict/core_aten.pt2", "2.13.0/c/nonstrict/replay.pt"]
