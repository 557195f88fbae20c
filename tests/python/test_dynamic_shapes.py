"""dynamic_shapes.py: specs -> torch.export objects, and what export makes of them."""

import pytest
import torch
from torch.export import AdditionalInputs, Dim, ShapesCollection

from exporter.dynamic_shapes import build_dim, build_dims, build_dynamic_shapes
from exporter.export_case import prepare
from exportdb import seed_examples as seed
from seed_cases import SEED_CASES, dim, hint, tensor

INF = float("inf")


def ranges(ep: torch.export.ExportedProgram) -> list[tuple[int, float]]:
    """range_constraints as sorted (lower, upper) pairs, symbol names aside."""
    return sorted((int(r.lower), float(r.upper)) for r in ep.range_constraints.values())


def export_case_spec(name: str, strict: bool = False) -> torch.export.ExportedProgram:
    case = SEED_CASES[name]
    p = prepare(case)
    ds = build_dynamic_shapes(case["dynamic_shapes"], p.model, case["inputs"], *p.inputs, p.extra)
    return torch.export.export(p.model, *p.inputs, dynamic_shapes=ds, strict=strict)


def test_named_dims_carry_their_bounds():
    dims = build_dims({"batch": {"min": 2, "max": 1024}, "dh": {"max": 512}, "free": {}})
    assert all(isinstance(d, Dim) for d in dims.values())
    assert (dims["batch"].__name__, dims["batch"].min, dims["batch"].max) == ("batch", 2, 1024)
    assert dims["dh"].max == 512 and dims["free"].min == 0


def test_derived_dims():
    dims = build_dims({"dx": {"min": 4, "max": 256}})
    twice = build_dim(dim("dx", mul=2), dims)
    assert twice.root is dims["dx"] and twice.__name__ == "2*dx" and twice.fn(5) == 10
    assert build_dim(dim("dx", add=1), dims).fn(5) == 6
    assert build_dim(dim("dx", mul=2, add=-1), dims).fn(5) == 9
    assert build_dim(dim("dx"), dims) is dims["dx"]  # 1*dx + 0 stays the root


def test_hints():
    assert build_dim(hint("auto"), {}) is Dim.AUTO
    assert build_dim(hint("dynamic"), {}) is Dim.DYNAMIC
    assert build_dim(hint("static"), {}) is Dim.STATIC
    bounded = build_dim(hint("dynamic", 2, 64), {})
    assert (bounded.type, bounded.min, bounded.max) == (Dim.DYNAMIC.type, 2, 64)
    assert build_dim(hint("auto", None, 8), {}).type == Dim.AUTO.type
    assert build_dim(None, {}) is None


@pytest.mark.parametrize("spec, match", [
    (dim("nope"), "not declared"), (hint("maybe"), "unknown dim hint"),
    (hint("static", 1, 2), "no min/max"), ({"size": 3}, "needs 'dim' or 'hint'"),
])
def test_bad_dims_raise(spec, match):
    with pytest.raises(ValueError, match=match):
        build_dim(spec, {})


def test_positional_shapes_without_kwargs_are_a_tuple():
    case = SEED_CASES["seed_two_branches_dynamic"]
    ds = build_dynamic_shapes(case["dynamic_shapes"], seed.TwoBranches(), case["inputs"], (), {}, [])
    assert isinstance(ds, tuple) and ds[0][0] is ds[1][0] and ds[0][0].__name__ == "batch"


def test_positional_shapes_are_bound_to_parameter_names_with_kwargs():
    case = SEED_CASES["seed_conv_kwargs_dynamic"]
    ds = build_dynamic_shapes(case["dynamic_shapes"], seed.ConvKwargs(), case["inputs"], (), {}, [])
    assert list(ds) == ["x", "constant"] and ds["x"][0] is ds["constant"][0]


def test_missing_positional_shapes_default_to_static():
    spec = {"mode": "dims", "dims": {"b": {}}, "args": [{"0": dim("b")}]}
    inputs = {"args": [tensor(4, 3), tensor(4, 3)], "kwargs": {}}
    ds = build_dynamic_shapes(spec, seed.SinCos(), inputs, (), {}, [])
    assert ds[1] is None


def test_dataclass_shapes_are_listed_in_field_order():
    spec = {"mode": "dims", "dims": {"n": {}}, "args": [{"t": {"0": dim("n")}}]}
    inputs = SEED_CASES["seed_additional_inputs"]["inputs"]
    ds = build_dynamic_shapes(spec, seed.DataclassInput(), inputs, (), {}, [])
    assert ds[0][:3] == [None, None, None] and ds[0][3][0].__name__ == "n"


def test_dims_mode_exports_with_the_declared_ranges():
    spec = {"mode": "dims", "dims": {"batch": {"min": 2, "max": 1024}},
            "args": [{"0": dim("batch")}, {"0": dim("batch")}]}
    case = {**SEED_CASES["seed_two_branches_dynamic"], "dynamic_shapes": spec}
    p = prepare(case)
    ds = build_dynamic_shapes(spec, p.model, case["inputs"], *p.inputs, [])
    ep = torch.export.export(p.model, *p.inputs, dynamic_shapes=ds)
    assert ranges(ep) == [(2, 1024)]


def test_derived_dims_export_to_related_ranges():
    ep = export_case_spec("seed_dim_relation")
    # dx in [4, 256], 2*dx in [8, 512], dh in [0, 512]
    assert ranges(ep) == [(0, 512), (4, 256), (8, 512)]


def test_dim_hints_export_as_dynamic():
    ep = export_case_spec("seed_dim_hints_dynamic")
    # x.shape[0] == y.shape[0] is inferred: one symbol for N, one for M
    assert ranges(ep) == [(2, INF), (2, INF)]
    # N takes y's hint bounds; x's dim 1 (auto) is free to vary; y's dim 1 is static
    ep = export_case_spec("seed_dim_hints_auto")
    assert ranges(ep) == [(2, 64), (2, INF)]


def test_shapes_collection():
    case = SEED_CASES["seed_shapes_collection"]
    p = prepare(case)
    sc = build_dynamic_shapes(case["dynamic_shapes"], p.model, case["inputs"], *p.inputs, [])
    assert isinstance(sc, ShapesCollection)
    inp = sc.dynamic_shapes(p.model, *p.inputs)["inp"]
    assert inp["x"][0].__name__ == "dim" and inp["x"][1].__name__ == "dim + 1"
    assert inp["others"][0][0].__name__ == "2*dim" and inp["others"][1] is None
    ep = torch.export.export(p.model, *p.inputs, dynamic_shapes=sc)
    assert ranges(ep) == [(0, INF), (0, INF), (1, INF)]  # dim, 2*dim, dim + 1


def test_shapes_collection_path_errors():
    spec = {"mode": "shapes_collection", "dims": {}, "entries": [{"path": ["args", 0, "y"], "shape": {}}]}
    args = ({"x": torch.ones(2)},)
    with pytest.raises(ValueError, match="fails at 'y'"):
        build_dynamic_shapes(spec, seed.NestedInputs(), {}, args, {}, [])
    spec["entries"][0]["path"] = ["inputs", 0]
    with pytest.raises(ValueError, match="starts with 'args' or 'kwargs'"):
        build_dynamic_shapes(spec, seed.NestedInputs(), {}, args, {}, [])


def test_additional_inputs_infer_what_varies():
    case = SEED_CASES["seed_additional_inputs"]
    p = prepare(case)
    assert len(p.extra) == 1 and p.extra[0][0][0].i == 4 and p.extra[0][0][0].t.shape == (4,)
    ai = build_dynamic_shapes(case["dynamic_shapes"], p.model, case["inputs"], *p.inputs, p.extra)
    assert isinstance(ai, AdditionalInputs)
    (d_shapes,) = ai.dynamic_shapes(p.model, p.inputs[0]).values()
    b, i, f, t = d_shapes
    assert b is None and f is None and i is Dim.DYNAMIC and t == (Dim.DYNAMIC,)
    ep = torch.export.export(p.model, *p.inputs, dynamic_shapes=ai)
    assert len(ep.range_constraints) == 2  # the int field and the tensor length


def test_unknown_mode_raises():
    with pytest.raises(ValueError, match="unknown dynamic_shapes mode"):
        build_dynamic_shapes({"mode": "guess"}, seed.SinCos(), {}, (), {}, [])
