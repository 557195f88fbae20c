"""The external suite exportdb-upstream (exporter/suite.py) and the worker's
`preload` / `requires` handling (exporter/worker.py serve)."""

import sys
from pathlib import Path

import pytest
import torch

from exporter import suite, worker
from workers import Worker


def _cases() -> dict:
    return {c["name"]: c for c in suite.list_suite({"suite": "exportdb-upstream"})["cases"]}


def test_every_upstream_example_is_one_case_built_at_run_time():
    from torch._export.db.examples import all_examples

    cases = _cases()
    assert sorted(cases) == sorted(f"exportdb-upstream/{n}" for n in all_examples())
    for name, case in cases.items():
        short = name.split("/", 1)[1]
        assert case["model"] == {"module": "exportdb.upstream", "class": "Upstream", "kwargs": {"name": short}}
        assert case["inputs"] == {"upstream_exportdb": short}
        assert case["export"]["strict"] == [False, True]
        assert case["export"]["ir"] == ["training", "inference", "core_aten"]
        assert "expect" not in case, f"{name}: expectations are cases/suites/exportdb-upstream.yaml's (the harness adds them)"


def test_support_level_and_tags():
    from torch._export.db.examples import all_examples

    for name, case in _cases().items():
        example = all_examples()[name.split("/", 1)[1]]
        assert case["support_level"] == example.support_level.name
        assert case["tags"][0] == "upstream-exportdb" and case["tags"][-2:] == ["strict", "non-strict"]
        assert ("export-failure" in case["tags"]) == (case["support_level"] != "SUPPORTED"), name
        assert not [t for t in case["tags"] if "." in t], f"{name}: an upstream tag leaked: {case['tags']}"


def test_a_not_supported_example_is_tagged_export_failure():
    import dataclasses

    from torch._export.db.case import SupportLevel
    from torch._export.db.examples import all_examples

    example = dataclasses.replace(all_examples()["static_if"], support_level=SupportLevel.NOT_SUPPORTED_YET)
    case = suite.upstream_case("static_if", example)
    assert "export-failure" in case["tags"] and case["support_level"] == "NOT_SUPPORTED_YET"


def test_unknown_suite_is_an_error():
    with pytest.raises(ValueError, match="unknown suite 'nope'"):
        suite.list_suite({"suite": "nope"})


def test_verbatim_inputs_and_dynamic_shapes():
    from exporter.dynamic_shapes import build_dynamic_shapes
    from exporter.inputs import build_inputs, make_generator
    from torch._export.db.examples import all_examples

    ex = all_examples()["tensor_setattr"]
    args, kwargs = build_inputs({"upstream_exportdb": "tensor_setattr"}, make_generator(0))
    assert isinstance(args[1], str) and args[1] == ex.example_args[1]
    assert torch.equal(args[0], ex.example_args[0]) and args[0] is not ex.example_args[0]
    spec = build_dynamic_shapes({"mode": "upstream_exportdb", "name": "cond_operands"}, None, {}, (), {}, [])
    assert spec is all_examples()["cond_operands"].dynamic_shapes


def test_list_suite_and_export_through_the_worker(export_worker: Worker, tmp_path: Path):
    listing = export_worker.ask({"op": "list_suite", "suite": "exportdb-upstream"})
    assert listing["ok"], listing
    case = next(c for c in listing["cases"] if c["name"] == "exportdb-upstream/pytree_flatten")
    response = export_worker.ask({"op": "export", "case": case, "out_dir": str(tmp_path)})
    assert response["ok"] and response["setup"]["ok"], response
    assert [e["mode"] for e in response["exports"]] == ["nonstrict", "strict"]
    for e in response["exports"]:
        assert e["ok"], e
        assert [p["ir"] for p in e["programs"] if p["ok"]] == ["training", "inference", "core_aten"]


def test_requires_a_missing_package_is_setup_unsupported(export_worker: Worker, tmp_path: Path):
    case = {"name": "needs_pkg", "model": {"module": "torch.nn", "class": "Identity", "kwargs": {}},
            "inputs": {"args": [], "kwargs": {}}, "requires": ["no_such_package_exportcheck"]}
    response = export_worker.ask({"op": "export", "case": case, "out_dir": str(tmp_path)})
    assert response["ok"], response
    assert response["setup"]["ok"] is False
    assert response["setup"]["unsupported"] == "no_such_package_exportcheck not installed"
    assert response["exports"] == []
    case["requires"] = ["torch"]
    case["inputs"] = {"args": [{"kind": "tensor", "shape": [2], "dtype": "float32"}], "kwargs": {}}
    assert export_worker.ask({"op": "export", "case": case, "out_dir": str(tmp_path)})["setup"]["ok"]


def test_preload_is_imported_first_and_never_a_forbidden_import(monkeypatch):
    name = "exportdb.custom_ops"
    for m in [m for m in sys.modules if m == name]:
        monkeypatch.delitem(sys.modules, m)
    monkeypatch.setattr(worker, "PRELOADED", set())
    seen = {}

    def handler(request):
        seen["registered"] = hasattr(torch.ops.exportcheck, "scaled_sin")
        return {"ok": True}

    request = {"id": 1, "op": "replay", "preload": [name], "forbid_modules": [name, "exportdb.custom_op_models"]}
    response = worker.serve(request, "load", {"replay": handler})
    assert response == {"id": 1, "ok": True}, response
    assert seen["registered"]
    assert name in sys.modules
    # Without the preload, the same import is forbidden.
    monkeypatch.setattr(worker, "PRELOADED", set())
    response = worker.serve({"id": 2, "op": "replay", "forbid_modules": [name]}, "load", {"replay": handler})
    assert response["error_type"] == "ForbiddenImport"


def test_a_broken_preload_fails_the_request_not_the_worker():
    response = worker.serve({"id": 3, "op": "replay", "preload": ["no_such_module_exportcheck"]}, "load",
                            {"replay": lambda r: {"ok": True}})
    assert response["ok"] is False and response["error_type"] == "ModuleNotFoundError"
