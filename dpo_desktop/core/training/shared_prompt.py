"""One pass over each pair's prompt: the chosen and rejected answers share it.

TRL's DPO batch holds every pair twice, prompt + chosen and prompt + rejected, padded to
the longest row; on a CPU its fused LM head then scores every position of every row,
prompt and padding included. With the short answers of a typical preference sheet most of
that work is repeated prompt, padding and vocabulary projections nobody reads.

This module packs each pair into one row: the prompt once, then the chosen answer, then
the rejected answer. An attention mask lets every token see the prompt and the earlier
tokens of its own answer only, and both answers' position ids continue from the prompt,
so each answer token sees exactly what it saw in TRL's layout: the same log-probabilities
(up to float rounding), from about half the tokens. Only the positions that predict an
answer token go through the LM head (TRL's own chunked log-prob function, so the metrics
TRL logs stay the same).

It is installed as the model's forward on top of TRL's fused-LM-head forward, and falls
back to that for any batch it does not recognise (a pair whose two rows do not share the
same prompt, e.g. cut by ``keep_end`` truncation; extra model inputs; an odd row count).
The policy pass, the reference pass (adapter off) and a reference precompute all go
through it, so the DPO loss is TRL's, computed on the same pairs.
"""

from __future__ import annotations

import functools
import types
from dataclasses import dataclass
from typing import Any

SUPPORTED_ATTENTION = ("sdpa", "eager")
"""Attention implementations that take a custom 4D mask as given."""
LOGIT_TRANSFORMS = ("final_logit_softcapping", "logit_scale", "output_multiplier",
                    "lm_head_multiplier", "logits_scaling")
"""Config entries that change the logits; models with any of them keep TRL's own head."""
VOCAB_CHUNK = 32768
"""Vocabulary columns per projection tile (TRL's own tile width)."""
MODEL_INPUTS = frozenset({"input_ids", "attention_mask", "use_cache"})
"""What a DPO batch passes; anything else must be unset (PEFT's wrapper passes
``inputs_embeds``, ``output_attentions`` … as None)."""


@dataclass(frozen=True)
class PackedPairs:
    """A DPO batch of ``2 × pairs`` rows, repacked as one row per pair."""

    input_ids: Any  # [pairs, length]
    position_ids: Any  # [pairs, length]
    attention: Any  # [pairs, 1, length, length] bool: True where a query may see a key
    pair: Any  # [tokens]: the packed row of each scored token
    source: Any  # [tokens]: the packed position whose hidden state predicts it
    targets: Any  # [tokens]: the token it predicts
    out_row: Any  # [tokens]: where its log-prob goes in TRL's [2 × pairs, length - 1] layout
    out_col: Any  # [tokens]


def supported(model: Any) -> bool:
    """True when ``model`` (the causal LM under any PEFT wrapper) can take packed pairs."""
    config = getattr(model, "config", None)
    if config is None:
        return False
    text = config.get_text_config() if hasattr(config, "get_text_config") else config
    if text is not config:  # multimodal: images sit inside the prompt
        return False
    if any(getattr(text, name, None) is not None for name in LOGIT_TRANSFORMS):
        return False
    if getattr(text, "output_router_logits", False):  # MoE auxiliary loss
        return False
    return getattr(config, "_attn_implementation", None) in SUPPORTED_ATTENTION


def pack_pairs(input_ids: Any, attention_mask: Any, labels: Any) -> PackedPairs | None:
    """The packed layout of a TRL DPO batch, or None when the batch is not one.

    TRL's collator puts the chosen rows first and the rejected rows second, each row
    ``prompt + answer`` right-padded; ``labels`` is the row with every non-answer token
    set to -100. Each pair's two rows must start with the same prompt of ≥ 1 token.
    """
    import torch

    if input_ids is None or attention_mask is None or labels is None:
        return None
    if input_ids.dim() != 2 or input_ids.shape != attention_mask.shape \
            or input_ids.shape != labels.shape or input_ids.shape[0] % 2:
        return None
    device = input_ids.device
    real = attention_mask.bool()
    answer = labels != -100
    lengths = real.sum(1)
    width = int(input_ids.shape[1])
    columns = torch.arange(width, device=device)
    if not bool((real == (columns < lengths[:, None])).all()):  # not right-padded
        return None
    has_answer = answer.any(1)
    prompt = torch.where(has_answer, answer.int().argmax(1), lengths)
    # every answer token is real, and the answer runs from the prompt's end to the row's
    if not bool((answer == ((columns >= prompt[:, None]) & real)).all()):
        return None
    pairs = int(input_ids.shape[0]) // 2
    p_chosen, p_rejected = prompt[:pairs], prompt[pairs:]
    if not bool((p_chosen == p_rejected).all()) or not bool((p_chosen >= 1).all()):
        return None
    same = (input_ids[:pairs] == input_ids[pairs:]) | (columns >= p_chosen[:, None])
    if not bool(same.all()):
        return None

    prompts = p_chosen.tolist()
    chosen_end = lengths[:pairs].tolist()
    rejected_end = lengths[pairs:].tolist()
    size = max(c + r - p for p, c, r in zip(prompts, chosen_end, rejected_end))
    ids = torch.zeros((pairs, size), dtype=input_ids.dtype, device=device)
    positions = torch.zeros((pairs, size), dtype=torch.long, device=device)
    segment = torch.full((pairs, size), -1, dtype=torch.long, device=device)
    pair_of, source, targets, out_row, out_col = [], [], [], [], []
    for i, (p, c_end, r_end) in enumerate(zip(prompts, chosen_end, rejected_end)):
        c_len, r_len = c_end - p, r_end - p
        ids[i, :c_end] = input_ids[i, :c_end]
        ids[i, c_end:c_end + r_len] = input_ids[pairs + i, p:r_end]
        positions[i, :c_end] = torch.arange(c_end, device=device)
        positions[i, c_end:c_end + r_len] = torch.arange(p, r_end, device=device)
        segment[i, :p] = 0
        segment[i, p:c_end] = 1
        segment[i, c_end:c_end + r_len] = 2
        # chosen token at t (p ≤ t < c_end) is predicted by packed position t - 1
        chosen_t = torch.arange(p, c_end, device=device)
        # rejected token at t is predicted by the prompt's last position (t = p), or by the
        # previous rejected token, which sits after the chosen answer
        rejected_t = torch.arange(p, r_end, device=device)
        rejected_src = torch.where(rejected_t == p, p - 1, rejected_t - 1 + c_len)
        for row, t, src in ((i, chosen_t, chosen_t - 1), (pairs + i, rejected_t, rejected_src)):
            pair_of.append(torch.full_like(t, i))
            source.append(src)
            targets.append(input_ids[row, t])
            out_row.append(torch.full_like(t, row))
            out_col.append(t - 1)
    query, key = segment[:, :, None], segment[:, None, :]
    causal = torch.ones((size, size), dtype=torch.bool, device=device).tril()
    allowed = causal & (query >= 0) & (key >= 0) & ((key == 0) | (key == query))
    # padding queries see themselves, so no row of the softmax is empty (no NaN)
    allowed |= torch.eye(size, dtype=torch.bool, device=device)
    return PackedPairs(input_ids=ids, position_ids=positions, attention=allowed[:, None],
                       pair=torch.cat(pair_of), source=torch.cat(source),
                       targets=torch.cat(targets), out_row=torch.cat(out_row),
                       out_col=torch.cat(out_col))


def install(model: Any, outputs: tuple[str, ...]) -> bool:
    """Put the packed forward on ``model`` (TRL has already given it its fused LM head).

    ``outputs`` are the per-token fields TRL's loss reads (``log_probs`` always). Returns
    False, changing nothing, when the model is not :func:`supported`.
    """
    if not supported(model):
        return False
    fused_forward = model.forward
    eager = getattr(model.config, "_attn_implementation", "sdpa") == "eager"

    @functools.wraps(type(model).forward)
    def forward(self: Any, *args: Any, fused_lm_head: bool = False, labels: Any = None,
                **kwargs: Any) -> Any:
        packed = None
        if fused_lm_head and not args and all(
                key in MODEL_INPUTS or value is None or value is False
                for key, value in kwargs.items()):
            packed = pack_pairs(kwargs.get("input_ids"), kwargs.get("attention_mask"), labels)
        if packed is None:
            return fused_forward(*args, fused_lm_head=fused_lm_head, labels=labels, **kwargs)
        return _packed_forward(self, packed, labels, outputs, eager)

    model.forward = types.MethodType(forward, model)
    return True


def _packed_forward(model: Any, packed: PackedPairs, labels: Any, outputs: tuple[str, ...],
                    eager: bool) -> Any:
    import torch
    from trl.kernels import ChunkedLogProbFunction
    from trl.trainer.utils import FusedCausalLMOutput

    mask = packed.attention
    if eager:  # eager attention adds the mask to the scores
        mask = torch.zeros(mask.shape, dtype=torch.float32, device=mask.device).masked_fill(
            ~mask, torch.finfo(torch.float32).min)
    backbone = model.base_model(input_ids=packed.input_ids, attention_mask=mask,
                                position_ids=packed.position_ids, use_cache=False)
    hidden = backbone.last_hidden_state[packed.pair, packed.source]
    head = model.get_output_embeddings()
    chunked: Any = ChunkedLogProbFunction  # untyped (torch.autograd.Function)
    fields = chunked.apply(hidden, head.weight, head.bias, packed.targets, 1.0, VOCAB_CHUNK,
                           None, 1.0, outputs)
    label_mask = labels[:, 1:] != -100
    index = (packed.out_row, packed.out_col)

    def spread(values: Any) -> Any:
        if values is None:
            return None
        return values.new_zeros(label_mask.shape).index_put(index, values)

    log_probs, entropy, log_sum_sq_probs, mean_logits, is_top1 = (spread(x) for x in fields)
    loss = -log_probs.sum() / label_mask.sum().clamp(min=1)
    return FusedCausalLMOutput(loss=loss, log_probs=log_probs, entropy=entropy,
                               log_sum_sq_probs=log_sum_sq_probs, mean_logits=mean_logits,
                               is_top1=is_top1, label_mask=label_mask)
