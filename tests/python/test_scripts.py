"""scripts/: every script answers --help from its header, sources scripts/lib.sh,
and chooses its interpreter only through EXPORTCHECK_PYTHON (lib.sh)."""

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
SOURCE_LIB = '. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"'


def scripts() -> list[Path]:
    """Every executable file in scripts/ (lib.sh is sourced, not run)."""
    return sorted(p for p in SCRIPTS.iterdir() if p.is_file() and os.access(p, os.X_OK) and p.name != "lib.sh")


def test_scripts_are_found():
    names = {p.name for p in scripts()}
    assert {"run", "test", "setup", "time-split", "gpu-check", "new-case"} <= names, names


@pytest.mark.parametrize("script", scripts(), ids=lambda p: p.name)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_prints_usage_and_exits_0(script: Path, flag: str, tmp_path: Path):
    # A copy in an empty project, with an interpreter that must never run: should --help not stop
    # the script, it sets up, builds or runs nothing in the checkout.
    (tmp_path / "scripts").mkdir()
    for name in (script.name, "lib.sh"):
        shutil.copy2(SCRIPTS / name, tmp_path / "scripts" / name)
    r = subprocess.run([str(tmp_path / "scripts" / script.name), flag], capture_output=True, text=True, timeout=30,
                       cwd=tmp_path, env={**os.environ, "EXPORTCHECK_PYTHON": "/nonexistent/python"})
    assert r.returncode == 0, r.stdout + r.stderr
    assert re.search(rf"^\s*usage: scripts/{re.escape(script.name)}( |$)", r.stdout, re.M), r.stdout
    assert r.stderr == ""
    assert not r.stdout.startswith(("#!", "#")) and "set -euo" not in r.stdout  # the comment, not the code
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scripts"]  # nothing created


@pytest.mark.parametrize("script", scripts(), ids=lambda p: p.name)
def test_sources_lib_first_and_picks_no_interpreter_itself(script: Path):
    lines = script.read_text().splitlines()
    assert lines[0] == "#!/usr/bin/env bash"
    code = [line for line in lines[1:] if not line.startswith("#")]
    assert code and code[0] == SOURCE_LIB, f"{script.name}: the first statement must source lib.sh"
    text = "\n".join(code)
    assert not re.search(r"(?<![A-Z_])PYTHON\b", text), f"{script.name}: $PYTHON is not an interpreter setting"
    assert not re.search(r"^\s*python=", text, re.M), f"{script.name}: use run_python / $EXPORTCHECK_PYTHON"
    assert "<<'PY'" not in text and "<<PY" not in text, f"{script.name}: Python belongs in exporter/tools/"
    if script.name != "setup":  # setup creates the venv
        assert ".venv/bin/python" not in text, f"{script.name}: use run_python / $EXPORTCHECK_PYTHON"


# lib.sh in a scratch project: root, interpreter resolution, run_python, --help.

PROBE = """#!/usr/bin/env bash
# probe: prints what lib.sh set.
#
#   usage: scripts/probe [ARGS]
#no space after the hash
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
echo "root=$root"
echo "python=$(python_bin)"
echo "exported=$(printenv EXPORTCHECK_PYTHON || echo -)"
run_python -c 'import os, sys; print("pythonpath=" + os.environ["PYTHONPATH"]); print("args=" + " ".join(sys.argv[1:]))' "$@"
false
echo "not reached: set -e"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPTS / "lib.sh", root / "scripts" / "lib.sh")
    probe = root / "scripts" / "probe"
    probe.write_text(PROBE)
    probe.chmod(probe.stat().st_mode | stat.S_IXUSR)
    return root


def probe(root: Path, *args: str, python: str | None = None, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("EXPORTCHECK_PYTHON", "PYTHONPATH")}
    if python is not None:
        env["EXPORTCHECK_PYTHON"] = python
    if path is not None:
        env["PATH"] = path
    return subprocess.run([str(root / "scripts" / "probe"), *args], capture_output=True, text=True, timeout=30,
                          env=env, cwd="/")


def values(out: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def python3_dir(tmp_path: Path) -> Path:
    """A folder whose only python3 is this interpreter."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    return bin_dir


def test_lib_explicit_interpreter_is_used_and_stays_exported(project: Path):
    r = probe(project, "a b", "c", python=sys.executable)
    assert r.returncode == 1, r.stdout + r.stderr  # `false` under set -e
    v = values(r.stdout)
    assert v["root"] == str(project)
    assert v["python"] == sys.executable and v["exported"] == sys.executable
    assert v["pythonpath"] == str(project) and v["args"] == "a b c"
    assert "not reached" not in r.stdout


def test_lib_default_without_venv_is_python3_on_path_and_not_exported(project: Path, tmp_path: Path):
    bin_dir = python3_dir(tmp_path)
    r = probe(project, python="", path=f"{bin_dir}:/usr/bin:/bin")
    v = values(r.stdout)
    assert v["python"] == str(bin_dir / "python3")
    assert v["exported"] == "-"  # the harness resolves the same default itself
    assert v["pythonpath"] == str(project)


def test_lib_default_is_the_venv_once_it_exists(project: Path, tmp_path: Path):
    venv_python = project / ".venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.symlink_to(sys.executable)
    r = probe(project, path=f"{python3_dir(tmp_path)}:/usr/bin:/bin")
    assert values(r.stdout)["python"] == str(venv_python)
    assert values(r.stdout)["args"] == ""


def test_lib_help_is_the_header_comment(project: Path):
    for args in (["--help"], ["-h"], ["x", "--help"]):
        r = probe(project, *args, python="/nonexistent/python")
        assert r.returncode == 0 and r.stderr == ""
        assert r.stdout == "probe: prints what lib.sh set.\n\n  usage: scripts/probe [ARGS]\nno space after the hash\n"
    # After `--` a -h belongs to the command the script runs.
    r = probe(project, "--", "-h", python=sys.executable)
    assert values(r.stdout)["args"] == "-- -h"
