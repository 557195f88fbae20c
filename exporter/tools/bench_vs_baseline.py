"""scripts/bench-vs-baseline's Python side: the cases of `exportcheck list --json`.

    python -m exporter.tools.bench_vs_baseline filter CASES_JSON REGEX
        rewrites CASES_JSON to the cases whose name REGEX finds (re.search, as
        `exportcheck run --filter` selects them; ECMAScript and Python regexes
        agree on plain patterns); exit 1 with a message when none does
    python -m exporter.tools.bench_vs_baseline count CASES_JSON
        prints how many cases CASES_JSON holds
    python -m exporter.tools.bench_vs_baseline result --baseline-seconds S --harness-seconds S
            --cases-json CASES_JSON --jobs N --exit CODE [--filter REGEX] [--json OUT]
        prints both wall times and the ratio harness / baseline against its
        target (issue 18: at most 0.6); --json also writes them to OUT
        (what scripts/bench reads back with read_result)

CASES_JSON is a JSON array of normalized cases or {"cases": [...]}.
Standard library only.
"""

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

Json = dict[str, Any]

# The catalog's target: the harness (scripts/run -j N) in at most 0.6 of the
# one-process baseline's wall time, measured in the same invocation.
RATIO_TARGET = 0.6


class Result(NamedTuple):
    baseline_seconds: float  # scripts/bench-baseline: one plain Python process, start-up included
    harness_seconds: float  # scripts/run -j N (setup check, C++ harness, workers, reports)
    cases: int
    jobs: int
    exit: int  # scripts/run's exit code: 0 = every result as expected
    filter: str  # the --filter REGEX, "" for the whole catalog

    @property
    def ratio(self) -> float:
        return self.harness_seconds / self.baseline_seconds


def result_lines(r: Result) -> list[str]:
    return [f"baseline_seconds: {r.baseline_seconds:.3f}",
            f"cases:            {r.cases}",
            f"harness_seconds:  {r.harness_seconds:.3f} (scripts/run -j {r.jobs}, exit {r.exit}: "
            "0 = every result as expected)",
            f"ratio:            {r.ratio:.2f} (target <= {RATIO_TARGET:.2f})"]


def read_result(path: str | Path) -> Result:
    """`result --json`'s file back (KeyError / TypeError / ValueError when it is not one)."""
    data = json.loads(Path(path).read_text())
    return Result(float(data["baseline_seconds"]), float(data["harness_seconds"]), int(data["cases"]),
                  int(data["jobs"]), int(data["exit"]), str(data["filter"]))


def result_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m exporter.tools.bench_vs_baseline result")
    parser.add_argument("--baseline-seconds", type=float, required=True)
    parser.add_argument("--harness-seconds", type=float, required=True)
    parser.add_argument("--cases-json", required=True)
    parser.add_argument("--jobs", type=int, required=True)
    parser.add_argument("--exit", type=int, required=True)
    parser.add_argument("--filter", default="")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    r = Result(args.baseline_seconds, args.harness_seconds, len(cases_of(json.loads(Path(args.cases_json).read_text()))),
               args.jobs, args.exit, args.filter)
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
