"""Held-out preference accuracy: does the policy's implicit reward prefer the chosen answer?

The implicit DPO reward of an answer is ``beta * (log π(answer) - log π_ref(answer))``,
with the reference being the same model with the adapter switched off. A pair counts
as correct when chosen's reward beats rejected's; an exact tie counts half, so a fresh
adapter (identical to the reference) scores 0.5, i.e. chance, rather than 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PreferenceScore:
    accuracy: float
    margin: float
    rows: int

    def to_dict(self) -> dict[str, float]:
        return {"accuracy": self.accuracy, "margin": self.margin}


ProgressCallback = Callable[[int, int], None]
LOGITS_BUDGET_BYTES = 256 * 1024**2
"""fp32 logits held at once while scoring: rows are scored in groups that fit this."""


def adapter_is_identity(model: Any) -> bool:
    """True when every LoRA ``B`` matrix is zero, i.e. the adapter changes nothing yet.

    PEFT starts ``B`` at zero, so before the first step the policy *is* the reference:
    every reward is exactly 0 and the held-out score is exactly chance (accuracy 0.5,
    margin 0). Knowing that saves a full pass over the held-out pairs before training.
    """
    found = False
    for name, parameter in model.named_parameters():
        if "lora_B" in name:
            found = True
            if bool(parameter.detach().ne(0).any()):
                return False
    return found


def score_eval_set(trainer: Any, beta: float,
                   on_progress: ProgressCallback | None = None) -> PreferenceScore | None:
    """Score the trainer's tokenized eval set; ``None`` when there is none.

    ``on_progress(done, total)`` is called with pairs scored so far (per rank). Every
    rank must call this under torchrun (it gathers across ranks).
    """
    import torch

    if trainer.eval_dataset is None or len(trainer.eval_dataset) == 0:
        return None
    model = trainer.model
    if adapter_is_identity(model):
        rows = len(trainer.eval_dataset)
        if on_progress is not None:
            on_progress(rows, rows)
        return PreferenceScore(accuracy=0.5, margin=0.0, rows=rows)
    was_training = model.training
    model.eval()
    correct = margin_sum = 0.0
    rows = 0
    device = next(p.device for p in model.parameters())
    loader = trainer.get_eval_dataloader()
    total = len(trainer.eval_dataset)
    done = 0
    if on_progress is not None:
        on_progress(0, total)
    vocab = int(getattr(model.config, "vocab_size", 0) or 1)
    try:
        with torch.no_grad(), trainer.accelerator.autocast():
            for batch in loader:
                ids = batch["input_ids"].to(device)
                mask = batch["attention_mask"].to(device)
                completion = batch["completion_mask"].to(device)
                policy = _sequence_logps(model, ids, mask, completion, vocab)
                with model.disable_adapter():
                    reference = _sequence_logps(model, ids, mask, completion, vocab)
                rewards = beta * (policy - reference)
                chosen, rejected = rewards.chunk(2)
                # Under DDP each rank scores its shard of the (prepared) eval loader; this
                # collects every rank's pairs and drops the ones padded in to even out the
                # shards, so all ranks get the same, whole-set figures. One process: a no-op.
                diff = trainer.accelerator.gather_for_metrics((chosen - rejected).float())
                diff = diff.cpu()
                correct += float((diff > 0).sum()) + 0.5 * float((diff == 0).sum())
                margin_sum += float(diff.sum())
                rows += int(diff.numel())
                done = min(total, done + int(chosen.shape[0]))
                if on_progress is not None:
                    on_progress(done, total)
    finally:
        model.train(was_training)
    if rows == 0:
        return None
    return PreferenceScore(accuracy=correct / rows, margin=margin_sum / rows, rows=rows)


def has_fused_head(model: Any) -> bool:
    """True when TRL's trainer gave the model its fused LM head (``fused_lm_head=True``
    returns per-token log-probs without the full logits): TRL patches the instance."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    return "forward" in vars(base)


def _sequence_logps(model: Any, ids: Any, mask: Any, completion: Any, vocab: int) -> Any:
    """Summed log-probability of each sequence's completion tokens.

    With TRL's fused LM head (and the engine's shared prompt pass on top of it, see
    shared_prompt.py) the whole batch is scored in one call that never builds the
    logits. Otherwise rows go through the model in groups whose fp32 logits fit
    ``LOGITS_BUDGET_BYTES``, and each token's log-probability is its logit minus the
    row's log-sum-exp, so no second vocabulary-sized tensor is ever made.
    """
    import torch

    if has_fused_head(model):
        labels = ids.masked_fill(completion == 0, -100)
        out = model(input_ids=ids, attention_mask=mask, labels=labels, fused_lm_head=True,
                    use_cache=False)
        return out.log_probs.sum(-1)

    length = int(ids.shape[1])
    group = max(1, LOGITS_BUDGET_BYTES // max(1, 4 * length * vocab))
    out = []
    for start in range(0, int(ids.shape[0]), group):
        rows = slice(start, start + group)
        logits = model(input_ids=ids[rows], attention_mask=mask[rows],
                       use_cache=False).logits[:, :-1].float()
        targets = ids[rows, 1:]
        picked = torch.gather(logits, 2, targets.unsqueeze(-1)).squeeze(-1)
        token_logps = picked - torch.logsumexp(logits, dim=-1)
        del logits
        out.append((token_logps * completion[rows, 1:]).sum(-1))
    return torch.cat(out)
