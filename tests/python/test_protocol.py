"""exporter/protocol.py is the protocol: requests built from its types work
against real workers, replies carry only the fields it declares, and replay
compares with the `tolerances` the request sends (harness/worker/tolerance.h)."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import torch

from exporter import protocol
from exporter.baseline import resolve_tolerances
from exporter.protocol import ExportRequest, GuardsRequest, Json, ReplayRequest, ResaveRequest, Tolerances
from seed_cases import case, tensor
from workers import ROOT, Worker


def check_fields(reply: Json, typed: Any, where: str = "reply") -> None:
    """Every key of `reply` is declared by the TypedDict `typed`, and every required one is there."""
    declared = typed.__required_keys__ | typed.__optional_keys__
    keys = set(reply) - {"id"}
    assert keys <= declared, f"{where}: fields {sorted(keys - declared)} are not in protocol.{typed.__name__}"
    assert typed.__required_keys__ - {"id"} <= keys, \
        f"{where}: missing {sorted(typed.__required_keys__ - {'id'} - keys)} of protocol.{typed.__name__}"


@pytest.fixture(scope="module")
def exported(export_worker: Worker, tmp_path_factory: pytest.TempPathFactory) -> Json:
    out = tmp_path_factory.mktemp("protocol")
    request: ExportRequest = {"op": "export", "out_dir": str(out),
                              "case": case("protocol", "MyModule", [tensor(5)], strict=[False], ir=["training"],
                                           devices=["cpu"])}
    reply = export_worker.ask(request)
    assert reply["ok"] and reply["setup"]["ok"] and reply["exports"][0]["ok"], reply
    return reply


def runtime_request(exported: Json, op: str = "replay", tolerance: Json | None = None,
                    tolerances: Tolerances | None = None) -> ReplayRequest:
    mode = exported["exports"][0]
    override = tolerance or {"atol": None, "rtol": None}
    return {"op": op, "runtime": "module", "device": "cpu", "archive": mode["programs"][0]["archive"],
            "bundle": mode["bundle"], "tolerance": override,
            "tolerances": resolve_tolerances(override) if tolerances is None else tolerances,
            "forbid_modules": [exported["model_module"]]}


def test_protocol_imports_without_torch():
    code = "import sys, exporter.protocol; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_export_reply_has_the_declared_fields(exported: Json):
    check_fields(exported, protocol.ExportReply)
    check_fields(exported["setup"], protocol.SetupResult, "setup")
    for device, eager in exported["eager"].items():
        check_fields(eager, protocol.EagerResult, f"eager.{device}")
    for mode in exported["exports"]:
        check_fields(mode, protocol.ModeResult, f"exports[{mode['mode']}]")
        for program in mode["programs"]:
            check_fields(program, protocol.ProgramResult, f"programs[{program['ir']}]")


def test_replay_guards_resave_requests_per_protocol(exported: Json, load_worker: Worker, tmp_path: Path):
    replay = load_worker.ask(runtime_request(exported))
    assert replay["ok"] and replay["passed"] and replay["samples"] >= 8, replay
    check_fields(replay, protocol.ReplayReply)

    guards: GuardsRequest = {k: v for k, v in runtime_request(exported, "guards").items() if k != "tolerances"}
    reply = load_worker.ask(guards)
    assert reply["ok"] and reply["passed"] and reply["checked"] == 0, reply  # a static program
    check_fields(reply, protocol.GuardsReply)

    program = exported["exports"][0]["programs"][0]
    resave: ResaveRequest = {"op": "resave", "archive": program["archive"], "out": str(tmp_path / "resaved.pt2"),
                             "bundle": exported["exports"][0]["bundle"], "forbid_modules": [exported["model_module"]]}
    reply = load_worker.ask(resave)
    assert reply["ok"] and reply["passed"] and Path(reply["out"]).exists(), reply
    check_fields(reply, protocol.ResaveReply)


def test_replay_without_tolerances_is_a_broken_request(exported: Json, load_worker: Worker):
    request = {k: v for k, v in runtime_request(exported).items() if k != "tolerances"}
    reply = load_worker.ask(request)
    assert reply["ok"] is False and reply["error_type"] == "ValueError" and "'tolerances'" in reply["message"], reply
    check_fields(reply, protocol.ErrorReply)


def test_replay_compares_with_the_sent_tolerances(exported: Json, load_worker: Worker, tmp_path: Path):
    mode = exported["exports"][0]
    bundle = torch.load(mode["bundle"], weights_only=True)
    bundle["samples"][0]["outputs"]["cpu"][0] += 0.5
    torch.save(bundle, tmp_path / "tampered.pt")
    tampered = {**exported, "exports": [{**mode, "bundle": str(tmp_path / "tampered.pt")}]}

    failed = load_worker.ask(runtime_request(tampered))
    assert failed["passed"] is False and "values differ: max abs error 0.5 (atol 1e-05)" in failed["message"], failed
    # Loose float32 tolerances sent, no override: only the sent table can make this pass.
    loose = {**resolve_tolerances(None), "float32": {"atol": 0.6, "rtol": 0.0}}
    passed = load_worker.ask(runtime_request(tampered, tolerances=loose))
    assert passed["ok"] and passed["passed"], passed
    # The other way round: an override the sent table does not reflect is not re-resolved in Python.
    stale = load_worker.ask(runtime_request(tampered, tolerance={"atol": 0.6, "rtol": 0.0},
                                            tolerances=resolve_tolerances(None)))
    assert stale["passed"] is False and "(atol 1e-05)" in stale["message"], stale
    # What the harness sends for that override (both fields agree) passes.
    assert load_worker.ask(runtime_request(tampered, tolerance={"atol": 0.6, "rtol": 0.0}))["passed"]
