"""Normalized cases (PROTOCOL.md form) for every example on the torch.export page.

The catalog's YAML files are the source of truth for the harness; these are
the same cases written as the harness would send them, for pytest and hand
checks that run without the C++ side.
"""

from exporter.protocol import Json

SEED = "exportdb.seed_examples"
ALL_IR = ["training", "inference", "core_aten"]


def tensor(*shape: int, dtype: str = "float32", init: str | None = None) -> Json:
    return {"kind": "tensor", "shape": list(shape), "dtype": dtype, "init": init, "low": None, "high": None}


def dim(name: str, mul: int = 1, add: int = 0) -> Json:
    return {"dim": name, "mul": mul, "add": add}


def hint(kind: str, lo: int | None = None, hi: int | None = None) -> Json:
    return {"hint": kind, "min": lo, "max": hi}


def case(name: str, cls: str, args: list[Json], kwargs: Json | None = None, dynamic_shapes: Json | None = None,
         strict: list[bool] | None = None, ir: list[str] | None = None, decompositions: str | None = None,
         module: str = SEED, model_kwargs: Json | None = None, devices: list[str] | None = None) -> Json:
    return {
        "name": name,
        "file": f"cases/{name}.yaml",
        "model": {"module": module, "class": cls, "kwargs": model_kwargs or {}},
        "inputs": {"args": args, "kwargs": kwargs or {}},
        "dynamic_shapes": dynamic_shapes,
        "export": {"strict": [False, True] if strict is None else strict, "ir": ir or ALL_IR,
                   "decompositions": decompositions},
        "replay": {"samples": 8, "seed": 0},
        "tolerance": {"atol": None, "rtol": None},
        "devices": devices or ["cpu", "cuda"],
        "timeout_s": 300,
    }


SEED_CASES: dict[str, Json] = {c["name"]: c for c in [
    case("seed_sin_cos", "SinCos", [tensor(10, 10), tensor(10, 10)]),
    case("seed_conv_kwargs", "ConvKwargs", [tensor(1, 3, 64, 64)], {"constant": tensor(1, 16, 64, 64, init="ones")}),
    case("seed_conv_kwargs_dynamic", "ConvKwargs", [tensor(2, 3, 32, 32)], {"constant": tensor(2, 16, 32, 32, init="ones")},
         {"mode": "dims", "dims": {"batch": {"min": 1, "max": 8}},
          "args": [{"0": dim("batch")}], "kwargs": {"constant": {"0": dim("batch")}}}),
    case("seed_two_branches_static", "TwoBranches", [tensor(32, 64), tensor(32, 128)]),
    case("seed_two_branches_dynamic", "TwoBranches", [tensor(32, 64), tensor(32, 128)],
         dynamic_shapes={"mode": "dims", "dims": {"batch": {}},
                         "args": [{"0": dim("batch")}, {"0": dim("batch")}]}),
    case("seed_dim_relation", "DimRelation", [tensor(8, 3), tensor(16, 5)],
         dynamic_shapes={"mode": "dims", "dims": {"dx": {"min": 4, "max": 256}, "dh": {"max": 512}},
                         "args": [{"0": dim("dx")}, {"0": dim("dx", mul=2), "1": dim("dh")}]}),
    case("seed_dim_hints_dynamic", "DimHints", [tensor(8, 3), tensor(8, 5)],
         dynamic_shapes={"mode": "dims", "args": [{"0": hint("dynamic")}, {"0": hint("dynamic"), "1": hint("dynamic")}]}),
    case("seed_dim_hints_auto", "DimHints", [tensor(8, 3), tensor(8, 5)],
         dynamic_shapes={"mode": "dims", "args": [{"0": hint("auto"), "1": hint("auto")}, {"0": hint("dynamic", 2, 64), "1": hint("static")}]}),
    case("seed_shapes_collection", "NestedInputs",
         [{"kind": "dict", "items": {"x": tensor(3, 4, 8),
                                     "others": {"kind": "list", "items": [tensor(6), tensor(6)]}}}],
         dynamic_shapes={"mode": "shapes_collection", "dims": {"dim": {}},
                         "entries": [{"path": ["args", 0, "x"], "shape": {"0": dim("dim"), "1": dim("dim", add=1)}},
                                     {"path": ["args", 0, "others", 0], "shape": {"0": dim("dim", mul=2)}}]}),
    case("seed_additional_inputs", "DataclassInput",
         [{"kind": "dataclass", "type": "exportdb.types:D",
           "fields": {"b": {"kind": "bool", "value": True}, "i": {"kind": "int", "value": 3},
                      "f": {"kind": "float", "value": 3.0}, "t": tensor(3, init="ones")}}],
         dynamic_shapes={"mode": "additional_inputs", "inputs": [
             {"args": [{"kind": "dataclass", "type": "exportdb.types:D",
                        "fields": {"b": {"kind": "bool", "value": True}, "i": {"kind": "int", "value": 4},
                                   "f": {"kind": "float", "value": 3.0}, "t": tensor(4, init="ones")}}],
              "kwargs": {}}]}),
    case("seed_conv_bn", "ConvBN", [tensor(1, 1, 3, 3)], ir=["training", "inference", "core_aten", "custom"],
         decompositions="exportdb.seed_examples:double_conv_table"),
    case("seed_cond_on_size", "CondOnSize", [tensor(6, 3)],
         dynamic_shapes={"mode": "dims", "dims": {"n": {"min": 2, "max": 64}}, "args": [{"0": dim("n")}]}),
    case("seed_save_load", "MyModule", [tensor(5)]),
]}
