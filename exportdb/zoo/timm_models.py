"""timm models by name, randomly initialised (`pretrained=False`, no download).

The suite timm (exporter/model_suites.py) takes its names from PyTorch's
dynamo benchmark list (`DYNAMO_LIST`) and keeps those the installed timm has.
"""

from __future__ import annotations

import importlib.util

import torch

from exportdb.zoo import torchvision_ops

# benchmarks/dynamo/timm_models_list.txt of pytorch/pytorch: the 61 models it
# listed through 2024, and the names its 2025 list added (tagged names such as
# `deit_tiny_patch16_224.fb_in1k` are timm's `<model>.<pretrained tag>`).
DYNAMO_LIST = """
adv_inception_v3 beit_base_patch16_224 botnet26t_256 cait_m36_384 coat_lite_mini convit_base convmixer_768_32
convnext_base convnextv2_nano.fcmae_ft_in22k_in1k crossvit_9_240 cspdarknet53 deit_base_distilled_patch16_224
deit_tiny_patch16_224.fb_in1k dla102 dm_nfnet_f0 dpn107 eca_botnext26ts_256 eca_halonext26ts ese_vovnet19b_dw
fbnetc_100 fbnetv3_b gernet_l ghostnet_100 gluon_inception_v3 gmixer_24_224 gmlp_s16_224 hrnet_w18 inception_v3
jx_nest_base lcnet_050 levit_128 mixer_b16_224 mixnet_l mnasnet_100 mobilenetv2_100 mobilenetv3_large_100
mobilevit_s nfnet_l0 pit_b_224 pnasnet5large poolformer_m36 regnety_002 repvgg_a2 res2net101_26w_4s
res2net50_14w_8s res2next50 resmlp_12_224 resnest101e rexnet_100 sebotnet33ts_256 selecsls42b spnasnet_100
swin_base_patch4_window7_224 swsl_resnext101_32x16d tf_efficientnet_b0 tf_mixnet_l tinynet_a tnt_s_patch16_224
twins_pcpvt_base visformer_small vit_base_patch14_dinov2.lvd142m vit_base_patch16_224 vit_base_patch16_siglip_256
volo_d1_224 xcit_large_24_p8_224
""".split()

DEFAULT_SIZE = 224  # for the deprecated aliases whose pretrained config timm no longer resolves by name
# Small inputs keep the suite within its time (issue 16: the smallest size the
# architecture accepts). The smallest of 64, 96, 128, 160, 192 at which each
# model ran eager at batch 2 with random weights (timm 1.0.31; regenerate with
# `python -m exporter.tools.probe_timm_sizes`): SMALL_SIZES as the model is
# built by default; IMG_SIZE built with timm's `img_size` at that size, for
# models whose positional embeddings or windows fix their input size (their
# Dim.AUTO height and width then specialize). A model in neither runs at its
# pretrained size (eca_halonext26ts: nothing smaller ran).
SMALL_SIZES = {
    "adv_inception_v3": 96, "convmixer_768_32": 64, "convnext_base": 64,
    "convnextv2_nano.fcmae_ft_in22k_in1k": 64, "crossvit_9_240": 64, "cspdarknet53": 64, "dla102": 64,
    "dm_nfnet_f0": 64, "dpn107": 64, "ese_vovnet19b_dw": 64, "fbnetc_100": 64,
    "fbnetv3_b": 64, "gernet_l": 64, "ghostnet_100": 64, "gluon_inception_v3": 96, "hrnet_w18": 64,
    "inception_v3": 96, "lcnet_050": 64, "mixnet_l": 64, "mnasnet_100": 64, "mobilenetv2_100": 64,
    "mobilenetv3_large_100": 64, "mobilevit_s": 64, "nfnet_l0": 64, "pnasnet5large": 64,
    "poolformer_m36": 64, "regnety_002": 64, "repvgg_a2": 64, "res2net101_26w_4s": 64,
    "res2net50_14w_8s": 64, "res2next50": 64, "resnest101e": 64, "rexnet_100": 64, "selecsls42b": 64,
    "spnasnet_100": 64, "swsl_resnext101_32x16d": 64, "tf_efficientnet_b0": 64, "tf_mixnet_l": 64,
    "tinynet_a": 64, "twins_pcpvt_base": 64, "xcit_large_24_p8_224": 64,
}

IMG_SIZE = {
    "beit_base_patch16_224": 64, "botnet26t_256": 64, "cait_m36_384": 64, "coat_lite_mini": 64,
    "convit_base": 64, "deit_base_distilled_patch16_224": 64, "deit_tiny_patch16_224.fb_in1k": 64,
    "eca_botnext26ts_256": 64, "gmixer_24_224": 64, "gmlp_s16_224": 64, "jx_nest_base": 64, "levit_128": 64,
    "mixer_b16_224": 64, "pit_b_224": 64, "resmlp_12_224": 64, "sebotnet33ts_256": 64,
    "swin_base_patch4_window7_224": 64, "tnt_s_patch16_224": 64, "visformer_small": 64,
    "vit_base_patch14_dinov2.lvd142m": 64, "vit_base_patch16_224": 64, "vit_base_patch16_siglip_256": 64,
    "volo_d1_224": 64,
}


def available() -> list[tuple[str, int]]:
    """(name, input height = width) of every DYNAMO_LIST model the installed timm has."""
    if importlib.util.find_spec("timm") is None:
        return []
    torchvision_ops.ensure_importable()  # timm imports torchvision
    import timm

    out = []
    for name in DYNAMO_LIST:
        if not timm.is_model(name):
            continue
        cfg = timm.models.get_pretrained_cfg(name)
        size = IMG_SIZE.get(name) or SMALL_SIZES.get(name) or (cfg.input_size[-1] if cfg and cfg.input_size else DEFAULT_SIZE)
        out.append((name, int(size)))
    return out


class TimmModel(torch.nn.Module):
    """`timm.create_model(name, pretrained=False)` in eval mode: images -> logits."""

    def __init__(self, name: str) -> None:
        super().__init__()
        torchvision_ops.ensure_importable()
        import timm

        kwargs = {"img_size": IMG_SIZE[name]} if name in IMG_SIZE else {}
        self.model = timm.create_model(name, pretrained=False, **kwargs).eval()

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.model(images)
