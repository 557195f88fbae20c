"""scripts/bench: every benchmark of the project in one invocation, one table of ratios.

    python -m exporter.tools.bench --exportcheck PATH --build DIR [--quick] [--out FILE.json]
        [--only NAME,...] [-j N] [--keep DIR] [--full-catalog | --catalog-filter REGEX]

(scripts/bench gives --exportcheck and --build.) Runs each benchmark below,
one after the other, and turns what it measured into rows: one number each,
with its unit, what it is measured against, and issue 18's target where
there is one (met or not). Every ratio has both sides measured in this
invocation on this machine; nothing comes from timed tests.

  catalog    scripts/bench-vs-baseline -j N --filter REGEX: scripts/run on a
             slice of the catalog against the same cases in one plain Python
             process (scripts/bench-baseline); harness / baseline, target <= 0.6.
             Default slice `^seed_` (the 12 cases tagged seed); --full-catalog:
             every case; --catalog-filter REGEX: another slice.
  suite      `exportcheck run --suite opinfo --device cpu` with
             EXPORTCHECK_OPINFO_LANES=cheapest (CTest's suite.opinfo: every
             OpInfo once; --quick: its stable shard 1/8): the harness's own
             time per exported program, target < 20 ms. Measured from the
             run's records (time_split.overhead): slot time (wall x jobs)
             minus the seconds of the stages a worker serves (export,
             roundtrip:reload, replay / guards / sequence / compat: torch's
             export, save and load and the runtimes), over the programs whose
             export passed. So it counts everything outside every stage
             (worker start-up, scheduling, messages, reports, slots idle at
             the end) and the harness's own stages (PT2 checks, the C++
             rewrite, golden IR); it does not count the harness's own work
             inside a worker's stage (eager references and replay bundles in
             export, output comparison in replay). Worker start-up is a fixed
             cost: a small slice (--quick) spreads it over fewer programs.
  archive    scripts/bench-archive: torch.export.load / C++ map + validate the
             structure + every weight as a tensor over the mapped bytes, on
             the generated 64 MiB archive and on the seed archives (summed);
             target >= 10. Also the full CRC-32 check over the mapping in
             GB/s, beside reading every mapped byte once (same run).
  executor   scripts/bench-executor with EXPORTCHECK_BENCH_AOTI=0: what the
             C++ executor adds per node over the ATen floor (the same ATen
             calls straight through the dispatcher), worst and median over
             the seed programs, target <= 0.5 us/node; module() / C++ per
             call (median), no target.
  dashboard  build/bench/bench_report: every report of a 5,000-record run
             and the dashboard of a 44,000-record OpInfo-sized run, per
             record; `report --baseline` at 4,000 cases / at 500 (8x the
             records: linear is 8). No target.

A benchmark that cannot run (a missing binary, a failure, output that does
not read) is one row with status "error" and its message; the others still
run. Prints the table headed by the commit (+dirty), torch and the machine,
and writes it as JSON (schema exportcheck-bench 1.0; --out, default
reports/bench/bench-<UTC>.json and reports/bench/latest.json).
Exit 0, or 1 when a benchmark errored (a target not met is not an error);
2 on a usage error.
"""

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from exporter.tools import bench_archive, bench_executor, bench_vs_baseline, time_split

Json = dict[str, Any]
ROOT = Path(__file__).resolve().parents[2]
SCHEMA, VERSION = "exportcheck-bench", "1.0"
DEFAULT_CATALOG_FILTER = "^seed_"
QUICK_SUITE_SHARD = "1/8"
SUITE_TARGET_MS = 20.0
ARCHIVE_TARGET = 10.0
EXECUTOR_TARGET_US = 0.5
REPORT_FILTER = "^(BM_AllRunReports|BM_OpinfoDashboard|BM_OpinfoBaseline/(500|4000))$"


SYMBOLS = {"<=": "≤", "<": "<", ">=": "≥"}


@dataclass(frozen=True)
class Target:
    op: str  # "<=", "<" or ">="
    value: float

    def met(self, value: float) -> bool:
        return {"<=": value <= self.value, "<": value < self.value, ">=": value >= self.value}[self.op]

    def text(self, unit: str) -> str:
        value = f"{self.value:g}"
        return f"{SYMBOLS[self.op]} {value}{unit}" if unit == "×" else f"{SYMBOLS[self.op]} {value} {unit}"


@dataclass
class Row:
    """One measured number of one benchmark."""

    id: str  # stable key across runs (the trend page's series), e.g. "archive.big"
    benchmark: str  # catalog, suite, archive, executor, dashboard
    name: str  # what the number is, for people
    value: float | None
    unit: str  # "×", "ms/program", "µs/node", "µs/record"
    baseline: str  # what it is measured against in the same run ("" for an absolute number)
    target: Target | None = None
    status: str = "ok"  # "ok" or "error"
    message: str = ""  # the error, or a note
    details: Json = field(default_factory=dict)

    @property
    def met(self) -> bool | None:
        """Whether the target is met; None without a target or a value."""
        if self.status != "ok" or self.target is None or self.value is None:
            return None
        return self.target.met(self.value)

    def to_json(self) -> Json:
        return {"id": self.id, "benchmark": self.benchmark, "name": self.name, "value": self.value,
                "unit": self.unit, "baseline": self.baseline,
                "target": None if self.target is None else
                {"op": self.target.op, "value": self.target.value, "text": self.target.text(self.unit)},
                "met": self.met, "status": self.status, "message": self.message, "details": self.details}


def error_row(benchmark: str, message: str, row_id: str | None = None, name: str | None = None) -> Row:
    return Row(row_id or f"{benchmark}.error", benchmark, name or benchmark, None, "", "", status="error",
               message=message)


def fmt(value: float) -> str:
    """Three significant figures or so: 0.482, 2.74, 31.5, 210."""
    a = abs(value)
    return f"{value:.3f}" if a < 1 else f"{value:.2f}" if a < 10 else f"{value:.1f}" if a < 100 else f"{value:.0f}"


def with_unit(value: float, unit: str) -> str:
    return f"{fmt(value)}{unit}" if unit == "×" else f"{fmt(value)} {unit}"


# Rows from each benchmark's output.

CATALOG_BASELINE = ("scripts/bench-baseline: the same cases' export, save, load, module() replay and guards, "
                    "sequentially in one plain Python process, same invocation")


def catalog_rows(r: bench_vs_baseline.Result) -> list[Row]:
    """scripts/bench-vs-baseline --json: harness / baseline."""
    selection = f"--filter {r.filter}" if r.filter else "whole catalog"
    return [Row("catalog.ratio", "catalog", f"catalog ({r.cases} cases, {selection}, -j {r.jobs}): harness / baseline",
                r.ratio, "×", CATALOG_BASELINE, Target("<=", bench_vs_baseline.RATIO_TARGET),
                message="" if r.exit == 0 else f"scripts/run exit {r.exit}: some results were unexpected",
                details={"baseline_seconds": r.baseline_seconds, "harness_seconds": r.harness_seconds,
                         "cases": r.cases, "jobs": r.jobs, "filter": r.filter, "exit": r.exit})] + ([
        # What bounds the ratio, from the same harness run: its stages alone, and the baseline's own checks alone.
        Row("catalog.stages", "catalog", "catalog: the harness's stages / jobs, over the baseline (no cost outside them)",
            r.stages_ratio, "×", CATALOG_BASELINE, details={"stage_seconds": r.stage_seconds}),
        Row("catalog.baseline_checks", "catalog",
            "catalog: the baseline's own checks in the harness (export, module/nativert replay, guards) / jobs",
            r.baseline_checks_ratio, "×", CATALOG_BASELINE,
            details={"baseline_checks_seconds": r.baseline_checks_seconds})] if r.stage_seconds else [])


SUITE_BASELINE = ("none (absolute): slot time (wall × jobs) minus the seconds of the stages a worker serves "
                  "(torch's export, save and load, the runtimes), per exported program")


def suite_rows(records: list[Json], run: Json, shard: str) -> list[Row]:
    """The opinfo run's records: the harness's own time per exported program."""
    o = time_split.overhead(records, run)
    if not o.programs:
        raise ValueError("the suite run exported no program")
    where = f", shard {shard}" if shard else ""
    return [Row("suite.overhead", "suite",
                f"suite opinfo (cheapest lane{where}; {o.programs} programs, -j {o.jobs}): harness time per program",
                o.harness / o.programs * 1000, "ms/program", SUITE_BASELINE, Target("<", SUITE_TARGET_MS),
                details={"wall_seconds": o.wall, "jobs": o.jobs, "programs": o.programs,
                         "stage_seconds": o.staged, "harness_stage_seconds": o.harness_staged,
                         "outside_stage_seconds": o.outside, "startup_seconds": o.startup, "shard": shard}),
            # The same less worker start-up (a fixed cost per worker, summary 1.8): what a program adds.
            Row("suite.per_program", "suite",
                f"suite opinfo ({o.programs} programs): harness time per program less worker start-up "
                f"({o.startup:.1f} slot-s)",
                o.after_startup / o.programs * 1000, "ms/program", SUITE_BASELINE, Target("<", SUITE_TARGET_MS),
                details={"startup_seconds": o.startup, "harness_seconds": o.harness})]


ARCHIVE_BASELINE = "torch.export.load of the same archive (median of 5 after a warm-up), same invocation"


def archive_rows(rows: Sequence[bench_archive.Row]) -> list[Row]:
    """scripts/bench-archive --json: torch.export.load / C++ on the big archive and on the seeds."""
    out = []
    big = [r for r in rows if bench_archive.is_big(r)]
    big_ratio = bench_archive.big_ratio(rows)
    name = "archive: torch.export.load / C++ map+validate+weights, 64 MiB archive"
    if big_ratio is None:
        out.append(error_row("archive", "the 64 MiB archive was not measured", "archive.big", name))
    else:
        out.append(Row("archive.big", "archive", name, big_ratio, "×", ARCHIVE_BASELINE, Target(">=", ARCHIVE_TARGET),
                       details={"cpp_ms": big[0].cpp_ms, "python_ms": big[0].python_ms, "bytes": big[0].size,
                                "copy_ms": big[0].copy_ms}))
        if big[0].crc_gbps > 0 and big[0].bandwidth_gbps > 0:
            out.append(Row("archive.crc", "archive", "archive: full CRC-32 check over the mapped 64 MiB archive",
                           big[0].crc_gbps, "GB/s", f"reading every mapped byte once: {big[0].bandwidth_gbps:.2f} GB/s",
                           details={"bandwidth_gbps": big[0].bandwidth_gbps,
                                    "of_bandwidth": big[0].crc_gbps / big[0].bandwidth_gbps}))
    seeds = bench_archive.seed_rows(rows)
    seeds_ratio = bench_archive.seeds_ratio(rows)
    name = f"archive: torch.export.load / C++ map+validate+weights, {len(seeds)} seed archives summed"
    if seeds_ratio is None:
        out.append(error_row("archive", "no seed archive was measured", "archive.seeds", name))
    else:
        out.append(Row("archive.seeds", "archive", name, seeds_ratio, "×", ARCHIVE_BASELINE,
                       Target(">=", ARCHIVE_TARGET),
                       details={"cpp_ms": sum(r.cpp_ms for r in seeds), "python_ms": sum(r.python_ms for r in seeds),
                                "archives": len(seeds)}))
    return out


EXECUTOR_BASELINE = ("the ATen floor: the program's top-level ATen calls replayed straight through the "
                     "dispatcher (bench_executor floor/), same run")


def executor_rows(rows: Sequence[bench_executor.Row]) -> list[Row]:
    """scripts/bench-executor --json: (cpp - floor) / nodes, worst and median; module() / cpp."""
    added = {r.path: a for r in rows if (a := bench_executor.added_us_per_node(r)) is not None}
    unmeasured = {r.path: r.error or "no cpp or floor time" for r in rows if r.path not in added}
    if not added:
        raise ValueError(f"no program has both a cpp and a floor time ({len(rows)} archives)")
    worst = max(added, key=lambda p: added[p])
    details = {"programs": len(added), "unmeasured": unmeasured}
    n = len(added)
    out = [Row("executor.worst", "executor", f"executor: C++ over the ATen floor, worst of {n} seed programs",
               added[worst], "µs/node", EXECUTOR_BASELINE, Target("<=", EXECUTOR_TARGET_US),
               details={**details, "worst": worst}),
           Row("executor.median", "executor", f"executor: C++ over the ATen floor, median of {n} seed programs",
               statistics.median(added.values()), "µs/node", EXECUTOR_BASELINE, Target("<=", EXECUTOR_TARGET_US),
               details=details)]
    ratios = [r.module_us / r.cpp_us for r in rows if r.cpp_us]
    if ratios:
        out.append(Row("executor.module_ratio", "executor",
                       f"executor: module() / C++ per call, median of {len(ratios)} seed programs",
                       statistics.median(ratios), "×",
                       "torch.export.load(p).module() per call on the same inputs, same invocation",
                       details={"programs": len(ratios)}))
    return out


TIME_UNITS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}


def median_ms(report: Sequence[Json], name: str) -> tuple[float, float]:
    """(median real time in ms, its `records` counter) of the benchmark run `name`."""
    b = bench_executor.medians(report, name).get("")
    if b is None:
        raise ValueError(f"bench_report has no median of {name}")
    if not b.get("records"):
        raise ValueError(f"bench_report's {name} has no records counter (rebuild build/bench/bench_report)")
    return b["real_time"] * TIME_UNITS[b.get("time_unit", "ns")], float(b["records"])


DASHBOARD_BASELINE = "none (absolute): the report's time divided by its records"


def dashboard_rows(report: Sequence[Json]) -> list[Row]:
    """bench_report's Google Benchmark JSON (median aggregates): per-record times and growth."""
    all_ms, all_n = median_ms(report, "BM_AllRunReports")
    page_ms, page_n = median_ms(report, "BM_OpinfoDashboard")
    small_ms, small_n = median_ms(report, "BM_OpinfoBaseline/500")
    big_ms, big_n = median_ms(report, "BM_OpinfoBaseline/4000")
    return [
        Row("dashboard.reports", "dashboard",
            f"dashboard: summary.json + junit.xml + index.html per record ({all_n:,.0f}-record run)",
            all_ms * 1000 / all_n, "µs/record", DASHBOARD_BASELINE, details={"ms": all_ms, "records": all_n}),
        Row("dashboard.page", "dashboard", f"dashboard: index.html per record ({page_n:,.0f}-record OpInfo-sized run)",
            page_ms * 1000 / page_n, "µs/record", DASHBOARD_BASELINE, details={"ms": page_ms, "records": page_n}),
        Row("dashboard.growth", "dashboard",
            f"dashboard: report --baseline time, {big_n:,.0f} / {small_n:,.0f} records",
            big_ms / small_ms, "×", f"the same at {small_n:,.0f} records, same run (linear: {big_n / small_n:g}×)",
            details={"small_ms": small_ms, "small_records": small_n, "big_ms": big_ms, "big_records": big_n}),
    ]


# The benchmarks: how each runs, and how its output becomes rows.

@dataclass
class Options:
    exportcheck: str
    build: Path
    root: Path
    quick: bool = False
    jobs: int = field(default_factory=lambda: len(os.sched_getaffinity(0)))
    catalog_filter: str = DEFAULT_CATALOG_FILTER  # "" = the whole catalog
    only: list[str] = field(default_factory=list)


@dataclass
class Benchmark:
    name: str
    # (command, extra environment) in the folder the benchmark may write to
    command: Callable[[Options, Path], tuple[list[str], dict[str, str]]]
    # (options, that folder, the command's stdout file) -> rows; raises on output that does not read
    rows: Callable[[Options, Path, Path], list[Row]]
    needs: Callable[[Options], list[Path]] = lambda o: []  # files that must exist before it runs


def _catalog_command(o: Options, wd: Path) -> tuple[list[str], dict[str, str]]:
    cmd = [str(o.root / "scripts" / "bench-vs-baseline"), "-j", str(o.jobs), "--json", str(wd / "catalog.json")]
    return cmd + (["--filter", o.catalog_filter] if o.catalog_filter else []), {"EXPORTCHECK_BIN": o.exportcheck}


def _suite_command(o: Options, wd: Path) -> tuple[list[str], dict[str, str]]:
    cmd = [o.exportcheck, "run", "--suite", "opinfo", "--device", "cpu", "-j", str(o.jobs), "--out",
           str(wd / "suite-run"), "--progress", "never", "--quiet", "--exit-zero"]
    return cmd + (["--shard", QUICK_SUITE_SHARD] if o.quick else []), {"EXPORTCHECK_OPINFO_LANES": "cheapest"}


def _suite_rows(o: Options, wd: Path, _stdout: Path) -> list[Row]:
    run_dir = wd / "suite-run"
    summary = json.loads((run_dir / "summary.json").read_text())
    return suite_rows(time_split.read_results(run_dir / "results.jsonl"), summary.get("run") or {},
                      QUICK_SUITE_SHARD if o.quick else "")


def _dashboard_command(o: Options, wd: Path) -> tuple[list[str], dict[str, str]]:
    return [str(o.build / "bench" / "bench_report"), f"--benchmark_filter={REPORT_FILTER}",
            "--benchmark_format=json", "--benchmark_min_time=0.2", "--benchmark_repetitions=3",
            "--benchmark_report_aggregates_only=true"], {}


BENCHMARKS = [
    Benchmark("catalog", _catalog_command,
              lambda o, wd, out: catalog_rows(bench_vs_baseline.read_result(wd / "catalog.json")),
              lambda o: [Path(o.exportcheck)]),
    Benchmark("suite", _suite_command, _suite_rows, lambda o: [Path(o.exportcheck)]),
    Benchmark("archive",
              lambda o, wd: ([str(o.root / "scripts" / "bench-archive"), "--json", str(wd / "archive.json"),
                              str(o.build)], {}),
              lambda o, wd, out: archive_rows(bench_archive.read_rows(wd / "archive.json")),
              lambda o: [o.build / "bench" / "bench_archive"]),
    Benchmark("executor",
              lambda o, wd: ([str(o.root / "scripts" / "bench-executor"), "--json", str(wd / "executor.json"),
                              str(o.build)], {"EXPORTCHECK_BENCH_AOTI": "0"}),
              lambda o, wd, out: executor_rows(bench_executor.read_rows(wd / "executor.json")),
              lambda o: [o.build / "bench" / "bench_executor"]),
    Benchmark("dashboard", _dashboard_command,
              lambda o, wd, out: dashboard_rows(json.loads(out.read_text())["benchmarks"]),
              lambda o: [o.build / "bench" / "bench_report"]),
]
NAMES = [b.name for b in BENCHMARKS]


def tail(text: str, lines: int = 3, limit: int = 400) -> str:
    """The last non-empty lines of `text`, joined with " | ", at most `limit` characters (the end kept)."""
    last = " | ".join([line.strip() for line in text.splitlines() if line.strip()][-lines:])
    return last if len(last) <= limit else "..." + last[-limit:]


def run_benchmark(b: Benchmark, o: Options, wd: Path, say: Callable[[str], None] = lambda s: None) -> tuple[list[Row], Json]:
    """Runs one benchmark in `wd`: (its rows, or one error row; what ran, for the JSON's `benchmarks`)."""
    wd.mkdir(parents=True, exist_ok=True)
    cmd, env = b.command(o, wd)
    info: Json = {"name": b.name, "command": shlex.join(cmd), "seconds": 0.0, "exit": None, "status": "error"}
    missing = [str(p) for p in b.needs(o) if not p.exists()]
    if missing:
        say(f"{b.name}: not run: missing {', '.join(missing)}")
        return [error_row(b.name, f"not run: missing {', '.join(missing)} (build it: ninja -C build)")], info
    say(f"{b.name}: {info['command']}")
    stdout, stderr = wd / "stdout.txt", wd / "stderr.txt"
    start = time.monotonic()
    rc: int | None = None
    try:
        with open(stdout, "w") as out, open(stderr, "w") as err:
            rc = subprocess.run(cmd, cwd=o.root, env={**os.environ, **env}, stdout=out, stderr=err).returncode
    except OSError as e:
        rows = [error_row(b.name, f"did not start: {e}")]
    info["seconds"] = round(time.monotonic() - start, 3)
    info["exit"] = rc
    if rc is None:
        pass  # did not start: the error row above
    elif rc != 0:
        why = tail(stderr.read_text(errors="replace")) or tail(stdout.read_text(errors="replace"))
        rows = [error_row(b.name, f"exit {rc}: {why}" if why else f"exit {rc}")]
    else:
        try:
            rows = b.rows(o, wd, stdout)
        except (OSError, ValueError, KeyError, TypeError, IndexError, ZeroDivisionError) as e:
            rows = [error_row(b.name, f"output not understood: {type(e).__name__}: {e}")]
    info["status"] = "error" if any(r.status == "error" for r in rows) else "ok"
    say(f"{b.name}: {info['status']} in {info['seconds']:.0f} s")
    return rows, info


def run_all(benchmarks: Sequence[Benchmark], o: Options, work: Path,
            say: Callable[[str], None] = lambda s: None) -> tuple[list[Row], list[Json]]:
    """Every benchmark in turn, each in work/<name>/: all their rows, and what ran. One that fails
    leaves its error row and the next one runs."""
    rows: list[Row] = []
    infos: list[Json] = []
    for k, b in enumerate(benchmarks, 1):
        got, info = run_benchmark(b, o, work / b.name, lambda s, k=k: say(f"[{k}/{len(benchmarks)}] {s}"))
        rows += got
        infos.append(info)
    return rows, infos


# The run's header: commit, torch, machine.

def commit(root: Path) -> str:
    """`git rev-parse --short HEAD`, with "+dirty" when the tree has changes; "unknown" without git."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # read only: no index refresh written back
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, env=env, check=True).stdout.strip()
        status = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True,
                                env=env, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if status.strip() else "")


def torch_version() -> str:
    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:
        return "not installed"


def machine(cpuinfo: Path = Path("/proc/cpuinfo")) -> Json:
    model = ""
    try:
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": len(os.sched_getaffinity(0)), "cpu_model": model or "unknown",
            "load_average": [round(v, 2) for v in os.getloadavg()]}


def document(rows: Sequence[Row], benchmarks: Sequence[Json], *, commit: str, torch: str, machine: Json,
             timestamp: str, seconds: float, options: Json) -> Json:
    return {"schema": SCHEMA, "version": VERSION, "commit": commit, "torch": torch, "machine": machine,
            "timestamp": timestamp, "seconds": round(seconds, 1), "options": options,
            "benchmarks": list(benchmarks), "rows": [r.to_json() for r in rows]}


def table_lines(doc: Json) -> list[str]:
    """The printed table: a header line, aligned columns benchmark / value / target / met, each error's
    message under its row, then what each benchmark is measured against."""
    m = doc["machine"]
    head = (f"exportcheck bench: commit {doc['commit']}, torch {doc['torch']}, {m['nproc']} × {m['cpu_model']}, "
            f"load {' '.join(str(v) for v in m.get('load_average', []))}, {doc['timestamp']}"
            f"{', --quick' if doc['options'].get('quick') else ''}, {doc['seconds']:.0f} s")
    cells = []
    for r in doc["rows"]:
        value = "error" if r["status"] == "error" else with_unit(r["value"], r["unit"])
        target = r["target"]["text"] if r["target"] else "-"
        met = "error" if r["status"] == "error" else {True: "yes", False: "no", None: "-"}[r["met"]]
        cells.append((r["name"], value, target, met))
    header = ("benchmark", "value", "target", "met")
    widths = [max(len(c[i]) for c in [header, *cells]) for i in range(4)]

    def line(c: tuple[str, str, str, str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(c, widths)).rstrip()

    lines = [head, line(header)]
    for r, c in zip(doc["rows"], cells):
        lines.append(line(c))
        if r["message"]:
            lines.append(f"    {r['message']}")
    against: dict[str, list[str]] = {}
    for r in doc["rows"]:
        texts = against.setdefault(r["benchmark"], [])
        if r["baseline"] and r["baseline"] not in texts:
            texts.append(r["baseline"])
    if any(against.values()):
        lines.append("measured against:")
        lines += [f"  {name}: {'; '.join(texts)}" for name, texts in against.items() if texts]
    return lines


def write_json(path: Path, doc: Json) -> None:
    """`doc` to `path` through a temporary file beside it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w") as f:
        f.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/bench", description="every benchmark, one table of ratios")
    p.add_argument("--exportcheck", required=True, help="the harness binary (scripts/bench gives it)")
    p.add_argument("--build", required=True, type=Path, help="the build folder with bench/ (scripts/bench gives it)")
    p.add_argument("--quick", action="store_true", help=f"the suite on its shard {QUICK_SUITE_SHARD} only")
    p.add_argument("--out", type=Path, help="the JSON file (default reports/bench/bench-<UTC>.json + latest.json)")
    p.add_argument("--only", default="", help=f"comma-separated benchmarks, of: {','.join(NAMES)}")
    p.add_argument("-j", "--jobs", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("--keep", type=Path, help="run in this folder and keep it: each benchmark's stdout, stderr, "
                                             "JSON and run folder (default: a temporary folder)")
    slice_ = p.add_mutually_exclusive_group()
    slice_.add_argument("--full-catalog", action="store_true", help="the catalog benchmark on every case")
    slice_.add_argument("--catalog-filter", default=DEFAULT_CATALOG_FILTER,
                        help=f"the catalog benchmark's cases (default {DEFAULT_CATALOG_FILTER})")
    args = p.parse_args(argv)
    args.only = [n for n in args.only.split(",") if n]
    unknown = [n for n in args.only if n not in NAMES]
    if unknown:
        p.error(f"--only: unknown benchmark {', '.join(unknown)} (known: {', '.join(NAMES)})")
    if args.jobs < 1:
        p.error("-j needs a positive number")
    return args


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    o = Options(exportcheck=args.exportcheck, build=args.build.resolve(), root=ROOT, quick=args.quick,
                jobs=args.jobs, catalog_filter="" if args.full_catalog else args.catalog_filter, only=args.only)
    now = datetime.now(timezone.utc)
    header = {"commit": commit(o.root), "torch": torch_version(), "machine": machine(),
              "timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ")}
    selected = [b for b in BENCHMARKS if not o.only or b.name in o.only]
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="exportcheck-bench-") as tmp:
        rows, infos = run_all(selected, o, args.keep.resolve() if args.keep else Path(tmp),
                              lambda s: print(f"bench {s}", file=sys.stderr, flush=True))
    options = {"quick": o.quick, "jobs": o.jobs, "catalog_filter": o.catalog_filter, "only": o.only,
               "suite_shard": QUICK_SUITE_SHARD if o.quick else ""}
    doc = document(rows, infos, seconds=time.monotonic() - start, options=options, **header)
    for line in table_lines(doc):
        print(line)
    if args.out:
        write_json(args.out, doc)
        print(f"wrote {args.out}")
    else:
        folder = o.root / "reports" / "bench"
        target = folder / f"bench-{now.strftime('%Y%m%d-%H%M%S')}.json"
        write_json(target, doc)
        write_json(folder / "latest.json", doc)
        print(f"wrote {target} and {folder / 'latest.json'}")
    return 1 if any(r.status == "error" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
