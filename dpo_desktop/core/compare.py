"""A compare session: one run's model, loaded once, answering prompts before and after.

Loading a base model with its adapter takes seconds to minutes, so the session keeps the
loaded :class:`~dpo_desktop.core.generation.Generator` between prompts and swaps it only
when another run is asked for. The Compare page holds one session (its views hold no
model), and ``dpo-desktop compare`` uses one for all its prompts. Only one job uses a
session at a time (the page runs one job at a time); a lock makes that a rule.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dpo_desktop.core.errors import JobControl
from dpo_desktop.core.events import EventCallback, ignore_events

if TYPE_CHECKING:
    from dpo_desktop.core.generation import Answer, GenerationSettings, Generator, Prompt, Side


class CompareSession:
    """Owns the loaded model of the run being compared; see the module docstring."""

    def __init__(self, device: str | None = None) -> None:
        self.device = device
        self._lock = threading.Lock()
        self._run: Path | None = None
        self._generator: Generator | None = None

    def is_loaded(self, run_dir: str | Path) -> bool:
        """True when ``run_dir``'s model is in memory (answering starts at once)."""
        return self._generator is not None and self._run == Path(run_dir)

    def answer(self, run_dir: str | Path, prompt: Prompt, sides: Sequence[Side],
               settings: GenerationSettings | None = None, *,
               control: JobControl | None = None,
               on_event: EventCallback = ignore_events) -> dict[Side, Answer]:
        """Answer ``prompt`` on each of ``sides`` in order, loading the run first if needed.

        A cancel cuts the answer being written short (returned, marked ``cancelled``) and
        skips the sides not started yet.
        """
        control = control or JobControl()
        with self._lock:
            generator = self._load(Path(run_dir), on_event)
            answers: dict[Side, Answer] = {}
            for side in sides:
                if control.is_cancelled:
                    break
                answers[side] = generator.generate(prompt, side, settings, on_event=on_event,
                                                   control=control)
            return answers

    def load(self, run_dir: str | Path, on_event: EventCallback = ignore_events) -> None:
        """Load ``run_dir``'s model now (else the first answer does); a ``UserError`` when
        the run has no adapter or its base model is gone."""
        with self._lock:
            self._load(Path(run_dir), on_event)

    def _load(self, folder: Path, on_event: EventCallback) -> Generator:
        from dpo_desktop.core.generation import Generator

        if self._generator is None or self._run != folder:
            self.unload()  # one model in memory at a time
            self._generator = Generator.from_run(folder, on_event=on_event, device=self.device)
            self._run = folder
        return self._generator

    def unload(self) -> None:
        """Free the model's memory (another run, or the page is closed)."""
        self._generator, self._run = None, None
