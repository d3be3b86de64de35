"""The 16-bit merge: logits equal base + adapter, the folder is complete, 4-bit refused."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.export.merge import choose_dtype, merge_run
from dpo_desktop.core.export.runinfo import read_run


def test_merge_matches_adapter_and_writes_everything(tiny_run: Callable[[str], Path],
                                                     tmp_path: Path) -> None:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    run_dir = tiny_run("qwen2")
    info = read_run(run_dir)
    seen: list[object] = []
    report = merge_run(info, tmp_path / "merged", dtype="float32", on_event=seen.append)
    assert report.dtype == "float32" and report.parameters > 0
    for name in ("config.json", "generation_config.json", "tokenizer.json",
                 "chat_template.jinja", "README.md"):
        assert (report.path / name).is_file(), name
    assert list(report.path.glob("*.safetensors"))

    ids = torch.tensor([[1, 20, 300, 4000, 5]])
    with torch.no_grad():
        base = AutoModelForCausalLM.from_pretrained(info.base_model, dtype=torch.float32)
        base_logits = base(ids).logits
        adapted = PeftModel.from_pretrained(base, str(info.adapter_dir))(ids).logits
        merged = AutoModelForCausalLM.from_pretrained(str(report.path),
                                                      dtype=torch.float32)(ids).logits
    assert (merged - adapted).abs().max() < 1e-4
    assert (merged - base_logits).abs().max() > 1e-2  # the adapter really changed the model

    card = (report.path / "README.md").read_text(encoding="utf-8")
    assert info.base_model in card and "train.jsonl`: 4 rows, sha256" in card
    assert "| after | 0.7500 | 0.4200 |" in card and "beta = 0.1" in card
    assert any(getattr(e, "phase", "") == "merging" for e in seen)


def test_card_tolerates_a_bare_run(tiny_run: Callable[[str], Path], tmp_path: Path) -> None:
    bare = tmp_path / "bare"
    shutil.copytree(tiny_run("llama") / "adapter", bare / "adapter")
    report = merge_run(read_run(bare), tmp_path / "merged")
    assert report.dtype == "bfloat16"
    card = (report.path / "README.md").read_text(encoding="utf-8")
    assert "not recorded" in card and "run.toml was not found" in card


def test_refuses_a_quantized_base(tiny_run: Callable[[str], Path], tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(tiny_run("llama") / "adapter", run / "adapter")
    base = Path(read_run(run).base_model)
    fake_base = tmp_path / "base-4bit"
    shutil.copytree(base, fake_base)
    config = json.loads((fake_base / "config.json").read_text(encoding="utf-8"))
    config["quantization_config"] = {"quant_method": "bitsandbytes", "load_in_4bit": True}
    (fake_base / "config.json").write_text(json.dumps(config), encoding="utf-8")
    adapter_config = run / "adapter" / "adapter_config.json"
    values = json.loads(adapter_config.read_text(encoding="utf-8"))
    values["base_model_name_or_path"] = str(fake_base)
    adapter_config.write_text(json.dumps(values), encoding="utf-8")
    with pytest.raises(UserError) as info:
        merge_run(read_run(run), tmp_path / "merged")
    assert info.value.code == "merge_base_quantized"
    assert not (tmp_path / "merged").exists()


def test_run_dir_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError) as missing:
        read_run(tmp_path / "nope")
    assert missing.value.code == "export_no_run"
    with pytest.raises(UserError) as no_adapter:
        read_run(tmp_path)
    assert no_adapter.value.code == "export_no_adapter"


def test_dtype_choice() -> None:
    class Config:
        dtype = "float16"

    assert choose_dtype("auto", Config()) == "float16"
    assert choose_dtype("float32", Config()) == "float32"
    with pytest.raises(UserError):
        choose_dtype("int4", Config())
