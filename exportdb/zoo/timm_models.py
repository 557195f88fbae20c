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
SIZES = {"adv_inception_v3": 299, "gluon_inception_v3": 299}
# Vision transformers whose pretrained size makes one eager call cost seconds
# here: built with timm's `img_size` at a smaller size (positional embeddings
# are sized to it; random weights, so nothing is resampled).
IMG_SIZE = {"vit_base_patch14_dinov2.lvd142m": 224, "cait_m36_384": 224, "xcit_large_24_p8_224": 112}


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
        size = IMG_SIZE.get(name) or SIZES.get(name) or (cfg.input_size[-1] if cfg and cfg.input_size else DEFAULT_SIZE)
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
