"""A stand-in load worker that answers every request with `passed: false` and
the request itself as the message, so a test can see what the harness sent."""
import json
import os
import sys

print(json.dumps({"ready": True, "role": sys.argv[-1], "pid": os.getpid(), "torch": "fake"}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    print(json.dumps({"id": req["id"], "ok": True, "passed": False, "message": json.dumps(req, sort_keys=True)}),
          flush=True)
