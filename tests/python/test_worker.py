"""The worker protocol end to end: real subprocesses, as the harness runs them."""

import json
import signal
from pathlib import Path

import pytest
import torch

from workers import Worker, replay_request
from seed_cases import SEED_CASES, case, tensor


def small_case(name: str, cls: str, module: str = "exportdb.seed_examples", strict: list[bool] | None = None) -> dict:
    return case(name, cls, [tensor(5)], module=module, strict=strict or [False], ir=["training", "inference"],
                devices=["cpu"])


def test_ready_line(export_worker: Worker, load_worker: Worker):
    for worker, role in ((export_worker, "export"), (load_worker, "load")):
        ready = worker.ready
        assert ready["ready"] is True and ready["role"] == role and ready["pid"] == worker.proc.pid
        assert ready["torch"] == torch.__version__ and ready["cuda"] == torch.cuda.is_available()
        assert ready["python"].count(".") == 2


def test_export_then_replay_in_another_process(export_worker: Worker, load_worker: Worker, tmp_path: Path):
    c = {**SEED_CASES["seed_save_load"], "export": {"strict": [False, True], "ir": ["training", "inference"]}}
    r = export_worker.ask({"op": "export", "case": c, "out_dir": str(tmp_path)})
    assert r["ok"] and r["setup"]["ok"] and r["eager"]["cpu"]["ok"], r
    assert "bundle" not in r and not (tmp_path / "eager.pt").exists()  # bundle format 1 is retired
    programs = [(m, p["archive"]) for m in r["exports"] for p in m["programs"]]
    assert [a for _, a in programs] == [str(tmp_path / mode / f"{ir}.pt2") for mode in ("nonstrict", "strict")
                                        for ir in ("training", "inference")]
    for mode, archive in programs:
        assert Path(archive).exists() and mode["bundle"] == str(tmp_path / mode["mode"] / "replay.pt")
        result = load_worker.ask(replay_request(archive, mode["bundle"], forbid=[r["model_module"]]))
        assert result["ok"] and result["passed"] and result["samples"] == mode["samples"], result
        cuda = load_worker.ask(replay_request(archive, mode["bundle"], device="cuda", forbid=[r["model_module"]]))
        if not torch.cuda.is_available():
            assert cuda == {"id": cuda["id"], "ok": True, "passed": False, "unsupported": "CUDA not available"}


def test_dataclass_inputs_replay_without_the_model_module(export_worker: Worker, load_worker: Worker, tmp_path: Path):
    c = {**SEED_CASES["seed_additional_inputs"], "export": {"strict": [False], "ir": ["training"]}}
    r = export_worker.ask({"op": "export", "case": c, "out_dir": str(tmp_path)})
    archive, bundle = r["exports"][0]["programs"][0]["archive"], r["exports"][0]["bundle"]
    result = load_worker.ask(replay_request(archive, bundle, forbid=["exportdb.seed_examples"]))
    assert result["passed"] and result["samples"] == r["exports"][0]["samples"], result
    # The bundle's dataclass lives in exportdb.types (its type_modules): forbidding it fails the request.
    leaked = load_worker.ask(replay_request(archive, bundle, forbid=["exportdb.types"]))
    assert leaked["ok"] is False and leaked["error_type"] == "ForbiddenImport"
    assert "exportdb.types" in leaked["message"]
    # ... and only that request: the check starts afresh.
    assert load_worker.ask(replay_request(archive, bundle, forbid=["exportdb.seed_examples"]))["passed"]


def test_user_prints_do_not_reach_the_protocol(export_worker: Worker, load_worker: Worker, tmp_path: Path):
    c = small_case("prints", "PrintInForward", module="exportdb.selftest")
    r = export_worker.ask({"op": "export", "case": c, "out_dir": str(tmp_path)})
    assert r["eager"]["cpu"]["ok"] and r["exports"][0]["ok"], r
    program = r["exports"][0]["programs"][0]
    assert load_worker.ask(replay_request(program["archive"], r["exports"][0]["bundle"]))["passed"]
    log = export_worker.log_tail(200_000)
    assert "selftest: print() from forward" in log and "selftest: os.write(1) from forward" in log


def test_failing_requests_keep_the_worker_alive(export_worker: Worker, tmp_path: Path):
    export_worker.send_line("this is not json")
    bad = export_worker.read()
    assert bad["id"] is None and bad["ok"] is False and "unreadable request" in bad["message"]

    wrong_op = export_worker.ask({"op": "replay"})
    assert wrong_op["ok"] is False and wrong_op["error_type"] == "ValueError" and "serves ops" in wrong_op["message"]

    no_case = export_worker.ask({"op": "export", "out_dir": str(tmp_path)})
    assert no_case["ok"] is False and no_case["error_type"] == "KeyError" and "Traceback" in no_case["traceback"]

    setup = export_worker.ask({"op": "export", "case": small_case("init", "RaiseInInit", "exportdb.selftest"),
                               "out_dir": str(tmp_path / "init")})
    assert setup["ok"] is True and setup["setup"]["ok"] is False and setup["exports"] == []

    forward = export_worker.ask({"op": "export", "case": small_case("fwd", "RaiseInForward", "exportdb.selftest"),
                                 "out_dir": str(tmp_path / "fwd")})
    assert forward["eager"]["cpu"]["ok"] is False and forward["exports"][0]["ok"] is False
    assert forward["exports"][0]["error_type"] == "RuntimeError"

    ok = export_worker.ask({"op": "export", "case": small_case("after", "MyModule"), "out_dir": str(tmp_path / "ok")})
    assert ok["ok"] and ok["exports"][0]["ok"]


def test_load_role_does_not_export(load_worker: Worker, tmp_path: Path):
    r = load_worker.ask({"op": "export", "case": small_case("x", "MyModule"), "out_dir": str(tmp_path)})
    assert r["ok"] is False and "serves ops [" in r["message"]
    assert all(f"'{op}'" in r["message"] for op in ("guards", "replay", "resave", "sequence"))
    assert "exportdb.seed_examples" not in r["message"]


def test_a_crash_in_forward_ends_the_worker(tmp_path: Path):
    worker = Worker("export", tmp_path / "crash.log")
    worker.next_id = 1
    worker.send_line(json.dumps({"id": 1, "op": "export", "out_dir": str(tmp_path / "out"),
                                 "case": small_case("kill", "KillInForward", "exportdb.selftest")}))
    assert worker.proc.stdout.readline() == ""  # EOF, no response
    assert worker.proc.wait(timeout=60) == -signal.SIGKILL


def test_release_memory_runs_only_above_its_threshold(monkeypatch: pytest.MonkeyPatch):
    from exporter import worker

    collected: list[int] = []
    monkeypatch.setattr(worker.gc, "collect", lambda: collected.append(1) or 0)
    assert worker.release_memory(threshold=1 << 50) is False and collected == []  # a small worker pays nothing
    assert worker.release_memory(threshold=0) is True and collected == [1]


def test_the_worker_releases_memory_after_a_request_above_the_threshold(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EXPORTCHECK_RELEASE_ABOVE_MB", "0")  # every worker is above 0 MiB
    worker = Worker("load", tmp_path / "released.log")
    try:
        assert "released memory" not in worker.log_tail()
        assert worker.ask({"op": "no-such-op"})["ok"] is False
        assert worker.ask({"op": "no-such-op"})["ok"] is False
    finally:
        worker.close()
    assert worker.log_tail().count("exportcheck worker: released memory after the request: resident ") == 2
    monkeypatch.setenv("EXPORTCHECK_RELEASE_ABOVE_MB", str(1 << 30))  # far above: never
    worker = Worker("load", tmp_path / "kept.log")
    try:
        assert worker.ask({"op": "no-such-op"})["ok"] is False
    finally:
        worker.close()
    assert "released memory" not in worker.log_tail()


def test_workers_freeze_their_start_up_heap(tmp_path: Path):
    for role in ("export", "load"):
        worker = Worker(role, tmp_path / f"{role}.log")
        try:
            assert worker.ready["gc_frozen"] > 100_000, worker.ready  # torch and its dependencies
        finally:
            worker.close()


def test_after_the_first_request_the_load_worker_forgets_its_case_and_freezes():
    import gc

    from exporter import replay, worker

    replay._LAST_MODULE[("a.pt2", 1, 2, 3, "cpu")] = object()  # what a first replay leaves
    replay._LAST_BUNDLE[("b.pt", 1, 2, 3)] = {}
    frozen = gc.get_freeze_count()
    try:
        worker.freeze_after_first_request("load")
        assert not replay._LAST_MODULE and not replay._LAST_BUNDLE and not replay._LAST_OUTPUTS
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
