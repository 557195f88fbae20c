"""scripts/nightly --history DIR: DIR/trend.html, the kept nightlies over time.

    python -m exporter.tools.trend HISTORY_DIR

Reads the summary.json of every run folder in HISTORY_DIR (the `latest`
link and folders without a summary.json are left out; a summary that does
not read is named on the page and on stderr) and writes one page, fully
offline (inline SVG and CSS, no script, no network), with three charts
across the runs, oldest first:

  - results per verdict (PASS, XFAIL, FAIL, ...);
  - each stage's pass rate: PASS / records that ran (every verdict but
    UNSUPPORTED and SKIP), one small chart per stage that ran in some run;
  - the run's wall time (run.seconds);
  - when run folders have a bench.json (scripts/bench's JSON, which
    `EXPORTCHECK_NIGHTLY_BENCH=1 scripts/nightly` writes there): each
    benchmark row's value, one small chart per row id, captioned with its
    unit and target. A bench.json that does not read is left out.

Every point links to its run's dashboard (`<run>/index.html`); an
interrupted run (a record "not run: interrupted") is drawn hollow.
Everything is computed from `results`, which every summary since 1.0 has
(reports/README.md), so old and new runs read alike.

Why Python and not an `exportcheck report` subcommand: the page reads only
the summary's stable fields (results' stage and verdict, run.id,
run.started_at, run.seconds) and decides no verdict, so it needs none of the
harness's C++ (verdict rules, case verdicts); it is text layout across many
files, which a small typed module does in a fraction of the code and tests
without a C++ rebuild. Standard library only.
"""

import json
import math
import os
import sys
import tempfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

# Verdicts in the dashboard's order (most noteworthy first) and line colours
# (darker than the dashboard's cell backgrounds: lines on white).
VERDICT_COLORS = {
    "ERROR": "#8250df", "CRASH": "#a40e26", "TIMEOUT": "#bc4c00", "FAIL": "#cf222e", "XPASS": "#bf3989",
    "DRIFT": "#9a6700", "FIXED": "#0969da", "XFAIL": "#d4a72c", "SKIP": "#8c959f", "UNSUPPORTED": "#57606a",
    "PASS": "#1a7f37",
}
NOT_RUN = ("UNSUPPORTED", "SKIP")
INTERRUPTED_MESSAGE = "not run: interrupted"

WIDTH, HEIGHT = 720, 220  # the big charts
SMALL_WIDTH, SMALL_HEIGHT = 340, 130  # one per stage
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 12, 12, 28


@dataclass
class BenchValue:
    """One row of a run's bench.json."""

    name: str
    unit: str
    value: float
    target: str  # "≤ 0.6×", "" without one


@dataclass
class RunPoint:
    """One kept run, as the charts need it."""

    id: str  # the run folder's name (its run id)
    started_at: str
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)  # results per verdict
    stage_ran: dict[str, int] = field(default_factory=dict)  # records that ran, per stage
    stage_pass: dict[str, int] = field(default_factory=dict)  # PASS records, per stage
    interrupted: bool = False
    bench: dict[str, BenchValue] = field(default_factory=dict)  # scripts/bench's rows that ran, by id

    def pass_rate(self, stage: str) -> float | None:
        """PASS / records that ran, or None when nothing of the stage ran in this run."""
        ran = self.stage_ran.get(stage, 0)
        return self.stage_pass.get(stage, 0) / ran if ran else None


def read_bench(path: Path) -> dict[str, BenchValue]:
    """The rows with a value of scripts/bench's JSON at `path`, by id; {} when it is absent or does not read."""
    try:
        doc = json.loads(path.read_text())
        if not isinstance(doc, dict) or doc.get("schema") != "exportcheck-bench":
            return {}
        out = {}
        for r in doc.get("rows") or []:
            if r.get("status") == "ok" and isinstance(r.get("value"), (int, float)):
                out[str(r["id"])] = BenchValue(str(r.get("name", r["id"])), str(r.get("unit", "")), float(r["value"]),
                                               str((r.get("target") or {}).get("text", "")))
        return out
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def read_run(folder: Path) -> RunPoint:
    """The run in `folder`, from its summary.json. ValueError (with the reason) when it does not read."""
    try:
        summary = json.loads((folder / "summary.json").read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise ValueError(f"summary.json does not read: {e}") from e
    if not isinstance(summary, dict) or summary.get("schema") != "exportcheck-summary":
        raise ValueError("summary.json is not an exportcheck summary")
    version = str(summary.get("version", ""))
    if version.split(".")[0] != "1":
        raise ValueError(f"summary version {version} is not readable (reads 1.x)")
    run: dict[str, Any] = summary.get("run") or {}
    point = RunPoint(id=folder.name, started_at=str(run.get("started_at") or ""),
                     seconds=float(run.get("seconds") or 0.0))
    for r in summary.get("results") or []:
        verdict, stage = str(r.get("verdict", "")), str(r.get("stage", ""))
        point.counts[verdict] = point.counts.get(verdict, 0) + 1
        if r.get("message") == INTERRUPTED_MESSAGE:
            point.interrupted = True
        if verdict in NOT_RUN:
            continue
        point.stage_ran[stage] = point.stage_ran.get(stage, 0) + 1
        if verdict == "PASS":
            point.stage_pass[stage] = point.stage_pass.get(stage, 0) + 1
    point.bench = read_bench(folder / "bench.json")
    return point


def collect(history: Path) -> tuple[list[RunPoint], list[tuple[str, str]]]:
    """(runs oldest first, [(folder, why it was left out)]). Run folders are named by their UTC start."""
    runs: list[RunPoint] = []
    unreadable: list[tuple[str, str]] = []
    for folder in sorted(p for p in history.iterdir() if p.is_dir() and not p.is_symlink()):
        if not (folder / "summary.json").exists():
            continue  # a killed run (report --rebuild writes it) or not a run folder
        try:
            runs.append(read_run(folder))
        except ValueError as e:
            unreadable.append((folder.name, str(e)))
    return runs, unreadable


@dataclass
class Series:
    name: str
    color: str
    values: list[float | None]  # one per run; None: no point


def _nice_max(value: float) -> float:
    """A round axis maximum >= value (1, 2, 5 x 10^k)."""
    if value <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 5, 10):
        if value <= m * step:
            return float(m * step)
    return float(10 * step)


def _fmt(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.1f}%"
    return f"{value:.0f}" if value == int(value) or value >= 100 else f"{value:.1f}"


def chart(chart_id: str, title: str, runs: list[RunPoint], series: list[Series], *, percent: bool = False,
          unit: str = "", small: bool = False) -> str:
    """One line chart as inline SVG: x = the runs in order, one polyline and one linked point per value."""
    width, height = (SMALL_WIDTH, SMALL_HEIGHT) if small else (WIDTH, HEIGHT)
    plot_w, plot_h = width - MARGIN_LEFT - MARGIN_RIGHT, height - MARGIN_TOP - MARGIN_BOTTOM
    top = 1.0 if percent else _nice_max(max((v for s in series for v in s.values if v is not None), default=0.0))
    n = len(runs)

    def x(i: int) -> float:
        return MARGIN_LEFT + (plot_w / 2 if n == 1 else plot_w * i / (n - 1))

    def y(v: float) -> float:
        return MARGIN_TOP + plot_h * (1 - v / top)

    parts = [f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for k in range(5):  # horizontal grid and y labels
        v = top * k / 4
        parts.append(f'<line class="grid" x1="{MARGIN_LEFT}" x2="{width - MARGIN_RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>')
        label = f"{v * 100:.0f}%" if percent else _fmt(v, False) + unit
        parts.append(f'<text class="axis" x="{MARGIN_LEFT - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{escape(label)}</text>')
    step = max(1, math.ceil(n / 6))  # about 6 labels; none too close to the last run's
    labels = {0, n - 1} if small else {i for i in range(0, n, step) if n - 1 - i >= step} | {n - 1}
    for i in sorted(i for i in labels if i >= 0):
        anchor = "middle" if n == 1 else "start" if i == 0 else "end" if i == n - 1 else "middle"  # inside the box
        parts.append(f'<text class="axis" x="{x(i):.1f}" y="{height - 8}" text-anchor="{anchor}">'
                     f"{escape(_short_id(runs[i].id))}</text>")
    for s in series:
        pts = [(i, v) for i, v in enumerate(s.values) if v is not None]
        if len(pts) > 1:
            coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in pts)
            parts.append(f'<polyline class="line" data-series="{escape(s.name)}" points="{coords}" '
                         f'stroke="{s.color}"/>')
        for i, v in pts:
            run = runs[i]
            fill = "#fff" if run.interrupted else s.color
            tip = f"{run.id}: {s.name} {_fmt(v, percent)}{'' if percent else unit}"
            if run.interrupted:
                tip += " (interrupted)"
            parts.append(f'<a href="{quote(run.id)}/index.html"><circle class="point{" interrupted" if run.interrupted else ""}" '
                         f'data-run="{escape(run.id)}" data-series="{escape(s.name)}" cx="{x(i):.1f}" cy="{y(v):.1f}" '
                         f'r="{3 if small else 4}" fill="{fill}" stroke="{s.color}"><title>{escape(tip)}</title></circle></a>')
    parts.append("</svg>")
    return "".join(parts)


def _short_id(run_id: str) -> str:
    """20261126-031500 -> 11-26 03:15; other names unchanged."""
    if len(run_id) == 15 and run_id[8] == "-" and run_id.replace("-", "").isdigit():
        return f"{run_id[4:6]}-{run_id[6:8]} {run_id[9:11]}:{run_id[11:13]}"
    return run_id


def _legend(series: list[Series]) -> str:
    return '<p class="legend">' + " ".join(
        f'<span><i style="background:{s.color}"></i>{escape(s.name)}</span>' for s in series) + "</p>"


def verdict_series(runs: list[RunPoint]) -> list[Series]:
    """One series per verdict that some run has, in the dashboard's order; 0 where a run has none."""
    seen = {v for r in runs for v in r.counts}
    ordered = [v for v in VERDICT_COLORS if v in seen] + sorted(seen - VERDICT_COLORS.keys())
    return [Series(v, VERDICT_COLORS.get(v, "#444"), [float(r.counts.get(v, 0)) for r in runs]) for v in ordered]


def stages(runs: list[RunPoint]) -> list[str]:
    """The stages that ran in some run, in pipeline order (the dashboard's), then by name."""
    roots = ["catalog", "case", "harness", "export", "archive", "roundtrip", "golden", "replay", "guards"]
    names = {s for r in runs for s in r.stage_ran}

    def key(s: str) -> tuple[int, str]:
        root = s.split(":")[0]
        return (roots.index(root) if root in roots else len(roots), s)

    return sorted(names, key=key)


def page(runs: list[RunPoint], unreadable: list[tuple[str, str]], history_name: str) -> str:
    """The whole trend.html."""
    out = ["<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
           f"<title>exportcheck nightly trend: {escape(history_name)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
           f"<h1>exportcheck nightly trend</h1>\n<p class=\"muted\" id=\"runs\" data-runs=\"{len(runs)}\">"
           f"{len(runs)} kept run{'s' if len(runs) != 1 else ''} in {escape(history_name)}, oldest first; "
           "every point links to its run's dashboard; a hollow point is an interrupted run.</p>\n"]
    if unreadable:
        out.append('<p class="warn" id="unreadable">left out: ' +
                   "; ".join(f"{escape(name)} ({escape(why)})" for name, why in unreadable) + "</p>\n")
    if not runs:
        out.append("<p>No run with a summary.json yet.</p>\n</body>\n</html>\n")
        return "".join(out)
    counts = verdict_series(runs)
    out.append('<h2>Results per verdict</h2>\n<figure id="counts">' + chart("chart-counts", "results per verdict", runs, counts)
               + _legend(counts) + "</figure>\n")
    out.append('<h2>Pass rate per stage</h2>\n<p class="muted">PASS / records that ran (UNSUPPORTED and SKIP '
               'left out; XFAIL counts as not passing).</p>\n<div class="grid" id="stages">')
    for stage in stages(runs):
        series = [Series(stage, VERDICT_COLORS["PASS"], [r.pass_rate(stage) for r in runs])]
        out.append(f'<figure class="stage"><figcaption>{escape(stage)}</figcaption>'
                   + chart("chart-stage-" + stage.replace(":", "-"), "pass rate of " + stage, runs, series,
                           percent=True, small=True) + "</figure>")
    out.append("</div>\n")
    seconds = [Series("wall time", "#0969da", [r.seconds for r in runs])]
    out.append('<h2>Wall time</h2>\n<figure id="seconds">' + chart("chart-seconds", "wall time (s)", runs, seconds, unit=" s")
               + "</figure>\n")
    bench_ids = list(dict.fromkeys(i for r in runs for i in r.bench))
    if bench_ids:
        out.append('<h2>Benchmarks</h2>\n<p class="muted">scripts/bench in each run folder (bench.json); '
                   'the caption names the unit and the target.</p>\n<div class="grid" id="bench">')
        for bench_id in bench_ids:
            last = next(r.bench[bench_id] for r in reversed(runs) if bench_id in r.bench)
            caption = f"{last.name} ({last.unit}" + (f"; target {last.target})" if last.target else ")")
            series = [Series(bench_id, "#0969da", [r.bench[bench_id].value if bench_id in r.bench else None
                                                   for r in runs])]
            out.append(f'<figure class="stage bench" data-bench="{escape(bench_id)}"><figcaption>{escape(caption)}'
                       "</figcaption>" + chart("chart-bench-" + bench_id.replace(".", "-"), last.name, runs, series,
                                               small=True) + "</figure>")
        out.append("</div>\n")
    out.append('<h2>Runs</h2>\n<table id="run-table"><tr><th>run</th><th>started</th><th>seconds</th>'
               "<th>results</th><th>unexpected</th></tr>\n")
    unexpected = ("FAIL", "XPASS", "TIMEOUT", "CRASH", "ERROR")
    for r in reversed(runs):
        bad = sum(r.counts.get(v, 0) for v in unexpected)
        out.append(f'<tr><td><a href="{quote(r.id)}/index.html">{escape(r.id)}</a>'
                   f"{' (interrupted)' if r.interrupted else ''}</td><td>{escape(r.started_at)}</td>"
                   f"<td>{r.seconds:.1f}</td><td>{sum(r.counts.values())}</td>"
                   f'<td class="{"bad" if bad else ""}">{bad}</td></tr>\n')
    out.append("</table>\n</body>\n</html>\n")
    return "".join(out)


CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 1.5em 3em; color: #1f2328; }
h1 { font-size: 1.4em; margin: .8em 0 .3em; } h2 { font-size: 1.15em; margin: 1.4em 0 .4em; }
.muted { color: #59636e; } .warn { color: #9a6700; } .bad { color: #cf222e; font-weight: bold; }
figure { margin: .3em 0; } figcaption { font: 12px ui-monospace, monospace; }
.grid { display: flex; flex-wrap: wrap; gap: .5em 1.5em; }
svg.chart { max-width: 100%; height: auto; }
svg .grid { stroke: #eaeef2; } svg .axis { font: 10px system-ui, sans-serif; fill: #59636e; }
svg .line { fill: none; stroke-width: 1.5; } svg a .point:hover { stroke-width: 3; }
.legend span { margin-right: 1em; font-size: 12px; }
.legend i { display: inline-block; width: .9em; height: .9em; margin-right: .3em; vertical-align: -.1em; }
table { border-collapse: collapse; } th, td { border: 1px solid #d1d9e0; padding: .15em .5em; text-align: left; }
"""


def write_trend(history: Path) -> tuple[Path, int, list[tuple[str, str]]]:
    """Writes history/trend.html (through a temporary file, so a reader never sees half a page)."""
    runs, unreadable = collect(history)
    text = page(runs, unreadable, history.resolve().name)
    target = history / "trend.html"
    fd, tmp = tempfile.mkstemp(dir=history, prefix=".trend.", suffix=".html")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return target, len(runs), unreadable


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print("usage: python -m exporter.tools.trend HISTORY_DIR", file=sys.stderr)
        return 2
    history = Path(argv[0])
    if not history.is_dir():
        print(f"trend: {history}: no such folder", file=sys.stderr)
        return 2
    target, n, unreadable = write_trend(history)
    for name, why in unreadable:
        print(f"trend: left out {name}: {why}", file=sys.stderr)
    print(f"wrote {target} ({n} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
