"""External suites: catalogs built at run time from installed packages, not from cases/.

    {"op": "list_suite", "suite": "exportdb-upstream"}   (export role)
    -> {"ok": true, "suite": ..., "torch": ..., "cases": [NORMALIZED_CASE, ...]}

`exportdb-upstream` is PyTorch's own ExportDB (`torch._export.db.examples`)
of the installed torch; nothing of it is copied into the project. Each
example becomes one normalized case (exporter/PROTOCOL.md) named
`exportdb-upstream/<name>` whose model, inputs and dynamic shapes point back
at the example, so the export worker uses them verbatim:

    model           {"module": "exportdb.upstream", "class": "Upstream", "kwargs": {"name": NAME}}
    inputs          {"upstream_exportdb": NAME}          example_args / example_kwargs
    dynamic_shapes  {"mode": "upstream_exportdb", "name": NAME} or null

Every case exports strict and non-strict at IR training, inference and
core_aten. The expectation is the example's support_level, carried in
`expect` (a list of EXPECTATIONs, as the C++ catalog reads them):

- SUPPORTED: every stage must pass (no expectation);
- NOT_SUPPORTED_YET (or any other level): export is an xfail per mode with
  reason "upstream support_level NOT_SUPPORTED_YET" and `xpass: finding`: a
  mode that exports anyway is PASS with a "finding:" message (listed under
  `findings` in summary.json and on the console), not an XPASS that would
  fail every nightly until upstream changes its own metadata.

Suite cases have no golden files (UNSUPPORTED "suite cases have no golden"):
their programs follow whatever the installed torch's examples are today. The
C++ archive checks and the round trip still check every program.
KNOWN holds the few torch gaps a SUPPORTED example trips in the stages after
export; each needs a reason.
"""

import inspect
from typing import Any, Callable

import torch

Json = dict[str, Any]

SUITE = "exportdb-upstream"
IRS = ["training", "inference", "core_aten"]

# Upstream ExportDB tags -> our closed vocabulary (cases/tags.yaml).
TAG_MAP = {
    "torch.cond": "control-flow",
    "torch.map": "control-flow",
    "torch.dynamic-shape": "dynamic-shape",
    "torch.mutation": "mutation",
    "torch.dynamic-value": "data-dependent",
    "python.data-structure": "pytree",
}

NO_GOLDEN = "suite cases have no golden (the suite follows the installed torch's ExportDB)"

_RESAVE_DROPS_UNBACKED = {
    "stage": "roundtrip:reload", "verdict": "xfail", "mode": "strict", "ir": "training",
    "match": r"canonical IR changed after torch\.export\.load \+ save",
    "reason": "torch 2.13: strict export keeps an unused duplicate unbacked symbol (u1) in range_constraints; "
              "torch.export.load + save drops it, so the program does not round-trip",
}

# name -> extra expectations (torch gaps after export), each with a reason.
KNOWN: dict[str, list[Json]] = {
    "constrain_as_size_example": [_RESAVE_DROPS_UNBACKED],
    "constrain_as_value_example": [_RESAVE_DROPS_UNBACKED],
}


def _expectation(stage: str, verdict: str, reason: str, **narrow: Any) -> Json:
    e: Json = {"stage": stage, "verdict": verdict, "reason": reason, "match": None, "mode": None, "ir": None,
               "xpass": "fail"}
    e.update(narrow)
    return e


def expectations(name: str, support_level: str) -> list[Json]:
    out = [_expectation("golden", "unsupported", NO_GOLDEN)]
    if support_level != "SUPPORTED":
        for mode in ("nonstrict", "strict"):
            out.append(_expectation("export", "xfail", f"upstream support_level {support_level}", mode=mode,
                                    xpass="finding"))
    for known in KNOWN.get(name, []):
        out.append(_expectation(**known))
    return out


def _source_file(model: Any) -> str:
    try:
        path = inspect.getsourcefile(type(model)) or ""
    except TypeError:
        path = ""
    marker = "torch/_export/db/examples/"
    return path[path.index(marker):] if marker in path else f"torch._export.db.examples ({type(model).__module__})"


def upstream_case(name: str, example: Any) -> Json:
    """One upstream example as a normalized case."""
    support = example.support_level.name
    description = " ".join((example.description or name).split())
    tags = ["upstream-exportdb"] + sorted({TAG_MAP[t] for t in example.tags if t in TAG_MAP}) + ["strict", "non-strict"]
    if support != "SUPPORTED":
        tags.insert(1, "export-failure")
    return {
        "name": f"{SUITE}/{name}",
        "file": _source_file(example.model),
        "description": f"Upstream ExportDB {name} ({support}): {description}",
        "tags": tags,
        "suite": SUITE,
        "support_level": support,
        "model": {"module": "exportdb.upstream", "class": "Upstream", "kwargs": {"name": name}},
        "inputs": {"upstream_exportdb": name},
        "dynamic_shapes": {"mode": "upstream_exportdb", "name": name} if example.dynamic_shapes else None,
        "export": {"strict": [False, True], "ir": IRS, "decompositions": None},
        "replay": {"samples": 8, "seed": 0},
        "tolerance": {"atol": None, "rtol": None},
        "devices": ["cpu", "cuda"],
        "timeout_s": 120,
        "preload": [],
        "requires": [],
        "expect": expectations(name, support),
    }


def exportdb_upstream() -> list[Json]:
    from exportdb.upstream import examples

    return [upstream_case(name, example) for name, example in sorted(examples().items())]


SUITES: dict[str, Callable[[], list[Json]]] = {SUITE: exportdb_upstream}


def list_suite(request: Json) -> Json:
    name = request.get("suite")
    if name not in SUITES:
        raise ValueError(f"unknown suite {name!r} (known: {', '.join(sorted(SUITES))})")
    return {"ok": True, "suite": name, "torch": torch.__version__, "cases": SUITES[name]()}


HANDLERS = {"list_suite": list_suite}
