"""Blind votes: hidden sides, winners become chosen, and the file feeds the next run."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dpo_desktop.core.data import Message, load_preferences
from dpo_desktop.core.votes import BlindPair, Tally, append_vote_pair

PROMPT = (Message("user", "Do you deliver on Sundays?"),)


def test_both_orders_occur_and_winner_is_unmasked() -> None:
    rng = random.Random(1)
    pairs = [BlindPair.shuffle(PROMPT, "before text", "after text", rng) for _ in range(40)]
    assert {p.a_is_after for p in pairs} == {True, False}
    for pair in pairs:
        after_label = "A" if pair.a_is_after else "B"
        before_label = "B" if pair.a_is_after else "A"
        assert pair.winner(after_label) == "after"  # type: ignore[arg-type]
        assert pair.winner(before_label) == "before"  # type: ignore[arg-type]
        assert pair.winner("tie") is None and pair.winner("both_bad") is None


def test_tally_and_wilson_interval() -> None:
    tally = Tally()
    pair = BlindPair(PROMPT, "after", "before", a_is_after=True)
    for verdict in ["A"] * 7 + ["B"] * 2 + ["tie"] * 2 + ["both_bad"]:
        tally.add(pair, verdict)  # type: ignore[arg-type]
    assert (tally.wins, tally.losses, tally.ties, tally.both_bad) == (7, 2, 2, 1)
    assert tally.win_rate == pytest.approx(8 / 11)
    low, high = tally.interval()  # type: ignore[misc]
    assert 0.4 < low < tally.win_rate < high < 0.95
    perfect = Tally(wins=3)
    assert perfect.interval()[1] == 1.0 and perfect.interval()[0] > 0.3  # type: ignore[index]
    assert Tally().win_rate is None and Tally().interval() is None


def test_votes_round_trip_through_the_importer(tmp_path: Path) -> None:
    path = tmp_path / "votes.jsonl"
    rng = random.Random(5)
    answers = [("We are closed on Sundays, sorry.", "Yes! Sunday delivery runs 10–16.")] * 3
    verdicts = ["A", "B", "tie"]
    for (before, after), verdict in zip(answers, verdicts):
        pair = BlindPair.shuffle(PROMPT, before, after, rng)
        record = pair.as_pair_record(verdict)  # type: ignore[arg-type]
        if record is not None:
            append_vote_pair(path, record)
    dataset = load_preferences(path)
    assert dataset.report.rows_total == 2 and dataset.report.rows_valid == 2
    for p in dataset.pairs:
        assert p.prompt == PROMPT
        assert {p.chosen, p.rejected} == set(answers[0])


def test_reading_in_plain_words() -> None:
    from dpo_desktop.core.votes import reading

    tally = Tally()
    assert reading(tally) == "none"
    tally.wins = 1
    assert reading(tally) == "too_early"  # 1 vote: "0%–79%" said nothing anyway
    tally.wins, tally.losses = 9, 1
    assert reading(tally) == "better"
    tally.wins, tally.losses = 1, 9
    assert reading(tally) == "worse"
    tally.wins, tally.losses = 3, 3
    assert reading(tally) == "unclear"
