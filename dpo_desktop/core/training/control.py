"""Training's :class:`JobControl`: pause, and a stop that saves.

Both are cooperative: the trainer callback looks at this object between steps. Pausing
blocks the training thread (GPU memory stays held, so resuming is instant). A cancel is a
*stop*: the run finishes the current step, saves a full checkpoint and the adapter, and
returns a ``cancelled`` result (a resume continues from there), rather than raising
``Cancelled`` like the other jobs, because what was trained is kept. A *quick* stop
(Quit, Ctrl-C) also skips the held-out "after" evaluation, which can take a minute; it
runs when the run is continued.
"""

from __future__ import annotations

from dpo_desktop.core.errors import JobControl


class TrainingControl(JobControl):
    """A JobControl with a quick stop; any thread may call these methods."""

    def __init__(self) -> None:
        super().__init__()
        self._quick = False

    def stop(self, quick: bool = False) -> None:
        """Finish the current step, save a checkpoint and the adapter, end the run as
        cancelled. ``quick``: to close the app; skip the "after" evaluation."""
        self._quick = self._quick or quick
        self.cancel()

    @property
    def stop_requested(self) -> bool:
        return self.is_cancelled

    @property
    def quick_stop(self) -> bool:
        return self.is_cancelled and self._quick

    @property
    def pause_requested(self) -> bool:
        return self.is_paused

    def wait_while_paused(self, poll_seconds: float = 0.5) -> None:
        self.wait_if_paused(poll_seconds)


def as_training_control(control: JobControl | None) -> TrainingControl:
    """The engine's control: ``control`` itself, or one that follows a plain JobControl
    (its cancel is a normal stop, its pause a pause)."""
    if isinstance(control, TrainingControl):
        return control
    training = TrainingControl()
    if control is not None:
        # Share the switches, so a cancel or pause on ``control`` reaches the engine.
        training._cancelled = control._cancelled
        training._running = control._running
    return training
