"""The suites torchvision, timm and hf (exporter/model_suites.py, exportdb/zoo/):
listing, the import shim for PyPI's torchvision, and that a run stays offline."""

import copy
import socket
from pathlib import Path
from typing import Any, Iterator

import pytest

from exporter import export_case, model_suites, suite
from exporter.errors import CaseUnsupported
from exporter.protocol import Json


def need(package: str) -> Any:
    """pytest.importorskip, after the shim that lets PyPI's torchvision import beside the CPU torch."""
    import importlib.util

    from exportdb.zoo import torchvision_ops

    if importlib.util.find_spec("torchvision") is not None:
        torchvision_ops.ensure_importable()
    return pytest.importorskip(package)


def listed(name: str) -> dict[str, Json]:
    return {c["name"]: c for c in suite.list_suite({"suite": name})["cases"]}


def test_hf_lists_every_family_at_tiny_sizes() -> None:
    need("transformers")
    from exportdb.zoo import hf_models

    cases = listed("hf")
    assert len(cases) >= 30
    kinds = {hf_models.BY_NAME[c["model"]["kwargs"]["name"]].kind for c in cases.values()}
    assert {"encoder", "decoder", "seq2seq", "vision", "audio"} <= kinds
    bert = cases["hf/BertModel/dynamic"]
    assert bert["requires"] == ["transformers"]
    assert [a["shape"] for a in bert["inputs"]["args"]] == [[2, 8], [2, 8]]
    assert bert["dynamic_shapes"]["args"][0] == {"0": {"dim": "batch"}, "1": {"dim": "seq"}}
    assert bert["dynamic_shapes"]["dims"]["batch"] == {"min": 2, "max": 4}, "batch 1 is specialized by torch"
    # Convolutional vision models leave height and width to Dim.AUTO; audio lengths start
    # where the feature encoder still leaves frames (shorter ones fail the model's own guards).
    convnext = cases["hf/ConvNextModel/dynamic"]["dynamic_shapes"]
    assert convnext["args"][0]["2"]["hint"] == "auto" and set(convnext["dims"]) == {"batch"}
    assert cases["hf/Wav2Vec2Model/dynamic"]["dynamic_shapes"]["dims"]["time"] == {"min": 800, "max": 3200}
    assert bert["export"] == {"strict": [False, True], "ir": ["training", "core_aten"], "strict_ir": ["training"],
                              "decompositions": None}


def test_torchvision_lists_every_classification_model() -> None:
    need("torchvision")
    from exportdb.zoo.torchvision_models import list_names

    names = list_names()
    cases = listed("torchvision")
    assert {f"torchvision/{n}/dynamic" for n in names["classification"]} <= set(cases)
    assert len(names["classification"]) >= 50 and names["detection"] and names["segmentation"]
    resnet = cases["torchvision/resnet18/dynamic"]
    assert resnet["model"]["kwargs"] == {"name": "resnet18"}
    assert resnet["dynamic_shapes"]["args"][0]["2"] == {"hint": "auto", "min": 32, "max": 64}
    # A fixed-size architecture gets its own size or a keyword that shrinks it.
    assert cases["torchvision/vit_b_16/dynamic"]["model"]["kwargs"] == {"name": "vit_b_16", "image_size": 64}
    assert cases["torchvision/maxvit_t/dynamic"]["inputs"]["args"][0]["shape"] == [2, 3, 224, 224]
    assert cases["torchvision/deeplabv3_resnet50/dynamic"]["model"]["kwargs"]["kind"] == "segmentation"
    # Swin keeps its image size static (Dim.AUTO height and width did not export in 600 s); batch stays dynamic.
    swin = cases["torchvision/swin_t/dynamic"]
    assert swin["dynamic_shapes"]["args"] == [{"0": {"dim": "batch"}}]
    assert "static height and width (export with Dim.AUTO" in swin["description"]
    assert set(model_suites.TORCHVISION_STATIC_SPATIAL) <= set(names["classification"])


def test_timm_takes_the_dynamo_list_the_installed_timm_has() -> None:
    timm = need("timm")
    from exportdb.zoo.timm_models import DYNAMO_LIST

    cases = listed("timm")
    assert len(cases) >= 50
    assert {c["model"]["kwargs"]["name"] for c in cases.values()} == {n for n in DYNAMO_LIST if timm.is_model(n)}
    # Small inputs: as built (a CNN at 64), built with img_size (a ViT), or the pretrained size.
    assert cases["timm/lcnet_050/dynamic"]["inputs"]["args"][0]["shape"] == [2, 3, 64, 64]
    assert cases["timm/lcnet_050/dynamic"]["model"]["kwargs"] == {"name": "lcnet_050"}
    assert cases["timm/vit_base_patch16_224/dynamic"]["inputs"]["args"][0]["shape"] == [2, 3, 64, 64]
    assert cases["timm/eca_halonext26ts/dynamic"]["inputs"]["args"][0]["shape"] == [2, 3, 256, 256]


def test_timm_sizes_name_listed_models_below_their_pretrained_size() -> None:
    need("timm")
    from exportdb.zoo import timm_models
    from exporter.tools import probe_timm_sizes

    assert not set(timm_models.SMALL_SIZES) & set(timm_models.IMG_SIZE)
    for name, size in {**timm_models.SMALL_SIZES, **timm_models.IMG_SIZE}.items():
        assert name in timm_models.DYNAMO_LIST
        assert size in probe_timm_sizes.CANDIDATES and size < probe_timm_sizes.pretrained_size(name), name


def test_a_timm_model_with_a_fixed_size_is_built_at_its_small_size() -> None:
    need("timm")
    import torch

    from exportdb.zoo.timm_models import TimmModel

    model = TimmModel("deit_tiny_patch16_224.fb_in1k")  # positional embeddings for 64x64: 4x4 patches
    with torch.no_grad():
        assert model(torch.randn(2, 3, 64, 64)).shape == (2, 1000)


def test_a_detection_model_without_torchvision_operators_is_unsupported() -> None:
    need("torchvision")
    from exportdb.zoo import torchvision_models, torchvision_ops

    torchvision_ops.ensure_importable()
    if not torchvision_ops.OPS_MISSING:
        pytest.skip("torchvision's C++ operators load here: detection models run")
    with pytest.raises(CaseUnsupported, match=r"calls torchvision::nms, and torchvision's C\+\+ operators do not load"):
        torchvision_models.TorchvisionModel("ssdlite320_mobilenet_v3_large", kind="detection")


def test_auto_dims_are_found_anywhere_in_the_dynamic_shapes() -> None:
    assert export_case.has_auto_dims(model_suites.image_shapes(64))
    assert export_case.has_auto_dims({"mode": "dims", "args": [[None, {"0": {"hint": "auto"}}]]})
    assert export_case.has_auto_dims({"mode": "opinfo_auto"})
    assert not export_case.has_auto_dims({"mode": "dims", "args": [{"0": {"dim": "batch"}, "1": {"hint": "static"}}]})
    assert not export_case.has_auto_dims(None)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every socket connection attempt is recorded and refused."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError(f"network access attempted: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts


def light(case: Json) -> Json:
    """The case with one mode, one IR, one replay sample, cpu only: the model is what is tested."""
    case = copy.deepcopy(case)
    case.update(export={"strict": [False], "ir": ["training"], "decompositions": None},
                replay={"samples": 1, "seed": 0}, devices=["cpu"])
    return case


@pytest.mark.parametrize("suite_name, name", [("hf", "hf/GPT2Model/dynamic"), ("torchvision", "torchvision/squeezenet1_1/dynamic"),
                                              ("timm", "timm/lcnet_050/dynamic")])
def test_a_suite_model_exports_without_network_access(suite_name: str, name: str, offline: list[Any],
                                                      tmp_path: Path) -> None:
    need({"hf": "transformers"}.get(suite_name, suite_name))
    reply = export_case.export_case(light(listed(suite_name)[name]), tmp_path)
    assert reply["setup"]["ok"], reply["setup"]
    assert reply["exports"][0]["ok"], reply["exports"][0].get("message")
    assert offline == [], f"network access attempted: {offline}"
