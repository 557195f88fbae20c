"""A stand-in for exporter.worker (no torch) for the harness's interrupt and
--failed-from tests (tests/cpp/cli/test_interrupt.cpp), which copy this
folder as a project root. It answers an export by the case's name: *slow*
hangs, with a child process in its process group as a real worker's own
subprocess would be; *fail* fails; anything else is UNSUPPORTED at once.
Each pid it makes goes to stderr (<run>/logs/*.log), so a test can check
that none of them outlives the harness."""
import json
import os
import subprocess
import sys
import time

print(f"worker pid {os.getpid()}", file=sys.stderr, flush=True)
print(json.dumps({"ready": True, "role": sys.argv[-1], "pid": os.getpid(), "torch": "fake"}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    name = req.get("case", {}).get("name", "")
    if req.get("op") == "export" and "slow" in name:
        child = subprocess.Popen(["sleep", "300"])
        print(f"child pid {child.pid}", file=sys.stderr, flush=True)
        time.sleep(300)
    if req.get("op") == "export" and "fail" in name:
        reply = {"ok": False, "error_type": "RuntimeError", "message": "fake export failure"}
    else:
        reply = {"ok": True, "setup": {"ok": True, "unsupported": "fake worker: nothing exported"}}
    print(json.dumps({**reply, "id": req["id"]}), flush=True)
