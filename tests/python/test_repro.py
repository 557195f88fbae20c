"""`exportcheck repro`: a standalone script that needs torch alone.

Each script is copied with its files into an empty folder and run with
`python -I` (isolated: no PYTHONPATH, no script folder, no user site) from
another working directory, so exportcheck cannot be imported by it. Needs
the built `exportcheck` (EXPORTCHECK_BINARY or build/exportcheck).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("EXPORTCHECK_BINARY", ROOT / "build" / "exportcheck"))

pytestmark = pytest.mark.skipif(not BINARY.exists(), reason=f"no exportcheck binary at {BINARY}")


def write_repro(out: Path, case: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BINARY), "repro", case, *args, "--out", str(out), "--root", str(ROOT)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "EXPORTCHECK_PYTHON": sys.executable})


def run_isolated(written: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The repro's files in a fresh folder, run where exportcheck is not importable."""
    alone = tmp_path / "alone"
    shutil.copytree(written, alone)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EXPORTCHECK_ROOT")}
    return subprocess.run([sys.executable, "-I", str(alone / "repro.py")], capture_output=True, text=True,
                          timeout=600, cwd=elsewhere, env=env)


def test_the_script_cannot_import_exportcheck(tmp_path: Path):
    probe = tmp_path / "probe.py"
    probe.write_text("import importlib.util, sys; sys.exit(importlib.util.find_spec('exporter') is not None)\n")
    assert subprocess.run([sys.executable, "-I", str(probe)], cwd=tmp_path).returncode == 0


def test_guards_gap_reproduces_and_exits_1(tmp_path: Path):
    # cases/known-gaps.yaml guards:module: module() accepts size 1 below a min of 2 (dim_at_min: b in [2, 16]).
    out = tmp_path / "written"
    made = write_repro(out, "dim_at_min", "--stage", "guards:module:cpu")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "below-min:" in made.stdout
    text = (out / "repro.py").read_text()
    assert "Dim('b', min=2, max=16)" in text and "from exportdb.shapes import PairAdd" in text
    assert "exporter" not in text.replace("exportcheck", "")
    ran = run_isolated(out, tmp_path)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "MISMATCH: ep.module() accepted below-min:" in ran.stdout
    assert "(1, 3), (1, 3)" in ran.stdout and "it must raise" in ran.stdout


def test_passing_replay_stage_exits_0(tmp_path: Path):
    out = tmp_path / "written"
    made = write_repro(out, "dim_at_min", "--stage", "replay:module:cpu", "--ir", "core_aten", "--sample", "1")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "run_decompositions(None)" in (out / "repro.py").read_text()
    ran = run_isolated(out, tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "OK: sample " in ran.stdout and "ep.module() equals eager" in ran.stdout


def test_passing_export_with_a_shapes_collection_exits_0(tmp_path: Path):
    out = tmp_path / "written"
    made = write_repro(out, "seed_shapes_collection", "--stage", "export")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "dynamic_shapes = ShapesCollection()" in (out / "repro.py").read_text()
    ran = run_isolated(out, tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr


@pytest.mark.parametrize("stage", ["replay:cpp:cpu", "guards:nativert:cpu", "golden", "roundtrip:bytes"])
def test_stages_a_plain_torch_cannot_reproduce_are_refused(tmp_path: Path, stage: str):
    made = write_repro(tmp_path / "written", "dim_at_min", "--stage", stage)
    assert made.returncode == 2
    assert "no standalone repro for " + stage in made.stderr
    assert not (tmp_path / "written").exists()
