"""The train/eval split: seeded, stable, bounded, and never shares a prompt."""

from __future__ import annotations

from dpo_desktop.core.data import Message, PreferencePair, split_pairs


def pairs(n: int, per_prompt: int = 1) -> list[PreferencePair]:
    return [PreferencePair(i + 2, (Message("user", f"question {i // per_prompt}"),),
                           f"good {i}", f"bad {i}") for i in range(n)]


def test_ten_percent_deterministic_and_disjoint() -> None:
    data = pairs(300, per_prompt=3)
    train, evaluation = split_pairs(data, seed=7)
    assert (train, evaluation) == split_pairs(data, seed=7)
    assert split_pairs(data, seed=8) != (train, evaluation)
    assert 27 <= len(evaluation) <= 33 and len(train) + len(evaluation) == 300
    assert not {p.prompt_text for p in train} & {p.prompt_text for p in evaluation}


def test_bounds() -> None:
    assert len(split_pairs(pairs(5))[1]) == 1          # at least one row
    assert len(split_pairs(pairs(20_000))[1]) == 500   # at most 500
    train, evaluation = split_pairs(pairs(1))          # cannot split one prompt
    assert len(train) == 1 and evaluation == ()
    assert split_pairs(pairs(10), eval_fraction=0.0)[1] == ()


def test_adding_rows_moves_few_prompts() -> None:
    before = {p.prompt_text for p in split_pairs(pairs(1000))[1]}
    after = {p.prompt_text for p in split_pairs(pairs(1100))[1]}
    assert len(before & after) >= 0.8 * len(before)
