"""The harness catches a wrong program: cases/wrong_program_export_path.yaml, whose
exported program equals eager at the example batch and differs above it, must
FAIL replay, through the real export and load workers, with a useful message."""

import re
from pathlib import Path

import torch

from seed_cases import case, dim, tensor
from workers import Worker, replay_request

ROOT = Path(__file__).resolve().parents[2]


def wrong_program_case() -> dict:
    # the normalized form of cases/wrong_program_export_path.yaml
    return case("wrong_program_export_path", "ExportOnlyPath", [tensor(4, 8)], module="exportdb.wrong_program",
                strict=[False, True], ir=["training", "core_aten"], devices=["cpu"],
                dynamic_shapes={"mode": "dims", "dims": {"b": {"min": 3, "max": 64}}, "args": [{"0": dim("b")}]})


def test_the_yaml_case_is_the_one_tested():
    text = (ROOT / "cases" / "wrong_program_export_path.yaml").read_text()
    assert "class: ExportOnlyPath" in text and "dims: {b: {min: 3, max: 64}}" in text and "shape: [4, 8]" in text
    assert "verdict: xfail" in text and 'match: "values differ: max abs error"' in text


def test_replay_fails_on_a_sampled_size_not_on_the_example(export_worker: Worker, load_worker: Worker, tmp_path: Path):
    r = export_worker.ask({"op": "export", "case": wrong_program_case(), "out_dir": str(tmp_path)})
    assert r["ok"] and [m["mode"] for m in r["exports"] if m["ok"]] == ["nonstrict", "strict"], r
    for mode in r["exports"]:
        assert mode["samples"] >= 8
        for program in mode["programs"]:
            result = load_worker.ask(replay_request(program["archive"], mode["bundle"], forbid=[r["model_module"]]))
            assert result["ok"] and result["passed"] is False, (mode["mode"], program["ir"], result)
            assert result["failing_sample"] > 0  # the example alone would pass: only sampled sizes show it
            message = result["message"]
            m = re.match(r"sample (\d+) \(([a-z]+:s\d+); (s\d+)=(\d+); inputs \((\d+), 8\)\): output: values differ: "
                         r"max abs error ([0-9.e+-]+) \(atol 1e-05\), max rel error 0\.5 ", message)
            assert m, message
            assert int(m.group(1)) == result["failing_sample"] and m.group(2) == result["label"]
            assert int(m.group(4)) == int(m.group(5)) > 4 and float(m.group(6)) > 0
            assert "actual min" in message and "expected min" in message and "mean" in message
            # the same program is right at the example batch: the bundle's sample 0 passes on its own
            b = torch.load(mode["bundle"], weights_only=True)
            assert b["samples"][0]["label"] == "example"
            b["samples"] = b["samples"][:1]
            torch.save(b, tmp_path / f"{mode['mode']}_example_only.pt")
            only = load_worker.ask(replay_request(program["archive"], str(tmp_path / f"{mode['mode']}_example_only.pt")))
            assert only["passed"], only
        guards = load_worker.ask({**replay_request(mode["programs"][0]["archive"], mode["bundle"]), "op": "guards"})
        assert guards["passed"] and guards["checked"] == 2, guards
