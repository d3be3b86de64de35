"""A deterministic train/eval split in which no prompt lands on both sides.

Prompts are ordered by a keyed hash rather than shuffled, so adding rows to a file
moves few existing prompts from one side to the other, and the split is the same on
every machine and Python version for a given seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from dpo_desktop.core.data.types import PreferencePair

DEFAULT_EVAL_FRACTION = 0.1
MIN_EVAL_ROWS = 1
MAX_EVAL_ROWS = 500


def _group_key(pair: PreferencePair) -> str:
    return " ".join(pair.prompt_text.split()).lower()


def split_pairs(pairs: Sequence[PreferencePair], eval_fraction: float = DEFAULT_EVAL_FRACTION,
                seed: int = 42, min_eval: int = MIN_EVAL_ROWS, max_eval: int = MAX_EVAL_ROWS,
                ) -> tuple[tuple[PreferencePair, ...], tuple[PreferencePair, ...]]:
    """Return ``(train, eval)``. With fewer than two distinct prompts, everything is train."""
    if not 0.0 <= eval_fraction < 1.0:
        raise ValueError(f"eval_fraction must be in [0, 1), got {eval_fraction}")
    keys = [_group_key(pair) for pair in pairs]
    sizes: dict[str, int] = {}
    for key in keys:
        sizes[key] = sizes.get(key, 0) + 1
    if len(sizes) < 2 or eval_fraction == 0.0:
        return tuple(pairs), ()
    target = min(max(round(len(pairs) * eval_fraction), min_eval), max_eval)
    salt = str(seed).encode()
    order = sorted(sizes, key=lambda k: hashlib.blake2b(salt + k.encode(), digest_size=8)
                   .digest())
    eval_keys: set[str] = set()
    count = 0
    for key in order[:-1]:  # the last group always stays in train
        if count >= target:
            break
        size = sizes[key]
        if count + size > max_eval or len(pairs) - count - size < 1:
            continue
        eval_keys.add(key)
        count += size
    train = tuple(p for p, k in zip(pairs, keys) if k not in eval_keys)
    evaluation = tuple(p for p, k in zip(pairs, keys) if k in eval_keys)
    return train, evaluation
