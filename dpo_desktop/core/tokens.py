"""Token lengths of preference pairs: how many would be cut at the chosen max length.

A pair's length is what the trainer sees for its longer side: the prompt rendered with
the model's chat template, then the chosen or the rejected answer. Only the tokenizer is
loaded (no weights), and transformers is imported inside the functions, so callers on a
start-up path pay nothing until they count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpo_desktop.core.data.types import PreferencePair
from dpo_desktop.core.errors import JobControl, UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP

BATCH = 128  # small enough that a long file reports progress often


def load_tokenizer(spec: str) -> Any:
    """The tokenizer of a model spec (``demo``, folder, ``.gguf`` file or cached hub id).

    Never downloads: a hub model that is not in the cache raises a :class:`UserError`.
    """
    from transformers import AutoTokenizer

    from dpo_desktop.core import models

    spec = spec.strip()
    if spec in ("", models.DEMO_SPEC):
        return AutoTokenizer.from_pretrained(str(models.demo_model_dir()))
    path = Path(spec).expanduser()
    try:
        if path.suffix.lower() == ".gguf" and path.is_file():
            return AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
        if path.is_dir():
            return AutoTokenizer.from_pretrained(str(path))
        return AutoTokenizer.from_pretrained(spec, local_files_only=True)
    except (OSError, ValueError) as exc:
        raise UserError.of(
            "tokenizer_unavailable",
            QT_TRANSLATE_NOOP("messages", "The tokenizer of “{model}” is not on this computer."),
            QT_TRANSLATE_NOOP("messages", "Token lengths appear once the model has been "
                                          "downloaded (or pick a local folder)."),
            detail=f"{type(exc).__name__}: {exc}", model=spec) from exc


def _render_prompts(tokenizer: Any, pairs: Sequence[PreferencePair]) -> list[str]:
    template = getattr(tokenizer, "chat_template", None)
    if template:
        return [tokenizer.apply_chat_template([m.as_dict() for m in pair.prompt], tokenize=False,
                                               add_generation_prompt=True) for pair in pairs]
    return ["\n".join(m.content for m in pair.prompt) + "\n" for pair in pairs]


def _count(tokenizer: Any, texts: list[str]) -> list[int]:
    ids = tokenizer(texts, add_special_tokens=False)["input_ids"]
    return [len(x) for x in ids]


def pair_lengths(tokenizer: Any, pairs: Sequence[PreferencePair],
                 on_progress: Callable[[int, int], None] | None = None,
                 control: JobControl | None = None) -> list[int]:
    """Tokens in each pair's longer side (prompt + answer + end-of-turn token).

    Works in batches so that a long file reports progress and can be abandoned: once
    ``control`` is cancelled it returns the lengths counted so far (a short job whose
    result the caller drops; nothing is worth raising for).
    """
    lengths: list[int] = []
    total = len(pairs)
    for start in range(0, total, BATCH):
        if control is not None and control.is_cancelled:
            break
        chunk = pairs[start:start + BATCH]
        prompts = _count(tokenizer, _render_prompts(tokenizer, chunk))
        chosen = _count(tokenizer, [p.chosen for p in chunk])
        rejected = _count(tokenizer, [p.rejected for p in chunk])
        lengths += [p + max(c, r) + 1 for p, c, r in zip(prompts, chosen, rejected)]
        if on_progress is not None:
            on_progress(len(lengths), total)
    return lengths


@dataclass(frozen=True)
class LengthStats:
    lengths: tuple[int, ...]
    max_length: int

    @property
    def over(self) -> int:
        """Pairs longer than the max length: the trainer cuts them."""
        return sum(1 for n in self.lengths if n > self.max_length)

    @property
    def longest(self) -> int:
        return max(self.lengths, default=0)

    def histogram(self, bins: int = 30) -> tuple[list[float], list[int]]:
        """``(edges, counts)`` with ``len(edges) == len(counts) + 1``; the max length always
        falls on an edge so that the bars split cleanly into "fits" and "cut"."""
        if not self.lengths:
            return [0.0, float(self.max_length)], [0]
        top = max(self.longest, self.max_length)
        limit = max(1, self.max_length)
        per_limit = max(1, round(bins * limit / top))  # bins at or below the max length
        count = max(1, -(-top * per_limit // limit))
        counts = [0] * count
        for n in self.lengths:  # bin k holds lengths in (k, k+1] × limit / per_limit
            index = (max(n, 1) * per_limit + limit - 1) // limit - 1
            counts[min(count - 1, index)] += 1
        edges = [i * limit / per_limit for i in range(count + 1)]
        return edges, counts
