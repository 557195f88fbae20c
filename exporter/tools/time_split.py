"""scripts/time-split: where a run's time went.

    python -m exporter.tools.time_split RESULTS_JSONL | RUN_DIR

Sums the `seconds` of every result per stage (replay, guards and roundtrip
stages keep their second part: `replay:cpp`, `roundtrip:bytes`; the device
is dropped) and splits the total into the C++ side and the Python side.
Given a run folder with its summary.json, it also states the harness's
overhead: the slots' time (wall x jobs) that no stage accounts for (listing,
scheduling, worker messages, eager references, replay samples and bundles,
reports), in total and per program (an exported mode/IR whose export passed).
`overhead` also has the harness's own stages (HARNESS_STAGES: the checks the
harness process runs itself, no worker): scripts/bench's suite overhead is
the slot time outside every stage plus those, per program.
Standard library only.
"""

import collections
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

# Stage keys (prefixes) run by the C++ side; everything else is Python.
CPP = ("archive", "golden", "roundtrip:validate", "roundtrip:bytes", "replay:cpp", "guards:cpp")
# Stage keys the harness process runs itself, with no worker (no torch export,
# save or load, no runtime): its PT2 checks, the C++ rewrite, golden IR.
HARNESS_STAGES = ("archive", "golden", "roundtrip:validate", "roundtrip:bytes")


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


class Overhead(NamedTuple):
    """A run's slot time against its stages' own seconds."""

    wall: float  # run.seconds
    jobs: int  # run.jobs
    staged: float  # seconds of every record
    harness_staged: float  # seconds of the HARNESS_STAGES records (part of `staged`)
    programs: int  # exported programs: export records that passed (PASS, XPASS)
    startup: float = 0.0  # run.worker_startup_seconds (summary 1.8): slots waiting for workers to start

    @property
    def outside(self) -> float:
        """Slot-seconds (wall x jobs) no stage accounts for; never below 0."""
        return max(self.wall * self.jobs - self.staged, 0.0)

    @property
    def harness(self) -> float:
        """The harness's own time: outside every stage plus its own stages."""
        return self.outside + self.harness_staged

    @property
    def after_startup(self) -> float:
        """The harness's own time less worker start-up: what grows with the number of programs."""
        return max(self.harness - self.startup, 0.0)


def overhead(records: list[dict[str, Any]], run: dict[str, Any]) -> Overhead:
    return Overhead(wall=float(run.get("seconds") or 0.0), jobs=int(run.get("jobs") or 1),
                    staged=sum(r.get("seconds") or 0.0 for r in records),
                    harness_staged=sum(r.get("seconds") or 0.0 for r in records
                                       if stage_key(r["stage"]) in HARNESS_STAGES),
                    programs=sum(1 for r in records
                                 if r.get("stage") == "export" and r.get("verdict") in ("PASS", "XPASS")),
                    startup=float(run.get("worker_startup_seconds") or 0.0))


def overhead_lines(records: list[dict[str, Any]], run: dict[str, Any]) -> list[str]:
    """Wall x jobs against the stages' own seconds: what the harness spends outside them."""
    o = overhead(records, run)
    per = f", {o.outside / o.programs * 1000:.0f} ms per program ({o.programs} programs)" if o.programs else ""
    lines = [f"wall {o.wall:.1f} s x {o.jobs} jobs = {o.wall * o.jobs:.1f} slot-seconds; stages {o.staged:.1f} s; "
             f"outside every stage {o.outside:.1f} s{per}"]
    if o.startup:
        rest = f", {o.after_startup / o.programs * 1000:.0f} ms per program" if o.programs else ""
        lines.append(f"of which worker start-up {o.startup:.1f} s; the harness's own time less start-up "
                     f"{o.after_startup:.1f} s{rest}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m exporter.tools.time_split RESULTS_JSONL | RUN_DIR", file=sys.stderr)
        return 2
    path = Path(argv[0])
    results = path / "results.jsonl" if path.is_dir() else path
    records = read_results(results)
    for line in report_lines(stage_seconds(records)):
        print(line)
    summary = results.parent / "summary.json"
    if summary.is_file():
        run = json.loads(summary.read_text()).get("run") or {}
        for line in overhead_lines(records, run):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
