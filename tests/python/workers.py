"""Drive `python -m exporter.worker` subprocesses as the harness does (no pytest needed)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from exporter.protocol import Json, ReplayRequest, ToleranceOverride

ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """A `python -m exporter.worker` subprocess, driven as the harness drives it."""

    def __init__(self, role: str, log: Path) -> None:
        self.log_path = log
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "exporter.worker", "--role", role],
            cwd=ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log.open("w"),
        )
        self.ready = self.read()
        self.next_id = 0

    def read(self) -> Json:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, f"worker exited (rc {self.proc.poll()}); log tail:\n{self.log_tail()}"
        return json.loads(line)

    def send_line(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def ask(self, request: Json) -> Json:
        self.next_id += 1
        self.send_line(json.dumps({"id": self.next_id, **request}))
        response = self.read()
        assert response["id"] == self.next_id, response
        return response

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def close(self) -> int:
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            return self.proc.wait(timeout=60)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def replay_request(archive: str, bundle: str, device: str = "cpu", forbid: list[str] | None = None,
                   tolerance: ToleranceOverride | None = None, runtime: str = "module") -> ReplayRequest:
    """A replay request as the harness builds it (harness/worker/requests.h replay_request):
    the case's `tolerance` override and the `tolerances` resolved from it."""
    from exporter.baseline import resolve_tolerances  # imports torch: only when a request is built

    override: ToleranceOverride = tolerance or {"atol": None, "rtol": None}
    return {"op": "replay", "runtime": runtime, "device": device, "archive": archive, "bundle": bundle,
            "tolerance": override, "tolerances": resolve_tolerances(override), "forbid_modules": forbid or []}
