"""Byte progress with an ETA for the steps of one export, as ``PhaseChanged`` events.

Each step (the merge-and-write pass, the check) knows up front how many bytes it will
read; ``current``/``total`` count them, ``eta_seconds`` is the step's remaining time at its
speed so far, and ``overall`` is the fraction of the whole export done, so a user interface
can show one bar over all steps that never goes back.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from dpo_desktop.core import events
from dpo_desktop.core.errors import Cancelled

_MIN_INTERVAL = 0.2  # seconds between events within a step


# The user stopped the export (the export removes what it wrote): the one core
# ``Cancelled``, under the name the export modules and their tests have always used.
ExportCancelled = Cancelled


class ExportProgress:
    """Progress over the steps (phase, total bytes) of one export, in order."""

    def __init__(self, on_event: events.EventCallback,
                 steps: list[tuple[events.Phase, int]] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.on_event = on_event
        self.clock = clock
        self.steps: list[tuple[events.Phase, int]] = list(steps or [])
        self._phase: events.Phase | None = None
        self._message = ""
        self._done = 0
        self._total = 0
        self._before = 0  # bytes of the finished steps
        self._started = 0.0
        self._last = 0.0

    def set_steps(self, steps: list[tuple[events.Phase, int]]) -> None:
        self.steps = list(steps)

    def _grand_total(self) -> int:
        return sum(max(total, 0) for _, total in self.steps)

    def start(self, phase: events.Phase, message: str, total: int) -> None:
        """Begin a step of ``total`` bytes (its planned total is replaced by the real one)."""
        if self._phase is not None:
            self._before += self._total
        self.steps = [(p, total if p == phase else t) for p, t in self.steps] \
            if any(p == phase for p, _ in self.steps) else [*self.steps, (phase, total)]
        self._phase, self._message = phase, message
        self._done, self._total = 0, max(total, 0)
        self._started = self._last = self.clock()
        self._emit()

    def advance(self, nbytes: int) -> None:
        self._done = min(self._total, self._done + nbytes)
        now = self.clock()
        if self._done >= self._total or now - self._last >= _MIN_INTERVAL:
            self._last = now
            self._emit()

    def complete(self) -> None:
        """Mark the current step done (its last event reports all its bytes)."""
        if self._done < self._total:
            self._done = self._total
            self._emit()

    def _emit(self) -> None:
        assert self._phase is not None
        elapsed = self.clock() - self._started
        eta = None
        if self._done and elapsed > 0:
            eta = elapsed / self._done * (self._total - self._done)
        grand = self._grand_total()
        overall = min(1.0, (self._before + self._done) / grand) if grand else None
        self.on_event(events.PhaseChanged(
            self._phase, self._message, current=self._done, total=self._total,
            eta_seconds=eta, overall=overall))
