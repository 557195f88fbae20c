"""scripts/check-executor's Python side: the inputs and expected outputs the
C++ executor check (test_runtime's ExecutorCatalog) runs every archive with.

    python -m exporter.tools.check_executor RUN_DIR OUT_DIR CASE_GLOB

For every case folder RUN_DIR/cases/CASE_GLOB and every <mode>/<ir>.pt2 in
it (roundtrip/ excepted) whose mode has a readable replay bundle
(<mode>/replay.pt, harness/replay/BUNDLE.md): sample 0's flat inputs and cpu
outputs (already flat, in the mode's in_spec order), saved as
OUT_DIR/<case>.<mode>.<ir>.pt ([inputs], [outputs]), and one manifest line
`<archive>\t<that .pt>\t<case>.<mode>.<ir>` in OUT_DIR/manifest.txt. Prints
one SKIP line per mode or archive Python cannot read, and per archive whose
run expects its replay to differ from eager (an XFAIL replay:cpp:cpu record
in RUN_DIR/summary.json, e.g. a custom decomposition table that changes the
model on purpose).
"""

import glob
import json
import os
import sys
from collections.abc import Callable
from typing import Any


def expected_to_differ(run_dir: str) -> set[tuple[str, str]]:
    """(case, "mode/ir") whose replay:cpp:cpu the run recorded as XFAIL: not eager's model."""
    try:
        with open(os.path.join(run_dir, "summary.json")) as f:
            results = json.load(f).get("results", [])
    except (OSError, ValueError):
        return set()
    return {(r.get("case", ""), r.get("variant", "")) for r in results
            if r.get("stage") == "replay:cpp:cpu" and r.get("verdict") == "XFAIL"}


def prepare(run_dir: str, out_dir: str, pattern: str, say: Callable[[str], None] = print) -> list[str]:
    """Writes the .pt files and manifest.txt; returns the manifest lines."""
    import torch

    from exporter.replay import import_types

    differ = expected_to_differ(run_dir)

    def plain(v: Any) -> Any:
        return v.detach().clone() if isinstance(v, torch.Tensor) else v

    manifest = []
    for case_dir in sorted(glob.glob(os.path.join(run_dir, "cases", pattern))):
        case = os.path.basename(case_dir)
        samples: dict[str, Any] = {}  # mode -> sample 0 of its bundle, or None
        for archive in sorted(glob.glob(os.path.join(case_dir, "*", "*.pt2"))):
            mode, ir = archive.split(os.sep)[-2], os.path.basename(archive)[:-4]
            if mode == "roundtrip":
                continue
            if mode not in samples:
                try:
                    bundle = torch.load(os.path.join(case_dir, mode, "replay.pt"), weights_only=True)
                    import_types(bundle)  # the pytree types torch.export.load needs
                    samples[mode] = bundle["samples"][0]
                    samples[mode]["outputs"]["cpu"]  # noqa: B018 - no cpu reference: skip the mode
                except Exception as e:  # noqa: BLE001
                    say(f"SKIP {case}.{mode}: replay.pt unreadable: {type(e).__name__}")
                    samples[mode] = None
            sample = samples[mode]
            if sample is None:
                continue
            tag = f"{case}.{mode}.{ir}"
            if (case, f"{mode}/{ir}") in differ:
                say(f"SKIP {tag}: the run expects its replay to differ from eager (XFAIL replay:cpp:cpu)")
                continue
            try:
                torch.export.load(archive)
            except Exception as e:  # noqa: BLE001 - e.g. a custom op Python cannot load either
                say(f"SKIP {tag}: Python cannot load it: {type(e).__name__}: {str(e)[:120]}")
                continue
            path = os.path.join(out_dir, tag + ".pt")
            torch.save(([plain(v) for v in sample["inputs"]], [plain(v) for v in sample["outputs"]["cpu"]]), path)
            manifest.append(f"{os.path.abspath(archive)}\t{path}\t{tag}")
    with open(os.path.join(out_dir, "manifest.txt"), "w") as f:
        f.write("\n".join(manifest) + "\n")
    return manifest


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m exporter.tools.check_executor RUN_DIR OUT_DIR CASE_GLOB", file=sys.stderr)
        return 2
    prepare(argv[0], argv[1], argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
