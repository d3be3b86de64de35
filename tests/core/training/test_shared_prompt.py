"""The packed pair forward gives TRL's log-probabilities and gradients from one prompt pass."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dpo_desktop.core.training import shared_prompt

OUTPUTS = ("log_probs", "entropy", "mean_logits", "is_top1")
PAIRS = [("What time does the bakery open on Sundays?", " At eight, until two.", " Dunno."),
         ("Hi", " Hello! How can I help you today with your order?", " What."),
         ("Can I bring my dog to the cafe terrace?", " Yes, dogs are welcome outside.",
          " No dogs, ever, under any circumstances, sorry about that.")]


def _model_and_batch(folder: Path, truncation: str = "keep_start", max_length: int = 512
                     ) -> tuple[Any, Any, dict[str, Any]]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl.trainer.dpo_trainer import DataCollatorForPreference
    from trl.trainer.utils import add_fused_lm_head

    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
    add_fused_lm_head(model, outputs=OUTPUTS)
    eos = [tokenizer.eos_token_id]
    examples = [{"prompt_ids": tokenizer(p)["input_ids"],
                 "chosen_ids": tokenizer(c)["input_ids"] + eos,
                 "rejected_ids": tokenizer(r)["input_ids"] + eos} for p, c, r in PAIRS]
    batch = DataCollatorForPreference(pad_token_id=tokenizer.pad_token_id or 0,
                                      max_length=max_length,
                                      truncation_mode=truncation)(examples)
    labels = batch["input_ids"].masked_fill(batch["completion_mask"] == 0, -100)
    inputs = {"input_ids": batch["input_ids"], "attention_mask": batch["attention_mask"],
              "use_cache": False}
    return model, labels, inputs


def test_packed_pairs_give_trls_log_probs_and_gradients(tiny_model_dir: Path) -> None:
    import torch

    model, labels, inputs = _model_and_batch(tiny_model_dir)
    trl_forward = model.forward
    assert shared_prompt.install(model, OUTPUTS)
    packed = shared_prompt.pack_pairs(inputs["input_ids"], inputs["attention_mask"], labels)
    assert packed is not None
    rows, width = inputs["input_ids"].shape
    # Each pair becomes one row, and it is shorter than its two rows were together.
    assert packed.input_ids.shape[0] == rows // 2
    assert int(packed.targets.numel()) == int((labels != -100).sum())

    def run(forward: Any) -> tuple[Any, dict[str, Any]]:
        model.zero_grad()
        out = forward(**inputs, labels=labels, fused_lm_head=True)
        chosen, rejected = out.log_probs.sum(1).chunk(2)
        (chosen - rejected).sum().backward()
        grads = {name: p.grad.clone() for name, p in model.named_parameters()
                 if p.grad is not None}
        return out, grads

    ours, our_grads = run(model.forward)
    theirs, their_grads = run(trl_forward)
    mask = labels[:, 1:] != -100
    for field in ("log_probs", "entropy", "mean_logits"):
        assert torch.allclose(getattr(ours, field), getattr(theirs, field), atol=1e-4), field
        assert bool((getattr(ours, field)[~mask] == 0).all())  # zero off the answers
    assert bool((ours.is_top1[mask] == theirs.is_top1[mask]).all())
    assert ours.log_probs.shape == (rows, width - 1)
    assert our_grads.keys() == their_grads.keys() and our_grads
    for name, grad in our_grads.items():
        assert torch.allclose(grad, their_grads[name], atol=1e-4, rtol=1e-3), name


def test_the_packed_forward_runs_under_peft_as_the_trainer_calls_it(
        tiny_model_dir: Path) -> None:
    import torch
    from peft import LoraConfig, get_peft_model

    model, labels, inputs = _model_and_batch(tiny_model_dir)
    trl_forward = model.forward
    assert shared_prompt.install(model, OUTPUTS)
    calls: list[int] = []
    original = shared_prompt._packed_forward

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    shared_prompt._packed_forward = counting  # type: ignore[assignment]
    try:
        peft = get_peft_model(model, LoraConfig(r=4, target_modules=["q_proj", "v_proj"]))
        with torch.no_grad():
            ours = peft(**inputs, labels=labels, fused_lm_head=True)  # PEFT adds Nones
            with peft.disable_adapter():  # the reference pass
                peft(**inputs, labels=labels, fused_lm_head=True)
            theirs = trl_forward(**inputs, labels=labels, fused_lm_head=True)
    finally:
        shared_prompt._packed_forward = original  # type: ignore[assignment]
    assert len(calls) == 2
    assert torch.allclose(ours.log_probs, theirs.log_probs, atol=1e-4)  # B starts at zero


def test_batches_that_do_not_share_prompts_use_trls_forward(tiny_model_dir: Path) -> None:
    import torch

    # keep_end cuts each row's start by its own length: the two prompts differ.
    model, labels, inputs = _model_and_batch(tiny_model_dir, "keep_end", max_length=14)
    assert shared_prompt.pack_pairs(inputs["input_ids"], inputs["attention_mask"],
                                    labels) is None
    trl_forward = model.forward
    assert shared_prompt.install(model, OUTPUTS)
    ours = model.forward(**inputs, labels=labels, fused_lm_head=True)
    theirs = trl_forward(**inputs, labels=labels, fused_lm_head=True)
    assert torch.equal(ours.log_probs, theirs.log_probs)
    # An odd number of rows, or a batch without prompts, is not a DPO batch either.
    ids, mask = inputs["input_ids"], inputs["attention_mask"]
    assert shared_prompt.pack_pairs(ids[:3], mask[:3], labels[:3]) is None
    assert shared_prompt.pack_pairs(ids, mask, ids.clone()) is None
    # Without the fused head (generation, plain scoring) the model's own forward runs.
    assert model(input_ids=ids[:1], attention_mask=mask[:1]).logits is not None


def test_models_the_packed_layout_does_not_fit_are_left_alone(tiny_model_dir: Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir), dtype=torch.float32)
    assert shared_prompt.supported(model)
    model.config.final_logit_softcapping = 30.0  # a head TRL's kernel transforms
    assert not shared_prompt.supported(model)
    model.config.final_logit_softcapping = None
    model.config._attn_implementation = "flash_attention_2"
    forward = model.forward
    assert not shared_prompt.install(model, OUTPUTS)
    assert model.forward == forward
    assert not shared_prompt.supported(object())


@pytest.mark.parametrize("attention", ["eager"])
def test_eager_attention_gets_an_additive_mask(tiny_model_dir: Path, attention: str) -> None:
    import torch

    model, labels, inputs = _model_and_batch(tiny_model_dir)
    model.config._attn_implementation = attention
    trl_forward = model.forward
    assert shared_prompt.install(model, OUTPUTS)
    with torch.no_grad():
        ours = model.forward(**inputs, labels=labels, fused_lm_head=True)
        theirs = trl_forward(**inputs, labels=labels, fused_lm_head=True)
    assert torch.allclose(ours.log_probs, theirs.log_probs, atol=1e-4)


def test_held_out_scoring_with_the_fused_head_matches_full_logits(tiny_model_dir: Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM

    from dpo_desktop.core.training.scoring import _sequence_logps, has_fused_head

    model, labels, inputs = _model_and_batch(tiny_model_dir)
    plain = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir), dtype=torch.float32)
    assert has_fused_head(model) and not has_fused_head(plain)
    ids, mask = inputs["input_ids"], inputs["attention_mask"]
    completion = (labels != -100).long()
    vocab = plain.config.vocab_size
    with torch.no_grad():
        expected = _sequence_logps(plain, ids, mask, completion, vocab)
        fused = _sequence_logps(model, ids, mask, completion, vocab)  # TRL's head
        assert shared_prompt.install(model, OUTPUTS)
        shared = _sequence_logps(model, ids, mask, completion, vocab)  # one prompt pass
    assert torch.allclose(fused, expected, atol=1e-4)
    assert torch.allclose(shared, expected, atol=1e-4)
