"""exporter/tools/trend.py: trend.html from the kept nightlies' summary.json files."""

import json
import re
import subprocess
import sys
from pathlib import Path

from exporter.tools import trend

ROOT = Path(__file__).resolve().parents[2]


def record(stage: str, verdict: str, message: str = "") -> dict[str, object]:
    return {"case": "c", "stage": stage, "variant": "nonstrict/training", "verdict": verdict, "message": message}


def write_run(history: Path, run_id: str, results: list[dict[str, object]], *, seconds: float = 10.0,
              version: str = "1.5", counts: bool = True) -> Path:
    folder = history / run_id
    folder.mkdir(parents=True)
    summary: dict[str, object] = {"schema": "exportcheck-summary", "version": version,
                                  "run": {"id": run_id, "started_at": "2026-11-26T03:00:00Z", "seconds": seconds},
                                  "results": results}
    if counts:  # 1.0 files have counts too; trend.py must not rely on them (the nightly test's fake has none)
        summary["counts"] = {"PASS": 999}
    (folder / "summary.json").write_text(json.dumps(summary))
    return folder


def history_of_three(tmp_path: Path) -> Path:
    """Three runs, oldest first: all pass; a golden FAIL and a cuda column not run; interrupted."""
    h = tmp_path / "nightly"
    write_run(h, "20261124-030000", [record("export", "PASS"), record("golden", "PASS"), record("golden", "PASS")],
              seconds=100.0, version="1.0", counts=False)
    write_run(h, "20261125-030000", [record("export", "PASS"), record("golden", "FAIL"), record("golden", "XFAIL"),
                                     record("replay:module:cuda", "UNSUPPORTED")], seconds=120.0)
    write_run(h, "20261126-030000", [record("export", "PASS"),
                                     {**record("golden", "SKIP", "not run: interrupted"), "stage": "case"}],
              seconds=30.0)
    return h


def test_reads_counts_and_pass_rates_from_results(tmp_path: Path):
    h = history_of_three(tmp_path)
    runs, unreadable = trend.collect(h)
    assert [r.id for r in runs] == ["20261124-030000", "20261125-030000", "20261126-030000"] and unreadable == []
    old, failing, interrupted = runs
    assert old.counts == {"PASS": 3}, "computed from results, not from the file's counts"
    assert failing.counts == {"PASS": 1, "FAIL": 1, "XFAIL": 1, "UNSUPPORTED": 1}
    assert failing.pass_rate("golden") == 0.0 and old.pass_rate("golden") == 1.0
    assert failing.pass_rate("replay:module:cuda") is None, "a stage that did not run has no rate"
    assert interrupted.interrupted and not failing.interrupted
    assert trend.stages(runs) == ["export", "golden"], "only stages that ran, in pipeline order"


def test_leaves_out_what_does_not_read(tmp_path: Path):
    h = history_of_three(tmp_path)
    write_run(h, "20261127-030000", [record("export", "PASS")], version="2.0")
    (h / "20261128-030000").mkdir()  # killed: no summary.json yet
    (h / "latest").symlink_to("20261126-030000")
    (h / "20261129-030000").mkdir()
    (h / "20261129-030000" / "summary.json").write_text("{not json")
    runs, unreadable = trend.collect(h)
    assert [r.id for r in runs] == ["20261124-030000", "20261125-030000", "20261126-030000"]
    assert [name for name, _ in unreadable] == ["20261127-030000", "20261129-030000"]
    assert "version 2.0" in unreadable[0][1]
    html = trend.page(runs, unreadable, "nightly")
    assert 'id="unreadable"' in html and "20261127-030000" in html


def test_page_has_one_linked_point_per_run_and_value(tmp_path: Path):
    h = history_of_three(tmp_path)
    target, n, _ = trend.write_trend(h)
    html = target.read_text()
    assert n == 3 and target == h / "trend.html"
    assert "<script" not in html and "http" not in html, "offline: no script, nothing fetched"
    svgs = re.findall(r'<svg class="chart" id="([^"]+)"', html)
    assert svgs == ["chart-counts", "chart-stage-export", "chart-stage-golden", "chart-seconds"]

    def points(chart_id: str) -> list[tuple[str, str]]:
        """(link, series) of every point of one chart."""
        body = html.split(f'id="{chart_id}"')[1].split("</svg>")[0]
        return re.findall(r'<a href="([^"]+)"><circle class="point[^"]*" data-run="[^"]+" data-series="([^"]+)"', body)

    # Counts: every verdict any run has (PASS, FAIL, XFAIL, UNSUPPORTED, SKIP), one point per run each.
    count_points = points("chart-counts")
    assert len(count_points) == 5 * 3
    assert {s for _, s in count_points} == {"PASS", "FAIL", "XFAIL", "UNSUPPORTED", "SKIP"}
    # golden ran in two runs (the interrupted one has no golden record): two points.
    assert [href for href, _ in points("chart-stage-golden")] == ["20261124-030000/index.html", "20261125-030000/index.html"]
    assert len(points("chart-seconds")) == 3
    for href, _ in count_points:
        assert (h / href).parent.is_dir(), f"{href} links to a kept run folder"
    assert html.count('class="point interrupted"') == 5 + 1 + 1, "the interrupted run is hollow in every chart"
    assert re.search(r'<polyline class="line" data-series="PASS" points="[\d., ]+"', html)
    # Wall time axis: 120 s is the largest, the axis goes to a round 200.
    assert ">200 s</text>" in html.split('id="chart-seconds"')[1]


def bench_json(rows: list[dict[str, object]]) -> str:
    return json.dumps({"schema": "exportcheck-bench", "version": "1.0", "rows": rows})


def bench_row(row_id: str, value: float | None, status: str = "ok") -> dict[str, object]:
    return {"id": row_id, "name": f"{row_id} name", "value": value, "unit": "µs/node", "status": status,
            "target": {"op": "<=", "value": 0.5, "text": "≤ 0.5 µs/node"} if row_id == "executor.worst" else None}


def test_bench_json_of_the_runs_is_charted_per_row(tmp_path: Path):
    h = history_of_three(tmp_path)
    (h / "20261124-030000" / "bench.json").write_text(bench_json([bench_row("executor.worst", 0.8),
                                                                  bench_row("archive.error", None, "error")]))
    (h / "20261125-030000" / "bench.json").write_text("{half")  # does not read: left out, the run still charted
    (h / "20261126-030000" / "bench.json").write_text(bench_json([bench_row("executor.worst", 0.4),
                                                                  bench_row("dashboard.page", 9.5)]))
    runs, unreadable = trend.collect(h)
    assert unreadable == [] and [sorted(r.bench) for r in runs] == [["executor.worst"], [],
                                                                    ["dashboard.page", "executor.worst"]]
    assert runs[2].bench["executor.worst"] == trend.BenchValue("executor.worst name", "µs/node", 0.4, "≤ 0.5 µs/node")
    html = trend.page(runs, unreadable, "nightly")
    assert re.findall(r'<figure class="stage bench" data-bench="([^"]+)">', html) == ["executor.worst", "dashboard.page"]
    assert "<figcaption>executor.worst name (µs/node; target ≤ 0.5 µs/node)</figcaption>" in html
    assert "<figcaption>dashboard.page name (µs/node)</figcaption>" in html
    worst = html.split('id="chart-bench-executor-worst"')[1].split("</svg>")[0]
    assert re.findall(r'data-run="([^"]+)"', worst) == ["20261124-030000", "20261126-030000"], "a point per run with it"
    assert 'id="bench"' not in trend.page(trend.collect(history_of_three(tmp_path / "plain"))[0], [], "n"), \
        "no bench.json anywhere: no section"


def test_no_runs_yet_still_writes_a_page(tmp_path: Path):
    target, n, _ = trend.write_trend(tmp_path)
    assert n == 0 and "No run with a summary.json yet" in target.read_text()


def test_command_line(tmp_path: Path):
    h = history_of_three(tmp_path)
    r = subprocess.run([sys.executable, "-m", "exporter.tools.trend", str(h)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "(3 runs)" in r.stdout and (h / "trend.html").exists()
    r = subprocess.run([sys.executable, "-m", "exporter.tools.trend", str(tmp_path / "nope")], capture_output=True,
                       text=True, cwd=ROOT)
    assert r.returncode == 2 and "no such folder" in r.stderr
