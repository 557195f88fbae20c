"""scripts/bench-baseline: the same work in one process, ending with the wall time."""

import json
import re
import subprocess
from pathlib import Path

from exporter.baseline import main
from seed_cases import SEED_CASES, case, tensor
from workers import ROOT


def _nativert_problem() -> str:
    import torch
    try:
        torch._C._nativert.PyModelRunner  # noqa: B018
        torch._C._nativert.PyModelRunner("/nonexistent.pt2", "model")
    except Exception as e:  # this build's reason, if it has no usable NativeRT
        return str(e)
    return ""


def test_baseline_in_process(tmp_path: Path, capsys):
    cases = [{**SEED_CASES["seed_save_load"], "devices": ["cpu"]},
             case("bad", "RaiseInInit", [tensor(2)], module="exportdb.selftest", devices=["cpu"])]
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    assert main(["--cases-json", str(tmp_path / "cases.json"), "--out", str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().out.splitlines()
    # 6 programs x (module replay, module guards, nativert replay, nativert guards); a static
    # program has no guard sample, so guards pass with nothing to check on both runtimes.
    nativert = "unsupported 6" if "No constructor" in _nativert_problem() else "unsupported 0"
    assert lines[0].startswith("seed_save_load: programs 6 export_failed 0 ")
    assert lines[0].endswith(nativert) and "failed 0" in lines[0], lines[0]
    assert lines[1] == "bad: programs 0 export_failed 1 passed 0 failed 0 unsupported 0"
    assert (tmp_path / "out" / "seed_save_load" / "strict" / "core_aten.pt2").exists()


def test_a_case_that_changes_global_state_does_not_fail_the_next(tmp_path: Path, capsys):
    import torch
    changer = case("changer", "SetsDefaultDtype", [tensor(2, 8)], module="exportdb.side_effects", devices=["cpu"],
                   model_kwargs={"features": 8}, strict=[False], ir=["training"])
    after = {**SEED_CASES["seed_save_load"], "devices": ["cpu"], "export": {"strict": [False], "ir": ["training"]}}
    (tmp_path / "cases.json").write_text(json.dumps([changer, after]))
    assert main(["--cases-json", str(tmp_path / "cases.json"), "--out", str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert torch.get_default_dtype() == torch.float32, "restored after the case"
    assert lines[1].startswith("seed_save_load: programs 1 export_failed 0 ") and " failed 0 " in lines[1], lines[1]


def test_wrapper_prints_wall_time_last(tmp_path: Path):
    c = {**SEED_CASES["seed_save_load"], "devices": ["cpu"], "export": {"strict": [False], "ir": ["training"]}}
    (tmp_path / "cases.json").write_text(json.dumps([c]))
    run = subprocess.run([str(ROOT / "scripts" / "bench-baseline"), "--cases-json", str(tmp_path / "cases.json")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("seed_save_load: programs 1 ")
    assert re.fullmatch(r"baseline_seconds: \d+\.\d{3}", lines[-1])


def test_wrapper_fails_without_cases(tmp_path: Path):
    run = subprocess.run([str(ROOT / "scripts" / "bench-baseline"), "--exportcheck", str(tmp_path / "missing")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "cannot get the cases" in run.stderr
    assert run.stdout.startswith("baseline_seconds: ")
