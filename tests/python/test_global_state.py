"""torch global state does not leak from one case to the next in a persistent worker.

A model that calls torch.set_default_dtype(torch.float64) in __init__ made the
next case in the same export worker (a plain torch.nn.Linear) fail with "mat1
and mat2 must have the same dtype, but got Float and Double". The worker now
restores the start-up state after every request (exporter/global_state.py)
and names what changed in the reply's `global_state` (PROTOCOL.md).
"""

from pathlib import Path
from typing import Iterator

import pytest
import torch

from exporter import global_state
from seed_cases import case, tensor
from workers import Worker


def sets_default_dtype() -> dict:
    return case("global_state_default_dtype", "SetsDefaultDtype", [tensor(4, 8)], module="exportdb.side_effects",
                model_kwargs={"features": 8}, strict=[False], ir=["training"], devices=["cpu"])


def plain_linear() -> dict:
    return case("nn_linear", "Linear", [tensor(4, 16)], module="torch.nn",
                model_kwargs={"in_features": 16, "out_features": 8}, strict=[False, True], ir=["training"],
                devices=["cpu"])


def assert_exported(reply: dict) -> None:
    assert reply["ok"] and reply["setup"]["ok"], reply
    assert reply["eager"]["cpu"]["ok"], reply["eager"]
    for mode in reply["exports"]:
        assert mode["ok"], mode
        assert mode["bundle"] and all(p["ok"] for p in mode["programs"]), mode


def test_a_changed_default_dtype_does_not_reach_the_next_case(tmp_path: Path):
    # A worker of its own: the session's export_worker must not see this case first.
    worker = Worker("export", tmp_path / "export.log")
    try:
        first = worker.ask({"op": "export", "case": sets_default_dtype(), "out_dir": str(tmp_path / "first")})
        assert_exported(first)
        assert first["global_state"] == ["default dtype float32 -> float64"]

        innocent = worker.ask({"op": "export", "case": plain_linear(), "out_dir": str(tmp_path / "linear")})
        assert_exported(innocent)
        assert "global_state" not in innocent  # nothing changed by this case: no field
        # The Linear was built in float32, as in a fresh process.
        program = torch.export.load(innocent["exports"][0]["programs"][0]["archive"])
        assert program.state_dict["weight"].dtype == torch.float32

        # A request that fails still restores and reports.
        failing = {**sets_default_dtype(), "inputs": {"args": [tensor(4, 3)], "kwargs": {}}}
        bad = worker.ask({"op": "export", "case": failing, "out_dir": str(tmp_path / "bad")})
        assert bad["ok"] and not bad["eager"]["cpu"]["ok"], bad
        assert bad["global_state"] == ["default dtype float32 -> float64"]
        assert_exported(worker.ask({"op": "export", "case": plain_linear(), "out_dir": str(tmp_path / "linear2")}))
    finally:
        assert worker.close() == 0


# --- snapshot / diff / restore in this process ---------------------------------------

@pytest.fixture
def start() -> Iterator[global_state.Snapshot]:
    """The state before the test; restored after it whatever the test did."""
    snap = global_state.snapshot()
    yield snap
    global_state.restore(snap)
    assert global_state.diff(snap, global_state.snapshot()) == []


def test_snapshot_of_an_unchanged_process_has_no_diff(start: global_state.Snapshot):
    assert global_state.diff(start, global_state.snapshot()) == []
    assert global_state.restore(start) == []


def test_diff_names_each_change_and_restore_undoes_it(start: global_state.Snapshot):
    import torch._dynamo.config

    torch.set_default_dtype(torch.float64)
    torch.set_grad_enabled(False)
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.set_num_threads(torch.get_num_threads() + 1)
    torch.set_float32_matmul_precision("high")
    torch.backends.cudnn.benchmark = not torch.backends.cudnn.benchmark
    torch.backends.mkldnn.enabled = False
    torch.set_anomaly_enabled(True)
    torch.set_default_device("meta")
    torch._dynamo.config.capture_scalar_outputs = not torch._dynamo.config.capture_scalar_outputs
    changes = global_state.diff(start, global_state.snapshot())
    assert "default dtype float32 -> float64" in changes
    assert "grad mode on -> off" in changes
    assert "deterministic algorithms off -> on (warn_only)" in changes
    assert "anomaly detection off -> on" in changes
    assert "default device cpu -> meta" in changes
    assert "float32 matmul precision highest -> high" in changes
    assert "torch.backends.mkldnn.enabled True -> False" in changes
    assert any(c.startswith("torch.backends.cudnn.benchmark ") for c in changes)
    assert any(c.startswith("num threads ") for c in changes)
    assert any(c.startswith("torch._dynamo.config.capture_scalar_outputs ") for c in changes), changes

    assert global_state.restore(start) == []
    assert global_state.diff(start, global_state.snapshot()) == []
    assert torch.get_default_dtype() == torch.float32 and torch.is_grad_enabled()
    assert torch.empty(1).device == torch.device("cpu")
    assert not torch.are_deterministic_algorithms_enabled() and not torch.is_anomaly_enabled()


def test_a_config_list_mutated_in_place_is_a_change(start: global_state.Snapshot):
    import torch._dynamo.config

    torch._dynamo.config.reorderable_logging_functions.add(print)
    assert [c.split(" ")[0] for c in global_state.diff(start, global_state.snapshot())] == [
        "torch._dynamo.config.reorderable_logging_functions"]
    assert global_state.restore(start) == []
    assert print not in torch._dynamo.config.reorderable_logging_functions


def test_what_cannot_be_set_back_is_returned_and_marked():
    item = global_state.Item("num interop threads", torch.get_num_interop_threads, None)
    assert item in global_state.ITEMS  # detect only: settable once per process
    before = global_state.Snapshot({**global_state.snapshot().values, "num interop threads": 10_000})
    now = global_state.snapshot()
    stuck = global_state.restore(before)
    assert stuck == ["num interop threads"]
    assert global_state.diff(before, now, not_restored=stuck) == [
        f"num interop threads 10000 -> {torch.get_num_interop_threads()} (cannot be restored)"]
