"""scripts/bench-vs-baseline's Python side: the cases of `exportcheck list --json`.

    python -m exporter.tools.bench_vs_baseline filter CASES_JSON REGEX
        rewrites CASES_JSON to the cases whose name REGEX finds (re.search, as
        `exportcheck run --filter` selects them; ECMAScript and Python regexes
        agree on plain patterns); exit 1 with a message when none does
    python -m exporter.tools.bench_vs_baseline count CASES_JSON
        prints how many cases CASES_JSON holds
    python -m exporter.tools.bench_vs_baseline result --baseline-seconds S --harness-seconds S
            --cases-json CASES_JSON --jobs N --exit CODE [--filter REGEX] [--results RESULTS_JSONL] [--json OUT]
        prints both wall times and the ratio harness / baseline against its
        target (issue 18: at most 0.6); --json also writes them to OUT
        (what scripts/bench reads back with read_result). With the harness
        run's results.jsonl, also two floors from the same run: the ratio
        the harness would have with no cost outside its stages (every
        stage's seconds / jobs), and with the baseline's own checks alone
        (BASELINE_CHECKS / jobs): what the ratio is bound by when it misses
        its target.

CASES_JSON is a JSON array of normalized cases or {"cases": [...]}.
Standard library only (and time_split, which is too).
"""

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

from exporter.tools import time_split

Json = dict[str, Any]

# The catalog's target: the harness (scripts/run -j N) in at most 0.6 of the
# one-process baseline's wall time, measured in the same invocation.
RATIO_TARGET = 0.6

# The harness's stages that do what exporter/baseline.py does (export with its
# eager references and bundles, module() and NativeRT replay and guards); the
# harness's other stages (the C++ checks and executor, the round trip's
# reload, sequence, compat) are checks the baseline does not make.
BASELINE_CHECKS = ("export", "replay:module", "guards:module", "replay:nativert", "guards:nativert")


class Result(NamedTuple):
    baseline_seconds: float  # scripts/bench-baseline: one plain Python process, start-up included
    harness_seconds: float  # scripts/run -j N (setup check, C++ harness, workers, reports)
    cases: int
    jobs: int
    exit: int  # scripts/run's exit code: 0 = every result as expected
    filter: str  # the --filter REGEX, "" for the whole catalog
    # From the harness run's results.jsonl (0 when not given): every stage's
    # seconds, and those of the BASELINE_CHECKS stages, summed over the slots.
    stage_seconds: float = 0.0
    baseline_checks_seconds: float = 0.0

    @property
    def ratio(self) -> float:
        return self.harness_seconds / self.baseline_seconds

    @property
    def stages_ratio(self) -> float:
        """The ratio with nothing outside the stages: their seconds spread evenly over the slots."""
        return self.stage_seconds / self.jobs / self.baseline_seconds

    @property
    def baseline_checks_ratio(self) -> float:
        """The same for the stages that do the baseline's own work: the least any harness
        making the baseline's checks in these slots could reach."""
        return self.baseline_checks_seconds / self.jobs / self.baseline_seconds


def stage_totals(records: list[Json]) -> tuple[float, float]:
    """(every stage's seconds, the BASELINE_CHECKS stages' seconds) of a run's records."""
    totals = time_split.stage_seconds(records)
    return sum(totals.values()), sum(totals[k] for k in BASELINE_CHECKS)


def result_lines(r: Result) -> list[str]:
    return [f"baseline_seconds: {r.baseline_seconds:.3f}",
            f"cases:            {r.cases}",
            f"harness_seconds:  {r.harness_seconds:.3f} (scripts/run -j {r.jobs}, exit {r.exit}: "
            "0 = every result as expected)",
            f"ratio:            {r.ratio:.2f} (target <= {RATIO_TARGET:.2f})"] + ([
            f"stages / jobs:    {r.stages_ratio:.2f} of the baseline (every stage's {r.stage_seconds:.1f} slot-s "
            "over the slots, nothing outside them)",
            f"baseline checks:  {r.baseline_checks_ratio:.2f} of the baseline (export, module/nativert replay and "
            f"guards: {r.baseline_checks_seconds:.1f} slot-s over the slots)"] if r.stage_seconds else [])


def read_result(path: str | Path) -> Result:
    """`result --json`'s file back (KeyError / TypeError / ValueError when it is not one)."""
    data = json.loads(Path(path).read_text())
    return Result(float(data["baseline_seconds"]), float(data["harness_seconds"]), int(data["cases"]),
                  int(data["jobs"]), int(data["exit"]), str(data["filter"]),
                  float(data.get("stage_seconds", 0.0)), float(data.get("baseline_checks_seconds", 0.0)))


def result_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m exporter.tools.bench_vs_baseline result")
    parser.add_argument("--baseline-seconds", type=float, required=True)
    parser.add_argument("--harness-seconds", type=float, required=True)
    parser.add_argument("--cases-json", required=True)
    parser.add_argument("--jobs", type=int, required=True)
    parser.add_argument("--exit", type=int, required=True)
    parser.add_argument("--filter", default="")
    parser.add_argument("--results", help="the harness run's results.jsonl: the two floors")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    staged = stage_totals(time_split.read_results(Path(args.results))) if args.results else (0.0, 0.0)
    r = Result(args.baseline_seconds, args.harness_seconds, len(cases_of(json.loads(Path(args.cases_json).read_text()))),
               args.jobs, args.exit, args.filter, *staged)
    for line in result_lines(r):
        print(line)
    if args.json:
        Path(args.json).write_text(json.dumps({**r._asdict(), "ratio": r.ratio}, indent=1) + "\n")
    return 0


def cases_of(data: Json | list[Json]) -> list[Json]:
    """The case list of a listing: the array itself, or its "cases"."""
    return data["cases"] if isinstance(data, dict) else data


def select(data: Json | list[Json], pattern: str) -> list[Json]:
    """The cases whose name `pattern` finds (re.search), in listing order."""
    return [c for c in cases_of(data) if re.search(pattern, c["name"])]


def main(argv: list[str]) -> int:
    if argv[:1] == ["result"]:
        return result_main(argv[1:])
    if len(argv) == 3 and argv[0] == "filter":
        path, pattern = Path(argv[1]), argv[2]
        kept = select(json.loads(path.read_text()), pattern)
        if not kept:
            print(f"bench-vs-baseline: no case matches --filter {pattern}", file=sys.stderr)
            return 1
        path.write_text(json.dumps(kept))
        return 0
    if len(argv) == 2 and argv[0] == "count":
        print(len(cases_of(json.loads(Path(argv[1]).read_text()))))
        return 0
    print("usage: python -m exporter.tools.bench_vs_baseline filter CASES_JSON REGEX | count CASES_JSON | "
          "result ...", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
