"""Core test fixtures: a session cache for the demo conversion, and a tiny random model.

The cache dir is set once per session (or taken from ``DPO_DESKTOP_CACHE_DIR`` when the
caller shares one), so the ~25 s GGUF conversion of the demo happens at most once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    old = {key: os.environ.get(key) for key in ("DPO_DESKTOP_CACHE_DIR", "DPO_DESKTOP_RUNS_DIR")}
    cache = Path(old["DPO_DESKTOP_CACHE_DIR"] or tmp_path_factory.mktemp("dpo-cache"))
    os.environ["DPO_DESKTOP_CACHE_DIR"] = str(cache)
    os.environ["DPO_DESKTOP_RUNS_DIR"] = str(tmp_path_factory.mktemp("runs"))
    yield cache
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def demo_dir(model_cache: Path) -> Path:
    from dpo_desktop.core.models import demo_model_dir

    return demo_model_dir()


@pytest.fixture(scope="session")
def tiny_model_dir(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer random Llama with the demo's tokenizer and chat template, as safetensors."""
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    tokenizer = AutoTokenizer.from_pretrained(demo_dir)
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=1024,
        tie_word_embeddings=True, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id)
    torch.manual_seed(0)
    model = LlamaForCausalLM(config)
    folder = tmp_path_factory.mktemp("tiny-llama")
    model.save_pretrained(folder, safe_serialization=True)
    tokenizer.save_pretrained(folder)
    return folder
