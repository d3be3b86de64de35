"""Frozen linear weights rounded to bf16 give the very same products under bf16 autocast."""

from __future__ import annotations

from pathlib import Path


def test_frozen_linears_in_bf16_change_nothing_under_autocast(tiny_model_dir: Path) -> None:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from dpo_desktop.core.training.frozen import store_frozen_linears_in_bf16

    base = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir), dtype=torch.float32)
    model = get_peft_model(base, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj",
                                                                               "down_proj"]))
    with torch.no_grad():  # a trained adapter, so the LoRA path counts too
        for name, parameter in model.named_parameters():
            if "lora_B" in name:
                parameter.normal_(0, 0.02)
    ids = torch.tensor([[1, 5, 9, 42, 7, 3, 11, 2]])

    def logits() -> torch.Tensor:
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
            return model(input_ids=ids).logits.float()

    before = logits()
    rounded = store_frozen_linears_in_bf16(model)
    assert rounded == 2 * 7  # every projection of both layers; not the tied output head
    assert torch.equal(logits(), before)
    dtypes = {name: p.dtype for name, p in model.named_parameters()}
    assert all(d == torch.float32 for n, d in dtypes.items() if "lora_" in n)
    assert dtypes["base_model.model.model.embed_tokens.weight"] == torch.float32
    assert dtypes["base_model.model.model.layers.0.self_attn.k_proj.weight"] == torch.bfloat16
    assert dtypes["base_model.model.model.layers.0.self_attn.q_proj.base_layer.weight"] \
        == torch.bfloat16
    assert model.get_output_embeddings().weight is model.get_input_embeddings().weight
    # Trainable weights are never rounded.
    assert store_frozen_linears_in_bf16(get_peft_model(
        AutoModelForCausalLM.from_pretrained(str(tiny_model_dir)),
        LoraConfig(r=4, target_modules=["q_proj"]))) == 2 * 7
    trainable = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir), dtype=torch.float32)
    assert store_frozen_linears_in_bf16(trainable) == 0
