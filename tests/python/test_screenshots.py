"""scripts/screenshots: PNGs of a run's dashboard and a history's trend page (headless Chromium)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "screenshots"


def test_needs_a_run_folder(tmp_path: Path):
    r = subprocess.run([str(SCRIPT), str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 2 and "needs a run folder with index.html" in r.stderr


@pytest.mark.skipif(not any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")),
                    reason="no chromium (scripts/setup-browser)")
def test_writes_the_dashboard_and_trend_pngs(tmp_path: Path):
    run = tmp_path / "history" / "20261126-030000"
    run.mkdir(parents=True)
    (run / "index.html").write_text("<!doctype html><title>x</title><p>dashboard</p>")
    (run / "summary.json").write_text(json.dumps({"schema": "exportcheck-summary", "version": "1.5", "run": {},
                                                  "results": [{"case": "c", "stage": "export", "verdict": "PASS"}]}))
    r = subprocess.run([str(SCRIPT), str(run), str(tmp_path / "history"), "--out", str(tmp_path / "png")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    for name in ("dashboard.png", "dashboard-unexpected.png", "trend.png"):
        assert (tmp_path / "png" / name).read_bytes().startswith(b"\x89PNG"), name
    assert (tmp_path / "history" / "trend.html").exists()
