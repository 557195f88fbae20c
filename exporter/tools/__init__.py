"""The Python parts of the shell scripts in scripts/, one module per script,
each run as `"$EXPORTCHECK_PYTHON" -m exporter.tools.NAME ...` (scripts/lib.sh's
run_python). Outputs and arguments are the scripts'; tests in tests/python/.

    time_split.py         scripts/time-split: stage seconds per stage, the C++ share
    trend.py              scripts/nightly --history DIR: DIR/trend.html, charts across the kept nightlies
    bench.py              scripts/bench: every benchmark below in one run, one table of ratios and targets, JSON
    bench_archive.py      scripts/bench-archive: the generated big archive; C++ vs torch.export.load
    bench_executor.py     scripts/bench-executor: module() and NativeRT per call vs bench_executor's numbers
    bench_vs_baseline.py  scripts/bench-vs-baseline: the baseline's case selection (--filter), case count, the ratio
    check_executor.py     scripts/check-executor: flattened inputs and eager outputs per archive + manifest
    gpu_check.py          scripts/gpu-check: interpreter/torch/device line, a run's verdict summary
    new_case.py           scripts/new-case: cases/NAME.yaml from a template (standard library only)

Only the functions that need torch import it, so the rest runs (and is
tested) without it.
"""
