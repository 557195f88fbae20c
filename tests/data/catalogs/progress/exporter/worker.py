"""A stand-in for exporter.worker (no torch) for the live progress line's
test (tests/cpp/cli/test_progress.cpp), which copies this folder as a
project root. An export takes a moment, so that the line is drawn between
cases; a case named *fail* fails, anything else is UNSUPPORTED (not run
here, an expected result). Each export also leaves what a real one leaves
in its out_dir (a program, a replay bundle) beside a note, for
tests/cpp/cli/test_keep_archives.cpp, and the OMP_NUM_THREADS it was
started with, for tests/cpp/cli/test_worker_threads.cpp."""
import json
import os
import pathlib
import sys
import time

print(json.dumps({"ready": True, "role": sys.argv[-1], "torch": "fake"}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    name = req.get("case", {}).get("name", "")
    if req.get("op") == "export":
        time.sleep(0.3)
        out = pathlib.Path(req["out_dir"])
        (out / "nonstrict").mkdir(parents=True, exist_ok=True)
        (out / "nonstrict" / "training.pt2").write_bytes(b"p" * 1000)
        (out / "nonstrict" / "replay.pt").write_bytes(b"b" * 24)
        (out / "notes.txt").write_text("kept\n")
        (out / "omp.txt").write_text(os.environ.get("OMP_NUM_THREADS", "unset"))
    if req.get("op") == "export" and "fail" in name:
        reply = {"ok": False, "error_type": "RuntimeError", "message": "fake export failure"}
    else:
        reply = {"ok": True, "setup": {"ok": True, "unsupported": "fake worker: nothing exported"}}
    print(json.dumps({**reply, "id": req["id"]}), flush=True)
