"""Blind A/B judging: random sides, votes that become new preference pairs, a win rate.

The judge must not know which answer is the trained one, so each prompt gets its own
random order, and the order is only revealed after the vote. A decided vote is a
preference pair for free (winner → chosen, loser → rejected), appended to a JSONL file
that the data importer reads back for the next run.
"""

from __future__ import annotations

import json
import math
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from dpo_desktop.core.atomic import atomic_open
from dpo_desktop.core.data.types import Message
from dpo_desktop.core.errors import from_os_error
from dpo_desktop.core.generation import Side

Verdict = Literal["A", "B", "tie", "both_bad"]
VERDICTS: tuple[Verdict, ...] = ("A", "B", "tie", "both_bad")


@dataclass(frozen=True)
class BlindPair:
    """One prompt's two answers, in the order shown. ``a_is_after`` stays hidden until voted."""

    prompt: tuple[Message, ...]
    a: str
    b: str
    a_is_after: bool

    @classmethod
    def shuffle(cls, prompt: Sequence[Message], before: str, after: str,
                rng: random.Random) -> BlindPair:
        """A random order; draw it before generating (with empty answers, filled in by
        :meth:`with_answers`), so not even the generation order gives the sides away."""
        drawn = cls(tuple(prompt), "", "", rng.random() < 0.5)
        return drawn.with_answers({"before": before, "after": after})

    @property
    def sides(self) -> tuple[Side, Side]:
        """Which model answered A and which B: the one place the hidden order is read."""
        return ("after", "before") if self.a_is_after else ("before", "after")

    def with_answers(self, answers: dict[Side, str]) -> BlindPair:
        """This order with each side's answer put in its place (A, B)."""
        a_side, b_side = self.sides
        return BlindPair(self.prompt, answers[a_side], answers[b_side], self.a_is_after)

    def winner(self, verdict: Verdict) -> Side | None:
        """Which model won, or None for a tie or "both bad"."""
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        if verdict in ("A", "B"):
            return self.sides[0 if verdict == "A" else 1]
        return None

    def as_pair_record(self, verdict: Verdict) -> dict[str, object] | None:
        """The preference pair this vote teaches, in the importer's conversational shape."""
        if verdict == "A":
            chosen, rejected = self.a, self.b
        elif verdict == "B":
            chosen, rejected = self.b, self.a
        else:
            return None
        if " ".join(chosen.split()) == " ".join(rejected.split()):
            return None  # identical answers teach nothing
        return {
            "prompt": [m.as_dict() for m in self.prompt],
            "chosen": [{"role": "assistant", "content": chosen}],
            "rejected": [{"role": "assistant", "content": rejected}],
            "source": "blind-vote",
        }


@dataclass
class Tally:
    """The trained model's record; ties count half, "both bad" is not a comparison."""

    wins: int = 0
    losses: int = 0
    ties: int = 0
    both_bad: int = 0

    def add(self, pair: BlindPair, verdict: Verdict) -> None:
        winner = pair.winner(verdict)
        if winner == "after":
            self.wins += 1
        elif winner == "before":
            self.losses += 1
        elif verdict == "tie":
            self.ties += 1
        else:
            self.both_bad += 1

    @property
    def judged(self) -> int:
        return self.wins + self.losses + self.ties

    @property
    def win_rate(self) -> float | None:
        if not self.judged:
            return None
        return (self.wins + 0.5 * self.ties) / self.judged

    def interval(self, z: float = 1.96) -> tuple[float, float] | None:
        """Wilson score interval: sensible even for a handful of votes or a 100% record."""
        n = self.judged
        rate = self.win_rate
        if rate is None:
            return None
        centre = (rate + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return max(0.0, centre - half), min(1.0, centre + half)


MIN_VOTES_TO_TELL = 5
"""Below this many decided votes, any verdict is chance: the reading says so."""


def reading(tally: Tally) -> str:
    """The votes in plain words, as a stable code for the GUI to phrase: ``none``,
    ``too_early``, ``better`` or ``worse`` (the whole 95% interval is on one side of 50%),
    or ``unclear``."""
    interval = tally.interval()
    if interval is None:
        return "none"
    if tally.judged < MIN_VOTES_TO_TELL:
        return "too_early"
    if interval[0] > 0.5:
        return "better"
    if interval[1] < 0.5:
        return "worse"
    return "unclear"


def append_vote_pair(path: str | os.PathLike[str], record: dict[str, object]) -> None:
    """Append one pair to a JSONL file without ever leaving it half-written."""
    target = Path(path)
    try:
        existing = target.read_bytes() if target.exists() else b""
    except OSError as exc:  # locked by another program, or its disk went away
        raise from_os_error(exc, target) from exc
    if existing and not existing.endswith(b"\n"):
        existing += b"\n"
    with atomic_open(target, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(existing.decode("utf-8"))
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
