"""export_case.py and replay.py in-process: stages, failures, copies."""

from pathlib import Path

import pytest
import torch

from exporter.export_case import export_case, prepare
from exporter.replay import replay
from seed_cases import SEED_CASES, case, tensor
from workers import replay_request


def one_mode(name: str, cls: str, args: list, module: str = "exportdb.seed_examples", **kw) -> dict:
    return case(name, cls, args, module=module, strict=[False], devices=["cpu"], **kw)


def replay_cpu(mode: dict, program: dict, tolerance: dict | None = None, **kw) -> dict:
    """Replay `program` over the mode's bundle (`mode`: an export response's mode, or {"bundle": path})."""
    return replay({**replay_request(program["archive"], mode["bundle"], tolerance=tolerance), **kw})


def test_setup_failure_in_model_constructor(tmp_path: Path):
    r = export_case(one_mode("bad_init", "RaiseInInit", [tensor(2)], module="exportdb.selftest"), tmp_path)
    assert r["ok"] and r["exports"] == [] and "bundle" not in r
    assert r["setup"]["ok"] is False and r["setup"]["error_type"] == "RuntimeError"
    assert "raises on purpose" in r["setup"]["message"] and "Traceback" in r["setup"]["traceback"]


@pytest.mark.parametrize("change, error", [
    ({"inputs": {"args": [tensor(2, dtype="float8")], "kwargs": {}}}, "ValueError"),
    ({"model": {"module": "exportdb.no_such_family", "class": "X", "kwargs": {}}}, "ModuleNotFoundError"),
    ({"model": {"module": "exportdb.seed_examples", "class": "NoSuchModel", "kwargs": {}}}, "AttributeError"),
    ({"dynamic_shapes": {"mode": "dims", "dims": {}, "args": [{"0": {"dim": "undeclared"}}]}}, "ValueError"),
])
def test_setup_failures_name_the_error(tmp_path: Path, change: dict, error: str):
    r = export_case({**one_mode("bad_setup", "MyModule", [tensor(5)]), **change}, tmp_path)
    assert r["setup"]["ok"] is False and r["setup"]["error_type"] == error


def test_forward_failure_fails_eager_and_every_mode(tmp_path: Path):
    c = {**one_mode("bad_forward", "RaiseInForward", [tensor(2)], module="exportdb.selftest"), "export": {
        "strict": [False, True], "ir": ["training"], "decompositions": None}}
    r = export_case(c, tmp_path)
    assert r["setup"]["ok"] and r["eager"]["cpu"]["ok"] is False
    assert r["eager"]["cpu"]["error_type"] == "RuntimeError" and r["eager"]["cpu"]["reason"].startswith("RuntimeError: selftest")
    assert [m["mode"] for m in r["exports"]] == ["nonstrict", "strict"]
    for mode in r["exports"]:
        assert mode["ok"] is False and "raises on purpose" in mode["message"] and mode["seconds"] >= 0
        assert not (tmp_path / mode["mode"]).exists()
    assert list(tmp_path.iterdir()) == []  # no mode exported, so no replay bundle (and no format-1 eager.pt)


def test_ir_level_failures_are_per_program(tmp_path: Path):
    c = one_mode("bad_ir", "MyModule", [tensor(5)], ir=["training", "custom", "fancy"])
    stale = tmp_path / "nonstrict" / "old.pt2"
    stale.parent.mkdir(parents=True)
    stale.write_text("stale")
    r = export_case(c, tmp_path)
    (mode,) = r["exports"]
    training, custom, fancy = mode["programs"]
    assert training["ok"] and Path(training["archive"]) == tmp_path / "nonstrict" / "training.pt2"
    assert custom["ok"] is False and "needs export.decompositions" in custom["message"]
    assert fancy["ok"] is False and "unknown IR level" in fancy["message"]
    assert sorted(p.name for p in (tmp_path / "nonstrict").iterdir()) == ["replay.pt", "training.pt2"]


def test_response_has_timings_and_cuda_status(tmp_path: Path):
    r = export_case({**SEED_CASES["seed_save_load"], "export": {"strict": [False], "ir": ["training"]}}, tmp_path)
    assert r["model_module"] == "exportdb.seed_examples" and r["setup"]["seconds"] >= 0
    assert r["exports"][0]["seconds"] > 0 and r["exports"][0]["programs"][0]["seconds"] > 0
    if not torch.cuda.is_available():
        assert r["eager"]["cuda"] == {"ok": False, "reason": "CUDA not available"}
        assert replay_cpu(r["exports"][0], r["exports"][0]["programs"][0], device="cuda") == {
            "ok": True, "passed": False, "unsupported": "CUDA not available"}


@pytest.mark.parametrize("cls", ["InputMutation", "BufferCounter"])
def test_mutating_models_see_pristine_inputs_and_state(tmp_path: Path, cls: str):
    c = {**one_mode(cls, cls, [tensor(3, init="arange")], module="exportdb.mutation",
                    ir=["training", "inference"]), "replay": {"samples": 1, "seed": 0}}
    r = export_case(c, tmp_path)
    (mode,) = r["exports"]
    sample = torch.load(mode["bundle"], weights_only=True)["samples"][0]
    assert sample["label"] == "example"
    assert torch.equal(sample["inputs"][0], torch.arange(3.0))  # not the mutated copy
    assert torch.equal(sample["outputs"]["cpu"][0], torch.tensor([2.0, 4.0, 6.0]) if cls == "InputMutation"
                       else torch.tensor([1.0, 2.0, 3.0]))
    for program in mode["programs"]:
        # twice: replay must not leak mutated buffers from one run to the next
        for _ in range(2):
            result = replay_cpu(mode, program)
            assert result["passed"], result


def test_replay_reports_mismatches_and_missing_references(tmp_path: Path):
    c = one_mode("tamper", "MyModule", [tensor(5)], ir=["training"])
    r = export_case(c, tmp_path)
    program = r["exports"][0]["programs"][0]
    bundle = torch.load(r["exports"][0]["bundle"], weights_only=True)
    bundle["samples"][0]["outputs"]["cpu"][0] += 1
    torch.save(bundle, tmp_path / "tampered.pt")
    result = replay_cpu({"bundle": str(tmp_path / "tampered.pt")}, program)
    assert result["passed"] is False and result["samples"] == 1 and result["label"] == "example"
    assert result["message"].startswith("sample 0 (example; "), result["message"]
    assert ": output: values differ: max abs error 1 " in result["message"]
    assert replay_cpu({"bundle": str(tmp_path / "tampered.pt")}, program, tolerance={"atol": 1.5, "rtol": 0})["passed"]
    del bundle["samples"][0]["outputs"]["cpu"]
    bundle["eager"]["cpu"] = {"ok": False, "reason": "RuntimeError: boom"}
    torch.save(bundle, tmp_path / "no_ref.pt")
    result = replay_cpu({"bundle": str(tmp_path / "no_ref.pt")}, program)
    assert result["message"] == "sample 0: no eager output on cpu (RuntimeError: boom)"


def test_replay_failures_of_the_artifact_are_not_request_errors(tmp_path: Path):
    r = export_case(one_mode("broken_archive", "MyModule", [tensor(5)], ir=["training"]), tmp_path)
    program = r["exports"][0]["programs"][0]
    Path(program["archive"]).write_bytes(b"not a zip")
    result = replay_cpu(r["exports"][0], program)
    assert result["passed"] is False and result["message"].startswith("load: ")
    with pytest.raises(ValueError, match="unknown runtime"):
        replay({"runtime": "aoti", "device": "cpu", "archive": program["archive"], "bundle": r["exports"][0]["bundle"]})


def test_prepare_copies_are_independent():
    p = prepare(SEED_CASES["seed_conv_kwargs"])
    copy = p.fresh()
    copy.inputs[1]["constant"].add_(1)
    assert torch.equal(p.inputs[1]["constant"], torch.ones(1, 16, 64, 64))


def test_each_mode_gets_a_format_2_bundle(tmp_path: Path):
    from exportdb.shapes import DynamicScalar

    c = {**one_mode("scalar", "DynamicScalar", [tensor(2, 3), {"kind": "int", "value": 3}], module="exportdb.shapes",
                    ir=["training"]), "export": {"strict": [False, True], "ir": ["training"], "decompositions": None},
         "dynamic_shapes": {"mode": "dims", "dims": {}, "args": [None, {"hint": "dynamic", "min": None, "max": None}]}}
    r = export_case(c, tmp_path)
    assert "bundle" not in r and not (tmp_path / "eager.pt").exists()  # format 1 is retired
    for mode in r["exports"]:
        assert mode["bundle"] == str(tmp_path / mode["mode"] / "replay.pt") and mode["bundle_seconds"] >= 0
        b = torch.load(mode["bundle"], weights_only=True)
        assert mode["samples"] == len(b["samples"]) >= 8 and mode["guards"] == len(b["guards"])
        (name,) = b["symbols"]
        for s in b["samples"]:
            x, n = s["inputs"]
            assert isinstance(n, int) and n == s["sizes"][name]
            assert torch.equal(s["outputs"]["cpu"][0], DynamicScalar()(x, n))
        # n=0: the program guards "6*n >= 2" although its range starts at 0; dropped, with the reason
        assert mode["dropped"] == len(b["dropped"]) >= 1
        assert mode["dropped_reasons"] == list(dict.fromkeys(d["reason"] for d in b["dropped"]))[:3]
        assert all("refuse 0/1 sizes" in d["reason"] and d["sizes"][name] in (0, 1) for d in b["dropped"])
        assert replay_cpu({"bundle": mode["bundle"]}, mode["programs"][0])["passed"]


def test_an_output_spec_without_a_serialized_name_still_gets_a_bundle(tmp_path: Path):
    r = export_case(one_mode("rt", "ReturnTypesOut", [tensor(4, 5)], module="exportdb.signatures", ir=["training"]), tmp_path)
    (mode,) = r["exports"]
    b = torch.load(mode["bundle"], weights_only=True)
    assert b["out_spec"] == "" and "return_types.max" in b["out_spec_error"]
    values, indices = b["samples"][0]["outputs"]["cpu"]
    assert values.shape == indices.shape == (4,) and indices.dtype == torch.int64


def test_type_modules_name_namedtuple_output_classes():
    """torch.export.load must know a namedtuple output's class: the bundle lists its module
    (torch 2.13 keys namedtuple nodes by collections.namedtuple, the class in the context)."""
    import torch.utils._pytree as pytree

    from exportdb.types import Pair
    from exporter.export_case import type_modules

    spec = pytree.tree_flatten((torch.zeros(1), Pair(torch.zeros(1), torch.zeros(1))))[1]
    assert type_modules(spec) == ["exportdb.types"]
    assert type_modules(pytree.tree_flatten((torch.zeros(1), [torch.zeros(1)]))[1]) == []
