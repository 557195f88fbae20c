"""The harness's work without the harness: the baseline bench/ compares against.

For each normalized case, sequentially in this one process: export_case
(eager, sampler and replay bundle per mode, export, decompositions,
torch.export.save), then for every saved program, Python runtime (module,
nativert) and requested device the same replay and guards ops the load role
serves, over the same samples. No workers, no isolation, no C++ executor.
Run through scripts/bench-baseline, which adds the wall-time line.

Like the harness's workers (exporter/worker.py), it sets torch's global state
back after each case (exporter/global_state.py): without that, one model that
changes the default dtype (global_state_default_dtype) made every later case
fail at its first step, and the baseline did a quarter less work than the
harness (23 programs not exported, 124 replays failed).

With no harness to resolve them, the replay requests here get their
`tolerances` from `resolve_tolerances`: the one Python copy of the harness's
tolerance table (harness/worker/tolerance.cpp), kept for this Python-only
path; tests/cpp/worker/test_requests.cpp checks that the two agree.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from exporter import global_state
from exporter.export_case import export_case
from exporter.protocol import DEFAULT_DTYPE, Json, ReplayRequest, ToleranceOverride, Tolerances
from exporter.replay import guards, replay

ROOT = Path(__file__).resolve().parents[1]


# torch.testing.assert_close's defaults, as harness/worker/tolerance.cpp has them;
# every other dtype (DEFAULT_DTYPE) 0/0.
ASSERT_CLOSE_DEFAULTS: Tolerances = {
    "float16": {"atol": 1e-5, "rtol": 1e-3},
    "bfloat16": {"atol": 1e-5, "rtol": 1.6e-2},
    "float32": {"atol": 1e-5, "rtol": 1.3e-6},
    "float64": {"atol": 1e-7, "rtol": 1e-7},
    "complex32": {"atol": 1e-5, "rtol": 1e-3},
    "complex64": {"atol": 1e-5, "rtol": 1.3e-6},
    "complex128": {"atol": 1e-7, "rtol": 1e-7},
    DEFAULT_DTYPE: {"atol": 0.0, "rtol": 0.0},
}


def resolve_tolerances(override: ToleranceOverride | Json | None) -> Tolerances:
    """The `tolerances` of a replay request for a case's `tolerance` override, as the
    harness resolves them (harness/worker/tolerance.h resolved_tolerances)."""
    override = override or {}
    atol, rtol = override.get("atol"), override.get("rtol")
    return {dtype: {"atol": float(d["atol"] if atol is None else atol), "rtol": float(d["rtol"] if rtol is None else rtol)}
            for dtype, d in ASSERT_CLOSE_DEFAULTS.items()}


def load_cases(cases_json: str | None, exportcheck: str) -> list[Json]:
    """Cases from a file, or from `exportcheck list --json` (an array, or {"cases": [...]})."""
    if cases_json is not None:
        data = json.loads(Path(cases_json).read_text())
    else:
        listing = subprocess.run([exportcheck, "list", "--json"], cwd=ROOT, check=True, capture_output=True, text=True)
        data = json.loads(listing.stdout)
    if isinstance(data, dict):
        data = data["cases"]
    if not isinstance(data, list):
        raise ValueError("expected a JSON array of normalized cases")
    return data


def run_case(case: Json, out_dir: Path) -> dict[str, int]:
    counts = {"programs": 0, "export_failed": 0, "passed": 0, "failed": 0, "unsupported": 0}
    response = export_case(case, out_dir / case["name"])
    if not response["setup"]["ok"]:
        counts["export_failed"] += 1
        return counts
    for mode in response["exports"]:
        if not mode["ok"]:
            counts["export_failed"] += 1
            continue
        for program in mode["programs"]:
            if not program["ok"]:
                counts["export_failed"] += 1
                continue
            counts["programs"] += 1
            bundle = mode.get("bundle")
            if not bundle:  # the mode's replay bundle could not be written: nothing to replay (the harness: ERROR)
                counts["failed"] += 1
                continue
            for runtime in ("module", "nativert"):
                for device in case.get("devices") or ["cpu", "cuda"]:
                    tolerance = case.get("tolerance") or {"atol": None, "rtol": None}
                    request: ReplayRequest = {"op": "replay", "runtime": runtime, "device": device,
                                              "archive": program["archive"], "bundle": bundle, "tolerance": tolerance,
                                              "tolerances": resolve_tolerances(tolerance)}
                    for op in (replay, guards):
                        result = op({**request, "op": op.__name__})
                        key = "passed" if result.get("passed") else ("unsupported" if "unsupported" in result else "failed")
                        counts[key] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench-baseline", description=__doc__.splitlines()[0])
    parser.add_argument("--cases-json", help="JSON array of normalized cases (default: run `exportcheck list --json`)")
    parser.add_argument("--exportcheck", default=str(ROOT / "build" / "exportcheck"), help="the harness binary")
    parser.add_argument("--out", help="keep archives and bundles here (default: a temporary folder, removed)")
    args = parser.parse_args(argv)

    try:
        cases = load_cases(args.cases_json, args.exportcheck)
    except (OSError, ValueError, KeyError, subprocess.CalledProcessError) as e:
        print(f"bench-baseline: cannot get the cases: {e}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="exportcheck-baseline-"))
    try:
        totals: dict[str, int] = {}
        start_state = global_state.snapshot()
        for case in cases:
            try:
                counts = run_case(case, out)
            except Exception as e:  # a case's own failure, as the harness records it; go on
                print(f"{case['name']}: error {type(e).__name__}: {str(e)[:200]}", flush=True)
                counts = {"export_failed": 1}
            global_state.restore(start_state)  # the next case starts as a fresh process would
            print(f"{case['name']}: " + " ".join(f"{k} {v}" for k, v in counts.items()), flush=True)
            for k, v in counts.items():
                totals[k] = totals.get(k, 0) + v
        print(f"cases {len(cases)}: " + " ".join(f"{k} {v}" for k, v in totals.items()), flush=True)
    finally:
        if not args.out:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
