"""torchvision's models by registry name, randomly initialised (no weights, no download).

The suite torchvision (exporter/model_suites.py) lists every classification
model of `torchvision.models.list_models`, and the segmentation and detection
models; this module builds one. Classification models return logits,
segmentation models their dict of maps ({"out", "aux"}), detection models
their list of per-image dicts (eval mode: boxes, labels, scores).
"""

from __future__ import annotations

import torch

from exportdb.zoo import torchvision_ops
from exporter.errors import CaseUnsupported

# Which `torchvision.models` namespace a model comes from.
KINDS = ("classification", "segmentation", "detection")


def _namespace(kind: str):  # -> module
    import torchvision.models as models

    return {"classification": models, "segmentation": models.segmentation, "detection": models.detection}[kind]


def list_names() -> dict[str, list[str]]:
    """kind -> registry names; empty when torchvision is absent."""
    import importlib.util

    if importlib.util.find_spec("torchvision") is None:
        return {kind: [] for kind in KINDS}
    torchvision_ops.ensure_importable()
    from torchvision.models import list_models

    return {kind: sorted(list_models(module=_namespace(kind))) for kind in KINDS}


class TorchvisionModel(torch.nn.Module):
    """`torchvision.models.get_model(name, weights=None, **kwargs)` in eval mode."""

    def __init__(self, name: str, kind: str = "classification", **kwargs: object) -> None:
        super().__init__()
        torchvision_ops.ensure_importable()
        if kind == "detection" and torchvision_ops.OPS_MISSING:
            # Every detection model's postprocessing calls torchvision::nms (and the
            # R-CNNs roi_align): without the C++ operators eager itself cannot run.
            raise CaseUnsupported(f"{name} calls torchvision::nms, and {torchvision_ops.OPS_MISSING}")
        from torchvision.models import get_model

        if kind != "classification":
            kwargs.setdefault("weights_backbone", None)  # the default backbone weights are a download
        self.model = get_model(name, weights=None, **kwargs).eval()

    def forward(self, images: torch.Tensor):  # noqa: ANN201 (a tensor, a dict or a list of dicts)
        return self.model(images)
