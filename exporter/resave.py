"""The load role's `resave` op (PROTOCOL.md): the Python half of the round trip.

`torch.export.load` of an archive (the harness's C++ rewrite of one) and
`torch.export.save` of the loaded program to `out`, in the load worker, which
never imported the model code. The harness then compares the canonical IR of
both archives. Failures of the artifact (load, save) are `passed: false` with
a one-line message; only a broken request raises.
"""

import os
import time

import torch

from exporter.errors import error_fields
from exporter.protocol import Json, ResaveRequest
from exporter.replay import load_bundle


def resave(request: ResaveRequest) -> Json:
    archive, out = request["archive"], request["out"]
    start = time.perf_counter()
    if request.get("bundle"):
        # Registers with pytree the dataclass input types the program's input
        # spec names, by importing the mode bundle's `type_modules` (a
        # rewritten archive may lack data/sample_inputs, whose unpickling
        # would otherwise import them).
        load_bundle(request["bundle"])
    for step in ("load", "save"):
        try:
            if step == "load":
                program = torch.export.load(archive)
            else:
                os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
                torch.export.save(program, out)
        except Exception as e:
            fields = error_fields(e)
            first_line = (fields["message"].splitlines() or [""])[0]
            return {**fields, "ok": True, "passed": False, "seconds": round(time.perf_counter() - start, 6),
                    "message": f"{step}: {fields['error_type']}: {first_line}"}
    return {"ok": True, "passed": True, "out": out, "seconds": round(time.perf_counter() - start, 6)}
