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
    cpp_ms: float  # map + validate the structure + every weight as a tensor over the mapping (archive/<path>)
    python_ms: float  # torch.export.load
    validate_ms: float  # every check, payloads streamed with their CRC (validate/<path>)
    copy_ms: float = 0.0  # the loader before mapping: every payload read and copied (copy/<path>)
    crc_gbps: float = 0.0  # CRC-32 of every entry over the mapping, GB/s (crc/<path>)
    bandwidth_gbps: float = 0.0  # every byte of the mapping read once, GB/s (bandwidth/<path>)


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


KINDS = ("archive", "copy", "validate", "crc", "bandwidth")


def cpp_medians(report: dict[str, Any]) -> dict[str, dict[str, float]]:
    """kind -> path -> median from a benchmark report: ms for archive, copy and
    validate; GB/s (bytes_per_second / 1e9) for crc and bandwidth."""
    out: dict[str, dict[str, float]] = {kind: {} for kind in KINDS}
    for b in report["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        kind, _, path = b["run_name"].partition("/")
        if kind in ("crc", "bandwidth"):
            out[kind][path] = b.get("bytes_per_second", 0.0) / 1e9
        elif kind in out:
            out[kind][path] = b["real_time"]
    return out


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
    lines = ["c++ ms: map + validate the structure + every weight as a tensor over the mapped bytes (zero-copy); "
             "copy ms: the same with every payload read, CRC-checked and copied (the loader before mapping); "
             "validate ms: every check, payloads streamed; crc and bandwidth: GB/s of the CRC-32 over the "
             "mapping and of reading every mapped byte once",
             f"{'archive':<62} {'MB':>7} {'c++ ms':>8} {'python ms':>10} {'py/c++':>7} {'copy ms':>8} "
             f"{'validate ms':>11} {'crc GB/s':>9} {'mem GB/s':>9}"]
    for row in rows:
        name = "big (64 MiB weights, generated)" if is_big(row) else row.path
        lines.append(f"{name:<62} {row.size / 1e6:7.2f} {row.cpp_ms:8.3f} {row.python_ms:10.3f} "
                     f"{row.python_ms / row.cpp_ms:7.1f} {row.copy_ms:8.3f} {row.validate_ms:11.3f} "
                     f"{row.crc_gbps:9.2f} {row.bandwidth_gbps:9.2f}")
    seeds, ratio = seed_rows(rows), seeds_ratio(rows)
    if ratio is not None:
        lines.append(f"seed archives: c++ {sum(r.cpp_ms for r in seeds):.1f} ms, "
                     f"python {sum(r.python_ms for r in seeds):.1f} ms, ratio {ratio:.1f}")
    return lines


def measure(cpp_json: str, archives: Sequence[str]) -> list[Row]:
    m = cpp_medians(json.loads(Path(cpp_json).read_text()))
    return [Row(path, os.path.getsize(path), m["archive"][path], load_ms(path), m["validate"][path],
                m["copy"][path], m["crc"][path], m["bandwidth"][path]) for path in archives]


def write_rows(path: str, rows: Sequence[Row]) -> None:
    """The rows as JSON: {"rows": [{path, size, cpp_ms, python_ms, validate_ms, copy_ms, crc_gbps,
    bandwidth_gbps}, ...]}."""
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
