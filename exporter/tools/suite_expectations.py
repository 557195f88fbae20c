"""Regenerate a suite's expectations (cases/suites/<suite>.yaml `examples:`) from a run.

    scripts/suite-expectations SUITE RUN [--file PATH] [--check]

The next torch release is a one-command review: run the suite, run this, read
the diff. For every case of SUITE in RUN (its results.jsonl):

  - an unexpected failure (FAIL, ERROR, CRASH, TIMEOUT) becomes an xfail entry
    for its stage, with `match` (the start of the message, escaped) so that a
    different failure later is not hidden; one entry per failing variant
    (mode, ir), or one for the stage when every variant that ran failed;
  - its reason is the reason already written for the same example, stage and
    variant; else that of any entry whose `match` finds this message (a person
    who reviews one entry of a cluster reviews the cluster); else
    "unreviewed: <message>" until a person writes one;
  - an entry the run shows stale (XPASS: the stage passes now) is dropped and
    listed on stderr; entries still failing as expected (XFAIL) and entries for
    cases or stages the run did not reach are kept as they are.

Everything above `examples:` (comments, every_case, support_level) is kept
verbatim. --check writes nothing and exits 1 when the file would change (the
nightly's staleness alarm).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

UNEXPECTED = {"FAIL", "ERROR", "CRASH", "TIMEOUT"}
MATCH_CHARS = 80
Entry = dict[str, Any]


def first_line(message: str) -> str:
    return (message or "").strip().splitlines()[0] if (message or "").strip() else ""


# The characters special to both Python's re and the harness's std::regex
# (ECMAScript), which refuses escapes such as "\ " or "\#" that re.escape writes.
_SPECIAL = re.compile(r"([.^$|?*+()\[\]{}\\])")


_IR_PREFIX = re.compile(r"^(training|inference|core_aten|custom): ")
_REPRO = re.compile(r" \[(repro|no repro bundle): [^\]]*\]$")
_FILE = re.compile(r"(?<=Error: )/\S+?: ")  # "BundleError: /tmp/run/cases/x/replay.pt: ..." names the run's file


def _after_sample(text: str) -> str:
    """'sample 2 (max:s0; inputs (2, 3)): run: X' -> 'run: X' (the label holds run-specific sizes)."""
    if not text.startswith("sample "):
        return text
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and text.startswith("): ", i):
                return text[i + 3:]
    return text


_PATH_MARK = "\x00"


def essence(message: str, path_mark: str = "") -> str:
    """The part of a failure message that names the failure: the first line without the IR
    prefix, the failing sample's label and sizes, the repro path or a file of the run
    (replaced by `path_mark`)."""
    return _FILE.sub(path_mark, _REPRO.sub("", _after_sample(_IR_PREFIX.sub("", first_line(message)))))


def match_for(message: str) -> str:
    """A regex for the start of the message's essence: escaped, cut at a word boundary. Not
    anchored, so one entry's match also finds the same failure at another IR or sample."""
    head = essence(message, _PATH_MARK)
    if len(head) > MATCH_CHARS:
        cut = head.rfind(" ", 0, MATCH_CHARS)
        head = head[: cut if cut > 20 else MATCH_CHARS]
    return _SPECIAL.sub(r"\\\1", head).replace(_PATH_MARK, r"\S+: ")


def read_results(run: Path, suite: str) -> list[Entry]:
    path = run / "results.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no results (is {run} a run folder?)")
    prefix = suite + "/"
    out = []
    with path.open() as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{number}: not JSON ({e})") from e
            if str(r.get("case", "")).startswith(prefix):
                out.append(r)
    return out


def split_file(text: str) -> tuple[str, dict[str, Any]]:
    """(everything before the top-level `examples:` line, the parsed examples)."""
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if re.match(r"^examples\s*:", line)), len(lines))
    data = yaml.safe_load(text) or {}
    return "".join(lines[:at]), dict(data.get("examples") or {})


def as_list(value: Any) -> list[Entry]:
    return [dict(v) for v in value] if isinstance(value, list) else [dict(value)]


def variant_of(entry: Entry) -> tuple[str | None, str | None]:
    return entry.get("mode"), entry.get("ir")


def covers(entry: Entry, mode: str, ir: str) -> bool:
    m, i = variant_of(entry)
    return (m is None or m == mode) and (i is None or i == ir)


def _narrowest(failing: list[tuple[Entry, tuple[str, str]]], ran: list[tuple[str, str]]) -> list[tuple[str, Entry]]:
    """(message, scope) per entry to write: one for the stage when every variant that ran
    failed alike, one per mode when all of a mode's IRs did, else one per variant."""
    if not failing:
        return []
    matches = {match_for(r.get("message", "")) for r, _ in failing}
    if len(failing) == len(ran) and len(matches) == 1:
        return [(failing[0][0].get("message", ""), {})]
    out: list[tuple[str, Entry]] = []
    for mode in dict.fromkeys(m for _, (m, _) in failing):
        of_mode = [(r, v) for r, v in failing if v[0] == mode]
        if len(of_mode) == sum(1 for v in ran if v[0] == mode) and len({match_for(r.get("message", "")) for r, _ in of_mode}) == 1:
            out.append((of_mode[0][0].get("message", ""), {"mode": mode}))
        else:
            out.extend((r.get("message", ""), {"mode": m, "ir": i}) for r, (m, i) in of_mode)
    return out


def regenerate(examples: dict[str, Any], results: list[Entry], suite: str) -> tuple[dict[str, Any], list[str]]:
    """The new `examples` mapping and the stale entries dropped (as lines)."""
    prefix = suite + "/"
    by_stage: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for r in results:
        by_stage[(r["case"][len(prefix):], r["stage"])].append(r)
    clusters = [(re.compile(e["match"]), e["reason"]) for stages in examples.values() for v in stages.values()
                for e in as_list(v) if e.get("match") and e.get("reason")
                and not str(e["reason"]).startswith("unreviewed:")]

    out: dict[str, dict[str, list[Entry]]] = {ex: {st: as_list(v) for st, v in stages.items()}
                                              for ex, stages in examples.items()}
    stale: list[str] = []
    for (example, stage), rs in sorted(by_stage.items()):
        kept = out.get(example, {}).get(stage, [])
        variants = [tuple(r.get("variant", "/").split("/", 1)) for r in rs]
        # Stale: an xfail entry whose every covered variant passed (XPASS).
        still = []
        for e in kept:
            hit = [r for r, (m, i) in zip(rs, variants) if covers(e, m, i)]
            if e.get("verdict") == "xfail" and hit and all(r["verdict"] == "XPASS" for r in hit):
                stale.append(f"{example} {stage} {variant_of(e)}: passes now ({hit[0].get('message', '')[:120]})")
                continue
            if str(e.get("reason", "")).startswith("unreviewed:") and hit:
                # A cluster reviewed since: its reason replaces "unreviewed".
                text = hit[0].get("message", "")
                text = text.split(" — ", 1)[1] if text.startswith(str(e["reason"]) + " — ") else text
                e["reason"] = next((reason for pattern, reason in clusters if pattern.search(essence(text))), e["reason"])
            still.append(e)
        failing = [(r, v) for r, v in zip(rs, variants) if r["verdict"] in UNEXPECTED
                   and not any(covers(e, *v) for e in still)]
        ran = [v for r, v in zip(rs, variants) if r["verdict"] not in ("UNSUPPORTED", "SKIP")]
        for message, scope in _narrowest(failing, ran):
            entry: Entry = {"verdict": "xfail", **scope, "match": match_for(message)}
            entry["reason"] = next((reason for pattern, reason in clusters if pattern.search(essence(message))),
                                   "unreviewed: " + essence(message)[:200])
            still.append(entry)
        if still:
            out.setdefault(example, {})[stage] = still
        elif example in out:
            out[example].pop(stage, None)
    return {ex: stages for ex, stages in sorted(out.items()) if stages}, stale


def render(examples: dict[str, dict[str, list[Entry]]]) -> str:
    if not examples:
        return "examples: {}\n"
    lines = ["examples:"]
    for example, stages in examples.items():
        lines.append(f"  {json.dumps(example)}:")
        for stage, entries in sorted(stages.items()):
            flows = []
            for e in entries:
                keys = [k for k in ("verdict", "mode", "ir", "torch", "match", "xpass", "reason") if e.get(k) is not None]
                flows.append("{" + ", ".join(f"{k}: {json.dumps(e[k])}" for k in keys) + "}")
            if len(flows) == 1:
                lines.append(f"    {stage}: {flows[0]}")
            else:
                lines.append(f"    {stage}:")
                lines.extend(f"      - {flow}" for flow in flows)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/suite-expectations", description=__doc__.split("\n\n")[0])
    parser.add_argument("suite")
    parser.add_argument("run", type=Path)
    parser.add_argument("--file", type=Path, help="default: cases/suites/<suite>.yaml under the project root")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file would change")
    args = parser.parse_args(argv)
    path = args.file or Path(__file__).resolve().parents[2] / "cases" / "suites" / f"{args.suite}.yaml"
    text = path.read_text() if path.is_file() else ""
    head, examples = split_file(text)
    try:
        results = read_results(args.run, args.suite)
    except (OSError, ValueError) as e:
        print(f"scripts/suite-expectations: {e}", file=sys.stderr)
        return 2
    new_examples, stale = regenerate(examples, results, args.suite)
    new_text = head + render(new_examples)
    for line in stale:
        print(f"stale (dropped): {line}", file=sys.stderr)
    unreviewed = sum(1 for stages in new_examples.values() for es in stages.values() for e in es
                     if str(e.get("reason", "")).startswith("unreviewed:"))
    changed = new_text != text
    print(f"{path}: {len(results)} results of {args.suite}; {sum(len(s) for s in new_examples.values())} stage entries "
          f"for {len(new_examples)} cases, {unreviewed} unreviewed, {len(stale)} stale dropped"
          + ("" if changed else "; unchanged"))
    if args.check:
        return 1 if changed else 0
    if changed:
        path.write_text(new_text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
