"""The suites torchvision, timm and hf: real architectures from installed packages.

    exportcheck run --suite torchvision | timm | hf      (exporter/suite.py lists them)

Each model is one case `<suite>/<model>/<lane>` with one lane, `dynamic`:

    torchvision   every classification model of `torchvision.models.list_models`,
                  and the segmentation and detection models; images 64x64
                  (larger where the architecture needs it, `TORCHVISION_SIZES`)
    timm          PyTorch's dynamo benchmark list (exportdb/zoo/timm_models.py)
                  as far as the installed timm has it; images at the smallest
                  size each model ran at (timm_models.SMALL_SIZES / IMG_SIZE),
                  else at the model's pretrained input size
    hf            exportdb/zoo/hf_models.py ARCHITECTURES: encoders, decoders,
                  encoder-decoders, vision and audio models from their config
                  classes at tiny sizes

Random initialisation, seeded by the exporter; nothing is downloaded
(`weights=None`, `pretrained=False`, configs built in code, HF_HUB_OFFLINE).
Dynamic shapes: a named `batch` Dim (min 2: torch specializes 1) on every
model; images get `Dim.AUTO` height and width within [size/2, size] (the
program shows what the architecture specializes), text models a named `seq`
(and `tgt` for decoder inputs), audio a named `time`, convolutional vision
models `Dim.AUTO` height and width (hf_models.DIM_BOUNDS has the bounds). Every case exports
non-strict at IR training and core_aten, strict at training (`strict_ir`),
and runs every stage.
Listing reads registries and configs only; no model is built. A suite whose
package is absent lists its models anyway where it can, each UNSUPPORTED by
`requires`; expectations per model: cases/suites/<suite>.yaml.
"""

from __future__ import annotations

from typing import Any

from exporter.protocol import Json

LANE = "dynamic"
IRS = ["training", "core_aten"]
# The strict program is derived at IR training only: its core_aten program took
# the most time of any (34 s of BartModel's 208 s) and the non-strict core_aten
# program already covers the decompositions. cases/suites/<suite>.yaml marks
# strict/core_aten UNSUPPORTED with that reason.
STRICT_IRS = ["training"]
BATCH = {"min": 2, "max": 4}
SAMPLES = 3  # each replay sample reloads real models: keep the suites within their budget
TIMEOUT_S = 600

# torchvision classification models that need more than 64x64 pixels, or a
# fixed size (maxvit's 7x7 window partitions), and keyword arguments that
# shrink a model's fixed input size (ViT's positional embedding).
TORCHVISION_SIZES = {"inception_v3": 96, "maxvit_t": 224, "vit_h_14": 56}
TORCHVISION_KWARGS: dict[str, dict[str, Any]] = {
    "vit_b_16": {"image_size": 64}, "vit_b_32": {"image_size": 64}, "vit_l_16": {"image_size": 64},
    "vit_l_32": {"image_size": 64}, "vit_h_14": {"image_size": 56},
}
TORCHVISION_DEFAULT_SIZE = 64
# Models whose export with Dim.AUTO height and width did not finish within
# TIMEOUT_S (shifted windows: the padding and attention masks of every stage
# as sympy expressions of H and W), each with why: their images keep a static
# size and only the batch is dynamic, so every other stage still runs. Swin-T
# exports in about a minute that way, MaxViT-T in 10 s (core_aten 95 s).
TORCHVISION_STATIC_SPATIAL = {
    **{name: "export with Dim.AUTO height and width took over 600 s (shifted-window padding and masks per stage)"
       for name in ("swin_t", "swin_s", "swin_b", "swin_v2_t", "swin_v2_s", "swin_v2_b")},
    "maxvit_t": "export with Dim.AUTO height and width took over 600 s (window and grid partitions per stage)",
}


def tensor(shape: list[int], dtype: str = "float32", init: str | None = None, high: int | None = None) -> Json:
    init = init or ("randn" if dtype.startswith("float") else "randint")
    return {"kind": "tensor", "shape": shape, "dtype": dtype, "init": init,
            "low": 0 if high is not None else None, "high": high}


def image_shapes(size: int, spatial: bool = True) -> Json:
    """batch named; height and width Dim.AUTO within [size/2, size], or static (`spatial` False)."""
    if not spatial:
        return {"0": {"dim": "batch"}}
    auto = {"hint": "auto", "min": max(size // 2, 1), "max": size}
    return {"0": {"dim": "batch"}, "2": auto, "3": auto}


def model_case(suite: str, model: str, *, module: str, cls: str, kwargs: Json, args: list[Json],
               shapes: list[Json], dims: Json, requires: list[str], description: str, tags: list[str]) -> Json:
    """One model of a suite as a normalized case (exporter/PROTOCOL.md)."""
    return {
        "name": f"{suite}/{model}/{LANE}",
        "file": f"exportdb/zoo/{module.rsplit('.', 1)[-1]}.py",
        "description": description,
        "tags": ["model-family", "dynamic-shape", "dim.named", "strict", "non-strict", *tags],
        "suite": suite,
        "model": {"module": module, "class": cls, "kwargs": kwargs},
        "inputs": {"args": args, "kwargs": {}},
        "dynamic_shapes": {"mode": "dims", "dims": dims, "args": shapes, "kwargs": {}},
        "export": {"strict": [False, True], "ir": IRS, "strict_ir": STRICT_IRS, "decompositions": None},
        "replay": {"samples": SAMPLES, "seed": 0},
        "tolerance": {"atol": None, "rtol": None},
        "devices": ["cpu", "cuda"],
        "timeout_s": TIMEOUT_S,
        "preload": [],
        "requires": requires,
    }


def torchvision_cases() -> list[Json]:
    from exportdb.zoo.torchvision_models import list_names

    cases = []
    for kind, names in list_names().items():
        for name in names:
            size = TORCHVISION_SIZES.get(name, TORCHVISION_DEFAULT_SIZE)
            kwargs: Json = {"name": name, **({"kind": kind} if kind != "classification" else {})}
            kwargs.update(TORCHVISION_KWARGS.get(name, {}))
            static = TORCHVISION_STATIC_SPATIAL.get(name)
            spatial = f"static height and width ({static})" if static else "Dim.AUTO height and width"
            cases.append(model_case(
                "torchvision", name, module="exportdb.zoo.torchvision_models", cls="TorchvisionModel",
                kwargs=kwargs, args=[tensor([2, 3, size, size])], shapes=[image_shapes(size, spatial=not static)],
                dims={"batch": BATCH}, requires=["torchvision"], tags=["nn.conv"],
                description=f"torchvision {kind} model {name} (random weights), images {size}x{size}, "
                            f"dynamic batch, {spatial}"))
    return cases


def timm_cases() -> list[Json]:
    from exportdb.zoo.timm_models import available

    return [model_case(
        "timm", name, module="exportdb.zoo.timm_models", cls="TimmModel", kwargs={"name": name},
        args=[tensor([2, 3, size, size])], shapes=[image_shapes(size)], dims={"batch": BATCH},
        requires=["timm"], tags=["nn.conv"],
        description=f"timm {name} (PyTorch's dynamo benchmark list; random weights), images {size}x{size}, "
                    "dynamic batch, Dim.AUTO height and width") for name, size in available()]


def hf_cases() -> list[Json]:
    import importlib.util

    from exportdb.zoo import hf_models

    if importlib.util.find_spec("transformers") is None:
        return []
    cases = []
    for arch in hf_models.ARCHITECTURES:
        specs = hf_models.example_inputs(arch.model)
        args = [tensor(list(s.shape), s.dtype, s.init, s.high) for s in specs]
        auto = {"hint": "auto", "min": None, "max": None}
        shapes = [{str(d): auto if name == "auto" else {"dim": name} for d, name in s.dynamic.items()} for s in specs]
        names = sorted({name for s in specs for name in s.dynamic.values() if name != "auto"})
        dims = {name: dict(zip(("min", "max"), hf_models.DIM_BOUNDS[name])) for name in names}
        cases.append(model_case(
            "hf", arch.model, module="exportdb.zoo.hf_models", cls="HFModel", kwargs={"name": arch.model},
            args=args, shapes=shapes, dims=dims, requires=["transformers"],
            tags=["nn.attention"] if arch.kind not in ("conv_vision",) else ["nn.conv"],
            description=f"Hugging Face {arch.model} ({arch.kind}; tiny config, random weights): "
                        f"{', '.join(s.name for s in specs)}, dynamic {', '.join(names)}"
                        + (", Dim.AUTO height and width" if arch.kind == "conv_vision" else "")))
    return cases
