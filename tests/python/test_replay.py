"""Bundle format 2 (harness/replay/BUNDLE.md) and the load role's replay/guards ops over it."""

from pathlib import Path

import pytest
import torch
import torch.utils._pytree as pytree

from exporter.export_case import export_case
from exporter.replay import guards, replay
from seed_cases import case, dim, tensor
from workers import Worker, replay_request

DX = {"mode": "dims", "dims": {"b": {"min": 3, "max": 64}}, "args": [{"0": dim("b")}, {"0": dim("b")}]}


def pair_case(name: str = "pair", dims: dict | None = None, **kw) -> dict:
    c = case(name, "PairAdd", [tensor(4, 3), tensor(4, 3)], module="exportdb.shapes", strict=[False],
             ir=["training"], devices=["cpu", "cuda"], dynamic_shapes=dims or DX, **kw)
    return c


def request(mode: dict, op: str = "replay", runtime: str = "module", tolerance: dict | None = None, **kw) -> dict:
    """A replay or guards request as the harness builds it (protocol.py), run in process."""
    return {**replay_request(mode["programs"][0]["archive"], mode["bundle"], tolerance=tolerance, runtime=runtime),
            "op": op, **kw}


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> dict:
    r = export_case(pair_case(), tmp_path_factory.mktemp("pair"))
    (mode,) = r["exports"]
    assert mode["ok"] and mode["bundle"], mode
    return mode


def test_bundle_round_trip(pair: dict):
    assert Path(pair["bundle"]) == Path(pair["programs"][0]["archive"]).parent / "replay.pt"
    b = torch.load(pair["bundle"], weights_only=True)  # plain types only: what C++ can read
    assert b["format"] == 2 and b["case"] == "pair" and b["mode"] == "nonstrict"
    (name,) = b["symbols"]
    assert b["symbols"][name] == {"min": 3, "max": 64}
    assert b["eager"]["cpu"]["ok"] and ("cuda" in b["eager"])
    assert pair["samples"] == len(b["samples"]) >= 8 and pair["guards"] == len(b["guards"]) == 2
    assert b["samples"][0]["label"] == "example" and b["samples"][0]["sizes"] == {name: 4}
    in_spec = pytree.treespec_loads(b["in_spec"])
    for s in b["samples"]:
        args, kwargs = pytree.tree_unflatten(s["inputs"], in_spec)
        assert kwargs == {} and args[0].shape == args[1].shape == (s["sizes"][name], 3)
        (out,) = s["outputs"]["cpu"]
        assert out.device.type == "cpu" and s["output_devices"] == {"cpu": ["cpu"]}
        assert torch.equal(out, (args[0] + args[1]).relu() * args[0].shape[0])
        if not torch.cuda.is_available():
            assert "cuda" not in s["outputs"]
    assert [(g["label"], g["value"], g["bound"]) for g in b["guards"]] == [
        (f"below-min:{name}", 2, "min 3"), (f"above-max:{name}", 65, "max 64")]


def test_replay_module_passes_every_sample(pair: dict):
    result = replay(request(pair))
    assert result["passed"] and result["samples"] == pair["samples"], result


def test_replay_names_sample_path_and_errors(pair: dict, tmp_path: Path):
    b = torch.load(pair["bundle"], weights_only=True)
    b["samples"][3]["outputs"]["cpu"][0] += 0.5
    torch.save(b, tmp_path / "tampered.pt")
    result = replay(request({**pair, "bundle": str(tmp_path / "tampered.pt")}))
    label, sizes = b["samples"][3]["label"], b["samples"][3]["sizes"]
    (name,) = sizes
    n = sizes[name]
    assert result["passed"] is False and result["failing_sample"] == 3 and result["label"] == label
    assert result["message"].startswith(f"sample 3 ({label}; {name}={n}; inputs ({n}, 3), ({n}, 3)): output: values differ: max abs error 0.5 ")
    assert "actual min" in result["message"] and "expected min" in result["message"]
    assert replay(request({**pair, "bundle": str(tmp_path / "tampered.pt")}, tolerance={"atol": 0.6, "rtol": 0}))["passed"]


def test_replay_checks_output_devices(pair: dict, tmp_path: Path):
    b = torch.load(pair["bundle"], weights_only=True)
    b["samples"][0]["output_devices"]["cpu"] = ["meta"]
    torch.save(b, tmp_path / "device.pt")
    result = replay(request({**pair, "bundle": str(tmp_path / "device.pt")}))
    assert result["passed"] is False and "output: device cpu != expected meta" in result["message"]


def test_guards_refused_and_accepted(pair: dict, tmp_path: Path):
    result = guards(request(pair, op="guards"))
    assert result["passed"] and result["checked"] == 2 and result["accepted"] == [], result
    assert all("Guard failed" in r["message"] for r in result["refused"])
    # a "guard" sample inside the range must be reported as accepted
    b = torch.load(pair["bundle"], weights_only=True)
    b["guards"][0]["inputs"] = b["samples"][0]["inputs"]
    torch.save(b, tmp_path / "in_range.pt")
    result = guards(request({**pair, "bundle": str(tmp_path / "in_range.pt")}, op="guards"))
    g = b["guards"][0]
    assert result["passed"] is False
    assert result["accepted"] == [{"label": g["label"], "value": 2, "bound": "min 3", "zero_one": False}]
    assert result["message"] == f"accepted {g['label']} ({g['symbol']}=2, min 3)"


def test_guards_without_guard_samples(tmp_path: Path):
    r = export_case(pair_case("static", dims={"mode": "dims", "dims": {}, "args": [None, None]}), tmp_path)
    (mode,) = r["exports"]
    assert mode["samples"] == 9 and mode["guards"] == 0  # the example and 8 values:<k> samples
    result = guards(request(mode, op="guards"))
    assert result["passed"] is True and result["checked"] == 0


def test_module_lower_bound_fact_torch_2_13(tmp_path: Path):
    """FACTS: module() has no guard at the 0/1 boundary: with min 2 it accepts size 1."""
    r = export_case(pair_case("min2", dims={**DX, "dims": {"b": {"min": 2, "max": 64}}}), tmp_path)
    result = guards(request(r["exports"][0], op="guards"))
    assert [(a["value"], a["zero_one"]) for a in result["accepted"]] == [(1, True)], result
    # cases/known-gaps.yaml recognises this gap by the message's prefix
    assert result["message"].startswith("only 0/1 below min: accepted below-min:"), result["message"]


def test_nativert_is_unsupported_or_passes(pair: dict):
    result = replay(request(pair, runtime="nativert"))
    try:
        torch._C._nativert.PyModelRunner(pair["programs"][0]["archive"], "model")
    except TypeError as e:
        assert "No constructor defined" in str(e)
        assert result == {"ok": True, "passed": False, "unsupported":
                          f"torch {torch.__version__}: NativeRT PyModelRunner unavailable: {e}"}
        assert guards(request(pair, op="guards", runtime="nativert")) == result
        return
    assert result["passed"], result


def test_mutated_buffers_do_not_leak_between_samples(tmp_path: Path):
    c = case("counter", "BufferCounter", [tensor(3, init="arange")], module="exportdb.mutation", strict=[False],
             ir=["training", "inference"], devices=["cpu"],
             dynamic_shapes={"mode": "dims", "dims": {"n": {"min": 2, "max": 32}}, "args": [{"0": dim("n")}]})
    (mode,) = export_case(c, tmp_path)["exports"]
    assert mode["samples"] >= 8
    for program in mode["programs"]:  # training keeps add_ on the buffer; inference makes it an output
        for _ in range(2):
            result = replay({**request(mode), "archive": program["archive"]})
            assert result["passed"], (program["ir"], result)


def test_view_outputs_of_different_dtypes_are_saved(tmp_path: Path):
    c = case("complex_view", "ComplexRealView", [tensor(3, 4, dtype="complex64")], module="exportdb.dtypes_extra",
             strict=[False], ir=["training"], devices=["cpu"])
    r = export_case(c, tmp_path)
    (mode,) = r["exports"]
    assert mode["ok"] and mode["bundle"], mode
    b = torch.load(mode["bundle"], weights_only=True)
    z, real = b["samples"][0]["outputs"]["cpu"]
    assert z.dtype == torch.complex64 and real.dtype == torch.float32 and real.shape == (3, 4, 2)
    assert z.untyped_storage().data_ptr() != real.untyped_storage().data_ptr()
    assert replay(request(mode))["passed"]


def test_dataclass_inputs_replay_in_the_load_worker(export_worker: Worker, load_worker: Worker, tmp_path: Path):
    c = case("dc", "DataclassInOut", [{"kind": "dataclass", "type": "exportdb.types:Point", "fields": {
        "x": tensor(4, 3), "y": tensor(4, 5)}}], module="exportdb.pytree_io", strict=[False, True], ir=["training"],
        devices=["cpu"], dynamic_shapes={"mode": "dims", "dims": {"b": {"min": 3}},
                                         "args": [{"x": {"0": dim("b")}, "y": {"0": dim("b")}}]})
    r = export_worker.ask({"op": "export", "case": c, "out_dir": str(tmp_path)})
    assert [m["ok"] for m in r["exports"]] == [True, True], r
    for mode in r["exports"]:
        b = torch.load(mode["bundle"], weights_only=True)
        reply = load_worker.ask(replay_request(mode["programs"][0]["archive"], mode["bundle"], forbid=[r["model_module"]]))
        assert b["type_modules"] == ["exportdb.types"] and mode["samples"] >= 8
        assert reply["ok"] and reply["passed"] and reply["samples"] == mode["samples"], reply
        g = load_worker.ask({**replay_request(mode["programs"][0]["archive"], mode["bundle"], forbid=[r["model_module"]]),
                             "op": "guards"})
        assert g["ok"] and g["passed"] and g["checked"] == mode["guards"] == 1, g


def test_replay_then_guards_of_one_archive_load_it_once(pair: dict, tmp_path: Path):
    from exporter import replay as replay_module

    archive = tmp_path / "program.pt2"
    archive.write_bytes(Path(pair["programs"][0]["archive"]).read_bytes())
    first = replay_module.load_program("module", str(archive), "cpu")
    assert replay_module.load_program("module", str(archive), "cpu") is first, "the same file: loaded once"
    assert replay_module.load_program("module", str(archive), "meta") is not first, "another device: loaded again"
    archive.unlink()
    archive.write_bytes(Path(pair["programs"][0]["archive"]).read_bytes())  # rewritten (another run): never the stale program
    assert replay_module.load_program("module", str(archive), "cpu") is not first


def test_a_bundle_is_read_once_per_file(pair: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from exporter import replay as replay_module

    reads: list[str] = []
    read = replay_module._read_bundle
    monkeypatch.setattr(replay_module, "_read_bundle", lambda path: reads.append(path) or read(path))
    bundle = tmp_path / "replay.pt"
    bundle.write_bytes(Path(pair["bundle"]).read_bytes())
    first = replay_module.load_bundle(str(bundle))
    assert replay_module.load_bundle(str(bundle)) is first and len(reads) == 1, "resave, replay, guards, sequence: one read"
    b = torch.load(bundle, weights_only=True)
    b["samples"] = b["samples"][:1]
    bundle.unlink()
    torch.save(b, bundle)  # rewritten (another run into the same folder): never the stale samples
    again = replay_module.load_bundle(str(bundle))
    assert len(reads) == 2 and len(again["samples"]) == 1
