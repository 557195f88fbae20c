"""scripts/bench-archive's Python side.

    python -m exporter.tools.bench_archive make-big OUT.pt2
        an exported program with 64 MiB of weights (4 x Linear(2048, 2048))
    python -m exporter.tools.bench_archive report [--json OUT] CPP_JSON ARCHIVE...
        times torch.export.load per archive (median of 5 after a warm-up) and
        prints it beside bench_archive's medians (Google Benchmark JSON);
        --json also writes the rows to OUT ({"rows": [Row fields...]}: what
        scripts/bench reads back with read_rows)
"""

import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

BIG_SUFFIX = "/big.pt2"


class Row(NamedTuple):
    path: str
    size: int  # bytes
    cpp_ms: float  # open + validate + every weight read (bench_archive's archive/<path>)
    python_ms: float  # torch.export.load
    validate_ms: float  # the same, payloads streamed (bench_archive's validate/<path>)


def make_big(path: str) -> None:
    """4 x 2048x2048 float32 = 64 MiB of weights, exported and saved to `path`."""
    import torch

    class Big(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.Sequential(*[torch.nn.Linear(2048, 2048, bias=False) for _ in range(4)])

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.layers(x)

    torch.export.save(torch.export.export(Big(), (torch.randn(2, 2048),)), path)


def cpp_medians(report: dict[str, Any]) -> tuple[dict[str, float], dict[str, float]]:
    """(archive/<path> -> ms, validate/<path> -> ms) from the median aggregates of a benchmark report."""
    medians = [b for b in report["benchmarks"] if b.get("aggregate_name") == "median"]
    cpp = {b["run_name"].removeprefix("archive/"): b["real_time"] for b in medians
           if b["run_name"].startswith("archive/")}
    streamed = {b["run_name"].removeprefix("validate/"): b["real_time"] for b in medians
                if b["run_name"].startswith("validate/")}
    return cpp, streamed


def load_ms(path: str) -> float:
    """Median of 5 timed torch.export.load calls (ms), after one untimed warm-up."""
    import torch

    # torch.export.load's weights_only fallback for dataclass example inputs logs a broken warning
    logging.getLogger("torch._export.serde.serialize").setLevel(logging.ERROR)
    torch.export.load(path)  # warm-up: first-call costs are not the archive's
    times = []
    for _ in range(5):
        start = time.perf_counter()
        torch.export.load(path)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def is_big(row: Row) -> bool:
    """The generated 64 MiB archive (scripts/bench-archive writes it as <tmp>/big.pt2)."""
    return row.path.endswith(BIG_SUFFIX)


def seed_rows(rows: Sequence[Row]) -> list[Row]:
    return [r for r in rows if not is_big(r)]


def seeds_ratio(rows: Sequence[Row]) -> float | None:
    """python / c++ over the seed archives together (sum over sum); None without any."""
    seeds = seed_rows(rows)
    return sum(r.python_ms for r in seeds) / sum(r.cpp_ms for r in seeds) if seeds else None


def big_ratio(rows: Sequence[Row]) -> float | None:
    """python / c++ of the generated big archive; None when it is not among the rows."""
    big = [r for r in rows if is_big(r)]
    return big[0].python_ms / big[0].cpp_ms if big else None


def report_lines(rows: Sequence[Row]) -> list[str]:
    """The printed table: a legend, one line per archive, the seed archives' totals."""
    lines = ["c++ ms: open + validate + every weight read once into memory (CRC checked); "
             "validate ms: the same, payloads streamed and dropped",
             f"{'archive':<70} {'MB':>7} {'c++ ms':>9} {'python ms':>10} {'py/c++':>7} {'validate ms':>12}"]
    for row in rows:
        path, size, c, py, v = row
        name = "big (64 MiB weights, generated)" if is_big(row) else path
        lines.append(f"{name:<70} {size / 1e6:7.2f} {c:9.3f} {py:10.3f} {py / c:7.1f} {v:12.3f}")
    seeds, ratio = seed_rows(rows), seeds_ratio(rows)
    if ratio is not None:
        lines.append(f"seed archives: c++ {sum(r.cpp_ms for r in seeds):.1f} ms, "
                     f"python {sum(r.python_ms for r in seeds):.1f} ms, ratio {ratio:.1f}")
    return lines


def measure(cpp_json: str, archives: Sequence[str]) -> list[Row]:
    cpp, streamed = cpp_medians(json.loads(Path(cpp_json).read_text()))
    return [Row(path, os.path.getsize(path), cpp[path], load_ms(path), streamed[path]) for path in archives]


def write_rows(path: str, rows: Sequence[Row]) -> None:
    """The rows as JSON: {"rows": [{path, size, cpp_ms, python_ms, validate_ms}, ...]}."""
    Path(path).write_text(json.dumps({"rows": [r._asdict() for r in rows]}, indent=1) + "\n")


def read_rows(path: str | Path) -> list[Row]:
    """write_rows' file back (KeyError / TypeError / ValueError when it is not one)."""
    return [Row(**r) for r in json.loads(Path(path).read_text())["rows"]]


USAGE = "usage: python -m exporter.tools.bench_archive make-big OUT.pt2 | report [--json OUT] CPP_JSON ARCHIVE..."


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "make-big":
        make_big(argv[1])
        return 0
    if argv[:1] == ["report"]:
        rest, out = argv[1:], None
        if rest[:1] == ["--json"] and len(rest) >= 2:
            out, rest = rest[1], rest[2:]
        if len(rest) >= 2:
            rows = measure(rest[0], rest[1:])
            for line in report_lines(rows):
                print(line)
            if out:
                write_rows(out, rows)
            return 0
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
