"""External suites: catalogs built at run time from installed packages, not from cases/.

    exportdb-upstream   PyTorch's ExportDB (below)
    opinfo              PyTorch's OpInfo operator database (exporter/opinfo_suite.py)
    torchvision, timm, hf   real architectures (exporter/model_suites.py)

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
core_aten, and carries the example's `support_level`. The cases carry no
expectations: the harness adds them from cases/suites/exportdb-upstream.yaml
(per support level, e.g. NOT_SUPPORTED_YET export is an xfail whose pass is a
finding, and per example, each with a reason; harness/catalog/suite_expectations.h).
Goldens are golden/exportdb-upstream/<name>/<ir>.ir, as for any case.
"""

import inspect
from typing import Any, Callable

import torch

from exporter.protocol import Json, ListSuiteRequest

SUITE = "exportdb-upstream"
IRS = ["training", "inference", "core_aten"]

# Upstream ExportDB tags -> our closed vocabulary (cases/tags.yaml); other tags are dropped.
TAG_MAP = {
    "torch.cond": "control-flow",
    "torch.map": "control-flow",
    "torch.dynamic-shape": "dynamic-shape",
    "torch.mutation": "mutation",
    "torch.dynamic-value": "data-dependent",
    "python.data-structure": "pytree",
}


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
    }


def exportdb_upstream() -> list[Json]:
    from exportdb.upstream import examples

    return [upstream_case(name, example) for name, example in sorted(examples().items())]


def opinfo() -> list[Json]:
    from exporter.opinfo_suite import opinfo_cases

    return opinfo_cases()


def opinfo_names() -> list[str] | None:
    from exporter.opinfo_suite import all_case_names, cheapest_only

    return all_case_names() if cheapest_only() else None


def model_suite(name: str) -> Callable[[], list[Json]]:
    def lister() -> list[Json]:
        from exporter import model_suites

        return {"torchvision": model_suites.torchvision_cases, "timm": model_suites.timm_cases,
                "hf": model_suites.hf_cases}[name]()

    return lister


SUITES: dict[str, Callable[[], list[Json]]] = {SUITE: exportdb_upstream, "opinfo": opinfo,
                                                **{name: model_suite(name) for name in ("torchvision", "timm", "hf")}}
# Every case name of a suite that can list a slice of itself (the reply's
# "names"; None when the listing is the whole suite): the harness then tells an
# expectation for an unlisted case from a typo.
ALL_NAMES: dict[str, Callable[[], list[str] | None]] = {"opinfo": opinfo_names}


def list_suite(request: ListSuiteRequest) -> Json:
    name = request.get("suite")
    if name not in SUITES:
        raise ValueError(f"unknown suite {name!r} (known: {', '.join(sorted(SUITES))})")
    reply: Json = {"ok": True, "suite": name, "torch": torch.__version__, "cases": SUITES[name]()}
    names = ALL_NAMES[name]() if name in ALL_NAMES else None
    if names is not None:
        reply["names"] = names
    return reply


HANDLERS = {"list_suite": list_suite}
