"""scripts/bench-executor's Python side: Python's runtimes per call, beside
bench/bench_executor's numbers for the same archives.

    python -m exporter.tools.bench_executor compile CACHE_DIR ARCHIVE...
    python -m exporter.tools.bench_executor CPP_JSON [--compiled FILE] [--json OUT] ARCHIVE...

`compile` compiles each archive with AOTInductor through the aoti runtime's
compile cache (exporter/aoti_compile.py) and prints one tab-separated line
per archive: archive, package, compile seconds (of the compile that made the
package), cache status; a failed compile leaves the package empty and says why.

CPP_JSON is bench_executor's Google Benchmark JSON (call/, load/, floor/ and,
for compiled archives, aoti/ <archive> runs, median aggregates). For each
archive: torch.export.load(p).module() and NativeRT
(torch._C._nativert.PyModelRunner, where it constructs) per call on the
archive's example inputs, then one table row with the cpp numbers, what the
executor adds per node, the AOTInductor package per call and its compile
time (--compiled: the compile step's output), and the ratios. --json also
writes the rows to OUT (write_json: torch, threads, the NativeRT note and one
object of Row fields per archive; scripts/bench reads them with read_rows).
"""

import json
import logging
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

Json = dict[str, Any]
ARCHIVE_PREFIX = "golden/archives/2.13.0/"


class Row(NamedTuple):
    path: str
    nodes: int | None
    load_ms: float | None
    floor_us: float | None
    cpp_us: float | None
    module_us: float
    nativert_us: float | None
    error: str | None  # bench_executor's error for the call/ run
    aoti_us: float | None = None
    compile_s: float | None = None


MANUAL_TIME = "/manual_time"  # Google Benchmark's suffix for benchmarks timed by hand (call/, floor/, aoti/)


def archive_of(run_name: str, prefix: str) -> str:
    """`<prefix><archive>[/manual_time]` -> archive."""
    return run_name.removeprefix(prefix).removesuffix(MANUAL_TIME)


def medians(report: Sequence[Json], prefix: str) -> dict[str, Json]:
    """The median aggregates of the runs named `<prefix><archive>`, by archive."""
    out: dict[str, Json] = {}
    for b in report:
        if b.get("aggregate_name") == "median" and b["run_name"].startswith(prefix):
            out[archive_of(b["run_name"], prefix)] = b
    return out


def call_errors(report: Sequence[Json]) -> dict[str, str | None]:
    """Archive -> error message of the call/ runs that reported an error."""
    return {archive_of(b["run_name"], "call/"): b.get("error_message") for b in report
            if b.get("error_occurred") and b["run_name"].startswith("call/")}


def clone(x: Any) -> Any:
    """The pytree with every tensor cloned."""
    import torch
    from torch.utils import _pytree as pytree

    return pytree.tree_map(lambda v: v.clone() if isinstance(v, torch.Tensor) else v, x)


def per_call_us(fn: Callable[[Any], object], inputs: Any) -> float:
    """Median of 5 timed batches after a warm-up; each call gets fresh input
    clones made before the batch's clock starts (as bench_executor does)."""
    import torch
    from torch.utils import _pytree as pytree

    fn(clone(inputs))
    n, spent = 0, 0.0
    while spent < 0.05:
        a = clone(inputs)
        t = time.perf_counter()
        fn(a)
        spent += time.perf_counter() - t
        n += 1
    # Pre-cloned inputs for a batch stay under 256 MiB.
    size = sum(v.numel() * v.element_size() for v in pytree.tree_leaves(inputs) if isinstance(v, torch.Tensor))
    batch = max(1, min(2000, (256 << 20) // max(size, 1), int(0.1 / (spent / n))))
    times = []
    for _ in range(5):
        prepared = [clone(inputs) for _ in range(batch)]
        t = time.perf_counter()
        for a in prepared:
            fn(a)
        times.append((time.perf_counter() - t) / batch * 1e6)
    return statistics.median(times)


def fmt(v: float | None, spec: str = "{:.1f}") -> str:
    return "-" if v is None else spec.format(v)


def added_us_per_node(row: Row) -> float | None:
    """What the executor adds per node over the ATen floor: (cpp - floor) / nodes; None where
    either time or the node count is missing."""
    cpp_us, floor_us, nodes = row.cpp_us, row.floor_us, row.nodes
    return (cpp_us - floor_us) / nodes if cpp_us and floor_us is not None and nodes else None


def row_line(row: Row) -> str:
    """One table line: `added` is (cpp - floor) / nodes, the ratios are module/cpp and nativert/cpp."""
    name = row.path.removeprefix(ARCHIVE_PREFIX)
    cpp_us, floor_us, nodes = row.cpp_us, row.floor_us, row.nodes
    added = added_us_per_node(row)
    r_mod = row.module_us / cpp_us if cpp_us else None
    r_nat = row.nativert_us / cpp_us if cpp_us and row.nativert_us else None
    r_aoti = row.aoti_us / cpp_us if cpp_us and row.aoti_us else None
    return (f"{name:<52} {fmt(nodes, '{:.0f}'):>5} {fmt(row.load_ms, '{:.2f}'):>8} {fmt(floor_us):>9} "
            f"{fmt(cpp_us):>8} {fmt(added, '{:.2f}'):>8} "
            f"{fmt(row.module_us):>10} {fmt(row.nativert_us):>11} {fmt(row.aoti_us):>8} "
            f"{fmt(r_mod, '{:.2f}x'):>10} {fmt(r_nat, '{:.2f}x'):>12} {fmt(r_aoti, '{:.2f}x'):>8} "
            f"{fmt(row.compile_s):>9}")


HEADER = (f"{'archive':<52} {'nodes':>5} {'load ms':>8} {'floor us':>9} {'cpp us':>8} {'+us/node':>8} "
          f"{'module us':>10} {'nativert us':>11} {'aoti us':>8} {'module/cpp':>10} {'nativert/cpp':>12} "
          f"{'aoti/cpp':>8} {'compile s':>9}")


def report_lines(rows: Sequence[Row], nativert_note: str | None, torch_version: str, threads: int) -> list[str]:
    lines = [HEADER]
    for row in rows:
        lines.append(row_line(row))
        if row.error:
            lines.append(f"    cpp: {row.error}")
    if nativert_note:
        lines.append(f"nativert: unavailable ({nativert_note})")
    lines.append(f"torch {torch_version}; {threads} intra-op thread(s) (OMP_NUM_THREADS); medians; cpp, floor and aoti "
                 "from bench_executor (3 repetitions), Python 5 batches after warm-up; +us/node = (cpp - floor) / nodes; "
                 "compile s: aoti_compile_and_package of the archive (the compile that made the cached package)")
    return lines


def cpp_row(report: Sequence[Json], path: str, module_us: float, nativert_us: float | None,
            compile_s: float | None = None) -> Row:
    """The row of `path`: bench_executor's call/, load/, floor/ and aoti/ medians and the Python times."""
    c = medians(report, "call/").get(path)
    load = medians(report, "load/").get(path)
    floor = medians(report, "floor/").get(path)
    aoti = medians(report, "aoti/").get(path)
    cpp_us = c["real_time"] if c else None  # microseconds (bench unit)
    nodes = c.get("nodes") if c else (load.get("nodes") if load else None)
    return Row(path, nodes, load["real_time"] if load else None, floor["real_time"] if floor else None, cpp_us,
               module_us, nativert_us, call_errors(report).get(path), aoti["real_time"] if aoti else None, compile_s)


def compile_archives(cache_dir: str, archives: Sequence[str]) -> list[str]:
    """`compile`: one line per archive, archive TAB package TAB compile seconds TAB cache status."""
    from exporter.aoti_compile import aoti_compile

    lines = []
    for path in archives:
        r = aoti_compile({"op": "aoti_compile", "archive": path, "device": "cpu", "cache_dir": cache_dir})
        if r.get("compiled"):
            lines.append(f"{path}\t{r['package']}\t{r['compile_seconds']}\t{r['cache']}")
        else:
            lines.append(f"{path}\t\t\t{r.get('message') or r.get('unsupported', '')}")
    return lines


def read_compiled(path: str) -> dict[str, float]:
    """The compile step's output: archive -> compile seconds, for archives that compiled."""
    out: dict[str, float] = {}
    for line in Path(path).read_text().splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and fields[1]:
            out[fields[0]] = float(fields[2])
    return out


def write_json(path: str, rows: Sequence[Row], nativert_note: str | None, torch_version: str, threads: int) -> None:
    Path(path).write_text(json.dumps({"torch": torch_version, "threads": threads, "nativert": nativert_note,
                                      "rows": [r._asdict() for r in rows]}, indent=1) + "\n")


def read_rows(path: str | Path) -> list[Row]:
    """write_json's rows back (KeyError / TypeError / ValueError when the file is not one)."""
    return [Row(**r) for r in json.loads(Path(path).read_text())["rows"]]


def run(cpp_json: str, archives: Sequence[str], compiled: dict[str, float] | None = None,
        json_out: str | None = None) -> list[str]:
    import torch

    # torch.export.load's weights_only fallback for dataclass example inputs logs a broken warning
    logging.getLogger("torch._export.serde.serialize").setLevel(logging.ERROR)
    report = json.loads(Path(cpp_json).read_text())["benchmarks"]
    nativert_note = None
    rows = []
    for path in archives:
        ep = torch.export.load(path)
        args, kwargs = ep.example_inputs
        m = ep.module()
        module_us = per_call_us(lambda a: m(*a[0], **a[1]), (args, kwargs))
        nativert_us = None
        try:
            runner = torch._C._nativert.PyModelRunner(path, "model")
            nativert_us = per_call_us(lambda a: runner.run(*a[0], **a[1]), (args, kwargs))
        except Exception as e:  # noqa: BLE001 - NativeRT does not construct for every archive
            nativert_note = nativert_note or f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        rows.append(cpp_row(report, path, module_us, nativert_us, (compiled or {}).get(path)))
    if json_out:
        write_json(json_out, rows, nativert_note, torch.__version__, torch.get_num_threads())
    return report_lines(rows, nativert_note, torch.__version__, torch.get_num_threads())


def main(argv: list[str]) -> int:
    if not argv or (argv[0] == "compile" and len(argv) < 2):
        print("usage: python -m exporter.tools.bench_executor compile CACHE_DIR ARCHIVE...\n"
              "       python -m exporter.tools.bench_executor CPP_JSON [--compiled FILE] [--json OUT] [ARCHIVE...]",
              file=sys.stderr)
        return 2
    if argv[0] == "compile":
        lines = compile_archives(argv[1], argv[2:])
    else:
        rest, compiled, json_out = argv[1:], None, None
        if rest[:1] == ["--compiled"] and len(rest) >= 2:
            compiled, rest = read_compiled(rest[1]), rest[2:]
        if rest[:1] == ["--json"] and len(rest) >= 2:
            json_out, rest = rest[1], rest[2:]
        lines = run(argv[0], rest, compiled, json_out)
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
