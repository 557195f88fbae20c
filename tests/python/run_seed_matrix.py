"""Run every seed case through an export and a load worker and print one line
per mode x IR x device. For hand checks and the GPU machine (no pytest there):

    python3 tests/python/run_seed_matrix.py [CASE ...] [--devices cpu,cuda] [--out DIR]
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # exporter/

from seed_cases import SEED_CASES  # noqa: E402
from workers import Worker, replay_request  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="*", default=list(SEED_CASES))
    parser.add_argument("--devices", default="cpu,cuda")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="seed-matrix-"))
    out.mkdir(parents=True, exist_ok=True)
    exporter, loader = Worker("export", out / "export.log"), Worker("load", out / "load.log")
    print(f"export worker: {exporter.ready}\nload worker: {loader.ready}", flush=True)
    failures = 0
    for name in args.cases:
        case = {**SEED_CASES[name], "devices": args.devices.split(",")}
        start = time.perf_counter()
        r = exporter.ask({"op": "export", "case": case, "out_dir": str(out / name)})
        eager = {d: ("ok" if s["ok"] else s["reason"]) for d, s in r.get("eager", {}).items()}
        print(f"== {name} ({time.perf_counter() - start:.1f}s) eager {eager}", flush=True)
        if not r["ok"] or not r["setup"]["ok"]:
            print(f"   SETUP/REQUEST FAILED: {r.get('setup', r)}")
            failures += 1
            continue
        for mode in r["exports"]:
            if not mode["ok"]:
                print(f"   {mode['mode']:9} EXPORT FAILED {mode['error_type']}: {mode['message'][:300]}")
                failures += 1
                continue
            for program in mode["programs"]:
                if not program["ok"]:
                    print(f"   {mode['mode']:9} {program['ir']:9} FAILED {program['error_type']}: {program['message'][:300]}")
                    failures += 1
                    continue
                for device in case["devices"]:
                    res = loader.ask(replay_request(program["archive"], mode["bundle"], device=device,
                                                    forbid=[case["model"]["module"]]))
                    if res.get("passed"):
                        verdict = f"PASS ({res['samples']} samples, {res['seconds']:.3f}s)"
                    elif res.get("unsupported"):
                        verdict = f"UNSUPPORTED {res['unsupported']}"
                    else:
                        failures += 1
                        verdict = f"FAIL {res.get('error_type', '')} {res.get('message', '')[:400]}"
                    print(f"   {mode['mode']:9} {program['ir']:9} {device:4} export {mode['seconds']:.2f}s "
                          f"program {program['seconds']:.2f}s -> {verdict}", flush=True)
    print(f"exit codes: export {exporter.close()} load {loader.close()}; failures {failures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
