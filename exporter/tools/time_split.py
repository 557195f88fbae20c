"""scripts/time-split: where a run's time went.

    python -m exporter.tools.time_split RESULTS_JSONL

Sums the `seconds` of every result per stage (replay, guards and roundtrip
stages keep their second part: `replay:cpp`, `roundtrip:bytes`; the device
is dropped) and splits the total into the C++ side and the Python side.
Standard library only.
"""

import collections
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# Stage keys (prefixes) run by the C++ side; everything else is Python.
CPP = ("archive", "golden", "roundtrip:validate", "roundtrip:bytes", "replay:cpp", "guards:cpp")


def stage_key(stage: str) -> str:
    """`replay:cpp:cpu` -> `replay:cpp`, `roundtrip:bytes` -> itself, `export` -> itself."""
    parts = stage.split(":")
    return ":".join(parts[:2]) if parts[0] in ("replay", "guards", "roundtrip") else parts[0]


def is_cpp(key: str) -> bool:
    return key.startswith(CPP)


def stage_seconds(records: Iterable[dict[str, Any]]) -> collections.Counter[str]:
    """Seconds per stage key over all records (a missing or null `seconds` counts 0)."""
    totals: collections.Counter[str] = collections.Counter()
    for r in records:
        totals[stage_key(r["stage"])] += r.get("seconds") or 0.0
    return totals


def read_results(path: Path) -> list[dict[str, Any]]:
    """The records of a results.jsonl, blank lines skipped."""
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def report_lines(totals: collections.Counter[str]) -> list[str]:
    """The table: one row per stage key, most seconds first, then the total with both shares."""
    total = sum(totals.values()) or 1.0
    cpp = sum(v for k, v in totals.items() if is_cpp(k))
    lines = [f"{'stage':<22} {'seconds':>9} {'share':>7}  side"]
    for key, seconds in totals.most_common():
        side = "C++" if is_cpp(key) else "Python"
        lines.append(f"{key:<22} {seconds:9.1f} {seconds / total:6.1%}  {side}")
    lines.append(f"{'total':<22} {total:9.1f}         C++ {cpp / total:.1%}, Python {(total - cpp) / total:.1%}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m exporter.tools.time_split RESULTS_JSONL", file=sys.stderr)
        return 2
    for line in report_lines(stage_seconds(read_results(Path(argv[0])))):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
