# scripts/lib.sh: sourced, as its first statement, by every script in scripts/
# (not a command itself):
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# It turns on `set -euo pipefail`, sets $root (the project root) and
# $EXPORTCHECK_PYTHON, defines python_bin and run_python, and answers -h /
# --help (any argument before a `--`) with the calling script's header
# comment, exit 0.
#
# EXPORTCHECK_PYTHON is the one interpreter setting of every script, as it is
# of the harness (harness/cli/project_root.h, same order): unset, it is
# $root/.venv/bin/python (what scripts/setup creates), and while that does not
# exist (a GPU machine, or before scripts/setup has run) the python3 on PATH.
# The default is resolved when a script runs Python (python_bin), not here, so
# a script that runs scripts/setup first gets the venv setup created. It is
# not exported unless the caller's environment had it: the harness (and any
# script run from here) resolves the same default itself.
#
# EXPORTCHECK_TORCH=VERSION is the one setting of which torch release a
# script uses (several can live side by side: scripts/setup --torch VERSION
# makes .venv-VERSION/ and build-VERSION/exportcheck): unset, or the release
# requirements.txt pins, it is .venv/ and build/; else the default interpreter
# above is $root/.venv-VERSION/bin/python and the harness binary
# $root/build-VERSION/exportcheck ($exportcheck_bin; build-VERSION/exportcheck
# finds its .venv-VERSION by itself, harness/cli/project_root.h). An explicit
# EXPORTCHECK_PYTHON still wins. use_torch VERSION switches a script to
# another release; $pinned_torch is requirements.txt's, $torch_version the
# one in use, $venv_dir and $build_dir its folders. scripts/run and
# scripts/nightly set it up (scripts/setup --torch) and run its binary.
# The Python parts of the scripts are modules of exporter/tools/, run as
#   run_python -m exporter.tools.NAME ARGS...

set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -z "${EXPORTCHECK_PYTHON:-}" ]; then
  unset EXPORTCHECK_PYTHON  # set but empty: unset, so the default below stays unexported
  python_given=0
else
  python_given=1
fi
pinned_torch=$(sed -n 's/^torch==\([^ ;#]*\).*/\1/p' "$root/requirements.txt" 2>/dev/null || true)

# use_torch VERSION: the torch release the script works with ("" or the pinned
# one: the default): sets $torch_version, $venv_dir, $build_dir,
# $exportcheck_bin and, unless the caller gave one, $EXPORTCHECK_PYTHON.
use_torch() {
  local version=${1:-}
  if [ -n "$version" ] && ! [[ "$version" =~ ^[0-9A-Za-z][0-9A-Za-z.+_-]*$ ]]; then
    echo "${0##*/}: torch release '$version' is not a version (e.g. 2.14.1)" >&2
    exit 2
  fi
  [ "$version" != "$pinned_torch" ] || version=""
  torch_version=${version:-$pinned_torch}
  if [ -n "$version" ]; then
    venv_dir=$root/.venv-$version build_dir=$root/build-$version
  else
    venv_dir=$root/.venv build_dir=$root/build
  fi
  exportcheck_bin=$build_dir/exportcheck
  [ "$python_given" = 1 ] || EXPORTCHECK_PYTHON=$venv_dir/bin/python
}
use_torch "${EXPORTCHECK_TORCH:-}"

# setup_quietly: scripts/setup --quiet for the release in use.
setup_quietly() {
  if [ "$torch_version" = "$pinned_torch" ]; then
    "$root/scripts/setup" --quiet
  else
    "$root/scripts/setup" --quiet --torch "$torch_version"
  fi
}

# python_bin: prints the interpreter to run now: $EXPORTCHECK_PYTHON, or
# python3 from PATH when it is the default and the venv does not exist.
python_bin() {
  if [ "$EXPORTCHECK_PYTHON" = "$root/.venv/bin/python" ] && [ ! -x "$EXPORTCHECK_PYTHON" ] \
     && command -v python3 >/dev/null; then
    command -v python3
  else
    printf '%s\n' "$EXPORTCHECK_PYTHON"
  fi
}

# run_python ARGS...: that interpreter with the project root first on PYTHONPATH.
run_python() {
  local python
  python=$(python_bin)
  PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}" "$python" "$@"
}

# usage: the header comment of the sourcing script (its comment lines after
# the #! line, up to the first line that is not a comment), without the '#'.
usage() {
  local script=${BASH_SOURCE[2]:-$0} line
  {
    read -r line  # the #! line
    while IFS= read -r line && [[ "$line" == \#* ]]; do
      line=${line#\#}
      printf '%s\n' "${line# }"
    done
  } < "$script"
}

for _arg in "$@"; do
  case "$_arg" in
    --) break ;;
    -h|--help) usage; exit 0 ;;
  esac
done
unset _arg
