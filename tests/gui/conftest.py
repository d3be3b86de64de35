"""GUI tests run offscreen, never touch the user's settings or runs folder, and leave no
thread running. ``tiny_model`` is a 2-layer Llama with a small BPE tokenizer trained on
the bundled samples: real enough for the engine, fast enough for CPU tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QThreadPool


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.setenv("DPO_DESKTOP_RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setenv("DPO_DESKTOP_EXPORTS_DIR", str(tmp_path / "exports"))
    yield
    QThreadPool.globalInstance().waitForDone(120_000)


class WordTokenizer:
    """Stands in for the demo tokenizer (whose first load converts a GGUF for ~20 s)."""

    chat_template = "words"

    def __call__(self, texts: list[str], add_special_tokens: bool = False) -> dict[str, Any]:
        return {"input_ids": [text.split() for text in texts]}

    def apply_chat_template(self, messages: list[dict[str, str]], tokenize: bool = False,
                            add_generation_prompt: bool = True) -> str:
        return " ".join(m["content"] for m in messages)


@pytest.fixture(autouse=True)
def fast_demo_tokenizer(monkeypatch: pytest.MonkeyPatch) -> None:
    from dpo_desktop.core import tokens

    real = tokens.load_tokenizer
    monkeypatch.setattr(tokens, "load_tokenizer",
                        lambda spec: WordTokenizer() if spec == "demo" else real(spec))


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from dpo_desktop.gui.main_window import MainWindow

    win = MainWindow(runs_dir=tmp_path / "runs")
    qtbot.addWidget(win)
    yield win
    win.train_page.shutdown()


CHATML = ("{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + "
          "message['content'] + '<|im_end|>' + '\n' }}{% endfor %}"
          "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    from dpo_desktop.core.data import load_preferences
    from dpo_desktop.core.resources import sample_path

    out = tmp_path_factory.mktemp("tiny-model")
    texts = []
    for name in ("support_en.csv", "support_ja.csv"):
        for record in load_preferences(sample_path(name)).records:
            texts += [record.prompt, record.chosen, record.rejected]
    special = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    bpe.train_from_iterator(texts, trainers.BpeTrainer(
        vocab_size=600, special_tokens=special,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe, bos_token="<|im_start|>", eos_token="<|im_end|>",
        pad_token="<|endoftext|>")
    tokenizer.chat_template = CHATML
    tokenizer.save_pretrained(str(out))
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id, tie_word_embeddings=True)
    torch.manual_seed(0)
    LlamaForCausalLM(config).save_pretrained(str(out))
    return out
