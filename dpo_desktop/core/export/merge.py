"""Merge the LoRA adapter into a 16-bit copy of its base model.

The base is always reloaded from its own 16-bit weights, without bitsandbytes, even when
training used 4-bit QLoRA: adding a LoRA delta to 4-bit weights and re-rounding loses
quality silently (peft#2321). bf16 is the default (every CPU and recent GPU handles it);
a base stored in fp16 stays fp16; fp32 is available on request for exact CPU work.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpo_desktop.core import events
from dpo_desktop.core.errors import UserError
from dpo_desktop.core.export.card import model_card
from dpo_desktop.core.export.runinfo import RunInfo

MERGE_DTYPES = ("auto", "bfloat16", "float16", "float32")
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "tokenizer.model")


@dataclass(frozen=True)
class MergeReport:
    path: Path
    dtype: str
    parameters: int
    nbytes: int


def _config_dtype(config: Any) -> str:
    value = getattr(config, "dtype", None) or getattr(config, "torch_dtype", None)
    return str(value).replace("torch.", "") if value is not None else ""


def choose_dtype(requested: str, base_config: Any) -> str:
    """The dtype name to merge and save in (see the module docstring for why)."""
    if requested not in MERGE_DTYPES:
        raise UserError("merge_bad_dtype", f"“{requested}” is not a merge precision.",
                        f"Choose one of: {', '.join(MERGE_DTYPES)}.")
    if requested != "auto":
        return requested
    if _config_dtype(base_config) == "float16":
        return "float16"
    import torch

    if torch.cuda.is_available() and not torch.cuda.is_bf16_supported():
        return "float16"
    return "bfloat16"


def _refuse_quantized(base: str, config: Any) -> None:
    quant = getattr(config, "quantization_config", None)
    if quant:
        method = quant.get("quant_method", "?") if isinstance(quant, dict) else \
            getattr(quant, "quant_method", "?")
        raise UserError(
            "merge_base_quantized",
            f"The base model {base} is stored quantized ({method}); merging into quantized "
            "weights loses quality.",
            "Point the adapter at the original 16-bit base model "
            "(base_model_name_or_path in adapter/adapter_config.json) and export again.")


def merge_run(info: RunInfo, out_dir: Path, *, dtype: str = "auto",
              on_event: events.EventCallback = events.ignore_events) -> MergeReport:
    """Write the merged model, tokenizer, chat template, generation config and card."""
    import torch
    from peft import PeftModel
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    def step(current: int, message: str) -> None:
        on_event(events.PhaseChanged("merging", message, current=current, total=3))

    step(0, "loading the base model")
    try:
        base_config = AutoConfig.from_pretrained(info.base_model)
    except (OSError, ValueError) as exc:
        raise UserError(
            "export_base_missing", f"The base model “{info.base_model}” could not be found.",
            "The adapter's base_model_name_or_path must name a local model folder "
            "(or a model in the Hugging Face cache).", detail=str(exc)) from exc
    _refuse_quantized(info.base_model, base_config)
    chosen = choose_dtype(dtype, base_config)
    has_tokenizer = any((info.adapter_dir / name).is_file() for name in _TOKENIZER_FILES)
    tokenizer = AutoTokenizer.from_pretrained(
        str(info.adapter_dir) if has_tokenizer else info.base_model)
    model = AutoModelForCausalLM.from_pretrained(
        info.base_model, dtype=getattr(torch, chosen), device_map="cpu")
    rows = int(model.get_input_embeddings().weight.shape[0])  # type: ignore[index]
    if len(tokenizer) > rows:
        model.resize_token_embeddings(len(tokenizer))
    step(1, "merging the adapter")
    peft_model = PeftModel.from_pretrained(model, str(info.adapter_dir))
    merged = peft_model.merge_and_unload(safe_merge=True)
    merged = merged.to(getattr(torch, chosen))
    step(2, "saving the merged model")
    out_dir.mkdir(parents=True, exist_ok=True)
    merged.save_pretrained(str(out_dir), max_shard_size="2GB")
    tokenizer.save_pretrained(str(out_dir))
    (out_dir / "README.md").write_text(model_card(info, dtype=chosen), encoding="utf-8")
    parameters = sum(p.numel() for p in merged.parameters())
    del merged, peft_model, model
    gc.collect()
    step(3, "merged")
    nbytes = sum(p.stat().st_size for p in out_dir.glob("*.safetensors"))
    return MergeReport(out_dir, chosen, parameters, nbytes)
