"""Fixtures for the export tests: tiny random models with the demo tokenizer, and run
directories holding a LoRA adapter whose B matrices are non-zero, so merging changes logits.

The demo model comes from tests/core/conftest.py's session cache, shared with the other
core tests, so it is converted once per session.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

TINY = {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
        "num_key_value_heads": 2, "intermediate_size": 128, "max_position_embeddings": 512,
        "initializer_range": 0.2}
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def build_tiny(model_type: str, tokenizer_dir: Path, out: Path, *, dtype: str | None = None,
               **overrides: object) -> Path:
    """A random model saved in fp32, or in ``dtype`` (e.g. "bfloat16", as real bases are)."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(tokenizer_dir))
    config = AutoConfig.for_model(
        model_type, vocab_size=len(tokenizer), bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
        **{**TINY, **overrides})
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(config)
    if dtype is not None:
        model = model.to(getattr(torch, dtype))
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    return out


def add_adapter(base_dir: Path, run_dir: Path, *, seed: int = 1, scale: float = 0.2,
                model: object = None, **lora: object) -> Path:
    """Save a LoRA adapter with perturbed B weights into ``run_dir/adapter``; ``lora``
    overrides LoraConfig fields, ``model`` is the (e.g. 4-bit) base to put it on."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if model is None:
        model = AutoModelForCausalLM.from_pretrained(str(base_dir))
    settings: dict[str, object] = {"r": 4, "lora_alpha": 8, "target_modules": LORA_TARGETS,
                                   **lora}
    peft_model = get_peft_model(model, LoraConfig(**settings))  # type: ignore[arg-type]
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, param in peft_model.named_parameters():
            if "lora_B" in name or "lora_embedding_A" in name:  # the zero-initialized half
                param.copy_(torch.randn(param.shape, generator=generator) * scale)
            elif "modules_to_save" in name:
                param.add_(torch.randn(param.shape, generator=generator).to(param.dtype)
                           * scale)
    adapter = run_dir / "adapter"
    peft_model.save_pretrained(str(adapter))
    AutoTokenizer.from_pretrained(str(base_dir)).save_pretrained(str(adapter))
    config_path = adapter / "adapter_config.json"
    values = json.loads(config_path.read_text(encoding="utf-8"))
    values["base_model_name_or_path"] = str(base_dir)
    config_path.write_text(json.dumps(values, indent=2), encoding="utf-8")
    return adapter


def write_run_extras(run_dir: Path) -> None:
    (run_dir / "data").mkdir(parents=True, exist_ok=True)
    rows = [{"prompt": f"q{i}", "chosen": "good", "rejected": "bad"} for i in range(5)]
    (run_dir / "data" / "train.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows[:4]), encoding="utf-8")
    (run_dir / "data" / "eval.jsonl").write_text(json.dumps(rows[4]) + "\n", encoding="utf-8")
    (run_dir / "run.toml").write_text('[model]\nbase = "tiny"\n[training]\nbeta = 0.1\n',
                                      encoding="utf-8")
    (run_dir / "eval.json").write_text(json.dumps(
        {"before": {"accuracy": 0.5, "margin": 0.0}, "after": {"accuracy": 0.75,
                                                               "margin": 0.42},
         "eval_rows": 1}), encoding="utf-8")
    (run_dir / "metrics.jsonl").write_text(
        json.dumps({"event": "StepMetrics", "step": 3, "max_steps": 3, "epoch": 1.0,
                    "loss": 0.61, "rewards_accuracy": 0.75}) + "\n{broken line\n",
        encoding="utf-8")


@pytest.fixture(scope="session")
def tiny_base(demo_dir: Path,
              tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``tiny_base("llama")``: a 2-layer random model with the demo tokenizer (cached)."""
    built: dict[str, Path] = {}

    def make(model_type: str) -> Path:
        if model_type not in built:
            out = tmp_path_factory.mktemp(f"tiny-{model_type}")
            built[model_type] = build_tiny(model_type, demo_dir, out)
        return built[model_type]

    return make


@pytest.fixture(scope="session")
def tiny_run(tiny_base: Callable[[str], Path],
             tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``tiny_run("qwen2")``: a run directory with adapter, data, metrics and eval (cached)."""
    built: dict[str, Path] = {}

    def make(model_type: str) -> Path:
        if model_type not in built:
            run_dir = tmp_path_factory.mktemp(f"run-{model_type}") / f"tiny-{model_type}"
            add_adapter(tiny_base(model_type), run_dir)
            write_run_extras(run_dir)
            built[model_type] = run_dir
        return built[model_type]

    return make
