"""inputs.py: INPUT specs -> example inputs."""

import dataclasses

import pytest
import torch

from exporter.inputs import DTYPES, build_inputs, build_tensor, build_value, make_generator
from seed_cases import tensor


def build(spec, seed=0):
    return build_value(spec, make_generator(seed))


@pytest.mark.parametrize("dtype", list(DTYPES))
def test_every_dtype_gets_its_shape_and_dtype(dtype):
    t = build(tensor(2, 3, dtype=dtype))
    assert t.shape == (2, 3) and t.dtype == DTYPES[dtype]


def test_default_inits_follow_the_dtype():
    f = build(tensor(1000))
    assert f.min() < 0 < f.max()  # randn
    i = build(tensor(1000, dtype="int64"))
    assert int(i.min()) == 0 and int(i.max()) == 9  # randint 0..10, high exclusive
    b = build(tensor(1000, dtype="bool"))
    assert b.any() and not b.all()


def test_explicit_inits():
    assert torch.equal(build(tensor(2, 3, init="zeros")), torch.zeros(2, 3))
    assert torch.equal(build(tensor(2, 3, init="ones", dtype="int32")), torch.ones(2, 3, dtype=torch.int32))
    assert torch.equal(build(tensor(2, 3, init="arange")), torch.arange(6.0).reshape(2, 3))
    assert build(tensor(1000, init="positive")).min() >= 0.5
    r = build(tensor(1000, init="rand"))
    assert 0 <= r.min() and r.max() < 1
    ranged = build({**tensor(1000, init="rand"), "low": -3, "high": -2})
    assert -3 <= ranged.min() and ranged.max() < -2
    ints = build({**tensor(1000, dtype="int8", init="randint"), "low": -5, "high": 5})
    assert int(ints.min()) == -5 and int(ints.max()) == 4


def test_scalar_tensor_and_low_precision():
    assert build(tensor()).shape == ()
    half = build(tensor(4, dtype="bfloat16"))
    # drawn in float32 then cast: the same values as a float32 draw, rounded
    assert torch.equal(half, build(tensor(4)).to(torch.bfloat16))


def test_same_seed_same_inputs_different_seed_different_inputs():
    spec = {"args": [tensor(4, 4), tensor(3, dtype="int64")], "kwargs": {"k": tensor(2)}}
    a1, k1 = build_inputs(spec, make_generator(7))
    a2, k2 = build_inputs(spec, make_generator(7))
    a3, _ = build_inputs(spec, make_generator(8))
    assert all(torch.equal(x, y) for x, y in zip(a1, a2)) and torch.equal(k1["k"], k2["k"])
    assert not torch.equal(a1[0], a3[0])


def test_tensors_consume_one_stream_in_input_order():
    # args then kwargs draw from one generator: the kwarg equals a third positional draw.
    args, kwargs = build_inputs({"args": [tensor(3), tensor(3)], "kwargs": {"k": tensor(3)}}, make_generator(0))
    flat, _ = build_inputs({"args": [tensor(3), tensor(3), tensor(3)]}, make_generator(0))
    assert torch.equal(kwargs["k"], flat[2]) and not torch.equal(args[0], args[1])
    # deterministic inits do not consume the stream
    with_zeros, _ = build_inputs({"args": [tensor(3, init="zeros"), tensor(3)]}, make_generator(0))
    assert torch.equal(with_zeros[1], flat[0])


def test_nested_kinds():
    value = build({"kind": "dict", "items": {
        "b": {"kind": "list", "items": [tensor(2), {"kind": "none"}]},
        "a": {"kind": "tuple", "items": [{"kind": "int", "value": 3}, {"kind": "float", "value": 1.5},
                                         {"kind": "bool", "value": True}]},
    }})
    assert list(value) == ["b", "a"]  # keys keep their order
    assert isinstance(value["b"], list) and value["b"][1] is None and value["b"][0].shape == (2,)
    assert value["a"] == (3, 1.5, True) and type(value["a"][2]) is bool


def test_dataclass_input():
    from exportdb.types import D

    d = build({"kind": "dataclass", "type": "exportdb.types:D", "fields": {
        "b": {"kind": "bool", "value": False}, "i": {"kind": "int", "value": 4},
        "f": {"kind": "float", "value": 2.0}, "t": tensor(3, init="ones")}})
    assert isinstance(d, D) and dataclasses.astuple(d)[:3] == (False, 4, 2.0)
    assert torch.equal(d.t, torch.ones(3))


@pytest.mark.parametrize("spec, match", [
    (tensor(2, dtype="float8"), "unknown dtype"),
    (tensor(2, init="normal"), "unknown init"),
    (tensor(2, dtype="int32", init="randn"), "floating or complex"),
    ({"kind": "set"}, "unknown input kind"),
    ({"kind": "dataclass", "type": "exportdb.types", "fields": {}}, "module:Name"),
    ({"kind": "dataclass", "type": "torch.nn:Linear", "fields": {}}, "not a dataclass"),
])
def test_bad_specs_raise(spec, match):
    with pytest.raises((ValueError, TypeError), match=match):
        build(spec)


def test_build_tensor_is_on_cpu():
    assert build_tensor(tensor(2), make_generator(0)).device.type == "cpu"
