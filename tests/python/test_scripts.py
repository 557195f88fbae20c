"""scripts/: every script answers --help from its header, sources scripts/lib.sh,
and chooses its interpreter only through EXPORTCHECK_PYTHON (lib.sh)."""

import os
import re
import shlex
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
echo "exportcheck=$exportcheck_bin"
echo "torch=$torch_version"
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


def probe(root: Path, *args: str, python: str | None = None, path: str | None = None,
          torch: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("EXPORTCHECK_PYTHON", "EXPORTCHECK_TORCH", "PYTHONPATH")}
    if python is not None:
        env["EXPORTCHECK_PYTHON"] = python
    if torch is not None:
        env["EXPORTCHECK_TORCH"] = torch
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


# EXPORTCHECK_TORCH (lib.sh): which torch release a script uses.

def test_lib_torch_release_picks_its_venv_and_build(project: Path, tmp_path: Path):
    (project / "requirements.txt").write_text("numpy\ntorch==2.13.0\npytest\n")
    path = f"{python3_dir(tmp_path)}:/usr/bin:/bin"
    v = values(probe(project, path=path).stdout)
    assert v["exportcheck"] == str(project / "build" / "exportcheck") and v["torch"] == "2.13.0"
    for pinned in ("", "2.13.0"):  # unset, or the pinned release: the default
        v = values(probe(project, path=path, torch=pinned).stdout)
        assert v["exportcheck"] == str(project / "build" / "exportcheck"), pinned
    v = values(probe(project, path=path, torch="2.14.1").stdout)
    assert v["python"] == str(project / ".venv-2.14.1" / "bin" / "python")
    assert v["exported"] == "-"  # build-2.14.1/exportcheck finds .venv-2.14.1 itself
    assert v["exportcheck"] == str(project / "build-2.14.1" / "exportcheck") and v["torch"] == "2.14.1"
    # An explicit interpreter still wins.
    v = values(probe(project, path=path, torch="2.14.1", python=sys.executable).stdout)
    assert v["python"] == sys.executable and v["exportcheck"] == str(project / "build-2.14.1" / "exportcheck")


def test_lib_torch_release_must_be_a_version(project: Path):
    r = probe(project, torch="../x")
    assert r.returncode == 2 and "is not a version" in r.stderr, r.stdout + r.stderr


def test_setup_torch_needs_a_version():
    for args in (["--torch"], ["--torch", ""], ["--torch="]):
        r = subprocess.run([str(SCRIPTS / "setup"), *args], capture_output=True, text=True, timeout=30)
        assert r.returncode == 2 and "--torch needs a version" in r.stderr, (args, r.stdout + r.stderr)


# scripts/gate: three runs and `exportcheck gate`, checked with --dry-run.

def gate(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("EXPORTCHECK_PYTHON", "EXPORTCHECK_TORCH")}
    return subprocess.run([str(SCRIPTS / "gate"), *args], capture_output=True, text=True, timeout=30, env=env, cwd=cwd)


def test_gate_dry_run_prints_the_three_runs_and_the_gate(tmp_path: Path):
    pinned = next(line.split("==", 1)[1] for line in (ROOT / "requirements.txt").read_text().splitlines()
                  if line.startswith("torch=="))
    r = gate("--baseline", pinned, "--candidate", "9.9.1", "--dry-run", "-j", "2", "--tag", "seed",
             "--out", "g", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == "", r.stdout + r.stderr
    commands = [shlex.split(line) for line in r.stdout.splitlines() if line and not line.startswith("#")]
    g = tmp_path / "g"
    base, cand = str(ROOT / "build" / "exportcheck"), str(ROOT / "build-9.9.1" / "exportcheck")
    base_py, cand_py = str(ROOT / ".venv" / "bin" / "python"), str(ROOT / ".venv-9.9.1" / "bin" / "python")
    flags = ["--exit-zero", "--progress", "never"]
    assert commands == [
        [base, "run", "-j", "2", "--tag", "seed", "--python", base_py, "--out", f"{g}/baseline",
         "--keep-archives", "all", *flags],
        [cand, "run", "-j", "2", "--tag", "seed", "--python", cand_py, "--compat-from", f"{g}/baseline",
         "--out", f"{g}/candidate", "--keep-archives", "all", *flags],
        [base, "run", "-j", "2", "--tag", "seed", "--python", base_py, "--compat-only", "--compat-from",
         f"{g}/candidate", "--out", f"{g}/forward", *flags],
        [base, "gate", "--baseline", f"{g}/baseline", "--candidate", f"{g}/candidate", "--forward", f"{g}/forward",
         "--out", str(g)],
    ], r.stdout
    assert list(tmp_path.iterdir()) == []  # no gate folder: nothing set up or run


def test_gate_default_folder_names_both_releases():
    r = gate("--baseline", "9.9.0", "--candidate", "9.9.1", "--dry-run")
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"--out {ROOT}/reports/gate-9.9.0-vs-9.9.1\n" in r.stdout
    assert f"{ROOT}/build-9.9.0/exportcheck run --python {ROOT}/.venv-9.9.0/bin/python" in r.stdout


@pytest.mark.parametrize("args", [["--candidate", "2.14.1"], ["--baseline", "2.13.0"], [], ["--baseline"],
                                  ["--baseline", "2.13.0", "--candidate", "2.14.1", "--compat-only"],
                                  ["--baseline", "2.13.0", "--candidate", "2.14.1", "--python", "/usr/bin/python3"],
                                  ["--baseline", "2.13.0", "--candidate", "2.14.1", "--keep-archives", "failing"]])
def test_gate_refuses_missing_releases_and_its_own_options(args: list[str]):
    r = gate(*args, "--dry-run")
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stdout == "" and r.stderr.startswith("scripts/gate: "), r.stderr
