"""The suite `opinfo`: every OpInfo of the installed torch's op_db, one case per lane.

    exportcheck run --suite opinfo            (exporter/suite.py lists it)

An OpInfo (`torch.testing._internal.common_methods_invocations.op_db`) is one
public operator with generated samples. Its KEY is `name` or
`name.variant_test_name` (upstream has entries that share a name). Each of
the first K samples (EXPORTCHECK_OPINFO_SAMPLES, default 1; drawn after
torch.manual_seed(0)) gives these lanes, each a case `opinfo/<KEY>/<lane>`:

    <primary>            static shapes, at the primary dtype (float32, else the
                         first the op supports; exportdb/opinfo.py PRIMARY_ORDER)
    <primary>-dynamic    Dim.AUTO on every dimension of every tensor input, so the
                         program shows what the operator specializes; replayed at
                         sizes the sampler draws from the program's own ranges.
                         Sample 0's dynamic lane takes the first sample with a
                         dimension >= 2 (sample 0 is often a scalar)
    <extra>              static shapes at one more dtype the op supports (an
                         integer, bool or half type; EXTRA_ORDER)

Sample k > 0 appends `-s<k>` to the lane. EXPORTCHECK_OPINFO_LANES=cheapest
lists one lane per OpInfo instead, the cheapest to run (the <extra> lane:
non-strict only; else <primary>), sample 0: the slice scripts/test runs. Every lane exports non-strict at
IR training and core_aten; the primary static lane of sample 0 also exports
strict (the subset where strict runs: one program per operator, TorchDynamo
tracing the operator call itself).

Listing is cheap on purpose (op_db metadata only, no sample is drawn): the
export worker draws the sample, and there a sample eager rejects, a sparse
sample or a non-tensor output makes the case UNSUPPORTED with the message
(exporter/errors.py CaseUnsupported), and a random op is compared on shape,
dtype and device only (the replay's PASS message says why). Expectations per
op and lane: cases/suites/opinfo.yaml (`scripts/suite-expectations`
regenerates it from a run, keeping the reasons already written).
"""

from __future__ import annotations

import os
import warnings
from typing import Any

from exporter.protocol import Json

SUITE = "opinfo"
IRS = ["training", "core_aten"]
SAMPLES_ENV = "EXPORTCHECK_OPINFO_SAMPLES"
LANES_ENV = "EXPORTCHECK_OPINFO_LANES"
DEFAULT_SAMPLES = 1
SEED = 0


def sample_count() -> int:
    raw = os.environ.get(SAMPLES_ENV, "")
    if not raw:
        return DEFAULT_SAMPLES
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{SAMPLES_ENV}={raw!r}: expected a positive number of samples per OpInfo")
    return int(raw)


def cheapest_only() -> bool:
    raw = os.environ.get(LANES_ENV, "all")
    if raw not in ("all", "cheapest"):
        raise ValueError(f"{LANES_ENV}={raw!r}: expected all or cheapest")
    return raw == "cheapest"


def lane_case(key: str, dtype: str, index: int, dynamic: bool, strict: bool) -> Json:
    """One lane of sample `index` as a normalized case (exporter/PROTOCOL.md)."""
    from exportdb.opinfo import FIRST_DYNAMIC

    lane = dtype + ("-dynamic" if dynamic else "") + (f"-s{index}" if index else "")
    sample: int | str = FIRST_DYNAMIC if dynamic and index == 0 else index
    spec = {"op": key, "dtype": dtype, "sample": sample, "seed": SEED}
    tags = ["opinfo", "non-strict"] + (["strict"] if strict else []) + (["dynamic-shape", "dim.hint"] if dynamic else [])
    shapes = "Dim.AUTO on every dimension" if dynamic else "static shapes"
    which = "the first sample with a dimension >= 2" if sample == FIRST_DYNAMIC else f"sample {index}"
    return {
        "name": f"{SUITE}/{key}/{lane}",
        "file": "torch/testing/_internal/common_methods_invocations.py",
        "description": f"OpInfo {key}, {which} at {dtype}, {shapes}",
        "tags": tags,
        "suite": SUITE,
        "model": {"module": "exportdb.opinfo", "class": "OpInfoModel", "kwargs": spec},
        "inputs": {"opinfo": spec},
        "dynamic_shapes": {"mode": "opinfo_auto"} if dynamic else None,
        "export": {"strict": [False, True] if strict else [False], "ir": IRS, "decompositions": None},
        "replay": {"samples": 8, "seed": SEED},
        "tolerance": {"atol": None, "rtol": None},
        "devices": ["cpu", "cuda"],
        "timeout_s": 120,
        "preload": [],
        "requires": [],
    }


def op_cases(key: str, op: Any, samples: int, every_lane: bool = False) -> list[Json]:
    """Every lane of one OpInfo. An op that supports no lane dtype still gets one case
    (UNSUPPORTED when it runs), so that every OpInfo has a verdict."""
    from exportdb import opinfo

    dtypes = opinfo.lane_dtypes(op) or ["float32"]
    if cheapest_only() and not every_lane:
        return [lane_case(key, dtypes[-1], 0, dynamic=False, strict=len(dtypes) == 1)]
    cases = []
    for index in range(samples):
        cases.append(lane_case(key, dtypes[0], index, dynamic=False, strict=index == 0))
        cases.append(lane_case(key, dtypes[0], index, dynamic=True, strict=False))
        cases.extend(lane_case(key, extra, index, dynamic=False, strict=False) for extra in dtypes[1:])
    return cases


def all_case_names() -> list[str]:
    """The name of every case of the suite as listed without EXPORTCHECK_OPINFO_LANES."""
    from exportdb import opinfo

    samples = sample_count()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [case["name"] for key, op in sorted(opinfo.ops().items()) for case in op_cases(key, op, samples, every_lane=True)]


def opinfo_cases() -> list[Json]:
    from exportdb import opinfo

    samples = sample_count()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # op_db warns about deprecated ops as it is built
        return [case for key, op in sorted(opinfo.ops().items()) for case in op_cases(key, op, samples)]
