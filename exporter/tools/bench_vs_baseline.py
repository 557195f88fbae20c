"""scripts/bench-vs-baseline's Python side: the cases of `exportcheck list --json`.

    python -m exporter.tools.bench_vs_baseline filter CASES_JSON REGEX
        rewrites CASES_JSON to the cases whose name REGEX finds (re.search, as
        `exportcheck run --filter` selects them; ECMAScript and Python regexes
        agree on plain patterns); exit 1 with a message when none does
    python -m exporter.tools.bench_vs_baseline count CASES_JSON
        prints how many cases CASES_JSON holds

CASES_JSON is a JSON array of normalized cases or {"cases": [...]}.
Standard library only.
"""

import json
import re
import sys
from pathlib import Path
from typing import Any

Json = dict[str, Any]


def cases_of(data: Json | list[Json]) -> list[Json]:
    """The case list of a listing: the array itself, or its "cases"."""
    return data["cases"] if isinstance(data, dict) else data


def select(data: Json | list[Json], pattern: str) -> list[Json]:
    """The cases whose name `pattern` finds (re.search), in listing order."""
    return [c for c in cases_of(data) if re.search(pattern, c["name"])]


def main(argv: list[str]) -> int:
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
    print("usage: python -m exporter.tools.bench_vs_baseline filter CASES_JSON REGEX | count CASES_JSON",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
