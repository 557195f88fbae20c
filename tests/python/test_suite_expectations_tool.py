"""scripts/suite-expectations (exporter/tools/suite_expectations.py): a suite's
expectations regenerated from a run, reasons kept, stale entries dropped."""

import json
import re
from pathlib import Path

import yaml

from exporter.tools import suite_expectations as tool

HEAD = """# a comment that must survive
every_case:
  golden: {verdict: unsupported, reason: "no goldens"}

"""


def _run(tmp_path: Path, results: list[dict]) -> Path:
    run = tmp_path / "run"
    run.mkdir(exist_ok=True)
    (run / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in results))
    return run


def _r(case: str, stage: str, variant: str, verdict: str, message: str = "") -> dict:
    return {"case": f"s/{case}", "stage": stage, "variant": variant, "verdict": verdict, "message": message}


def _regen(tmp_path: Path, text: str, results: list[dict], *extra: str) -> tuple[int, str]:
    path = tmp_path / "s.yaml"
    path.write_text(text)
    code = tool.main(["s", str(_run(tmp_path, results)), "--file", str(path), *extra])
    return code, path.read_text()


def _examples(text: str) -> dict:
    return yaml.safe_load(text)["examples"]


def test_a_failure_becomes_an_unreviewed_xfail_with_a_match(tmp_path: Path) -> None:
    message = "training: NotImplementedError: No registered serialization name for <class 'torch.return_types.aminmax'>"
    results = [_r("aminmax/float32", "export", v, "FAIL", message.replace("training", v.split("/")[1]))
               for v in ("nonstrict/training", "nonstrict/core_aten")]
    code, text = _regen(tmp_path, HEAD + "examples: {}\n", results)
    assert code == 0
    assert text.startswith(HEAD), "everything above examples: is kept verbatim"
    entry = _examples(text)["aminmax/float32"]["export"]
    assert entry["verdict"] == "xfail" and "mode" not in entry and "ir" not in entry, "every variant failed alike"
    assert entry["reason"].startswith("unreviewed: NotImplementedError: No registered serialization name")
    assert all(re.search(entry["match"], r["message"]) for r in results), "the match finds each IR's message"


def test_reasons_written_are_kept_and_reused_for_the_same_failure_elsewhere(tmp_path: Path) -> None:
    text = HEAD + (
        "examples:\n"
        "  \"aminmax/float32\":\n"
        "    export: {verdict: xfail, match: \"NotImplementedError: No registered serialization name\", "
        "reason: \"upstream: torch.return_types has no serialized name\"}\n")
    message = "core_aten: NotImplementedError: No registered serialization name for <class 'torch.return_types.cummax'>"
    results = [_r("aminmax/float32", "export", "nonstrict/training", "XFAIL", "upstream: ... — " + message),
               _r("cummax/float32", "export", "nonstrict/core_aten", "FAIL", message),
               _r("cummax/float32", "export", "nonstrict/training", "PASS")]
    _, new = _regen(tmp_path, text, results)
    examples = _examples(new)
    assert examples["aminmax/float32"]["export"]["reason"] == "upstream: torch.return_types has no serialized name"
    cummax = examples["cummax/float32"]["export"]
    assert cummax["reason"] == "upstream: torch.return_types has no serialized name", "a reviewed cluster's reason"
    assert (cummax["mode"], cummax["ir"]) == ("nonstrict", "core_aten"), "only the variant that failed"


def test_stale_entries_are_dropped_and_check_says_the_file_changes(tmp_path: Path, capsys) -> None:
    text = HEAD + (
        "examples:\n"
        "  \"sin/float32\":\n"
        "    replay:cpp:cpu: {verdict: xfail, match: \"values differ\", reason: \"an executor gap\"}\n"
        "  \"not/in-this-run\":\n"
        "    export: {verdict: xfail, reason: \"kept: the run did not reach it\"}\n")
    results = [_r("sin/float32", "replay:cpp:cpu", v, "XPASS") for v in ("nonstrict/training", "nonstrict/core_aten")]
    code, same = _regen(tmp_path, text, results, "--check")
    assert code == 1 and same == text, "--check writes nothing and exits 1 on a change"
    code, new = _regen(tmp_path, text, results)
    assert code == 0
    assert "sin/float32" not in _examples(new)
    assert _examples(new)["not/in-this-run"]["export"]["reason"] == "kept: the run did not reach it"
    assert "stale (dropped): sin/float32 replay:cpp:cpu" in capsys.readouterr().err
    assert tool.main(["s", str(tmp_path / "run"), "--file", str(tmp_path / "s.yaml"), "--check"]) == 0


def test_different_failures_per_mode_get_an_entry_each(tmp_path: Path) -> None:
    results = [_r("allclose/float32", "export", "nonstrict/training", "FAIL", "DataDependentOutputException: aten.allclose.default"),
               _r("allclose/float32", "export", "nonstrict/core_aten", "FAIL", "DataDependentOutputException: aten.allclose.default"),
               _r("allclose/float32", "export", "strict/training", "FAIL", "Unsupported: Data dependent operator\nmore"),
               _r("allclose/float32", "export", "strict/core_aten", "PASS")]
    _, text = _regen(tmp_path, HEAD + "examples: {}\n", results)
    entries = _examples(text)["allclose/float32"]["export"]
    assert [(e.get("mode"), e.get("ir")) for e in entries] == [("nonstrict", None), ("strict", "training")]


def test_match_is_a_regex_both_re_and_ecmascript_read() -> None:
    message = "sample 2 (max:s0; s0=5; inputs (1, 5)): run: AssertionError: Guard failed: 5 * ((4 + x.size()[2]) // 5) != x [repro: /tmp/r]"
    pattern = tool.match_for(message)
    assert not pattern.startswith("sample"), "the sample label holds run-specific sizes"
    assert re.search(pattern, message)
    assert "\\ " not in pattern and "\\#" not in pattern, "escapes std::regex refuses"


def test_the_runs_own_file_paths_stay_out_of_the_match() -> None:
    message = "replay error: BundleError: /tmp/run-a/cases/s/x/nonstrict/replay.pt: not a torch.save file (Unpickler ...)"
    pattern = tool.match_for(message)
    assert "/tmp" not in pattern
    assert re.search(pattern, message.replace("/tmp/run-a/", "/srv/nightly/2026/"))
