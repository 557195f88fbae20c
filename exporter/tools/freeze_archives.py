"""scripts/freeze-archives' Python side: a finished catalog run's programs,
frozen for the `compat:<release>:<runtime>` stages of later releases.

    python -m exporter.tools.freeze_archives RUN_DIR FROZEN_ROOT SLICE_FILE [options]

For every case named in SLICE_FILE (one per line, `#` comments) and every
<mode>/<ir>.pt2 of RUN_DIR/cases/<case>/ (--irs, default training and
core_aten) whose export PASSED in the run
(results.jsonl), writes FROZEN_ROOT/<release>/<case>/<mode>/<ir>.pt2 (a copy)
and, once per mode, a small replay bundle beside it (replay.pt, format 2,
harness/replay/BUNDLE.md): the example sample and the smallest others, at
most --samples and --max-bundle-kb, cpu outputs only, no guards and no
sequence (the compat stages replay only). <release> is RUN_DIR's torch
without its local suffix ("2.13.0"), or --release.

--bundles-only: write only the bundles, beside the archives that
FROZEN_ROOT/<release>/ already holds (archives another machine froze, e.g.
2.11.0 from the GPU machine: their eager outputs are then this run's, computed
from the same case files). A frozen release is never changed: an existing
<case>/<mode>/ file is refused unless --force.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from typing import Any

DEFAULT_SAMPLES = 4
DEFAULT_MAX_BUNDLE_KB = 96
# The IR users save (training) and the one backends consume (core_aten):
# inference and custom programs would double each release's size in git.
DEFAULT_IRS = ("training", "core_aten")


def read_slice(path: str) -> list[str]:
    with open(path) as f:
        names = [line.split("#", 1)[0].strip() for line in f]
    return [n for n in names if n]


def run_torch(run_dir: str) -> str:
    for header in ("summary.json", "run.json"):
        try:
            with open(os.path.join(run_dir, header)) as f:
                torch_version = json.load(f).get("run", {}).get("torch", "")
        except (OSError, ValueError):
            continue
        if torch_version:
            return str(torch_version)
    raise SystemExit(f"freeze-archives: {run_dir}: no summary.json or run.json naming its torch (not a finished run?)")


def passed_exports(run_dir: str) -> set[tuple[str, str]]:
    """(case, "mode/ir") whose export stage passed (PASS, or an XFAIL that is expected)."""
    out: set[tuple[str, str]] = set()
    with open(os.path.join(run_dir, "results.jsonl")) as f:
        for line in f:
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if r.get("stage") == "export" and r.get("verdict") == "PASS":
                out.add((r.get("case", ""), r.get("variant", "")))
    return out


def tensor_bytes(value: Any) -> int:
    import torch

    if isinstance(value, torch.Tensor):
        return value.numel() * value.element_size()
    if isinstance(value, (list, tuple)):
        return sum(tensor_bytes(v) for v in value)
    if isinstance(value, dict):
        return sum(tensor_bytes(v) for v in value.values())
    return 0


def small_bundle(bundle: dict[str, Any], samples: int, max_bytes: int) -> dict[str, Any]:
    """The example sample, then the smallest others while they fit; cpu only."""
    def cpu_only(s: dict[str, Any]) -> dict[str, Any]:
        kept = dict(s)
        kept["outputs"] = {"cpu": s["outputs"]["cpu"]}
        kept["output_devices"] = {"cpu": s.get("output_devices", {}).get("cpu", [])}
        return kept

    usable = [s for s in bundle["samples"] if "cpu" in s.get("outputs", {})]
    if not usable:
        raise ValueError("no sample has cpu eager outputs")
    example, rest = usable[0], sorted(usable[1:], key=lambda s: tensor_bytes([s["inputs"], s["outputs"]["cpu"]]))
    chosen = [cpu_only(example)]
    used = tensor_bytes([example["inputs"], example["outputs"]["cpu"]])
    for s in rest:
        size = tensor_bytes([s["inputs"], s["outputs"]["cpu"]])
        if len(chosen) >= samples or used + size > max_bytes:
            break
        chosen.append(cpu_only(s))
        used += size
    out = {k: v for k, v in bundle.items() if k not in ("samples", "guards", "sequence", "eager")}
    out["eager"] = {"cpu": bundle.get("eager", {}).get("cpu", {"ok": True})}
    out["samples"] = chosen
    out["guards"] = []
    out["sequence"] = None
    return out


def freeze(run_dir: str, frozen_root: str, cases: list[str], release: str | None = None,
           samples: int = DEFAULT_SAMPLES, max_bundle_kb: int = DEFAULT_MAX_BUNDLE_KB,
           bundles_only: bool = False, force: bool = False, irs: tuple[str, ...] = DEFAULT_IRS,
           say=print) -> list[str]:
    """Writes the frozen files; returns their paths relative to frozen_root."""
    import torch

    torch_version = run_torch(run_dir)
    release = release or torch_version.split("+", 1)[0]
    passed = passed_exports(run_dir)
    target_root = os.path.join(frozen_root, release)
    written: list[str] = []

    def place(src: str, rel: str, data: dict[str, Any] | None = None) -> None:
        dst = os.path.join(target_root, rel)
        if os.path.exists(dst) and not force:
            raise SystemExit(f"freeze-archives: {dst} exists: frozen archives never change (--force to replace)")
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if data is None:
            shutil.copyfile(src, dst)
        else:
            torch.save(data, dst)
        written.append(os.path.relpath(dst, frozen_root))

    for case in cases:
        case_dir = os.path.join(run_dir, "cases", case)
        if not os.path.isdir(case_dir):
            say(f"SKIP {case}: not in {run_dir}")
            continue
        for mode in sorted(os.listdir(case_dir)):
            bundle_path = os.path.join(case_dir, mode, "replay.pt")
            if not os.path.isfile(bundle_path):
                continue
            if bundles_only:
                programs = [f[:-4] for f in sorted(os.listdir(os.path.join(target_root, case, mode)))
                            if f.endswith(".pt2")] if os.path.isdir(os.path.join(target_root, case, mode)) else []
            else:
                programs = [f[:-4] for f in sorted(os.listdir(os.path.join(case_dir, mode)))
                            if f.endswith(".pt2") and f[:-4] in irs and (case, f"{mode}/{f[:-4]}") in passed]
            if not programs:
                continue
            try:
                bundle = small_bundle(torch.load(bundle_path, weights_only=True, map_location="cpu"),
                                      samples, max_bundle_kb * 1024)
            except Exception as e:  # a bundle this release cannot shrink: say so, freeze the rest
                say(f"SKIP {case}/{mode}: replay bundle: {type(e).__name__}: {e}")
                continue
            if not bundles_only:
                for ir in programs:
                    place(os.path.join(case_dir, mode, ir + ".pt2"), os.path.join(case, mode, ir + ".pt2"))
            place(bundle_path, os.path.join(case, mode, "replay.pt"), bundle)
            say(f"froze {case}/{mode}: {', '.join(programs)} ({len(bundle['samples'])} samples)")
    if not bundles_only and written:
        info_path = os.path.join(target_root, "frozen.json")
        earlier: list[str] = []
        if os.path.isfile(info_path):  # a release frozen in more than one go: keep the earlier cases
            with open(info_path) as f:
                earlier = [c for c in json.load(f).get("cases", []) if c not in cases]
        info = {"torch": torch_version, "release": release, "samples": samples, "max_bundle_kb": max_bundle_kb,
                "cases": earlier + cases}
        with open(info_path, "w") as f:
            json.dump(info, f, indent=1)
            f.write("\n")
    return written


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="freeze-archives", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run_dir")
    p.add_argument("frozen_root")
    p.add_argument("slice_file")
    p.add_argument("--release")
    p.add_argument("--samples", type=int, default=DEFAULT_SAMPLES)
    p.add_argument("--max-bundle-kb", type=int, default=DEFAULT_MAX_BUNDLE_KB)
    p.add_argument("--bundles-only", action="store_true")
    p.add_argument("--force", action="store_true")
    p.add_argument("--irs", default=",".join(DEFAULT_IRS), help="IR levels to freeze (default: %(default)s)")
    a = p.parse_args(argv)
    written = freeze(a.run_dir, a.frozen_root, read_slice(a.slice_file), a.release, a.samples, a.max_bundle_kb,
                     a.bundles_only, a.force, tuple(a.irs.split(",")))
    total = sum(os.path.getsize(os.path.join(a.frozen_root, w)) for w in written)
    print(f"freeze-archives: {len(written)} files, {total / 1024:.0f} KiB under {a.frozen_root}")
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
