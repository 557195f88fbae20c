"""Hugging Face architectures built from their config classes, shrunk to tiny sizes.

The suite hf (exporter/model_suites.py) lists `ARCHITECTURES`: real model
code from the installed `transformers`, random initialisation (seeded by the
exporter), nothing downloaded (HF_HUB_OFFLINE). Each config is the class's
defaults overridden by its family's tiny sizes (2 layers, hidden 32, 2 heads,
vocabulary 128, ...) and the architecture's own overrides. `HFModel` takes
plain tensors in the order of its kind's inputs (`KINDS`) and returns the
model's first output (the last hidden state), so the program's output is a
tensor, not a ModelOutput.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import torch

from exportdb.zoo.torchvision_ops import ensure_importable

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

VOCAB = 128


@dataclass(frozen=True)
class Kind:
    """A family of inputs: their forward keyword names and how the suite builds them."""

    inputs: tuple[str, ...]
    tiny: dict[str, Any]


TEXT_TINY = {"vocab_size": VOCAB, "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2,
             "intermediate_size": 64, "max_position_embeddings": 128, "pad_token_id": 0, "bos_token_id": 1,
             "eos_token_id": 2, "use_cache": False}
SEQ2SEQ_TINY = {"vocab_size": VOCAB, "d_model": 32, "encoder_layers": 2, "decoder_layers": 2,
                "encoder_attention_heads": 2, "decoder_attention_heads": 2, "encoder_ffn_dim": 64,
                "decoder_ffn_dim": 64, "max_position_embeddings": 128, "pad_token_id": 0, "bos_token_id": 1,
                "eos_token_id": 2, "decoder_start_token_id": 2, "use_cache": False}
VISION_TINY = {"image_size": 32, "patch_size": 8, "num_channels": 3, "hidden_size": 32, "num_hidden_layers": 2,
               "num_attention_heads": 2, "intermediate_size": 64}
CONV_TINY = {"num_channels": 3, "embedding_size": 8, "hidden_sizes": [8, 16], "depths": [1, 1]}
AUDIO_TINY = {"vocab_size": 32, "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2,
              "intermediate_size": 64, "conv_dim": (16, 16), "conv_stride": (5, 2), "conv_kernel": (10, 3),
              "num_conv_pos_embeddings": 16, "num_conv_pos_embedding_groups": 2, "do_stable_layer_norm": False}

KINDS = {
    "encoder": Kind(("input_ids", "attention_mask"), TEXT_TINY),
    "decoder": Kind(("input_ids", "attention_mask"), TEXT_TINY),
    "seq2seq": Kind(("input_ids", "attention_mask", "decoder_input_ids"), SEQ2SEQ_TINY),
    "vision": Kind(("pixel_values",), VISION_TINY),
    "conv_vision": Kind(("pixel_values",), CONV_TINY),
    "audio": Kind(("input_values",), AUDIO_TINY),
    "speech_seq2seq": Kind(("input_features", "decoder_input_ids"), SEQ2SEQ_TINY),
}


@dataclass(frozen=True)
class Architecture:
    model: str                      # transformers class, e.g. "BertModel"
    config: str                     # its config class
    kind: str                       # a KINDS key
    overrides: dict[str, Any] = field(default_factory=dict)


def _arch(model: str, kind: str, **overrides: Any) -> Architecture:
    return Architecture(model, model.removesuffix("Model") + "Config", kind, overrides)


LLAMA_LIKE = {"num_key_value_heads": 1, "head_dim": 16}
ARCHITECTURES = [
    # encoders
    _arch("BertModel", "encoder"),
    _arch("RobertaModel", "encoder"),
    _arch("DistilBertModel", "encoder", dim=32, n_layers=2, n_heads=2, hidden_dim=64),
    _arch("AlbertModel", "encoder", embedding_size=16),
    _arch("ElectraModel", "encoder", embedding_size=16),
    _arch("DebertaV2Model", "encoder"),
    _arch("MobileBertModel", "encoder", embedding_size=16, intra_bottleneck_size=16, true_hidden_size=16,
          num_feedforward_networks=1),
    _arch("XLMRobertaModel", "encoder"),
    _arch("ConvBertModel", "encoder", embedding_size=32),
    _arch("MegatronBertModel", "encoder"),
    _arch("MPNetModel", "encoder"),
    _arch("RoFormerModel", "encoder", embedding_size=32),
    _arch("FNetModel", "encoder"),
    _arch("SqueezeBertModel", "encoder", embedding_size=32, q_groups=1, k_groups=1, v_groups=1,
          post_attention_groups=1, intermediate_groups=1, output_groups=1),
    # decoders
    _arch("GPT2Model", "decoder"),
    _arch("GPTNeoModel", "decoder", attention_types=[[["global", "local"], 1]], window_size=16),
    _arch("GPTJModel", "decoder", rotary_dim=8),
    _arch("OPTModel", "decoder", ffn_dim=64, word_embed_proj_dim=32),
    _arch("LlamaModel", "decoder", **LLAMA_LIKE),
    _arch("MistralModel", "decoder", **LLAMA_LIKE, sliding_window=None),
    _arch("Qwen2Model", "decoder", **LLAMA_LIKE),
    _arch("Qwen3Model", "decoder", **LLAMA_LIKE),
    _arch("GemmaModel", "decoder", **LLAMA_LIKE),
    _arch("Gemma2Model", "decoder", **LLAMA_LIKE, sliding_window=16),
    _arch("PhiModel", "decoder"),
    _arch("Phi3Model", "decoder"),
    _arch("FalconModel", "decoder"),
    _arch("BloomModel", "decoder", n_layer=2, n_head=2),
    _arch("CodeGenModel", "decoder", n_ctx=128, rotary_dim=4, num_attention_heads=4),
    _arch("GPTNeoXModel", "decoder"),
    _arch("XGLMModel", "decoder", d_model=32, num_layers=2, attention_heads=2, ffn_dim=64),
    _arch("OlmoModel", "decoder"),
    _arch("StableLmModel", "decoder", num_key_value_heads=2),
    # encoder-decoders
    _arch("T5Model", "seq2seq", d_kv=16, d_ff=64, num_layers=2, num_decoder_layers=2, num_heads=2),
    _arch("MT5Model", "seq2seq", d_kv=16, d_ff=64, num_layers=2, num_decoder_layers=2, num_heads=2),
    _arch("BartModel", "seq2seq"),
    _arch("MBartModel", "seq2seq"),
    _arch("PegasusModel", "seq2seq"),
    _arch("BlenderbotModel", "seq2seq"),
    _arch("BlenderbotSmallModel", "seq2seq"),
    _arch("M2M100Model", "seq2seq"),
    _arch("MarianModel", "seq2seq"),
    _arch("PLBartModel", "seq2seq"),
    # vision
    _arch("ViTModel", "vision"),
    _arch("DeiTModel", "vision"),
    _arch("BeitModel", "vision"),
    _arch("Dinov2Model", "vision"),
    _arch("SwinModel", "vision", embed_dim=16, depths=[1, 1], num_attention_heads=[1, 2], window_size=2, patch_size=4),
    _arch("ConvNextModel", "conv_vision", num_stages=2),
    _arch("ResNetModel", "conv_vision"),
    _arch("RegNetModel", "conv_vision", groups_width=8),
    _arch("MobileViTModel", "vision", hidden_sizes=[16, 16, 16], neck_hidden_sizes=[8, 8, 16, 16, 16, 16, 32],
          patch_size=2, image_size=64),
    _arch("SegformerModel", "vision", num_encoder_blocks=2, depths=[1, 1], sr_ratios=[2, 1], hidden_sizes=[8, 16],
          patch_sizes=[7, 3], strides=[4, 2], num_attention_heads=[1, 2], mlp_ratios=[2, 2]),
    # audio
    _arch("Wav2Vec2Model", "audio"),
    _arch("HubertModel", "audio"),
    _arch("WavLMModel", "audio", num_buckets=32, max_bucket_distance=64),
    _arch("Data2VecAudioModel", "audio"),
    _arch("WhisperModel", "speech_seq2seq", num_mel_bins=16, max_source_positions=16, max_target_positions=32),
]
BY_NAME = {a.model: a for a in ARCHITECTURES}


def build_config(arch: Architecture) -> Any:
    import transformers

    kwargs = {**KINDS[arch.kind].tiny, **arch.overrides}
    return getattr(transformers, arch.config)(**kwargs)


class HFModel(torch.nn.Module):
    """One ARCHITECTURES entry, tiny and random: inputs (in its kind's order) -> first output."""

    def __init__(self, name: str) -> None:
        super().__init__()
        ensure_importable()  # transformers imports torchvision where it is installed
        import transformers

        arch = BY_NAME[name]
        self.input_names = KINDS[arch.kind].inputs
        self.model = getattr(transformers, arch.model)(build_config(arch)).eval()

    def forward(self, first: torch.Tensor, second: torch.Tensor | None = None,
                third: torch.Tensor | None = None) -> torch.Tensor:
        # Positional parameters, not *tensors: torch.export binds varargs as one input.
        tensors = [t for t in (first, second, third) if t is not None]
        kwargs: dict[str, Any] = dict(zip(self.input_names, tensors))
        if "use_cache" in self.model.forward.__code__.co_varnames:
            kwargs["use_cache"] = False
        out = self.model(**kwargs)
        return out[0] if isinstance(out, tuple) else next(iter(out.values()))


@dataclass(frozen=True)
class InputSpec:
    """One example input of an architecture and which of its dimensions are dynamic."""

    name: str
    shape: tuple[int, ...]
    dtype: str                       # "int64" (token ids: randint below VOCAB), "ones" masks, or "float32"
    dynamic: dict[int, str]          # dimension -> Dim name (DIM_BOUNDS), or "auto" (Dim.AUTO)
    init: str = "randn"
    high: int | None = None


# The named Dims' bounds. Batch starts at 2 (torch specializes 1); audio
# lengths start where the convolutional feature encoder still leaves frames
# to attend over (shorter ones fail the models' own shape guards).
DIM_BOUNDS = {"batch": (2, 4), "seq": (2, 32), "tgt": (2, 20), "time": (800, 3200)}


def example_inputs(name: str) -> list[InputSpec]:
    """The example inputs of ARCHITECTURES entry `name`: batch 2, short sequences, tiny images."""
    arch = BY_NAME[name]
    size = int(arch.overrides.get("image_size", VISION_TINY["image_size"]))
    ids = InputSpec("input_ids", (2, 8), "int64", {0: "batch", 1: "seq"}, "randint", VOCAB)
    mask = InputSpec("attention_mask", (2, 8), "int64", {0: "batch", 1: "seq"}, "ones")
    decoder_ids = InputSpec("decoder_input_ids", (2, 5), "int64", {0: "batch", 1: "tgt"}, "randint", VOCAB)
    if arch.kind in ("encoder", "decoder"):
        return [ids, mask]
    if arch.kind == "seq2seq":
        return [ids, mask, decoder_ids]
    if arch.kind == "vision":
        return [InputSpec("pixel_values", (2, 3, size, size), "float32", {0: "batch"})]
    if arch.kind == "conv_vision":
        # Convolutional: any size down to the stem's; Dim.AUTO finds the range.
        return [InputSpec("pixel_values", (2, 3, 32, 32), "float32", {0: "batch", 2: "auto", 3: "auto"})]
    if arch.kind == "audio":
        return [InputSpec("input_values", (2, 1600), "float32", {0: "batch", 1: "time"})]
    if arch.kind == "speech_seq2seq":  # Whisper checks the frame count: 2 * max_source_positions, static
        frames = 2 * int(arch.overrides["max_source_positions"])
        return [InputSpec("input_features", (2, int(arch.overrides["num_mel_bins"]), frames), "float32", {0: "batch"}),
                decoder_ids]
    raise ValueError(f"{name}: unknown kind {arch.kind!r}")
