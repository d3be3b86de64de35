"""Loading the base model and LoRA settings for one of the three backends.

- ``cpu-lora``: full-precision weights on the CPU; the only path testable without a GPU.
- ``qlora``: bitsandbytes 4-bit NF4 with double quantization, bf16 compute (fp16 on
  older GPUs; fp32 on a CPU without native bf16), k-bit training preparation and
  gradient checkpointing. Runs on the GPU, or on the CPU (bitsandbytes ≥ 0.48).
- ``unsloth``: unsloth's 4-bit loader, its LoRA and its gradient checkpointing.

The CUDA placement and mixed precision of the GPU paths follow the installed
transformers/peft/trl code but are not exercised by the CPU test suite; the qlora path
itself is (on the CPU). Each returns what the trainer needs and nothing about the UI.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from dpo_desktop.core.config import RunConfig
from dpo_desktop.core.hardware import HardwareInfo
from dpo_desktop.core.models import CHATML_TEMPLATE, ResolvedModel


@dataclass
class LoadedModel:
    model: Any
    tokenizer: Any
    peft_config: Any  # a peft.LoraConfig, or None when the model is already a PeftModel
    # Extra DPOConfig arguments this backend needs (precision, device, checkpointing).
    trainer_args: dict[str, Any] = field(default_factory=dict)


def load_tokenizer(resolved: ResolvedModel, trust_remote_code: bool) -> Any:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(resolved.path),
                                              trust_remote_code=trust_remote_code)
    if not tokenizer.chat_template:
        tokenizer.chat_template = CHATML_TEMPLATE  # the warning was emitted at resolve time
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def lora_config(config: RunConfig) -> Any:
    from peft import LoraConfig

    modules = config.lora.target_modules
    return LoraConfig(
        task_type="CAUSAL_LM", r=config.lora.r, lora_alpha=config.lora.alpha,
        lora_dropout=config.lora.dropout, bias="none",
        target_modules="all-linear" if modules == ("all-linear",) else list(modules))


def load(backend: str, resolved: ResolvedModel, config: RunConfig,
         info: HardwareInfo) -> LoadedModel:
    if backend == "cpu-lora":
        return _load_cpu(resolved, config)
    if backend == "qlora":
        return _load_qlora(resolved, config, info)
    if backend == "unsloth":
        return _load_unsloth(resolved, config, info)
    raise ValueError(f"unknown backend {backend!r}")


def _load_cpu(resolved: ResolvedModel, config: RunConfig) -> LoadedModel:
    import torch
    from transformers import AutoModelForCausalLM

    trust = config.model.trust_remote_code
    model = AutoModelForCausalLM.from_pretrained(
        str(resolved.path), dtype=torch.float32, trust_remote_code=trust,
        use_safetensors=not resolved.uses_pickle)
    return LoadedModel(
        model=model, tokenizer=load_tokenizer(resolved, trust), peft_config=lora_config(config),
        trainer_args={"use_cpu": True, "bf16": False, "fp16": False,
                      "gradient_checkpointing": config.training.gradient_checkpointing})


def _local_device() -> int:
    return int(os.environ.get("LOCAL_RANK", "0"))


def _load_qlora(resolved: ResolvedModel, config: RunConfig, info: HardwareInfo) -> LoadedModel:
    """4-bit NF4 base weights (bitsandbytes), LoRA on top, on the GPU or, without CUDA, on
    the CPU. The CPU path exists for models whose fp32 weights do not fit in RAM, and so
    that the real QLoRA code runs in the CPU test suite; it is slower than ``cpu-lora``
    (every matmul dequantizes its weight first). Only the device placement and the
    precision flags differ between the two: GPU-only settings (fp16, the CUDA device
    index) stay behind ``info.cuda``."""
    import torch
    from peft import prepare_model_for_kbit_training
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    if info.cuda:
        compute = torch.bfloat16 if info.bf16 else torch.float16
        placement: dict[str, Any] = {"": _local_device()}
        precision: dict[str, Any] = {"bf16": info.bf16, "fp16": not info.bf16}
    else:  # bf16 only where the CPU multiplies it natively; emulated bf16 is slower than fp32
        compute = torch.bfloat16 if info.bf16 else torch.float32
        placement = {"": "cpu"}
        precision = {"use_cpu": True, "bf16": info.bf16, "fp16": False}
    quantization = BitsAndBytesConfig(  # type: ignore[no-untyped-call]
        load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
        bnb_4bit_compute_dtype=compute)
    trust = config.model.trust_remote_code
    model = AutoModelForCausalLM.from_pretrained(
        str(resolved.path), quantization_config=quantization, dtype=compute,
        device_map=placement, trust_remote_code=trust,
        use_safetensors=not resolved.uses_pickle)
    checkpointing = {"use_reentrant": False}
    model = prepare_model_for_kbit_training(  # type: ignore[no-untyped-call]
        model, use_gradient_checkpointing=True, gradient_checkpointing_kwargs=checkpointing)
    return LoadedModel(
        model=model, tokenizer=load_tokenizer(resolved, trust), peft_config=lora_config(config),
        trainer_args={**precision, "gradient_checkpointing": True,
                      "gradient_checkpointing_kwargs": checkpointing})


def _load_unsloth(resolved: ResolvedModel, config: RunConfig, info: HardwareInfo) -> LoadedModel:
    from unsloth import FastLanguageModel  # imported only here: it patches transformers

    model, tokenizer = FastLanguageModel.from_pretrained(
        model_name=str(resolved.path), max_seq_length=config.training.max_length,
        load_in_4bit=True, dtype=None, trust_remote_code=config.model.trust_remote_code)
    modules = config.lora.target_modules
    model = FastLanguageModel.get_peft_model(
        model, r=config.lora.r, lora_alpha=config.lora.alpha, lora_dropout=config.lora.dropout,
        bias="none", use_gradient_checkpointing="unsloth", random_state=config.training.seed,
        target_modules=("all-linear" if modules == ("all-linear",) else list(modules)))
    if not tokenizer.chat_template:
        tokenizer.chat_template = CHATML_TEMPLATE
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    # unsloth handles checkpointing inside its patched model; the trainer must not add its own.
    return LoadedModel(model=model, tokenizer=tokenizer, peft_config=None,
                       trainer_args={"bf16": info.bf16, "fp16": not info.bf16,
                                     "gradient_checkpointing": False})
