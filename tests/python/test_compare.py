"""compare.py: each kind of difference, named by its output path."""

import dataclasses

import pytest
import torch

from exporter import compare as compare_module
from exporter.baseline import resolve_tolerances
from exporter.compare import summarize, tolerance_for
from exporter.protocol import Tolerances

# What the harness sends for a case without a tolerance override.
DEFAULTS = resolve_tolerances(None)


def compare(actual, expected, tolerances: Tolerances = DEFAULTS, path: str = "output"):
    return compare_module.compare(actual, expected, tolerances, path)


def compare_flat(actual, expected, out_spec, devices, tolerances: Tolerances = DEFAULTS):
    return compare_module.compare_flat(actual, expected, out_spec, devices, tolerances)


def test_equal_trees_match():
    out = (torch.ones(2), {"x": [torch.zeros(3), 4, 2.5, None, True]})
    assert compare(out, (torch.ones(2), {"x": [torch.zeros(3), 4, 2.5, None, True]})) is None


def test_nan_equals_nan_and_inf_equals_inf():
    t = torch.tensor([1.0, float("nan"), float("inf")])
    assert compare(t.clone(), t) is None
    assert compare(float("nan"), float("nan")) is None


def test_count():
    assert compare((torch.ones(1),), (torch.ones(1), torch.ones(1))) == "output: 1 items != expected 2"


def test_type():
    assert compare([torch.ones(1)], (torch.ones(1),)) == "output: type list != expected tuple"
    assert compare((3,), (torch.ones(1),)) == "output[0]: type int != expected Tensor"
    assert compare(torch.ones(1), 3) == "output: type Tensor != expected int"


def test_shape_message_matches_the_protocol_example():
    msg = compare((torch.ones(1), torch.ones(4, 8)), (torch.ones(1), torch.ones(4, 9)))
    assert msg == "output[1]: shape (4, 8) != expected (4, 9)"


def test_dtype():
    assert compare(torch.ones(2, dtype=torch.float64), torch.ones(2)) == "output: dtype float64 != expected float32"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_device():
    assert compare(torch.ones(2, device="cuda"), torch.ones(2)) == "output: device cuda:0 != expected cpu"


def test_device_without_cuda():
    assert compare(torch.ones(2, device="meta"), torch.ones(2)) == "output: device meta != expected cpu"


def test_values_name_the_path_and_give_errors_and_summaries():
    expected = [0, {"x": torch.tensor([1.0, 2.0, 4.0])}]
    actual = [0, {"x": torch.tensor([1.0, 2.5, 4.0])}]
    msg = compare(actual, expected)
    assert msg.startswith("output[1]['x']: values differ: max abs error 0.5 (atol 1e-05), max rel error 0.25 (rtol 1.3e-06)")
    assert "1/3 elements mismatched" in msg
    assert "actual min 1 max 4 mean 2.5" in msg and "expected min 1 max 4 mean 2.33333" in msg


def test_nan_against_a_number_is_a_mismatch():
    msg = compare(torch.tensor([float("nan"), 1.0]), torch.tensor([0.0, 1.0]))
    assert "max abs error inf" in msg and "nan 1" in msg


def test_keys():
    msg = compare({"a": torch.ones(1), "c": 1}, {"a": torch.ones(1), "b": 1})
    assert msg == "output: keys differ: missing ['b'], unexpected ['c']"


def test_dataclass_fields_are_paths():
    @dataclasses.dataclass
    class P:
        x: torch.Tensor

    assert compare(P(torch.ones(2)), P(torch.ones(3))) == "output.x: shape (2,) != expected (3,)"


def test_scalars():
    assert compare(3, 4) == "output: 3 != expected 4"
    assert compare(1.0, 1.0 + 1e-9) is None
    assert compare(1.0, 1.5).startswith("output: 1.0 != expected 1.5")


def test_case_tolerances_override_defaults():
    a, e = torch.tensor([1.0]), torch.tensor([1.01])
    assert compare(a, e) is not None
    assert compare(a, e, resolve_tolerances({"atol": 0.02, "rtol": 0})) is None
    assert compare(a, e, resolve_tolerances({"atol": None, "rtol": 0.02})) is None  # atol keeps its float32 default
    assert tolerance_for(resolve_tolerances({"atol": None, "rtol": 0.5}), torch.float32) == (1e-5, 0.5)
    assert tolerance_for(DEFAULTS, torch.int64) == (0.0, 0.0)


def test_compare_uses_the_sent_tolerances_not_a_table_of_its_own():
    # Looser than float32's default: passes only if the sent entry is used.
    a, e = torch.tensor([1.0]), torch.tensor([1.01])
    loose: Tolerances = {**DEFAULTS, "float32": {"atol": 0.02, "rtol": 0.0}}
    assert compare(a, e) is not None
    assert compare(a, e, loose) is None
    # Tighter than the default: 1e-6 apart passes float32's default atol 1e-5, not a sent 0/0.
    near = torch.tensor([1.0 + 1e-6])
    assert compare(near, torch.tensor([1.0])) is None
    exact: Tolerances = {**DEFAULTS, "float32": {"atol": 0.0, "rtol": 0.0}}
    msg = compare(near, torch.tensor([1.0]), exact)
    assert msg is not None and "(atol 0)" in msg and "(rtol 0)" in msg
    # The message names the tolerance it used.
    odd: Tolerances = {**DEFAULTS, "float32": {"atol": 0.00123, "rtol": 0.0456}}
    assert "(atol 0.00123)" in compare(a * 2, e, odd) and "(rtol 0.0456)" in compare(a * 2, e, odd)
    # Python floats use the float32 entry; dtypes without an entry use "default".
    assert compare(1.0, 1.01, loose) is None and compare(1.0, 1.01) is not None
    assert compare(torch.tensor([10]), torch.tensor([11]), {"default": {"atol": 1.0, "rtol": 0.0}}) is None
    assert compare_flat((a,), [e], "", None, loose) is None and compare_flat((a,), [e], "", None) is not None


def test_tolerances_without_an_entry_for_the_dtype_are_an_error():
    with pytest.raises(ValueError, match="neither 'float32' nor 'default'"):
        compare(torch.tensor([1.0]), torch.tensor([1.0]), {"float64": {"atol": 0.0, "rtol": 0.0}})


def test_integer_and_bool_tensors_compare_exactly():
    assert compare(torch.tensor([1, 2]), torch.tensor([1, 2])) is None
    assert "values differ" in compare(torch.tensor([1, 3]), torch.tensor([1, 2]))
    assert "values differ" in compare(torch.tensor([True]), torch.tensor([False]))


def test_summary():
    assert summarize(torch.tensor([])) == "empty"
    assert summarize(torch.tensor([1, 3])) == "min 1 max 3 mean 2"


def test_flat_outputs_name_the_leaf_path():
    import torch.utils._pytree as pytree

    actual = (torch.ones(2), {"x": [torch.zeros(3), 4]})
    leaves, spec = pytree.tree_flatten(actual)
    out_spec = pytree.treespec_dumps(spec)
    assert compare_flat(actual, [torch.ones(2), torch.zeros(3), 4], out_spec, ["cpu", "cpu", ""]) is None
    msg = compare_flat(actual, [torch.ones(2), torch.ones(3), 4], out_spec, ["cpu", "cpu", ""])
    assert msg is not None and msg.startswith("output[1]['x'][0]: values differ: max abs error 1 ")
    assert compare_flat(actual, [torch.ones(2), torch.zeros(3), 5], out_spec, None) == "output[1]['x'][1]: 4 != expected 5"
    assert compare_flat(actual, [torch.ones(2), torch.zeros(3), 4], out_spec, ["cuda:0", "cpu", ""]) == \
        "output[0]: device cpu != expected cuda:0"
    other = pytree.treespec_dumps(pytree.tree_flatten([torch.ones(2), {"x": [torch.zeros(3), 4]}])[1])
    assert compare_flat(actual, leaves, other, None).startswith("output: structure ")
    assert compare_flat(actual, leaves[:2], "", None) == "output: 3 leaves != expected 2"
    assert compare_flat(actual, [torch.ones(2), torch.zeros(3, dtype=torch.float64), 4], out_spec, None) == \
        "output[1]['x'][0]: dtype float32 != expected float64"
    nan = torch.tensor([float("nan")])
    assert compare_flat(nan.clone(), [nan], "", None) is None
