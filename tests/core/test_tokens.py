"""Token lengths: longer side of each pair, batching with progress, and the histogram."""

from __future__ import annotations

from typing import Any

import pytest

from dpo_desktop.core import tokens
from dpo_desktop.core.data.types import Message, PreferencePair
from dpo_desktop.core.errors import JobControl, UserError
from dpo_desktop.core.tokens import LengthStats, pair_lengths


class WordTokenizer:
    """One token per word; a chat template that adds two tokens per message."""

    chat_template = "fake"

    def __call__(self, texts: list[str], add_special_tokens: bool = False) -> dict[str, Any]:
        return {"input_ids": [text.split() for text in texts]}

    def apply_chat_template(self, messages: list[dict[str, str]], tokenize: bool,
                            add_generation_prompt: bool) -> str:
        return " ".join(f"<s> {m['content']} </s>" for m in messages) + " <a>"


def pair(prompt: str, chosen: str, rejected: str) -> PreferencePair:
    return PreferencePair(2, (Message("user", prompt),), chosen, rejected)


def test_length_is_prompt_plus_longer_answer_plus_eos() -> None:
    pairs = [pair("a b", "c", "d e f"), pair("x", "one two three four", "z")]
    # prompt "<s> a b </s> <a>" = 5 tokens, longer answer 3, +1 end of turn
    assert pair_lengths(WordTokenizer(), pairs) == [9, 9]


def test_without_a_chat_template_the_prompt_is_plain_text() -> None:
    tokenizer = WordTokenizer()
    tokenizer.chat_template = ""  # type: ignore[assignment]
    assert pair_lengths(tokenizer, [pair("a b", "c", "d")]) == [4]


def test_batches_report_progress_and_can_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "BATCH", 2)
    pairs = [pair("p", "c", "r")] * 5
    seen: list[tuple[int, int]] = []
    assert len(pair_lengths(WordTokenizer(), pairs, on_progress=lambda d, t: seen.append((d, t)))
               ) == 5
    assert seen == [(2, 5), (4, 5), (5, 5)]
    control = JobControl()

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if len(seen) >= 4:
            control.cancel()

    stopped = pair_lengths(WordTokenizer(), pairs, control=control, on_progress=progress)
    assert len(stopped) == 2


def test_stats_count_pairs_over_the_limit_and_bin_on_it() -> None:
    stats = LengthStats(tuple(range(1, 1001)), max_length=512)
    assert stats.over == 488 and stats.longest == 1000
    edges, counts = stats.histogram(bins=30)
    assert len(edges) == len(counts) + 1 and sum(counts) == 1000
    assert 512.0 in edges
    cut = sum(c for c, left in zip(counts, edges) if left >= 512)
    assert cut == stats.over


def test_empty_stats() -> None:
    stats = LengthStats((), max_length=256)
    assert stats.over == 0
    assert stats.histogram() == ([0.0, 256.0], [0])


def test_uncached_hub_tokenizer_is_a_user_error() -> None:
    with pytest.raises(UserError) as info:
        tokens.load_tokenizer("nobody-here/not-a-model-xyz")
    assert info.value.code == "tokenizer_unavailable"
