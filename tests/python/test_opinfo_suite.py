"""The suite opinfo (exporter/opinfo_suite.py, exportdb/opinfo.py): listing, the model
that wraps one OpInfo sample, what makes a case UNSUPPORTED, and random ops."""

from pathlib import Path
from typing import Any

import pytest
import torch

from exporter import export_case, suite
from exporter.compare import compare_flat
from exporter.errors import CaseUnsupported
from exporter.protocol import Json

pytest.importorskip("expecttest", reason="op_db needs the expecttest package (requirements.txt)")

from exportdb import opinfo  # noqa: E402  (after the importorskip)

TOLERANCES = {"default": {"atol": 0.0, "rtol": 0.0}, "float32": {"atol": 1e-5, "rtol": 1.3e-6}}


@pytest.fixture(scope="module")
def cases() -> dict[str, Json]:
    return {c["name"]: c for c in suite.list_suite({"suite": "opinfo"})["cases"]}


def test_every_opinfo_has_a_case_and_names_are_unique(cases: dict[str, Json]) -> None:
    from torch.testing._internal.common_methods_invocations import op_db

    listed = {c["model"]["kwargs"]["op"] for c in cases.values()}
    assert listed == {opinfo.op_key(op) for op in op_db}
    # Two upstream entries that share a name are told apart by variant_test_name.
    shared = [op for op in op_db if op.variant_test_name]
    assert shared and all(f"{op.name}.{op.variant_test_name}" in listed for op in shared)


def test_lanes_of_an_op_with_two_dtypes(cases: dict[str, Json]) -> None:
    lanes = {name.rsplit("/", 1)[1]: c for name, c in cases.items() if name.startswith("opinfo/add/")}
    assert sorted(lanes) == ["float32", "float32-dynamic", "int64"]
    assert lanes["float32"]["export"]["strict"] == [False, True], "strict on the primary static lane"
    assert lanes["int64"]["export"]["strict"] == [False]
    assert lanes["float32-dynamic"]["export"]["strict"] == [False]
    assert all(c["export"]["ir"] == ["training", "core_aten"] for c in lanes.values())
    assert lanes["float32-dynamic"]["dynamic_shapes"] == {"mode": "opinfo_auto"}
    assert lanes["float32-dynamic"]["model"]["kwargs"]["sample"] == opinfo.FIRST_DYNAMIC
    assert lanes["float32"]["dynamic_shapes"] is None
    assert lanes["int64"]["inputs"] == {"opinfo": {"op": "add", "dtype": "int64", "sample": 0, "seed": 0}}


def test_listing_draws_no_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> None:
        raise AssertionError("listing drew a sample")

    monkeypatch.setattr(opinfo, "_samples", refuse)
    assert len(suite.list_suite({"suite": "opinfo"})["cases"]) > 1000


def test_samples_per_op_is_settable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPORTCHECK_OPINFO_SAMPLES", "2")
    names = {c["name"] for c in suite.list_suite({"suite": "opinfo"})["cases"]}
    assert {"opinfo/add/float32-s1", "opinfo/add/float32-dynamic-s1", "opinfo/add/int64-s1"} <= names
    monkeypatch.setenv("EXPORTCHECK_OPINFO_SAMPLES", "zero")
    with pytest.raises(ValueError, match="EXPORTCHECK_OPINFO_SAMPLES='zero'"):
        suite.list_suite({"suite": "opinfo"})


def test_the_model_is_the_op_on_its_sample() -> None:
    key = "cat"  # SampleInput.input is a list of tensors: each is an input of the program
    model = opinfo.OpInfoModel(key, "float32", 0)
    tensors = opinfo.sample_tensors(key, "float32", 0)
    s = opinfo.sample(key, "float32", 0)
    assert len(tensors) >= 2
    with torch.random.fork_rng():
        torch.manual_seed(0)
        drawn = next(iter(opinfo.op_info(key).sample_inputs("cpu", torch.float32, requires_grad=False)))
    expected = opinfo.op_info(key).op(drawn.input, *drawn.args, **drawn.kwargs)
    assert torch.equal(model(*tensors), expected)
    assert len(s.leaves) > len(s.tensors), "non-tensor arguments (the dim) are constants of the module"


def test_dynamic_lane_takes_a_sample_with_a_dimension_of_two_or_more() -> None:
    index = opinfo.first_dynamic_sample("abs", "float32")
    assert any(size >= 2 for t in opinfo.sample("abs", "float32", index).tensors for size in t.shape)
    assert all(size < 2 for i in range(index) for t in opinfo.sample("abs", "float32", i).tensors for size in t.shape)
    with pytest.raises(CaseUnsupported, match="nothing can stay dynamic"):
        opinfo.first_dynamic_sample("arange", "float32")  # a factory: no tensor input at all


class _FakeOp:
    """An OpInfo whose only sample eager rejects."""

    name, variant_test_name = "fake_rejecting", ""

    def supported_dtypes(self, device: str) -> set[torch.dtype]:
        return {torch.float32}

    def sample_inputs(self, device: str, dtype: torch.dtype, requires_grad: bool = False) -> Any:
        from torch.testing._internal.opinfo.core import SampleInput

        yield SampleInput(torch.ones(2, 3), torch.ones(4, 5))

    @staticmethod
    def op(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return a + b


def test_a_sample_eager_rejects_is_unsupported_with_eagers_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(opinfo.ops(), "fake_rejecting", _FakeOp())
    with pytest.raises(CaseUnsupported, match=r"eager rejects OpInfo fake_rejecting sample 0 \(float32\): RuntimeError: The size"):
        opinfo.OpInfoModel("fake_rejecting", "float32", 0)
    with pytest.raises(CaseUnsupported, match="does not support int64"):
        opinfo.OpInfoModel("fake_rejecting", "int64", 0)


def test_export_response_of_an_unsupported_case_says_so(cases: dict[str, Json], tmp_path: Path) -> None:
    response = export_case.export_case(cases["opinfo/arange/float32-dynamic"], tmp_path)
    assert response["setup"]["ok"] is False
    assert "nothing can stay dynamic" in response["setup"]["unsupported"]
    assert response["exports"] == []


def _bundle(case: Json, tmp_path: Path) -> Json:
    response = export_case.export_case(case, tmp_path)
    mode = response["exports"][0]
    assert mode["ok"], mode
    return torch.load(mode["bundle"], weights_only=False)


def test_random_program_is_compared_without_values(cases: dict[str, Json], tmp_path: Path) -> None:
    case = dict(cases["opinfo/bernoulli/float32"], export={"strict": [False], "ir": ["training"], "decompositions": None})
    bundle = _bundle(case, tmp_path / "bernoulli")
    assert "aten.bernoulli" in bundle["unchecked_values"] and "nondeterministic_seeded" in bundle["unchecked_values"]
    deterministic = dict(cases["opinfo/sin/float32"], export={"strict": [False], "ir": ["training"], "decompositions": None})
    assert _bundle(deterministic, tmp_path / "sin")["unchecked_values"] is None


def test_uninitialized_memory_is_compared_without_values() -> None:
    assert "uninitialized memory" in opinfo.OpInfoModel("empty_like", "float32", 0).exportcheck_unchecked_values
    assert opinfo.OpInfoModel("sin", "float32", 0).exportcheck_unchecked_values is None


def test_compare_without_values_still_checks_shape_and_dtype() -> None:
    expected = [torch.zeros(2, 3), 1.5]
    assert compare_flat([torch.ones(2, 3), 7.0], expected, "", None, TOLERANCES) is not None
    assert compare_flat([torch.ones(2, 3), 7.0], expected, "", None, TOLERANCES, values=False) is None
    assert "shape" in compare_flat([torch.ones(2, 4), 1.5], expected, "", None, TOLERANCES, values=False)
    assert "dtype" in compare_flat([torch.ones(2, 3, dtype=torch.float64), 1.5], expected, "", None, TOLERANCES, values=False)


def test_cheapest_lanes_touch_every_opinfo_once(cases: dict[str, Json], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPORTCHECK_OPINFO_LANES", "cheapest")
    reply = suite.list_suite({"suite": "opinfo"})
    slice_ = reply["cases"]
    assert reply["names"] == list(cases), "the slice names every case of the suite (expectations of the others are no typos)"
    ops = [c["model"]["kwargs"]["op"] for c in slice_]
    assert len(ops) == len(set(ops)) == len(opinfo.ops())
    for c in slice_:
        assert c == cases[c["name"]], f"{c['name']}: the slice's case is the full suite's, so its expectations apply"
    by_name = {c["name"] for c in slice_}
    assert "opinfo/add/int64" in by_name, "an op with a second dtype: that lane (non-strict only)"
    monkeypatch.setenv("EXPORTCHECK_OPINFO_LANES", "some")
    with pytest.raises(ValueError, match="expected all or cheapest"):
        suite.list_suite({"suite": "opinfo"})


class _FakeBrokenSamples(_FakeOp):
    """An OpInfo whose sample_inputs raises."""

    name = "fake_broken_samples"

    def sample_inputs(self, device: str, dtype: torch.dtype, requires_grad: bool = False) -> Any:
        raise RuntimeError("no samples today")


class _FakeStringOutput(_FakeOp):
    """An OpInfo whose output is not a tensor."""

    name = "fake_string_output"

    def sample_inputs(self, device: str, dtype: torch.dtype, requires_grad: bool = False) -> Any:
        from torch.testing._internal.opinfo.core import SampleInput

        yield SampleInput(torch.ones(2))

    @staticmethod
    def op(a: torch.Tensor) -> str:  # type: ignore[override]
        return "text"


def test_broken_samples_and_non_tensor_outputs_are_unsupported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(opinfo.ops(), "fake_broken_samples", _FakeBrokenSamples())
    monkeypatch.setitem(opinfo.ops(), "fake_string_output", _FakeStringOutput())
    with pytest.raises(CaseUnsupported, match=r"sample_inputs\(cpu, float32\) raised RuntimeError: no samples today"):
        opinfo.OpInfoModel("fake_broken_samples", "float32", 0)
    with pytest.raises(CaseUnsupported, match="returns str, not tensors or numbers"):
        opinfo.OpInfoModel("fake_string_output", "float32", 0)


def test_return_types_come_back_as_plain_tuples() -> None:
    # torch.export.save cannot serialize a program returning torch.return_types.max (pytree_return_types_out).
    key = "max.reduction_with_dim"
    s = opinfo.sample(key, "float32", 0)
    raw = opinfo.op_info(key).op(*pytree_unflatten(s))
    assert type(raw).__module__ == "torch.return_types"
    out = opinfo.OpInfoModel(key, "float32", 0)(*opinfo.sample_tensors(key, "float32", 0))
    assert type(out) is tuple and all(torch.equal(a, b) for a, b in zip(out, raw))


def pytree_unflatten(s: Any) -> list[Any]:
    import torch.utils._pytree as pytree

    inp, args, kwargs = pytree.tree_unflatten(s.leaves, s.spec)
    assert not kwargs
    return [inp, *args]


def test_dim_auto_lane_drops_sizes_its_program_guards_refuse(cases: dict[str, Json], tmp_path: Path) -> None:
    # chunk's Dim.AUTO program guards (1 + n) // 2 != 1, a relation range_constraints cannot express:
    # the sample at n=2 is inside the ranges but outside the program's domain, so it is dropped, not failed.
    case = dict(cases["opinfo/chunk/float32-dynamic"], export={"strict": [False], "ir": ["training"], "decompositions": None})
    dropped = _bundle(case, tmp_path)["dropped"]
    assert any("the program's guards refuse these sizes (Dim.AUTO relations)" in d["reason"] for d in dropped), dropped


def test_the_op_db_is_frozen_out_of_the_collectors_way_once_read():
    import gc

    from exportdb import opinfo

    opinfo.ops.cache_clear()
    gc.unfreeze()
    try:
        assert len(opinfo.ops()) > 100
        assert gc.get_freeze_count() > 10_000, "the OpInfos are frozen with the rest of the heap"
    finally:
        gc.unfreeze()  # pytest's own heap back in the collector's hands
