"""Health hints in plain words, from the metrics seen so far.

Pure functions over events, so the Train page and ``dpo-desktop train`` give the same
advice. Each hint is a stable code with parameters and an English template marked for
translation (see ARCHITECTURE.md, "Messages"): the terminal prints :attr:`Hint.message`,
the GUI translates the template and fills in the parameters. The thresholds are rules of
thumb from DPO practice, not guarantees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dpo_desktop.core.events import Event, MemorySample, StepMetrics
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP, render

LN2 = math.log(2)  # the DPO loss when chosen and rejected score the same
STUCK_STEPS = 10
OVERFIT_STEPS = 5
MARGIN_EXPLODING = 10.0
MEMORY_FULL = 0.92

NAN_LOSS = QT_TRANSLATE_NOOP(
    "messages", "The loss became NaN (not a number): training has diverged. Lower the "
                "learning rate (for example to 1e-4) and check the data for empty or "
                "extremely long rows.")
STUCK = QT_TRANSLATE_NOOP(
    "messages", "The loss is stuck at 0.693 with zero rewards after {n} steps: the model is "
                "not learning a preference. The learning rate may be too low, or the chosen "
                "and rejected answers may be too alike.")
OVERFITTING = QT_TRANSLATE_NOOP(
    "messages", "Accuracy is 1.0 and the reward margin keeps growing: the model is "
                "memorising the training pairs. Use fewer epochs, a lower learning rate or a "
                "higher beta, or add data.")
MEMORY = QT_TRANSLATE_NOOP(
    "messages", "GPU memory is nearly full ({share:.0%}). If the run fails with out of "
                "memory, lower the batch size or the max length.")


@dataclass(frozen=True)
class Hint:
    """One problem visible in the metrics: ``code`` is stable (tests and tables key on
    it), ``template`` is the marked English text, ``params`` fill its placeholders."""

    code: str
    template: str
    params: tuple[tuple[str, Any], ...] = field(default_factory=tuple)

    @property
    def message(self) -> str:
        """The English text (the terminal's; the GUI renders the translated template)."""
        return render(self.template, dict(self.params))


def hints(steps: Sequence[StepMetrics], memory: MemorySample | None = None) -> list[Hint]:
    """Each problem visible in the metrics so far, in a fixed order."""
    return step_hints(steps) + memory_hints(memory)


def step_hints(steps: Sequence[StepMetrics]) -> list[Hint]:
    found: list[Hint] = []
    if any(not math.isfinite(s.loss) for s in steps):
        found.append(Hint("nan_loss", NAN_LOSS))
    recent = steps[-STUCK_STEPS:]
    if len(recent) == STUCK_STEPS and all(
            abs(s.loss - LN2) < 0.005 and abs(s.rewards_margin or 0.0) < 0.01 for s in recent):
        found.append(Hint("stuck", STUCK, (("n", len(steps)),)))
    tail = steps[-OVERFIT_STEPS:]
    if len(tail) == OVERFIT_STEPS and all(
            (s.rewards_accuracy or 0.0) >= 0.999 for s in tail) and \
            (tail[-1].rewards_margin or 0.0) > MARGIN_EXPLODING and \
            (tail[-1].rewards_margin or 0.0) > (tail[0].rewards_margin or 0.0):
        found.append(Hint("overfitting", OVERFITTING))
    return found


def memory_hints(memory: MemorySample | None) -> list[Hint]:
    if memory is not None and memory.total:
        used = memory.nvml_used or memory.reserved or memory.allocated
        if used / memory.total > MEMORY_FULL:
            return [Hint("memory_full", MEMORY, (("share", used / memory.total),))]
    return []


class HealthWatch:
    """Follows a run's events and reports each kind of hint once, when it first shows:
    what a log or a terminal wants (the Train page shows :func:`hints` as they stand)."""

    def __init__(self) -> None:
        self.steps: list[StepMetrics] = []
        self._seen: set[str] = set()

    def __call__(self, event: Event) -> list[Hint]:
        """The hints that ``event`` makes appear for the first time (usually none)."""
        if isinstance(event, MemorySample):
            found = memory_hints(event)
        elif isinstance(event, StepMetrics):
            self.steps.append(event)
            found = step_hints(self.steps)
        else:
            return []
        new = [h for h in found if h.code not in self._seen]
        self._seen.update(h.code for h in new)
        return new
