"""scripts/time-split: stage seconds summed per stage, and the C++ share."""

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_sums_per_stage_and_splits_cpp_from_python(tmp_path: Path):
    records = [("export", 6.0), ("export", 2.0), ("replay:cpp:cpu", 1.0), ("replay:module:cuda", 0.5),
               ("replay:module:cpu", 0.5), ("roundtrip:bytes", 0.25), ("roundtrip:reload", 0.75), ("golden", 1.0)]
    with open(tmp_path / "results.jsonl", "w") as f:
        for stage, seconds in records:
            f.write(json.dumps({"case": "c", "stage": stage, "variant": "nonstrict/training", "verdict": "PASS",
                                "message": "", "seconds": seconds}) + "\n")
    out = subprocess.run([str(ROOT / "scripts" / "time-split"), str(tmp_path)], capture_output=True, text=True,
                         check=True).stdout
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:-1]}
    assert rows["export"][1:3] == ["8.0", "66.7%"] and rows["export"][3] == "Python"
    assert rows["replay:module"][1] == "1.0"  # both devices
    assert rows["replay:cpp"][3] == "C++" and rows["roundtrip:bytes"][3] == "C++"
    assert rows["roundtrip:reload"][3] == "Python"
    assert out.splitlines()[-1].split()[1:] == ["12.0", "C++", "18.8%,", "Python", "81.2%"]


def test_missing_run_is_exit_2(tmp_path: Path):
    r = subprocess.run([str(ROOT / "scripts" / "time-split"), str(tmp_path / "nope")], capture_output=True, text=True)
    assert r.returncode == 2 and "no " in r.stderr


def test_overhead_is_the_slot_time_no_stage_accounts_for(tmp_path: Path):
    with open(tmp_path / "results.jsonl", "w") as f:
        for stage, verdict, seconds in [("export", "PASS", 3.0), ("export", "FAIL", 1.0), ("export", "PASS", 2.0),
                                        ("replay:cpp:cpu", "PASS", 1.0)]:
            f.write(json.dumps({"case": "c", "stage": stage, "variant": "v", "verdict": verdict, "seconds": seconds}) + "\n")
    (tmp_path / "summary.json").write_text(json.dumps({"run": {"seconds": 5.0, "jobs": 2}}))
    out = subprocess.run([str(ROOT / "scripts" / "time-split"), str(tmp_path)], capture_output=True, text=True,
                         check=True).stdout
    # 5 s x 2 jobs = 10 slot-seconds, 7 in stages: 3 outside, over the 2 programs whose export passed.
    assert out.splitlines()[-1] == ("wall 5.0 s x 2 jobs = 10.0 slot-seconds; stages 7.0 s; "
                                    "outside every stage 3.0 s, 1500 ms per program (2 programs)")
