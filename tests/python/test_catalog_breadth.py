"""The catalog-breadth pieces: a torch.nn model case replays in the load
worker (forbid_modules naming a library module the worker already has is not
a leak)."""

from pathlib import Path

from workers import Worker, replay_request
from seed_cases import case, tensor


def test_torch_nn_model_replays_with_its_module_forbidden(export_worker: Worker, load_worker: Worker, tmp_path: Path):
    c = case("nn_linear", "Linear", [tensor(4, 8)], module="torch.nn", model_kwargs={"in_features": 8, "out_features": 2},
             strict=[False], ir=["training"], devices=["cpu"])
    r = export_worker.ask({"op": "export", "case": c, "out_dir": str(tmp_path)})
    archive, bundle = r["exports"][0]["programs"][0]["archive"], r["exports"][0]["bundle"]
    for _ in range(2):  # twice: the first request must not have dropped torch.nn from sys.modules
        result = load_worker.ask(replay_request(archive, bundle, forbid=[r["model_module"]]))
        assert result["ok"] and result["passed"], result
