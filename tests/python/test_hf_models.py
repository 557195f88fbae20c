"""exportdb/hf_models.py: tiny Hugging Face models from configs, no downloads."""

import os

import pytest
import torch

transformers = pytest.importorskip("transformers")

from exportdb import hf_models  # noqa: E402


def test_offline_and_tiny():
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    torch.manual_seed(0)
    bert = hf_models.TinyBert()
    assert sum(p.numel() for p in bert.parameters()) < 100_000
    assert bert.model.config.hidden_size == 32 and bert.model.config.num_hidden_layers == 2


@pytest.mark.parametrize("cls, extra", [(hf_models.TinyBert, 0), (hf_models.TinyGPT2, 0), (hf_models.TinyT5, 1)])
def test_forward_returns_the_last_hidden_state(cls, extra):
    torch.manual_seed(0)
    model = cls()
    ids = torch.randint(0, hf_models.VOCAB, (3, 7))
    args = (ids, torch.ones(3, 7, dtype=torch.int64)) + ((torch.randint(0, hf_models.VOCAB, (3, 4)),) if extra else ())
    out = model(*args)
    assert isinstance(out, torch.Tensor)
    assert out.shape == (3, 4 if extra else 7, hf_models.HIDDEN)
