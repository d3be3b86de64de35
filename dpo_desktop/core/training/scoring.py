"""Held-out preference accuracy: does the policy's implicit reward prefer the chosen answer?

The implicit DPO reward of an answer is ``beta * (log π(answer) - log π_ref(answer))``,
with the reference being the same model with the adapter switched off. A pair counts
as correct when chosen's reward beats rejected's; an exact tie counts half, so a fresh
adapter (identical to the reference) scores 0.5, i.e. chance, rather than 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PreferenceScore:
    accuracy: float
    margin: float
    rows: int

    def to_dict(self) -> dict[str, float]:
        return {"accuracy": self.accuracy, "margin": self.margin}


def score_eval_set(trainer: Any, beta: float) -> PreferenceScore | None:
    """Score the trainer's tokenized eval set; ``None`` when there is none.

    Every rank must call this under torchrun (it gathers across ranks).
    """
    import torch

    if trainer.eval_dataset is None or len(trainer.eval_dataset) == 0:
        return None
    model = trainer.model
    was_training = model.training
    model.eval()
    correct = margin_sum = 0.0
    rows = 0
    device = next(p.device for p in model.parameters())
    try:
        with torch.no_grad():
            for batch in trainer.get_eval_dataloader():
                ids = batch["input_ids"].to(device)
                mask = batch["attention_mask"].to(device)
                completion = batch["completion_mask"].to(device)
                policy = _sequence_logps(model, ids, mask, completion)
                with model.disable_adapter():
                    reference = _sequence_logps(model, ids, mask, completion)
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
    finally:
        model.train(was_training)
    if rows == 0:
        return None
    return PreferenceScore(accuracy=correct / rows, margin=margin_sum / rows, rows=rows)


def _sequence_logps(model: Any, ids: Any, mask: Any, completion: Any) -> Any:
    """Summed log-probability of each sequence's completion tokens."""
    import torch

    logits = model(input_ids=ids, attention_mask=mask, use_cache=False).logits[:, :-1].float()
    targets = ids[:, 1:]
    token_logps = torch.gather(logits.log_softmax(-1), 2, targets.unsqueeze(-1)).squeeze(-1)
    return (token_logps * completion[:, 1:]).sum(-1)
