"""A stand-in for exporter.worker that misbehaves on request (no torch needed)."""
import json
import os
import signal
import sys
import time

if os.environ.get("FAKE_WORKER_FAIL_AT_START"):
    print("cannot start: broken install", file=sys.stderr)
    sys.exit(3)

time.sleep(float(os.environ.get("FAKE_WORKER_START_DELAY", "0")))  # a slow import
print("not a protocol line")  # stray output must be ignored
print(json.dumps({"ready": True, "role": sys.argv[-1], "pid": os.getpid(), "torch": "fake"}), flush=True)
held = []  # memory kept across requests ("hold")
for line in sys.stdin:
    req = json.loads(line)
    op = req.get("op")
    print(f"handling {op}", file=sys.stderr, flush=True)
    if op == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    if op == "hang":
        time.sleep(3600)
    if op == "exit":
        sys.exit(4)
    if op in ("grow", "spike", "hold"):
        # `mib` MiB in 16 MiB chunks, each written (resident). grow: slowly,
        # kept until the reply; spike: at once, freed before the reply; hold:
        # kept after the reply too.
        chunks = []
        for _ in range(req.get("mib", 0) // 16):
            chunks.append(b"\x01" * (16 << 20))
            if op == "grow":
                time.sleep(0.02)
        if op == "hold":
            held.extend(chunks)
        del chunks
    print(json.dumps({"id": req["id"], "ok": True, "echo": req.get("value"), "pid": os.getpid()}), flush=True)
