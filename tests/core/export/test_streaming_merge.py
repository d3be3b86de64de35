"""The streaming merge against PEFT's merge_and_unload, tensor by tensor, bit by bit
(issue 16): it follows PEFT's order of rounding, so the results must be identical."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dpo_desktop.core.export.merge import merge_run, plan_merge
from dpo_desktop.core.export.runinfo import read_run
from dpo_desktop.core.export.safetensors_stream import OutTensor, SafetensorsFolder, ShardWriter

from .conftest import add_adapter, build_tiny


def _peft_merged(base: Path, adapter: Path, dtype: str, out: Path) -> dict[str, Any]:
    """PEFT's merge, saved with save_pretrained as the old export did, and read back."""
    import torch
    from peft import PeftModel
    from safetensors.torch import load_file
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(base), dtype=getattr(torch, dtype))
    merged = PeftModel.from_pretrained(model, str(adapter)).merge_and_unload(safe_merge=True)
    merged.save_pretrained(str(out))
    tensors: dict[str, Any] = {}
    for path in sorted(out.glob("*.safetensors")):
        tensors.update(load_file(str(path)))
    return tensors


def _ours(folder: Path) -> dict[str, Any]:
    from safetensors.torch import load_file

    tensors: dict[str, Any] = {}
    for path in sorted(folder.glob("*.safetensors")):
        tensors.update(load_file(str(path)))
    return tensors


def _ulps(a: Any, b: Any) -> np.ndarray:
    """|a - b| in units in the last place of the larger of the two (works across zero)."""
    import torch

    bits = {torch.bfloat16: 8, torch.float16: 11, torch.float32: 24}[a.dtype]
    x, y = a.to(torch.float64), b.to(torch.float64)
    _, exponent = torch.frexp(torch.maximum(x.abs(), y.abs()))
    ulp = torch.ldexp(torch.ones_like(x), (exponent - bits).to(torch.int32))
    ulps: np.ndarray = ((x - y).abs() / ulp).numpy()
    return ulps


def _compare(ours: dict[str, Any], peft: dict[str, Any], max_ulps: int) -> tuple[int, int]:
    assert sorted(ours) == sorted(peft)
    changed = total = 0
    for name, tensor in peft.items():
        mine = ours[name]
        assert mine.shape == tensor.shape and mine.dtype == tensor.dtype, name
        ulps = _ulps(mine, tensor)
        assert ulps.max() <= max_ulps, (name, int(ulps.max()))
        changed += int((ulps > 0).sum())
        total += ulps.size
    return changed, total


@pytest.mark.parametrize("tied", [True, False])
@pytest.mark.parametrize("model_type", ["llama", "mistral", "qwen2", "qwen3"])
def test_bf16_merge_equals_peft(demo_dir: Path, tmp_path: Path, model_type: str,
                                tied: bool) -> None:
    base = build_tiny(model_type, demo_dir, tmp_path / "base", dtype="bfloat16",
                      tie_word_embeddings=tied)
    run = tmp_path / "run"
    add_adapter(base, run)
    report = merge_run(read_run(run), tmp_path / "merged")
    assert report.dtype == "bfloat16"  # the base's stored dtype is kept
    peft = _peft_merged(base, run / "adapter", "bfloat16", tmp_path / "peft")
    changed, _ = _compare(_ours(report.path), peft, max_ulps=0)
    assert changed == 0
    assert ("lm_head.weight" in _ours(report.path)) is not tied


@pytest.mark.parametrize("probe", ["real", "fails"])
def test_merge_in_many_chunks_equals_peft(demo_dir: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch, probe: str) -> None:
    """The pass cuts every tensor into chunks of rows (here a few rows each, as a big model's
    are) and merges them in worker threads. Chunk by chunk where the probe finds the BLAS
    product equal to PEFT's whole one, with the delta computed whole where it does not
    (forced here; on this tiny model MKL already differs for some shapes): either way the
    result is PEFT's, bit for bit."""
    from dpo_desktop.core.export import blockpass

    monkeypatch.setattr(blockpass, "CHUNK_VALUES", 256)
    if probe == "fails":
        monkeypatch.setattr(blockpass, "_chunked_delta_is_exact", lambda pair, ranges: False)
    base = build_tiny("llama", demo_dir, tmp_path / "base", dtype="bfloat16",
                      tie_word_embeddings=False)
    run = tmp_path / "run"
    add_adapter(base, run, r=8, lora_alpha=12,
                target_modules=["q_proj", "k_proj", "o_proj", "up_proj", "embed_tokens"])
    plan_chunks = blockpass.plan_tasks(plan_merge(read_run(run)), [])
    assert len(plan_chunks) > 40
    if probe == "fails":
        assert any(t.whole_delta for t in plan_chunks)
    report = merge_run(read_run(run), tmp_path / "merged")
    peft = _peft_merged(base, run / "adapter", "bfloat16", tmp_path / "peft")
    assert _compare(_ours(report.path), peft, max_ulps=0)[0] == 0


def test_fp32_merge_with_rslora_saved_modules_and_embedding_lora(demo_dir: Path,
                                                                 tmp_path: Path) -> None:
    """The options an adapter can carry: rsLoRA, a per-module alpha, LoRA on the
    embedding, a module saved in full (the head). In fp32 the merge is exact."""
    base = build_tiny("llama", demo_dir, tmp_path / "base", tie_word_embeddings=False)
    run = tmp_path / "run"
    add_adapter(base, run, r=8, lora_alpha=12, use_rslora=True,
                alpha_pattern={"down_proj": 20},
                target_modules=["q_proj", "v_proj", "down_proj", "embed_tokens"],
                modules_to_save=["lm_head"])
    report = merge_run(read_run(run), tmp_path / "merged", dtype="float32")
    peft = _peft_merged(base, run / "adapter", "float32", tmp_path / "peft")
    ours = _ours(report.path)
    changed, _ = _compare(ours, peft, max_ulps=0)
    assert changed == 0
    base_tensors = _ours(base)
    for name in ("lm_head.weight", "model.embed_tokens.weight",
                 "model.layers.1.mlp.down_proj.weight"):
        assert not bool((ours[name] == base_tensors[name]).all()), name  # really changed


def test_adapter_trained_on_a_4bit_base_merges_into_the_16bit_base(demo_dir: Path,
                                                                     tmp_path: Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    base = build_tiny("qwen2", demo_dir, tmp_path / "base", dtype="bfloat16")
    quantized = AutoModelForCausalLM.from_pretrained(
        str(base), device_map="cpu", quantization_config=BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4",
            bnb_4bit_compute_dtype=torch.bfloat16))
    run = tmp_path / "run"
    add_adapter(base, run, model=quantized)
    report = merge_run(read_run(run), tmp_path / "merged")
    assert report.dtype == "bfloat16"
    merged = _ours(report.path)
    assert all(t.dtype == torch.bfloat16 for t in merged.values())  # never 4-bit weights
    peft = _peft_merged(base, run / "adapter", "bfloat16", tmp_path / "peft")
    assert _compare(merged, peft, max_ulps=0)[0] == 0


def test_sharded_base_and_sharded_output(demo_dir: Path, tmp_path: Path) -> None:
    """A base saved in several shards is read across them; the writer shards its output
    with an index that transformers loads."""
    import torch
    from transformers import AutoModelForCausalLM

    base = build_tiny("llama", demo_dir, tmp_path / "single")
    model = AutoModelForCausalLM.from_pretrained(str(base))
    model.save_pretrained(str(tmp_path / "sharded"), max_shard_size="2MB")
    sharded = tmp_path / "sharded"
    assert (sharded / "model.safetensors.index.json").is_file()
    folder = SafetensorsFolder(sharded)
    assert len({info.file for info in folder.tensors.values()}) > 1
    tensors = [OutTensor(name, "float16", info.shape) for name, info in folder.tensors.items()]
    out = tmp_path / "out"
    out.mkdir()
    writer = ShardWriter(out, tensors, max_bytes=1_000_000)
    for tensor in tensors:
        data = folder.read(tensor.name).to(torch.float16)
        half = data.shape[0] // 2 if data.dim() > 1 else data.shape[0]
        writer.write(tensor.name, 0, data[:half])
        if half < data.shape[0]:
            writer.write(tensor.name, half, data[half:])
    writer.close()
    index = json.loads((out / "model.safetensors.index.json").read_text(encoding="utf-8"))
    assert len(set(index["weight_map"].values())) > 1
    for name in ("config.json", "generation_config.json"):
        (out / name).write_bytes((base / name).read_bytes())
    loaded = AutoModelForCausalLM.from_pretrained(str(out), dtype=torch.float16)
    for name, param in loaded.state_dict().items():
        if name in folder:
            assert torch.equal(param, folder.read(name).to(torch.float16)), name


def test_adapter_for_another_base_is_refused(demo_dir: Path, tmp_path: Path) -> None:
    from dpo_desktop.core.errors import UserError

    small = build_tiny("llama", demo_dir, tmp_path / "small")
    other = build_tiny("llama", demo_dir, tmp_path / "other", hidden_size=32,
                       intermediate_size=64)
    run = tmp_path / "run"
    add_adapter(small, run)
    config = run / "adapter" / "adapter_config.json"
    values = json.loads(config.read_text(encoding="utf-8"))
    values["base_model_name_or_path"] = str(other)
    config.write_text(json.dumps(values), encoding="utf-8")
    with pytest.raises(UserError) as info:
        merge_run(read_run(run), tmp_path / "merged")
    assert info.value.code == "export_adapter_mismatch"
    assert "different base model" in info.value.hint
