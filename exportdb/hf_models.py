"""Tiny, randomly initialised Hugging Face models built from configs.

BERT, GPT-2 and T5 at hidden size 32, 2 layers, vocabulary 100: real model
code from `transformers`, small enough to export in seconds. Nothing is
downloaded (configs are built in code; HF_HUB_OFFLINE is set). Each wrapper
takes plain tensors and returns the last hidden state as a tensor, so the
exported program's outputs are a tensor, not a ModelOutput.

The cases (cases/hf_*.yaml) say `requires: [transformers]`: where the
package is absent they are UNSUPPORTED, never failures.
"""

import os

import torch

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

VOCAB = 100
HIDDEN = 32
LAYERS = 2
HEADS = 2


class TinyBert(torch.nn.Module):
    """BertModel (2 layers, hidden 32); input_ids and attention_mask -> last_hidden_state."""

    def __init__(self) -> None:
        super().__init__()
        from transformers import BertConfig, BertModel

        config = BertConfig(vocab_size=VOCAB, hidden_size=HIDDEN, num_hidden_layers=LAYERS, num_attention_heads=HEADS,
                            intermediate_size=4 * HIDDEN, max_position_embeddings=64)
        self.model = BertModel(config, add_pooling_layer=False).eval()

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


class TinyGPT2(torch.nn.Module):
    """GPT2Model (2 layers, hidden 32), no KV cache; input_ids and attention_mask -> last_hidden_state.

    `attn_implementation` is "eager" by default, the plain attention code."""

    def __init__(self, attn_implementation: str = "eager") -> None:
        super().__init__()
        from transformers import GPT2Config, GPT2Model

        config = GPT2Config(vocab_size=VOCAB, n_embd=HIDDEN, n_layer=LAYERS, n_head=HEADS, n_positions=64,
                            use_cache=False, bos_token_id=0, eos_token_id=0,
                            attn_implementation=attn_implementation)
        self.model = GPT2Model(config).eval()

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.model(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).last_hidden_state


class TinyT5(torch.nn.Module):
    """T5Model, encoder and decoder (2 layers each, d_model 32), no KV cache:
    input_ids, attention_mask, decoder_input_ids -> the decoder's last_hidden_state."""

    def __init__(self) -> None:
        super().__init__()
        from transformers import T5Config, T5Model

        config = T5Config(vocab_size=VOCAB, d_model=HIDDEN, d_kv=HIDDEN // HEADS, d_ff=4 * HIDDEN,
                          num_layers=LAYERS, num_decoder_layers=LAYERS, num_heads=HEADS, use_cache=False,
                          decoder_start_token_id=0)
        self.model = T5Model(config).eval()

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                decoder_input_ids: torch.Tensor) -> torch.Tensor:
        return self.model(input_ids=input_ids, attention_mask=attention_mask, decoder_input_ids=decoder_input_ids,
                          use_cache=False).last_hidden_state
