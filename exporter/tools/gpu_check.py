"""scripts/gpu-check's Python side.

    python -m exporter.tools.gpu_check env
        the interpreter, torch and whether (and which) CUDA device it sees
    python -m exporter.tools.gpu_check summary RUN_DIR
        a run's verdict counts, verdicts per runtime stage and every
        unexpected result, from summary.json or, for a run cut short, from
        the results streamed to results.jsonl so far
"""

import collections
import json
import os
import sys
from pathlib import Path
from typing import Any

Json = dict[str, Any]
UNEXPECTED = ("FAIL", "XPASS", "CRASH", "TIMEOUT", "ERROR")


def env_lines() -> list[str]:
    import torch

    lines = [f"python {sys.version.split()[0]}, torch {torch.__version__}, "
             f"cuda available: {torch.cuda.is_available()}"]
    if torch.cuda.is_available():
        lines.append(f"device: {torch.cuda.get_device_name(0)}")
    return lines


def summary_lines(run: str) -> list[str]:
    """The summary of the run folder `run` (printed indented under the catalog line)."""
    lines = []
    if os.path.exists(f"{run}/summary.json"):
        s = json.loads(Path(f"{run}/summary.json").read_text())
    else:  # the run was cut short: the results streamed so far
        results = []
        if os.path.exists(f"{run}/results.jsonl"):
            with open(f"{run}/results.jsonl") as f:
                results = [json.loads(line) for line in f if line.strip()]
        s = {"results": results, "counts": dict(collections.Counter(r["verdict"] for r in results))}
        lines.append(f"  (run cut short: {len({r['case'] for r in results})} cases finished)")
    lines.append("  counts: " + json.dumps(s["counts"], sort_keys=True))
    # Verdicts per runtime stage (replay, guards, sequence:<runtime>:<device>).
    by_stage: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for r in s["results"]:
        if r["stage"].startswith(("replay:", "guards:", "sequence:")):
            by_stage[r["stage"]][r["verdict"]] += 1
    for stage in sorted(by_stage):
        lines.append(f"  {stage:24} " + " ".join(f"{v} {n}" for v, n in sorted(by_stage[stage].items())))
    for r in s["results"]:
        if r["verdict"] in UNEXPECTED:
            lines.append(f"  unexpected: {r['verdict']} {r['case']}::{r['stage']}[{r['variant']}]: {r['message'][:300]}")
    return lines


def main(argv: list[str]) -> int:
    if argv == ["env"]:
        lines = env_lines()
    elif len(argv) == 2 and argv[0] == "summary":
        lines = summary_lines(argv[1])
    else:
        print("usage: python -m exporter.tools.gpu_check env | summary RUN_DIR", file=sys.stderr)
        return 2
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
