"""Length-grouped training batches: pairs of similar length share a batch, so less padding.

TRL pads every sequence of a batch (chosen and rejected alike) to the batch's longest,
so a short pair batched with a long one pays for the long one's tokens. transformers'
own length-grouped sampler needs an ``input_ids`` column, which TRL's tokenized pairs do
not have, and it always puts the longest batch first; this one keeps the order random:

1. shuffle all pairs (seeded by the run's seed and the epoch, so a resumed run sees the
   same order as the original);
2. within windows of ``WINDOW_BATCHES`` batches, sort by length and cut into batches;
3. shuffle the order of the batches.

Every pair is still seen exactly once per epoch.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import Any

WINDOW_BATCHES = 8


def pair_lengths(dataset: Any) -> list[int]:
    """Tokens of each tokenized pair's longer side: prompt + max(chosen, rejected)."""
    prompts = dataset["prompt_ids"]
    chosen = dataset["chosen_ids"]
    rejected = dataset["rejected_ids"]
    return [len(p) + max(len(c), len(r)) for p, c, r in zip(prompts, chosen, rejected)]


def grouped_order(lengths: Sequence[int], batch_size: int, seed: int) -> list[int]:
    """The indices of one epoch, batch after batch, grouped by length."""
    rng = random.Random(seed)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    window = max(1, batch_size * WINDOW_BATCHES)
    batches: list[list[int]] = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start:start + window], key=lambda i: lengths[i])
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return [index for batch in batches for index in batch]


class LengthGroupedSampler:
    """A ``torch`` sampler (duck-typed) yielding :func:`grouped_order` for each epoch."""

    def __init__(self, lengths: Sequence[int], batch_size: int, seed: int) -> None:
        self.lengths = list(lengths)
        self.batch_size = batch_size
        self.seed = seed
        self.epoch = 0
        self._epoch_set = False

    def set_epoch(self, epoch: int) -> None:
        """Called by accelerate at the start of each epoch (also on resume)."""
        self.epoch = int(epoch)
        self._epoch_set = True

    def __len__(self) -> int:
        return len(self.lengths)

    def __iter__(self) -> Iterator[int]:
        order = grouped_order(self.lengths, self.batch_size, self.seed * 1000003 + self.epoch)
        if not self._epoch_set:  # nobody sets the epoch: advance it ourselves
            self.epoch += 1
        self._epoch_set = False
        return iter(order)


def install(trainer: Any, batch_size: int, seed: int) -> None:
    """Make ``trainer`` draw its training batches from a :class:`LengthGroupedSampler`."""
    lengths = pair_lengths(trainer.train_dataset)
    sampler = LengthGroupedSampler(lengths, batch_size, seed)

    def train_sampler(train_dataset: Any = None) -> Any:
        return sampler

    trainer._get_train_sampler = train_sampler
