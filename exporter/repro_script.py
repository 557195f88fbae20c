"""The text of a standalone repro script (`exportcheck repro`, exporter/repro.py).

One template: a header that says what is reproduced, the model import,
the export call, and one `check()` per stage kind, which returns the exit
status: 1 when the mismatch reproduces (printed), 0 when torch does what it
should, 2 when the script cannot reach its check (export fails in a replay
repro, eager raises). The script needs torch only, plus the files written
beside it (inputs.pt and copied model modules).
"""

from string import Template

HEADER = Template('''\
#!/usr/bin/env python3
"""Standalone repro: exportcheck case ${case}, stage ${stage} (${mode}, ${ir} IR).

${summary}

Needs only torch (written with torch ${torch_version}); ${model_note}
Run: python repro.py. Exit 1: the mismatch reproduces (printed).
Exit 0: torch behaves as it should (the bug is fixed). Exit 2: the script
could not reach its check (see the message).
"""

import copy
import os
import sys
import tempfile

import torch
import torch.utils._pytree as pytree
from torch.export import AdditionalInputs, Dim, ShapesCollection  # noqa: F401  (whichever the case uses)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # python -I leaves the script's folder off sys.path; the model modules live here
${model_import}

STAGE = ${stage_repr}
DEVICE = ${device_repr}
STRICT = ${strict}
# dtype -> (atol, rtol): torch.testing.assert_close's defaults with the case's override
# (exportcheck's tolerance table); Python floats use float32's.
TOLERANCES = ${tolerances}


def build_model():
    torch.manual_seed(${seed})  # exportcheck seeds before construction: same weights every run
    return ${model_call}


def load_inputs():
    # Written by exportcheck beside this file: {"args", "kwargs", "additional", "sample"}.
    # weights_only=False: inputs may be dataclasses from the copied model modules.
    return torch.load(os.path.join(HERE, "inputs.pt"), weights_only=False)


def export(model, args, kwargs, additional):
${dynamic_shapes}
    ep = torch.export.export(model, args, kwargs, dynamic_shapes=dynamic_shapes, strict=STRICT)${derive}
    return ep
''')

HELPERS = '''

def save_load(ep):
    """torch.export.save + torch.export.load, as a user ships a program."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "program.pt2")
        torch.export.save(ep, path)
        return torch.export.load(path)


def to_device(tree):
    return pytree.tree_map(lambda x: x.to(DEVICE) if isinstance(x, torch.Tensor) else x, tree)


def shapes(tree):
    leaves = pytree.tree_leaves(tree)
    return ", ".join(str(tuple(x.shape)) for x in leaves if isinstance(x, torch.Tensor)) or "no tensors"


def tolerance(dtype):
    name = str(dtype).removeprefix("torch.")
    return TOLERANCES.get(name, TOLERANCES["default"])


def mismatch(actual, expected):
    """None when `actual` equals eager's `expected` within TOLERANCES, else what differs."""
    a_leaves, a_spec = pytree.tree_flatten(actual)
    e_leaves, e_spec = pytree.tree_flatten(expected)
    if a_spec != e_spec:
        return f"output structure {a_spec} != eager {e_spec}"
    for i, (a, e) in enumerate(zip(a_leaves, e_leaves)):
        if isinstance(e, torch.Tensor):
            if not isinstance(a, torch.Tensor):
                return f"output leaf {i}: {type(a).__name__} != eager Tensor"
            atol, rtol = tolerance(e.dtype)
            try:
                torch.testing.assert_close(a, e, atol=atol, rtol=rtol, equal_nan=True)
            except AssertionError as err:
                return f"output leaf {i}: {err}"
        elif isinstance(e, float):
            atol, rtol = TOLERANCES["float32"]
            if not abs(float(a) - e) <= atol + rtol * abs(e):
                return f"output leaf {i}: {a!r} != eager {e!r}"
        elif a != e:
            return f"output leaf {i}: {a!r} != eager {e!r}"
    return None


def reach(what, step):
    """Run a step the check needs; its failure is not the repro's bug: exit 2."""
    try:
        return step()
    except Exception as e:
        print(f"ERROR: {what} raised {type(e).__name__}: {e}")
        sys.exit(2)


def exported(model, data):
    return reach("torch.export.export", lambda: export(copy.deepcopy(model), *copy.deepcopy(
        (data["args"], data["kwargs"], data["additional"]))))
'''

CHECKS = {
    "export": '''

def check(model, data):
    """The export stage: export, the IR's run_decompositions and torch.export.save must succeed."""
    try:
        ep = export(copy.deepcopy(model), data["args"], data["kwargs"], data["additional"])
        save_load(ep)
    except Exception as e:
        print(f"MISMATCH: exporting ({STAGE}) raised {type(e).__name__}: {e}")
        return 1
    print("OK: export, run_decompositions, save and load succeeded")
    return 0
''',
    "roundtrip": '''

def describe(ep):
    return "\\n".join([ep.graph_module.print_readable(print_output=False), str(ep.graph_signature),
                      str(ep.range_constraints)])


def check(model, data):
    """save -> load -> save -> load must keep the program, and the reloaded module must equal eager."""
    ep = exported(model, data)
    try:
        reloaded = save_load(ep)
        again = save_load(reloaded)
    except Exception as e:
        print(f"MISMATCH: torch.export.save/load raised {type(e).__name__}: {e}")
        return 1
    if describe(reloaded) != describe(again):
        print("MISMATCH: a second save/load changed the program")
        print("--- after one save/load\\n" + describe(reloaded) + "\\n--- after two\\n" + describe(again))
        return 1
    args, kwargs = copy.deepcopy((data["args"], data["kwargs"]))
    expected = reach("eager", lambda: copy.deepcopy(model)(*copy.deepcopy(args), **copy.deepcopy(kwargs)))
    try:
        actual = reloaded.module()(*args, **kwargs)
    except Exception as e:
        print(f"MISMATCH: the reloaded program's module() raised {type(e).__name__}: {e}")
        return 1
    problem = mismatch(actual, expected)
    if problem:
        print(f"MISMATCH: the reloaded program differs from eager: {problem}")
        return 1
    print("OK: the program survives save/load and its module() equals eager")
    return 0
''',
    "replay": '''

def check(model, data):
    """The saved and loaded program's module(), at the failing sample's sizes, must equal eager."""
    sample = data["sample"]
    ep = exported(model, data)
    loaded = reach("torch.export.save/load", lambda: save_load(ep))
    where = f"sample {sample['label']} (inputs {shapes((sample['args'], sample['kwargs']))})"
    eager_model = copy.deepcopy(model).to(DEVICE)
    expected = reach("eager", lambda: eager_model(*to_device(copy.deepcopy(sample["args"])),
                                                  **to_device(copy.deepcopy(sample["kwargs"]))))
    try:
        actual = loaded.module().to(DEVICE)(*to_device(copy.deepcopy(sample["args"])),
                                            **to_device(copy.deepcopy(sample["kwargs"])))
    except Exception as e:
        print(f"MISMATCH: {where}: ep.module() raised {type(e).__name__}: {e}")
        print(f"range_constraints: {ep.range_constraints}")
        return 1
    problem = mismatch(actual, expected)
    if problem:
        print(f"MISMATCH: {where}: ep.module() differs from eager: {problem}")
        return 1
    print(f"OK: {where}: ep.module() equals eager")
    return 0
''',
    "guards": '''

def check(model, data):
    """Inputs outside the exported ranges (the guard sample) must be refused by ep.module()."""
    sample = data["sample"]
    ep = exported(model, data)
    loaded = reach("torch.export.save/load", lambda: save_load(ep))
    where = f"{sample['label']} ({sample['detail']}; inputs {shapes((sample['args'], sample['kwargs']))})"
    try:
        loaded.module().to(DEVICE)(*to_device(sample["args"]), **to_device(sample["kwargs"]))
    except Exception as e:
        first_line = (str(e).splitlines() or [""])[0]
        print(f"OK: ep.module() refused {where}: {type(e).__name__}: {first_line}")
        return 0
    print(f"MISMATCH: ep.module() accepted {where}, outside the program's "
          f"range_constraints {ep.range_constraints}; it must raise")
    return 1
''',
}

MAIN = '''

def main():
    if DEVICE.startswith("cuda") and not torch.cuda.is_available():
        print(f"ERROR: {STAGE} needs CUDA, which this torch cannot use")
        return 2
    print(f"torch {torch.__version__}: {STAGE}")
    return check(build_model(), load_inputs())


if __name__ == "__main__":
    sys.exit(main())
'''


def script(kind: str, **fields: str) -> str:
    """The whole script for a stage kind (export | roundtrip | replay | guards)."""
    return HEADER.substitute(fields) + HELPERS + CHECKS[kind] + MAIN
