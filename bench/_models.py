"""Models the benchmarks build locally (no download) and cache under bench/_data/.

``tinyllama_shaped()`` is a random Llama with TinyLlama-1.1B's shape (hidden 2048, 22
layers, 32 heads, 4 KV heads, intermediate 5632, untied head) and the demo model's tokenizer
(49,152 tokens), stored in bf16: 1.17 billion parameters, 2.34 GB. ``random_adapter()``
adds a LoRA adapter with non-zero B to any such base, saved as a run folder the export
reads. Both are built once and reused; delete bench/_data/ to rebuild.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parent / "_data"
TINYLLAMA_SHAPE = {"hidden_size": 2048, "num_hidden_layers": 22, "num_attention_heads": 32,
                   "num_key_value_heads": 4, "intermediate_size": 5632,
                   "max_position_embeddings": 2048, "rms_norm_eps": 1e-5,
                   "tie_word_embeddings": False}
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
_DONE = ".complete"  # written last, so a build cut short is rebuilt


def _demo_tokenizer_dir() -> Path:
    from dpo_desktop.core.models import demo_model_dir

    return Path(demo_model_dir())


def tinyllama_shaped(out: Path | None = None, *, seed: int = 0) -> Path:
    """The TinyLlama-1.1B-shaped random Llama (bf16 safetensors + demo tokenizer)."""
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    out = out or DATA / "tinyllama-1.1b-random"
    if (out / _DONE).is_file():
        return out
    shutil.rmtree(out, ignore_errors=True)
    tokenizer = AutoTokenizer.from_pretrained(str(_demo_tokenizer_dir()))
    config = LlamaConfig(vocab_size=len(tokenizer), bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.pad_token_id, **TINYLLAMA_SHAPE)
    torch.manual_seed(seed)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.bfloat16)  # 2.3 GB in memory instead of 4.7 GB
    try:
        model = LlamaForCausalLM(config)
    finally:
        torch.set_default_dtype(previous)
    model.config.dtype = torch.bfloat16
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    (out / _DONE).write_text("ok", encoding="utf-8")
    return out


def random_adapter(base: Path, run_dir: Path, *, r: int = 16, alpha: int = 32,
                   seed: int = 1, scale: float = 0.02) -> Path:
    """A run folder whose adapter/ holds a LoRA adapter on ``base`` with random B."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if (run_dir / _DONE).is_file():
        return run_dir
    shutil.rmtree(run_dir, ignore_errors=True)
    model = AutoModelForCausalLM.from_pretrained(str(base), dtype=torch.bfloat16)
    peft_model = get_peft_model(model, LoraConfig(r=r, lora_alpha=alpha,
                                                  target_modules=LORA_TARGETS))
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, param in peft_model.named_parameters():
            if "lora_B" in name:
                param.copy_(torch.randn(param.shape, generator=generator) * scale)
    adapter = run_dir / "adapter"
    peft_model.save_pretrained(str(adapter))
    AutoTokenizer.from_pretrained(str(base)).save_pretrained(str(adapter))
    config_path = adapter / "adapter_config.json"
    values = json.loads(config_path.read_text(encoding="utf-8"))
    values["base_model_name_or_path"] = str(base)
    config_path.write_text(json.dumps(values, indent=2), encoding="utf-8")
    (run_dir / _DONE).write_text("ok", encoding="utf-8")
    return run_dir


def tiny_llama(folder: Path) -> Path:
    """A 2-layer random Llama with the demo's tokenizer, saved in ``folder``: small enough
    for benches that repeat a run many times (the throughput and fault benches)."""
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    from dpo_desktop.core.models import demo_model_dir

    tokenizer = AutoTokenizer.from_pretrained(demo_model_dir())
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=1024,
        tie_word_embeddings=True, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id)
    torch.manual_seed(0)
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def parameters(model_dir: Path) -> int:
    """Parameters in a folder's safetensors (read from the headers only)."""
    from dpo_desktop.core.export.diskspace import count_parameters

    return count_parameters(model_dir) or 0
