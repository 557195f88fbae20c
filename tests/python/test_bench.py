"""exporter/tools/bench.py (scripts/bench): each benchmark's output to rows, targets, error rows, the
table and the JSON. Fixtures in tests/data/bench/ are outputs captured from `scripts/bench --quick
--keep DIR` on the 2-core development machine (catalog.json, archive.json, executor.json: the
--json files of scripts/bench-vs-baseline, bench-archive and bench-executor; bench_report.json:
build/bench/bench_report's Google Benchmark JSON, machine context trimmed)."""

import json
import os
import stat
import statistics
from pathlib import Path

import pytest

from exporter.tools import bench, bench_archive, bench_executor, bench_vs_baseline

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "bench"


def by_id(rows: list[bench.Row]) -> dict[str, bench.Row]:
    return {r.id: r for r in rows}


# Targets

@pytest.mark.parametrize("op, target, value, met", [
    ("<=", 0.6, 0.6, True), ("<=", 0.6, 0.61, False), ("<", 20.0, 20.0, False), ("<", 20.0, 19.9, True),
    (">=", 10.0, 10.0, True), (">=", 10.0, 9.99, False),
])
def test_target_met_and_not_met(op: str, target: float, value: float, met: bool):
    row = bench.Row("x", "x", "x", value, "×", "", bench.Target(op, target))
    assert row.met is met
    assert row.to_json()["met"] is met


def test_no_target_or_an_error_is_neither_met_nor_not_met():
    assert bench.Row("x", "x", "x", 1.0, "×", "").met is None
    err = bench.error_row("archive", "exit 1: boom")
    assert err.met is None and err.status == "error" and err.value is None and err.id == "archive.error"
    assert bench.Target("<=", 0.6).text("×") == "≤ 0.6×"
    assert bench.Target("<", 20.0).text("ms/program") == "< 20 ms/program"
    assert bench.Target(">=", 10.0).text("×") == "≥ 10×"


# Each benchmark's output -> rows

def test_catalog_row_from_bench_vs_baseline_json():
    result = bench_vs_baseline.read_result(DATA / "catalog.json")
    raw = json.loads((DATA / "catalog.json").read_text())
    [row] = bench.catalog_rows(result)
    assert row.id == "catalog.ratio" and row.unit == "×" and row.status == "ok"
    assert row.value == pytest.approx(raw["harness_seconds"] / raw["baseline_seconds"])
    assert row.target == bench.Target("<=", 0.6)
    assert row.met is (row.value <= 0.6)
    assert f"{raw['cases']} cases, --filter ^seed_, -j {raw['jobs']}" in row.name
    assert row.details["baseline_seconds"] == raw["baseline_seconds"]
    assert "one plain Python process" in row.baseline


def test_catalog_row_notes_unexpected_results_and_the_whole_catalog():
    r = bench_vs_baseline.Result(100.0, 50.0, 97, 2, 1, "")
    [row] = bench.catalog_rows(r)
    assert row.value == 0.5 and row.met is True and row.status == "ok"
    assert "whole catalog" in row.name and row.message == "scripts/run exit 1: some results were unexpected"


def test_catalog_floors_come_from_the_harness_runs_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    # 2 slots; the stages the baseline also does (export, module replay, guards) 60 s, the others 40 s.
    records = [{"case": "c", "stage": stage, "variant": "nonstrict/training", "verdict": "PASS", "seconds": seconds}
               for stage, seconds in [("export", 40.0), ("replay:module:cpu", 15.0), ("guards:module:cpu", 5.0),
                                      ("replay:cpp:cpu", 10.0), ("sequence:module:cpu", 20.0), ("compat", 10.0)]]
    (tmp_path / "results.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (tmp_path / "cases.json").write_text(json.dumps([{"name": "c"}]))
    assert bench_vs_baseline.main(["result", "--baseline-seconds", "100", "--harness-seconds", "70",
                                   "--cases-json", str(tmp_path / "cases.json"), "--jobs", "2", "--exit", "0",
                                   "--results", str(tmp_path / "results.jsonl"), "--json", str(tmp_path / "r.json")]) == 0
    out = capsys.readouterr().out
    assert "stages / jobs:    0.50 of the baseline" in out and "baseline checks:  0.30 of the baseline" in out, out
    r = bench_vs_baseline.read_result(tmp_path / "r.json")
    assert (r.stage_seconds, r.baseline_checks_seconds) == (100.0, 60.0)
    ratio, stages, checks = bench.catalog_rows(r)
    assert ratio.value == 0.7 and ratio.met is False
    assert (stages.id, stages.value, stages.target) == ("catalog.stages", 0.5, None)
    assert (checks.id, checks.value, checks.target) == ("catalog.baseline_checks", 0.3, None)


def record(stage: str, seconds: float, verdict: str = "PASS") -> dict:
    return {"case": "opinfo/abs/float32", "stage": stage, "variant": "nonstrict/training", "verdict": verdict,
            "seconds": seconds}


def test_suite_row_is_the_harness_time_per_exported_program():
    records = [record("export", 3.0), record("export", 1.0), record("export", 0.5, "FAIL"),
               record("archive", 0.25), record("roundtrip:validate", 0.25), record("golden", 0.0, "UNSUPPORTED"),
               record("roundtrip:reload", 1.0), record("replay:module:cpu", 1.0), record("replay:cpp:cpu", 1.0)]
    # 6 s x 2 jobs = 12 slot-seconds; stages 8 s, of which 0.5 s the harness's own (archive, roundtrip:validate):
    # outside 4 s + 0.5 s = 4.5 s over the 2 programs whose export passed.
    # Of the 4.5 s, worker start-up took 3 s: 1.5 s are left over the 2 programs.
    row, per_program = bench.suite_rows(records, {"seconds": 6.0, "jobs": 2, "worker_startup_seconds": 3.0}, "1/8")
    assert row.value == pytest.approx(2250.0) and row.unit == "ms/program"
    assert row.target == bench.Target("<", 20.0) and row.met is False
    assert "shard 1/8; 2 programs, -j 2" in row.name
    assert row.details == {"wall_seconds": 6.0, "jobs": 2, "programs": 2, "stage_seconds": 8.0,
                           "harness_stage_seconds": 0.5, "outside_stage_seconds": 4.0, "startup_seconds": 3.0,
                           "shard": "1/8"}
    assert per_program.id == "suite.per_program" and per_program.value == pytest.approx(750.0)
    assert "less worker start-up (3.0 slot-s)" in per_program.name and per_program.met is False
    fast, _ = bench.suite_rows([record("export", 0.00999)] * 1000, {"seconds": 5.0, "jobs": 2}, "")  # 0.01 s left
    assert fast.value == pytest.approx(0.01) and fast.met is True and "shard" not in fast.name
    # A summary older than 1.8 has no start-up: nothing is taken off.
    _, unsplit = bench.suite_rows(records, {"seconds": 6.0, "jobs": 2}, "")
    assert unsplit.value == pytest.approx(2250.0)


def test_suite_without_a_program_is_an_error():
    with pytest.raises(ValueError, match="exported no program"):
        bench.suite_rows([record("export", 1.0, "FAIL")], {"seconds": 1.0, "jobs": 1}, "")


def test_archive_rows_from_bench_archive_json():
    archives = bench_archive.read_rows(DATA / "archive.json")
    rows = by_id(bench.archive_rows(archives))
    big = next(a for a in archives if a.path.endswith("/big.pt2"))
    seeds = [a for a in archives if not a.path.endswith("/big.pt2")]
    assert rows["archive.big"].value == pytest.approx(big.python_ms / big.cpp_ms)
    assert rows["archive.seeds"].value == pytest.approx(sum(a.python_ms for a in seeds) / sum(a.cpp_ms for a in seeds))
    assert f"{len(seeds)} seed archives" in rows["archive.seeds"].name and len(seeds) == 11
    for row in rows.values():
        assert row.target == bench.Target(">=", 10.0) and row.met is (row.value >= 10.0)
    # As captured: the seeds are far faster in C++, the big archive is not.
    assert rows["archive.seeds"].met is True and rows["archive.big"].met is False


def test_archive_crc_row_states_gb_per_second_beside_the_memory_bandwidth_of_the_same_run():
    big = bench_archive.Row("/tmp/x/big.pt2", 64 << 20, 2.0, 40.0, 20.0, 30.0, crc_gbps=4.0, bandwidth_gbps=8.0)
    rows = by_id(bench.archive_rows([big]))
    crc = rows["archive.crc"]
    assert crc.value == 4.0 and crc.unit == "GB/s" and "8.00 GB/s" in crc.baseline
    assert crc.details["of_bandwidth"] == pytest.approx(0.5) and crc.met is None
    assert rows["archive.big"].value == pytest.approx(20.0) and rows["archive.big"].details["copy_ms"] == 30.0
    # rows written before the CRC benchmark existed have no CRC row
    old = bench_archive.Row("/tmp/x/big.pt2", 64 << 20, 2.0, 40.0, 20.0)
    assert "archive.crc" not in by_id(bench.archive_rows([old]))


def test_archive_without_the_big_archive_is_an_error_row_beside_the_seeds():
    seeds = [a for a in bench_archive.read_rows(DATA / "archive.json") if not a.path.endswith("/big.pt2")]
    rows = by_id(bench.archive_rows(seeds))
    assert rows["archive.big"].status == "error" and rows["archive.big"].message == "the 64 MiB archive was not measured"
    assert rows["archive.seeds"].status == "ok"


def test_executor_rows_from_bench_executor_json():
    programs = bench_executor.read_rows(DATA / "executor.json")
    rows = by_id(bench.executor_rows(programs))
    added = {p.path: (p.cpp_us - p.floor_us) / p.nodes for p in programs if p.cpp_us and p.floor_us is not None}
    assert 0 < len(added) < len(programs), "the fixture has a program without a cpp time"
    worst = rows["executor.worst"]
    assert worst.value == pytest.approx(max(added.values())) and worst.unit == "µs/node"
    assert worst.details["worst"] == max(added, key=added.__getitem__)
    assert rows["executor.median"].value == pytest.approx(statistics.median(added.values()))
    for row in (worst, rows["executor.median"]):
        assert row.target == bench.Target("<=", 0.5) and row.met is (row.value <= 0.5)
        assert f"of {len(added)} seed programs" in row.name
    unmeasured = worst.details["unmeasured"]
    assert set(unmeasured) == {p.path for p in programs} - set(added)
    assert all("exportdb.types.D" in why for why in unmeasured.values())
    ratio = rows["executor.module_ratio"]
    assert ratio.value == pytest.approx(statistics.median(p.module_us / p.cpp_us for p in programs if p.cpp_us))
    assert ratio.target is None and ratio.met is None


def test_executor_met_when_every_program_is_close_to_the_floor():
    rows = by_id(bench.executor_rows([bench_executor.Row("a.pt2", 10, 1.0, 20.0, 24.0, 100.0, None, None),
                                      bench_executor.Row("b.pt2", 4, 1.0, 10.0, 11.0, 50.0, None, None)]))
    assert rows["executor.worst"].value == pytest.approx(0.4) and rows["executor.worst"].met is True
    assert rows["executor.median"].value == pytest.approx(0.325)


def test_executor_without_a_measured_program_is_an_error():
    with pytest.raises(ValueError, match="no program has both a cpp and a floor time"):
        bench.executor_rows([bench_executor.Row("a.pt2", 3, 0.2, None, None, 100.0, None, "Unpickler: x")])


def test_dashboard_rows_from_bench_report_json():
    report = json.loads((DATA / "bench_report.json").read_text())["benchmarks"]
    medians = {b["run_name"]: b for b in report if b.get("aggregate_name") == "median"}
    rows = by_id(bench.dashboard_rows(report))
    reports, page, growth = rows["dashboard.reports"], rows["dashboard.page"], rows["dashboard.growth"]
    assert reports.value == pytest.approx(medians["BM_AllRunReports"]["real_time"] * 1000 / 5000)
    assert reports.unit == "µs/record" and "5,000-record run" in reports.name
    assert page.value == pytest.approx(medians["BM_OpinfoDashboard"]["real_time"] * 1000 / 44000)
    assert growth.value == pytest.approx(medians["BM_OpinfoBaseline/4000"]["real_time"]
                                         / medians["BM_OpinfoBaseline/500"]["real_time"])
    assert growth.unit == "×" and "linear: 8×" in growth.baseline
    assert all(r.target is None and r.met is None for r in rows.values())


def test_dashboard_needs_the_records_counter():
    report = [b for b in json.loads((DATA / "bench_report.json").read_text())["benchmarks"]]
    for b in report:
        b.pop("records", None)
    with pytest.raises(ValueError, match="no records counter"):
        bench.dashboard_rows(report)


# Running benchmarks: an erroring one becomes an error row, the others still run

def fake(name: str, script: str, needs: Path | None = None) -> bench.Benchmark:
    def parse(o: bench.Options, wd: Path, stdout: Path) -> list[bench.Row]:
        value = float(stdout.read_text())  # ValueError on output that does not read
        return [bench.Row(f"{name}.x", name, f"{name} value", value, "×", "itself", bench.Target(">=", 1.0))]

    return bench.Benchmark(name, lambda o, wd: (["sh", "-c", script], {"FAKE_ENV": "from-benchmark"}), parse,
                           lambda o: [needs] if needs else [])


def options(tmp_path: Path) -> bench.Options:
    return bench.Options(exportcheck="exportcheck", build=tmp_path / "build", root=tmp_path)


def test_a_failing_benchmark_is_an_error_row_and_the_others_still_run(tmp_path: Path):
    benchmarks = [fake("first", "echo 2.5"),
                  fake("fails", "echo progress; echo 'bench-archive: build build/bench/bench_archive first' >&2; exit 2"),
                  fake("missing", "echo 1", needs=tmp_path / "build" / "bench" / "bench_x"),
                  fake("garbled", "echo not-a-number"),
                  fake("env", 'echo "$FAKE_ENV" | grep -q from-benchmark && pwd > cwd.txt && echo 0.5')]
    said: list[str] = []
    rows, infos = bench.run_all(benchmarks, options(tmp_path), tmp_path / "work", said.append)
    assert [r.id for r in rows] == ["first.x", "fails.error", "missing.error", "garbled.error", "env.x"]
    first, fails, missing, garbled, env = rows
    assert first.value == 2.5 and first.met is True and first.status == "ok"
    assert fails.status == "error" and fails.message == "exit 2: bench-archive: build build/bench/bench_archive first"
    assert missing.status == "error" and "not run: missing" in missing.message and "bench_x" in missing.message
    assert garbled.status == "error" and garbled.message.startswith("output not understood: ValueError")
    assert env.value == 0.5 and env.met is False
    assert (tmp_path / "cwd.txt").read_text().strip() == str(tmp_path), "benchmarks run in the project root"
    assert [(i["name"], i["exit"], i["status"]) for i in infos] == [
        ("first", 0, "ok"), ("fails", 2, "error"), ("missing", None, "error"), ("garbled", 0, "error"),
        ("env", 0, "ok")]
    assert said[0] == "[1/5] first: sh -c 'echo 2.5'" and said[-1].startswith("[5/5] env: ok in ")


def test_a_benchmark_that_does_not_start_is_an_error_row(tmp_path: Path):
    b = bench.Benchmark("nothing", lambda o, wd: ([str(tmp_path / "no-such-program")], {}), lambda o, wd, out: [])
    rows, info = bench.run_benchmark(b, options(tmp_path), tmp_path / "work")
    assert len(rows) == 1 and rows[0].status == "error" and rows[0].message.startswith("did not start: ")
    assert info["status"] == "error" and info["exit"] is None


def test_the_benchmarks_run_what_the_scripts_say(tmp_path: Path):
    o = bench.Options(exportcheck="/x/exportcheck", build=tmp_path / "build", root=ROOT, quick=True, jobs=3)
    commands = {b.name: b.command(o, tmp_path / b.name) for b in bench.BENCHMARKS}
    assert list(commands) == ["catalog", "suite", "archive", "executor", "dashboard"]
    cmd, env = commands["catalog"]
    assert cmd[0].endswith("scripts/bench-vs-baseline") and cmd[1:3] == ["-j", "3"] and cmd[-2:] == ["--filter", "^seed_"]
    assert env == {"EXPORTCHECK_BIN": "/x/exportcheck"}
    cmd, env = commands["suite"]
    assert cmd[:7] == ["/x/exportcheck", "run", "--suite", "opinfo", "--device", "cpu", "-j"]
    assert cmd[-2:] == ["--shard", "1/8"] and "--exit-zero" in cmd
    assert env == {"EXPORTCHECK_OPINFO_LANES": "cheapest"}, "the lane CTest's suite.opinfo runs"
    assert commands["executor"][1] == {"EXPORTCHECK_BENCH_AOTI": "0"}
    assert commands["dashboard"][0][0] == str(tmp_path / "build" / "bench" / "bench_report")
    full = bench.Options(exportcheck="e", build=tmp_path, root=ROOT, catalog_filter="")
    assert "--filter" not in bench.BENCHMARKS[0].command(full, tmp_path)[0]
    assert "--shard" not in bench.BENCHMARKS[1].command(full, tmp_path)[0]


# Header, table and JSON

def test_commit_with_and_without_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    git = tmp_path / "bin" / "git"
    git.parent.mkdir()
    git.write_text('#!/bin/sh\ncase "$3" in rev-parse) echo abc1234 ;; status) cat "$STATUS_FILE" ;; esac\n')
    git.chmod(git.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{git.parent}:{os.environ['PATH']}")
    monkeypatch.setenv("STATUS_FILE", str(tmp_path / "status"))
    (tmp_path / "status").write_text("")
    assert bench.commit(ROOT) == "abc1234"
    (tmp_path / "status").write_text(" M exporter/tools/bench.py\n")
    assert bench.commit(ROOT) == "abc1234+dirty"
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert bench.commit(ROOT) == "unknown"


def test_machine_reads_the_cpu_model(tmp_path: Path):
    (tmp_path / "cpuinfo").write_text("processor\t: 0\nvendor_id\t: GenuineIntel\n"
                                      "model name\t: Intel(R) Xeon(R) Processor\n\nprocessor\t: 1\n")
    m = bench.machine(tmp_path / "cpuinfo")
    assert m["cpu_model"] == "Intel(R) Xeon(R) Processor" and m["nproc"] == len(os.sched_getaffinity(0))
    assert len(m["load_average"]) == 3
    assert bench.machine(tmp_path / "none")["cpu_model"] == "unknown"


def sample_doc() -> dict:
    rows = [bench.Row("catalog.ratio", "catalog", "catalog (12 cases): harness / baseline", 2.74, "×", "baseline",
                      bench.Target("<=", 0.6)),
            bench.Row("executor.median", "executor", "executor: median", 0.4, "µs/node", "floor",
                      bench.Target("<=", 0.5)),
            bench.Row("dashboard.page", "dashboard", "dashboard: page", 9.45, "µs/record", ""),
            bench.error_row("archive", "exit 1: boom")]
    return bench.document(rows, [{"name": "catalog", "command": "c", "seconds": 1.0, "exit": 0, "status": "ok"}],
                          commit="abc1234+dirty", torch="2.13.0+cpu",
                          machine={"nproc": 2, "cpu_model": "Xeon", "load_average": [1.0, 2.0, 3.0]},
                          timestamp="2026-12-01T03:00:00Z", seconds=12.3, options={"quick": True})


def test_json_shape():
    doc = json.loads(json.dumps(sample_doc()))
    assert {k: doc[k] for k in ("schema", "version", "commit", "torch", "timestamp")} == {
        "schema": "exportcheck-bench", "version": "1.0", "commit": "abc1234+dirty", "torch": "2.13.0+cpu",
        "timestamp": "2026-12-01T03:00:00Z"}
    assert doc["machine"] == {"nproc": 2, "cpu_model": "Xeon", "load_average": [1.0, 2.0, 3.0]}
    assert doc["benchmarks"][0]["name"] == "catalog"
    catalog, executor, page, error = doc["rows"]
    assert set(catalog) == {"id", "benchmark", "name", "value", "unit", "baseline", "target", "met", "status",
                            "message", "details"}
    assert catalog["target"] == {"op": "<=", "value": 0.6, "text": "≤ 0.6×"} and catalog["met"] is False
    assert executor["met"] is True and page["target"] is None and page["met"] is None
    assert error == {"id": "archive.error", "benchmark": "archive", "name": "archive", "value": None, "unit": "",
                     "baseline": "", "target": None, "met": None, "status": "error", "message": "exit 1: boom",
                     "details": {}}


def test_table_is_aligned_and_headed_by_commit_and_torch():
    lines = bench.table_lines(sample_doc())
    assert lines[0].startswith("exportcheck bench: commit abc1234+dirty, torch 2.13.0+cpu, 2 × Xeon, load 1.0 2.0 3.0")
    assert lines[0].endswith("--quick, 12 s")
    header, rows = lines[1], [lines[2], lines[3], lines[4], lines[5]]
    columns = [header.index(word) for word in ("value", "target", "met")]
    assert rows[0][columns[0]:].split("  ")[0] == "2.74×"
    assert rows[0][columns[1]:].startswith("≤ 0.6×") and rows[0][columns[2]:] == "no"
    assert rows[1][columns[0]:].startswith("0.400 µs/node") and rows[1][columns[2]:] == "yes"
    assert rows[2][columns[1]:].startswith("-") and rows[2][columns[2]:] == "-"
    assert rows[3].startswith("archive ") and rows[3][columns[0]:].startswith("error") and rows[3].endswith("error")
    assert lines[6] == "    exit 1: boom"
    assert lines[7:] == ["measured against:", "  catalog: baseline", "  executor: floor"]


def test_main_writes_the_json_and_latest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]):
    monkeypatch.setattr(bench, "ROOT", tmp_path)
    monkeypatch.setattr(bench, "BENCHMARKS", [fake("catalog", "echo 0.5"), fake("archive", "exit 3")])
    assert bench.main(["--exportcheck", "e", "--build", str(tmp_path)]) == 1, "a benchmark errored"
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("exportcheck bench: commit unknown, torch ")
    written = sorted((tmp_path / "reports" / "bench").iterdir())
    assert [p.name for p in written][-1] == "latest.json" and written[0].name.startswith("bench-")
    doc = json.loads(written[0].read_text())
    assert doc == json.loads(written[1].read_text())
    assert [(r["id"], r["status"]) for r in doc["rows"]] == [("catalog.x", "ok"), ("archive.error", "error")]
    assert doc["options"]["catalog_filter"] == "^seed_" and doc["options"]["quick"] is False

    monkeypatch.setattr(bench, "BENCHMARKS", [fake("catalog", "echo 0.5"), fake("archive", "echo 3")])
    assert bench.main(["--exportcheck", "e", "--build", str(tmp_path), "--only", "archive", "--quick",
                       "--full-catalog", "--out", str(tmp_path / "one.json")]) == 0
    doc = json.loads((tmp_path / "one.json").read_text())
    assert [r["id"] for r in doc["rows"]] == ["archive.x"] and doc["options"]["quick"] is True
    assert doc["options"]["catalog_filter"] == "" and doc["options"]["only"] == ["archive"]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]):
    for argv in (["--exportcheck", "e", "--build", "b", "--only", "catalog,bogus"],
                 ["--exportcheck", "e", "--build", "b", "-j", "0"],
                 ["--build", "b"]):
        with pytest.raises(SystemExit) as e:
            bench.main(argv)
        assert e.value.code == 2
    assert "unknown benchmark bogus" in capsys.readouterr().err

