"""exporter/tools/: the Python parts of the scripts in scripts/, on small fake
runs, listings and benchmark reports."""

import json
from pathlib import Path

import pytest
import torch

from exporter.tools import bench_archive, bench_executor, bench_vs_baseline, check_executor, gpu_check, new_case
from exporter.tools import time_split

ROOT = Path(__file__).resolve().parents[2]


def write_jsonl(path: Path, records: list[dict], blank_lines: bool = False) -> None:
    with open(path, "w") as f:
        for r in records:
            f.write(json.dumps(r) + "\n" + ("\n" if blank_lines else ""))


def result(case: str, stage: str, verdict: str = "PASS", seconds: float | None = 1.0, message: str = "",
           variant: str = "nonstrict/training") -> dict:
    return {"case": case, "stage": stage, "variant": variant, "verdict": verdict, "message": message,
            "seconds": seconds}


# time_split

@pytest.mark.parametrize("stage, key, cpp", [
    ("export", "export", False), ("golden", "golden", True), ("archive", "archive", True),
    ("replay:cpp:cuda", "replay:cpp", True), ("replay:nativert:cpu", "replay:nativert", False),
    ("guards:cpp:cpu", "guards:cpp", True), ("guards:module:cpu", "guards:module", False),
    ("roundtrip:validate", "roundtrip:validate", True), ("roundtrip:bytes", "roundtrip:bytes", True),
    ("roundtrip:reload", "roundtrip:reload", False),
])
def test_time_split_stage_keys_and_sides(stage: str, key: str, cpp: bool):
    assert time_split.stage_key(stage) == key
    assert time_split.is_cpp(key) is cpp


def test_time_split_sums_and_table(tmp_path: Path):
    records = [result("a", "export", seconds=3.0), result("b", "export", seconds=1.0),
               result("a", "replay:cpp:cpu", seconds=0.5), result("a", "replay:cpp:cuda", seconds=1.5),
               result("a", "roundtrip:reload", seconds=None), result("a", "golden", seconds=4.0)]
    write_jsonl(tmp_path / "results.jsonl", records, blank_lines=True)
    totals = time_split.stage_seconds(time_split.read_results(tmp_path / "results.jsonl"))
    assert totals == {"export": 4.0, "replay:cpp": 2.0, "roundtrip:reload": 0.0, "golden": 4.0}
    lines = time_split.report_lines(totals)
    assert lines[0].split() == ["stage", "seconds", "share", "side"]
    rows = [line.split() for line in lines[1:-1]]
    assert rows[2] == ["replay:cpp", "2.0", "20.0%", "C++"]
    assert {tuple(r) for r in rows[:2]} == {("export", "4.0", "40.0%", "Python"), ("golden", "4.0", "40.0%", "C++")}
    assert rows[3] == ["roundtrip:reload", "0.0", "0.0%", "Python"]
    assert lines[-1].split() == ["total", "10.0", "C++", "60.0%,", "Python", "40.0%"]


def test_time_split_empty_run_divides_by_one():
    assert time_split.report_lines(time_split.stage_seconds([]))[-1].split() == \
        ["total", "1.0", "C++", "0.0%,", "Python", "100.0%"]


def test_time_split_overhead_counts_the_harness_stages():
    records = [result("a", "export", seconds=3.0), result("b", "export", "FAIL", seconds=1.0),
               result("a", "archive", seconds=0.5), result("a", "golden", seconds=0.25),
               result("a", "roundtrip:bytes", seconds=0.25), result("a", "replay:cpp:cpu", seconds=1.0),
               result("a", "roundtrip:reload", seconds=None)]
    o = time_split.overhead(records, {"seconds": 4.0, "jobs": 2})
    assert (o.wall, o.jobs, o.staged, o.harness_staged, o.programs) == (4.0, 2, 6.0, 1.0, 1)
    assert o.outside == 2.0 and o.harness == 3.0
    assert time_split.overhead(records, {"seconds": 1.0}).outside == 0.0  # never below 0
    started = time_split.overhead(records, {"seconds": 4.0, "jobs": 2, "worker_startup_seconds": 1.25})
    assert started.startup == 1.25 and started.after_startup == 1.75
    lines = time_split.overhead_lines(records, {"seconds": 4.0, "jobs": 2, "worker_startup_seconds": 1.25})
    assert lines[1] == "of which worker start-up 1.2 s; the harness's own time less start-up 1.8 s, 1750 ms per program"
    assert len(time_split.overhead_lines(records, {"seconds": 4.0, "jobs": 2})) == 1  # older summaries: no split


def test_time_split_main(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    write_jsonl(tmp_path / "r.jsonl", [result("a", "archive", seconds=2.0)])
    assert time_split.main([str(tmp_path / "r.jsonl")]) == 0
    assert capsys.readouterr().out.splitlines()[1].split() == ["archive", "2.0", "100.0%", "C++"]
    assert time_split.main([]) == 2


# bench_archive

def bench(name: str, real_time: float, aggregate: str = "median", **extra: object) -> dict:
    return {"name": name + "_" + aggregate, "run_name": name, "aggregate_name": aggregate, "real_time": real_time,
            **extra}


def test_bench_archive_takes_the_medians():
    report = {"benchmarks": [bench("archive/a.pt2", 2.0), bench("archive/a.pt2", 9.0, "mean"),
                             bench("validate/a.pt2", 1.0), bench("archive/b.pt2", 4.0),
                             bench("validate/b.pt2", 3.0), bench("other/a.pt2", 7.0), bench("copy/a.pt2", 6.0),
                             bench("crc/a.pt2", 5.0, bytes_per_second=4.5e9),
                             bench("bandwidth/a.pt2", 1.0, bytes_per_second=9e9)]}
    m = bench_archive.cpp_medians(report)
    assert m["archive"] == {"a.pt2": 2.0, "b.pt2": 4.0}
    assert m["validate"] == {"a.pt2": 1.0, "b.pt2": 3.0} and m["copy"] == {"a.pt2": 6.0}
    # crc and bandwidth in GB/s, from bytes_per_second
    assert m["crc"] == {"a.pt2": pytest.approx(4.5)} and m["bandwidth"] == {"a.pt2": pytest.approx(9.0)}
    assert "other" not in m


def test_bench_archive_table():
    rows = [bench_archive.Row("golden/seed_a.pt2", 2_500_000, 2.0, 10.0, 1.0),
            bench_archive.Row("golden/seed_b.pt2", 500_000, 3.0, 5.0, 2.0),
            bench_archive.Row("/tmp/x/big.pt2", 67_000_000, 100.0, 250.0, 80.0, 120.0, 4.25, 20.5)]
    lines = bench_archive.report_lines(rows)
    assert lines[0].startswith("c++ ms: map + validate the structure + every weight as a tensor")
    assert lines[1].split() == ["archive", "MB", "c++", "ms", "python", "ms", "py/c++", "copy", "ms", "validate",
                                "ms", "crc", "GB/s", "mem", "GB/s"]
    assert lines[2].split() == ["golden/seed_a.pt2", "2.50", "2.000", "10.000", "5.0", "0.000", "1.000", "0.00", "0.00"]
    assert lines[4].split()[:5] == ["big", "(64", "MiB", "weights,", "generated)"]
    assert lines[4].split()[5:] == ["67.00", "100.000", "250.000", "2.5", "120.000", "80.000", "4.25", "20.50"]
    # The seed archives only: (10 + 5) / (2 + 3).
    assert lines[5] == "seed archives: c++ 5.0 ms, python 15.0 ms, ratio 3.0"
    assert bench_archive.seeds_ratio(rows) == 3.0 and bench_archive.big_ratio(rows) == 2.5
    assert bench_archive.big_ratio(rows[:2]) is None
    # Only the big archive: no seed line (and no division by zero).
    assert bench_archive.seeds_ratio(rows[2:]) is None and len(bench_archive.report_lines(rows[2:])) == 3


def test_bench_archive_rows_as_json(tmp_path: Path):
    rows = [bench_archive.Row("golden/seed_a.pt2", 2_500_000, 2.0, 10.0, 1.0),
            bench_archive.Row("/tmp/x/big.pt2", 67_000_000, 100.0, 250.0, 80.0)]
    bench_archive.write_rows(str(tmp_path / "rows.json"), rows)
    assert json.loads((tmp_path / "rows.json").read_text())["rows"][1] == {
        "path": "/tmp/x/big.pt2", "size": 67_000_000, "cpp_ms": 100.0, "python_ms": 250.0, "validate_ms": 80.0,
        "copy_ms": 0.0, "crc_gbps": 0.0, "bandwidth_gbps": 0.0}
    assert bench_archive.read_rows(tmp_path / "rows.json") == rows


# bench_executor

# call/, floor/ and aoti/ are timed by hand: Google Benchmark names them <name>/manual_time.
EXECUTOR_REPORT = [
    bench("call/golden/archives/2.13.0/seed_a/nonstrict/training.pt2/manual_time", 50.0, nodes=10),
    bench("load/golden/archives/2.13.0/seed_a/nonstrict/training.pt2", 1.5, nodes=10),
    bench("floor/golden/archives/2.13.0/seed_a/nonstrict/training.pt2/manual_time", 30.0),
    bench("call/x.pt2/manual_time", 8.0, "mean"),
    {"name": "call/x.pt2/manual_time", "run_name": "call/x.pt2/manual_time", "error_occurred": True,
     "error_message": "InputError: bad"},
    bench("load/x.pt2", 2.0, nodes=4),
    bench("aoti/golden/archives/2.13.0/seed_a/nonstrict/training.pt2/manual_time", 25.0),
]


def test_bench_executor_medians_and_errors():
    assert set(bench_executor.medians(EXECUTOR_REPORT, "call/")) == {"golden/archives/2.13.0/seed_a/nonstrict/training.pt2"}
    assert bench_executor.medians(EXECUTOR_REPORT, "load/")["x.pt2"]["nodes"] == 4
    assert bench_executor.call_errors(EXECUTOR_REPORT) == {"x.pt2": "InputError: bad"}


def test_bench_executor_rows_and_table():
    seed = bench_executor.cpp_row(EXECUTOR_REPORT, "golden/archives/2.13.0/seed_a/nonstrict/training.pt2",
                                  module_us=200.0, nativert_us=100.0, compile_s=9.5)
    assert seed == bench_executor.Row("golden/archives/2.13.0/seed_a/nonstrict/training.pt2", 10, 1.5, 30.0, 50.0,
                                      200.0, 100.0, None, 25.0, 9.5)
    failed = bench_executor.cpp_row(EXECUTOR_REPORT, "x.pt2", module_us=12.0, nativert_us=None)
    assert failed == bench_executor.Row("x.pt2", 4, 2.0, None, None, 12.0, None, "InputError: bad")
    lines = bench_executor.report_lines([seed, failed], "RuntimeError: no", "2.13.0", 1)
    assert lines[0].split()[:3] == ["archive", "nodes", "load"]
    # +us/node = (50 - 30) / 10; module/cpp = 200 / 50; nativert/cpp = 100 / 50; aoti/cpp = 25 / 50.
    assert lines[1].split() == ["seed_a/nonstrict/training.pt2", "10", "1.50", "30.0", "50.0", "2.00", "200.0",
                                "100.0", "25.0", "4.00x", "2.00x", "0.50x", "9.5"]
    assert lines[2].split() == ["x.pt2", "4", "2.00", "-", "-", "-", "12.0", "-", "-", "-", "-", "-", "-"]
    assert lines[3] == "    cpp: InputError: bad"
    assert lines[4] == "nativert: unavailable (RuntimeError: no)"
    assert lines[5].startswith("torch 2.13.0; 1 intra-op thread(s)")


def test_bench_executor_rows_as_json_and_added_per_node(tmp_path: Path):
    rows = [bench_executor.cpp_row(EXECUTOR_REPORT, "golden/archives/2.13.0/seed_a/nonstrict/training.pt2",
                                   module_us=200.0, nativert_us=None, compile_s=9.5),
            bench_executor.cpp_row(EXECUTOR_REPORT, "x.pt2", module_us=12.0, nativert_us=None)]
    assert bench_executor.added_us_per_node(rows[0]) == 2.0 and bench_executor.added_us_per_node(rows[1]) is None
    bench_executor.write_json(str(tmp_path / "rows.json"), rows, "RuntimeError: no", "2.13.0+cpu", 1)
    data = json.loads((tmp_path / "rows.json").read_text())
    assert (data["torch"], data["threads"], data["nativert"]) == ("2.13.0+cpu", 1, "RuntimeError: no")
    assert data["rows"][1]["error"] == "InputError: bad"
    assert bench_executor.read_rows(tmp_path / "rows.json") == rows


def test_bench_executor_reads_the_compile_step(tmp_path: Path):
    compiled = tmp_path / "compiled.tsv"
    compiled.write_text("a.pt2\t/c/k1/package.pt2\t12.5\tmiss\nb.pt2\t\t\taoti compile: TypeError: x\n")
    assert bench_executor.read_compiled(str(compiled)) == {"a.pt2": 12.5}


def test_bench_executor_times_calls_on_fresh_clones():
    x = torch.zeros(3)
    calls = []

    def fn(a: tuple[torch.Tensor, ...]) -> None:
        assert torch.equal(a[0], torch.zeros(3)), "every call gets a fresh clone"
        a[0].add_(1)
        calls.append(1)

    us = bench_executor.per_call_us(fn, (x,))
    assert us > 0 and len(calls) > 5
    assert torch.equal(x, torch.zeros(3))


# bench_vs_baseline

@pytest.mark.parametrize("wrapped", [False, True])
def test_bench_vs_baseline_filter_and_count(tmp_path: Path, wrapped: bool, capsys: pytest.CaptureFixture[str]):
    cases = [{"name": "seed_cond", "x": 1}, {"name": "nn_linear"}, {"name": "seed_map"}]
    path = tmp_path / "cases.json"
    path.write_text(json.dumps({"cases": cases} if wrapped else cases))
    assert bench_vs_baseline.main(["count", str(path)]) == 0
    assert capsys.readouterr().out == "3\n"
    assert bench_vs_baseline.main(["filter", str(path), "^seed_"]) == 0
    assert json.loads(path.read_text()) == [cases[0], cases[2]]  # rewritten as a plain array
    assert bench_vs_baseline.main(["count", str(path)]) == 0
    assert capsys.readouterr().out == "2\n"


def test_bench_vs_baseline_no_match_is_exit_1_and_keeps_the_file(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "cases.json"
    path.write_text('[{"name": "a"}]')
    assert bench_vs_baseline.main(["filter", str(path), "zzz"]) == 1
    assert "bench-vs-baseline: no case matches --filter zzz" in capsys.readouterr().err
    assert path.read_text() == '[{"name": "a"}]'
    assert bench_vs_baseline.select([{"name": "nn_lstm"}], "lst") == [{"name": "nn_lstm"}]  # search, not match
    assert bench_vs_baseline.main(["bogus"]) == 2


def test_bench_vs_baseline_result_lines_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "cases.json").write_text('[{"name": "seed_a"}, {"name": "seed_b"}]')
    assert bench_vs_baseline.main(["result", "--baseline-seconds", "40.0", "--harness-seconds", "30.0",
                                   "--cases-json", str(tmp_path / "cases.json"), "--jobs", "2", "--exit", "1",
                                   "--filter", "^seed_", "--json", str(tmp_path / "r.json")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "baseline_seconds: 40.000", "cases:            2",
        "harness_seconds:  30.000 (scripts/run -j 2, exit 1: 0 = every result as expected)",
        "ratio:            0.75 (target <= 0.60)"]
    r = bench_vs_baseline.read_result(tmp_path / "r.json")
    assert r == bench_vs_baseline.Result(40.0, 30.0, 2, 2, 1, "^seed_") and r.ratio == 0.75
    assert json.loads((tmp_path / "r.json").read_text())["ratio"] == 0.75


# gpu_check

def test_gpu_check_summary_from_summary_json(tmp_path: Path):
    results = [result("a", "export"), result("a", "replay:cpp:cuda"), result("b", "replay:cpp:cuda", "FAIL",
                                                                              message="x" * 400),
               result("b", "guards:module:cpu", "XFAIL"), result("b", "golden", "ERROR", message="boom"),
               result("b", "sequence:aoti:cuda")]
    (tmp_path / "summary.json").write_text(json.dumps({"results": results, "counts": {"PASS": 3, "FAIL": 1}}))
    write_jsonl(tmp_path / "results.jsonl", results[:1])  # ignored: summary.json is there
    lines = gpu_check.summary_lines(str(tmp_path))
    assert lines[0] == '  counts: {"FAIL": 1, "PASS": 3}'
    assert lines[1] == "  guards:module:cpu        XFAIL 1"
    assert lines[2] == "  replay:cpp:cuda          FAIL 1 PASS 1"
    assert lines[3] == "  sequence:aoti:cuda       PASS 1"
    assert lines[4] == "  unexpected: FAIL b::replay:cpp:cuda[nonstrict/training]: " + "x" * 300
    assert lines[5] == "  unexpected: ERROR b::golden[nonstrict/training]: boom"
    assert len(lines) == 6


def test_gpu_check_summary_of_a_run_cut_short(tmp_path: Path):
    write_jsonl(tmp_path / "results.jsonl", [result("a", "export"), result("a", "replay:module:cpu", "TIMEOUT"),
                                             result("c", "export", "XFAIL")], blank_lines=True)
    assert gpu_check.summary_lines(str(tmp_path)) == [
        "  (run cut short: 2 cases finished)",
        '  counts: {"PASS": 1, "TIMEOUT": 1, "XFAIL": 1}',
        "  replay:module:cpu        TIMEOUT 1",
        "  unexpected: TIMEOUT a::replay:module:cpu[nonstrict/training]: ",
    ]
    assert gpu_check.summary_lines(str(tmp_path / "nothing")) == ["  (run cut short: 0 cases finished)",
                                                                  "  counts: {}"]


def test_gpu_check_env_names_torch():
    assert gpu_check.env_lines()[0].startswith("python 3.") and f"torch {torch.__version__}" in gpu_check.env_lines()[0]


# check_executor

class KwargModel(torch.nn.Module):
    def forward(self, x: torch.Tensor, *, a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return x + a, x * b


def test_check_executor_prepares_inputs_outputs_and_manifest(tmp_path: Path):
    run, out = tmp_path / "run", tmp_path / "out"
    out.mkdir()
    x, a, b = torch.randn(2, 3), torch.randn(2, 3), torch.randn(2, 3)
    ep = torch.export.export(KwargModel(), (x,), {"a": a, "b": b})
    case = run / "cases" / "kw"
    for mode in ("nonstrict", "roundtrip"):
        (case / mode).mkdir(parents=True)
        torch.export.save(ep, case / mode / "training.pt2")
    (case / "strict").mkdir()
    (case / "strict" / "training.pt2").write_bytes(b"not a zip")
    # Each mode's replay bundle (format 2): flat inputs and outputs, in the program's in_spec order.
    outputs = KwargModel()(x, a=a, b=b)
    for mode in ("nonstrict", "strict"):
        torch.save({"format": 2, "samples": [{"label": "example", "inputs": [x, a, b], "outputs": {"cpu": list(outputs)}}]},
                   case / mode / "replay.pt")
    (run / "cases" / "no_bundle" / "nonstrict").mkdir(parents=True)
    torch.export.save(ep, run / "cases" / "no_bundle" / "nonstrict" / "training.pt2")
    # An IR whose replay the run expects to differ from eager (a custom decomposition table).
    torch.export.save(ep, case / "nonstrict" / "custom.pt2")
    (run / "summary.json").write_text(json.dumps({"results": [
        {"case": "kw", "stage": "replay:cpp:cpu", "variant": "nonstrict/custom", "verdict": "XFAIL"},
        {"case": "kw", "stage": "replay:cpp:cpu", "variant": "nonstrict/training", "verdict": "PASS"}]}))
    said: list[str] = []

    manifest = check_executor.prepare(str(run), str(out), "*", said.append)

    assert said[0] == "SKIP kw.nonstrict.custom: the run expects its replay to differ from eager (XFAIL replay:cpp:cpu)"
    assert said[1] == "SKIP kw.strict.training: Python cannot load it: " + said[1].split(": ", 2)[2]
    assert said[2] == "SKIP no_bundle.nonstrict: replay.pt unreadable: FileNotFoundError"
    assert len(said) == 3
    pt = out / "kw.nonstrict.training.pt"
    assert manifest == [f"{case / 'nonstrict' / 'training.pt2'}\t{pt}\tkw.nonstrict.training"]
    assert (out / "manifest.txt").read_text() == manifest[0] + "\n"
    flat_in, flat_out = torch.load(pt)
    assert [t.tolist() for t in flat_in] == [x.tolist(), a.tolist(), b.tolist()]
    assert [t.tolist() for t in flat_out] == [outputs[0].tolist(), outputs[1].tolist()]
    # CASE_GLOB selects case folders.
    assert check_executor.prepare(str(run), str(out), "no_*", said.append) == []
    assert (out / "manifest.txt").read_text() == "\n"


# new_case (the script itself: test_new_case.py)

def test_new_case_helpers():
    tags = new_case.known_tags(ROOT / "cases" / "tags.yaml")
    assert {"nn.linear", "dynamic-shape", "dim.named"} <= tags
    assert new_case.yaml_text("plain words") == "plain words"
    assert new_case.yaml_text("a: b") == '"a: b"'
    assert new_case.yaml_text('- "x"') == '"- \\"x\\""'
    assert new_case.ROOT == ROOT
