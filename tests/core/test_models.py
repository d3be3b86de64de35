"""Resolving models: the demo conversion, folders, GGUF files, hub ids, security defaults."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from dpo_desktop.core import models
from dpo_desktop.core.errors import UserError
from dpo_desktop.core.events import Event, LogLine


def test_demo_folder_is_complete_and_cached(demo_dir: Path, model_cache: Path) -> None:
    assert demo_dir.is_relative_to(model_cache)
    assert demo_dir.name.startswith("SmolLM2-135M-Instruct-")
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"):
        assert (demo_dir / name).is_file(), name
    config = json.loads((demo_dir / "config.json").read_text(encoding="utf-8"))
    assert "quantization_config" not in config and config["model_type"] == "llama"
    start = time.perf_counter()
    assert models.demo_model_dir() == demo_dir
    assert time.perf_counter() - start < 5  # a hash and a stat, no conversion
    resolved = models.resolve_model("demo")
    assert resolved.path == demo_dir and resolved.source == "demo" and resolved.has_chat_template


def test_demo_loads_as_plain_safetensors_and_chats(demo_dir: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(demo_dir)
    tokenizer = AutoTokenizer.from_pretrained(demo_dir)
    assert getattr(model.config, "quantization_config", None) is None
    ids = tokenizer.apply_chat_template([{"role": "user", "content": "What is the capital of "
                                          "France?"}], add_generation_prompt=True,
                                        return_tensors="pt", return_dict=True)
    out = model.generate(**ids, max_new_tokens=8, do_sample=False)
    assert "Paris" in tokenizer.decode(out[0][ids["input_ids"].shape[1]:])


def test_gguf_file_reuses_the_conversion_with_the_same_hash(demo_dir: Path) -> None:
    resolved = models.resolve_model(str(models.demo_gguf_path()))
    assert resolved.source == "gguf" and resolved.path == demo_dir


def test_broken_gguf_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(UserError) as info:
        models.resolve_model(str(bad))
    assert info.value.code == "gguf_unreadable" and "broken.gguf" in info.value.message


def _copy_model(src: Path, dst: Path, *, weights: bool = True) -> Path:
    shutil.copytree(src, dst, ignore=None if weights else shutil.ignore_patterns("*.safetensors"))
    return dst


def test_local_folder(tiny_model_dir: Path) -> None:
    resolved = models.resolve_model(str(tiny_model_dir))
    assert resolved.source == "folder" and resolved.model_type == "llama"
    assert resolved.architecture == "LlamaForCausalLM" and not resolved.warnings


def test_pickle_only_checkpoint_is_refused_unless_allowed(tiny_model_dir: Path,
                                                           tmp_path: Path) -> None:
    folder = _copy_model(tiny_model_dir, tmp_path / "pickled", weights=False)
    (folder / "pytorch_model.bin").write_bytes(b"not really a pickle")
    with pytest.raises(UserError) as info:
        models.resolve_model(str(folder))
    assert info.value.code == "pickle_refused" and "allow_pickle" in info.value.hint
    assert models.resolve_model(str(folder), allow_pickle=True).uses_pickle


def test_remote_code_is_refused_unless_trusted(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = _copy_model(tiny_model_dir, tmp_path / "remote")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["auto_map"] = {"AutoModelForCausalLM": "modeling_x.XForCausalLM"}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(UserError) as info:
        models.resolve_model(str(folder))
    assert info.value.code == "remote_code_refused" and "trust_remote_code" in info.value.hint
    assert models.resolve_model(str(folder), trust_remote_code=True).path == folder.resolve()


def test_unsupported_architecture(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = _copy_model(tiny_model_dir, tmp_path / "vit")
    (folder / "config.json").write_text(json.dumps({"model_type": "vit",
                                                    "architectures": ["ViTModel"]}))
    with pytest.raises(UserError) as info:
        models.resolve_model(str(folder))
    assert info.value.code == "unsupported_architecture" and "vit" in info.value.message


def test_missing_tokenizer(tiny_model_dir: Path, tmp_path: Path) -> None:
    folder = _copy_model(tiny_model_dir, tmp_path / "no-tok")
    for name in ("tokenizer.json", "tokenizer_config.json"):
        (folder / name).unlink()
    with pytest.raises(UserError) as info:
        models.resolve_model(str(folder))
    assert info.value.code == "model_no_tokenizer"


def test_missing_chat_template_falls_back_to_chatml_with_a_warning(tiny_model_dir: Path,
                                                                     tmp_path: Path) -> None:
    folder = _copy_model(tiny_model_dir, tmp_path / "no-template")
    (folder / "chat_template.jinja").unlink(missing_ok=True)
    tok_config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    tok_config.pop("chat_template", None)
    (folder / "tokenizer_config.json").write_text(json.dumps(tok_config), encoding="utf-8")
    events: list[Event] = []
    resolved = models.resolve_model(str(folder), on_event=events.append)
    assert not resolved.has_chat_template
    assert [e.code for e in events if isinstance(e, LogLine)] == ["no_chat_template"]
    from dpo_desktop.core.training.backends import load_tokenizer

    tokenizer = load_tokenizer(resolved, trust_remote_code=False)
    text = tokenizer.apply_chat_template([{"role": "user", "content": "hi"}], tokenize=False)
    assert "<|im_start|>user\nhi<|im_end|>" in text


def test_not_a_model_folder_and_missing_paths(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        models.resolve_model(str(tmp_path))
    assert info.value.code == "model_not_a_folder"
    with pytest.raises(UserError) as info:
        models.resolve_model(str(tmp_path / "nothing-here"))
    assert info.value.code == "model_not_found"
    with pytest.raises(UserError) as info:
        models.resolve_model(str(tmp_path / "missing.gguf"))
    assert info.value.code == "model_not_found"


def test_hub_id_offline_names_the_model_and_suggests_a_folder(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    with pytest.raises(UserError) as info:
        models.resolve_model("someone/not-downloaded-model")
    assert info.value.code == "model_download_failed"
    assert "someone/not-downloaded-model" in info.value.message
    assert "folder" in info.value.hint


def test_list_cached_models_is_a_list() -> None:
    assert isinstance(models.list_cached_models(), list)
