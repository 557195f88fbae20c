"""The catalog-breadth pieces: a torch.nn model case replays in the load
worker (forbid_modules naming a library module the worker already has is not
a leak), and the upstream ExportDB generator's translation."""

import subprocess
import sys
from pathlib import Path

import torch

from workers import Worker, replay_request
from seed_cases import case, tensor

ROOT = Path(__file__).resolve().parents[2]


def test_torch_nn_model_replays_with_its_module_forbidden(export_worker: Worker, load_worker: Worker, tmp_path: Path):
    c = case("nn_linear", "Linear", [tensor(4, 8)], module="torch.nn", model_kwargs={"in_features": 8, "out_features": 2},
             strict=[False], ir=["training"], devices=["cpu"])
    r = export_worker.ask({"op": "export", "case": c, "out_dir": str(tmp_path)})
    archive = r["exports"][0]["programs"][0]["archive"]
    for _ in range(2):  # twice: the first request must not have dropped torch.nn from sys.modules
        result = load_worker.ask(replay_request(archive, r["bundle"], forbid=[r["model_module"]]))
        assert result["ok"] and result["passed"], result


def test_upstream_inputs_keep_values_that_matter():
    sys.path.insert(0, str(ROOT))
    from exporter.upstream_exportdb import to_input

    assert to_input(torch.tensor(4)) == "{shape: [], dtype: int64, init: randint, low: 4, high: 5}"
    assert to_input(torch.tensor(True)) == "{shape: [], dtype: bool, init: ones}"
    assert to_input(torch.ones(2, 3)) == "{shape: [2, 3], dtype: float32, init: ones}"
    assert to_input([torch.randn(2), 3, None]) == (
        "{list: [{shape: [2], dtype: float32, init: randn}, {int: 3}, {none: true}]}")


def test_upstream_cases_match_the_installed_torch():
    r = subprocess.run([str(ROOT / "scripts" / "import-upstream-exportdb"), "--check"], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
