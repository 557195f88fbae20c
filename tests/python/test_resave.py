"""The load role's `resave` op: torch.export.load + save of an archive, in the
load worker (which never imports model code)."""

import zipfile
from pathlib import Path

from workers import Worker

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "archives" / "kwargs_const.pt2"


def test_resave_writes_a_loadable_archive(load_worker: Worker, tmp_path: Path):
    out = tmp_path / "sub" / "resaved.pt2"
    reply = load_worker.ask({"op": "resave", "archive": str(FIXTURE), "out": str(out), "bundle": "",
                             "forbid_modules": ["exportdb.seed_examples"]})
    assert reply["ok"] and reply["passed"], reply
    assert reply["out"] == str(out)
    names = zipfile.ZipFile(out).namelist()
    assert any(n.endswith("/models/model.json") for n in names)


def test_resave_of_a_broken_archive_is_a_failed_check(load_worker: Worker, tmp_path: Path):
    broken = tmp_path / "broken.pt2"
    broken.write_bytes(b"not a zip")
    reply = load_worker.ask({"op": "resave", "archive": str(broken), "out": str(tmp_path / "x.pt2")})
    assert reply["ok"] and not reply["passed"], reply
    assert reply["message"].startswith("load: "), reply["message"]


def test_resave_with_a_format_2_bundle_of_dataclass_inputs(export_worker: Worker, tmp_path: Path):
    from seed_cases import case, dim, tensor

    c = case("dc_resave", "DataclassInOut", [{"kind": "dataclass", "type": "exportdb.types:Point", "fields": {
        "x": tensor(4, 3), "y": tensor(4, 5)}}], module="exportdb.pytree_io", strict=[False], ir=["training"],
        devices=["cpu"], dynamic_shapes={"mode": "dims", "dims": {"b": {}},
                                         "args": [{"x": {"0": dim("b")}, "y": {"0": dim("b")}}]})
    (mode,) = export_worker.ask({"op": "export", "case": c, "out_dir": str(tmp_path)})["exports"]
    fresh = Worker("load", tmp_path / "load.log")  # has never seen exportdb.types
    try:
        request = {"op": "resave", "archive": mode["programs"][0]["archive"], "out": str(tmp_path / "resaved.pt2"),
                   "bundle": mode["bundle"], "forbid_modules": ["exportdb.pytree_io"]}
        reply = fresh.ask(request)
        assert reply["ok"] and reply["passed"], reply
        leaked = fresh.ask({**request, "forbid_modules": ["exportdb.types"]})
        assert leaked["ok"] is False and leaked["error_type"] == "ForbiddenImport", leaked
    finally:
        assert fresh.close() == 0
