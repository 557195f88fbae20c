"""Let PyPI's torchvision import beside the CPU build of torch.

PyPI's torchvision wheel is a CUDA build: its C++ extension (`_C.so`, the
operators `torchvision::nms`, `roi_align`, ...) links libc10_cuda.so and does
not load beside the CPU torch this project pins. torchvision then fails at
import, in `_meta_registrations.py`, registering fake kernels for operators
that were never defined ("operator torchvision::nms does not exist"), so not
even its pure-Python classification models can be built.

`ensure_importable()` tries the extension first; only when it cannot load
does it define the operators' schemas (as torchvision's C++ declares them, no
kernel), so the import succeeds, torchvision reports `_has_ops() == False`
and a model that calls one of these operators raises torchvision's own
"Couldn't load custom C++ ops" error: the suites turn that into UNSUPPORTED.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import torch

# torchvision's TORCH_LIBRARY_FRAGMENT declarations (csrc/ops/*.cpp, 0.28: the
# schema strings in its _C.so): every operator _meta_registrations.py touches.
SCHEMAS = [
    "nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor",
    "roi_align(Tensor input, Tensor rois, float spatial_scale, SymInt pooled_height, SymInt pooled_width, "
    "int sampling_ratio, bool aligned) -> Tensor",
    "_roi_align_backward(Tensor grad, Tensor rois, float spatial_scale, SymInt pooled_height, SymInt pooled_width, "
    "SymInt batch_size, SymInt channels, SymInt height, SymInt width, int sampling_ratio, bool aligned) -> Tensor",
    "ps_roi_align(Tensor input, Tensor rois, float spatial_scale, SymInt pooled_height, SymInt pooled_width, "
    "int sampling_ratio) -> (Tensor, Tensor)",
    "_ps_roi_align_backward(Tensor grad, Tensor rois, Tensor channel_mapping, float spatial_scale, "
    "SymInt pooled_height, SymInt pooled_width, int sampling_ratio, SymInt batch_size, SymInt channels, "
    "SymInt height, SymInt width) -> Tensor",
    "roi_pool(Tensor input, Tensor rois, float spatial_scale, SymInt pooled_height, SymInt pooled_width) "
    "-> (Tensor, Tensor)",
    "_roi_pool_backward(Tensor grad, Tensor rois, Tensor argmax, float spatial_scale, SymInt pooled_height, "
    "SymInt pooled_width, SymInt batch_size, SymInt channels, SymInt height, SymInt width) -> Tensor",
    "ps_roi_pool(Tensor input, Tensor rois, float spatial_scale, SymInt pooled_height, SymInt pooled_width) "
    "-> (Tensor, Tensor)",
    "_ps_roi_pool_backward(Tensor grad, Tensor rois, Tensor channel_mapping, float spatial_scale, "
    "SymInt pooled_height, SymInt pooled_width, SymInt batch_size, SymInt channels, SymInt height, "
    "SymInt width) -> Tensor",
    "deform_conv2d(Tensor input, Tensor weight, Tensor offset, Tensor mask, Tensor bias, SymInt stride_h, "
    "SymInt stride_w, SymInt pad_h, SymInt pad_w, SymInt dilation_h, SymInt dilation_w, SymInt groups, "
    "SymInt offset_groups, bool use_mask) -> Tensor",
    "_deform_conv2d_backward(Tensor grad, Tensor input, Tensor weight, Tensor offset, Tensor mask, Tensor bias, "
    "SymInt stride_h, SymInt stride_w, SymInt pad_h, SymInt pad_w, SymInt dilation_h, SymInt dilation_w, "
    "SymInt groups, SymInt offset_groups, bool use_mask) -> (Tensor, Tensor, Tensor, Tensor, Tensor)",
    "qnms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor",
    "qroi_align(Tensor input, Tensor rois, float input_scale, int input_zero_point, float rois_scale, "
    "int rois_zero_point, float spatial_scale, SymInt pooled_height, SymInt pooled_width, int sampling_ratio, "
    "bool aligned) -> Tensor",
    "box_iou_rotated(Tensor boxes1, Tensor boxes2) -> Tensor",
]

# Why the operators are missing, once known (None: the extension loaded, or not tried yet).
OPS_MISSING: str | None = None
_LIBRARY: torch.library.Library | None = None  # kept alive: dropping it undefines the schemas


def _extension_error() -> str | None:
    """None when torchvision's C++ extension loads here, else why not."""
    spec = importlib.util.find_spec("torchvision")
    if spec is None or not spec.origin:
        return "torchvision is not installed"
    library = next(Path(spec.origin).parent.glob("_C*.so"), None)
    if library is None:
        return "torchvision has no C++ extension (_C.so)"
    try:
        torch.ops.load_library(str(library))
    except OSError as e:
        return f"torchvision's C++ operators do not load beside torch {torch.__version__}: {e.__cause__ or e}"
    return None


def ensure_importable() -> None:
    """Make `import torchvision` work (idempotent); OPS_MISSING says what is absent."""
    global OPS_MISSING, _LIBRARY
    if _LIBRARY is not None or OPS_MISSING is not None:
        return
    error = _extension_error()
    if error is None:
        OPS_MISSING = None
        _LIBRARY = torch.library.Library("torchvision", "FRAGMENT")  # marks "done"; defines nothing
        return
    OPS_MISSING = error
    _LIBRARY = torch.library.Library("torchvision", "FRAGMENT")
    for schema in SCHEMAS:
        name = schema.split("(", 1)[0]
        if not torch._C._dispatch_has_kernel(f"torchvision::{name}") and not _defined(name):
            _LIBRARY.define(schema)


def _defined(name: str) -> bool:
    try:
        getattr(torch.ops.torchvision, name)
        return True
    except (AttributeError, RuntimeError):
        return False
