"""A stand-in worker that answers each op with a reply read from a JSON script
(argv[1]: {"torch": version, "<op>": reply body, ...}), so a test can drive
the case runner through replies the real workers rarely give. A reply
{"exit": code} makes the worker die while serving that op."""
import json
import os
import sys

script = json.loads(open(sys.argv[1]).read())
hello = {"ready": True, "role": sys.argv[-1], "pid": os.getpid(), "torch": script.get("torch", "fake")}
if "schema" in script:
    hello["schema"] = script["schema"]
print(json.dumps(hello), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    body = script.get(req.get("op"), {"ok": False, "error_type": "KeyError", "message": f"no scripted reply for {req.get('op')}"})
    if "exit" in body:  # {"exit": code}: the worker dies mid-request, as a crashing compiler or kernel would
        print("scripted worker: exiting mid-request", file=sys.stderr, flush=True)
        os._exit(body["exit"])
    print(json.dumps({**body, "id": req["id"]}), flush=True)
