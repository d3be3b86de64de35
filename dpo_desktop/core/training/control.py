"""Pause and stop requests, shared between the UI thread and the training loop.

Both are cooperative: the trainer callback looks at this object between steps. Pausing
blocks the training thread on an event (GPU memory stays held, so resuming is instant).
Every stop saves a full checkpoint at the current step, so a resume continues from there.
A *quick* stop (Quit, Ctrl-C) also skips the held-out "after" evaluation, which can take
a minute; it runs when the run is continued.
"""

from __future__ import annotations

import threading


class TrainingControl:
    """Thread-safe switches; any thread may call these methods."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._quick = False
        self._running = threading.Event()  # set = not paused
        self._running.set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self, quick: bool = False) -> None:
        """Finish the current step, save a checkpoint and the adapter, end the run as
        cancelled. ``quick``: to close the app; skip the "after" evaluation."""
        self._quick = self._quick or quick
        self._stop.set()
        self._running.set()  # a paused run must wake up to stop

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def quick_stop(self) -> bool:
        return self._stop.is_set() and self._quick

    @property
    def pause_requested(self) -> bool:
        return not self._running.is_set()

    def wait_while_paused(self, poll_seconds: float = 0.5) -> None:
        """Block while paused; return at once when running or stopping."""
        while not self._running.wait(poll_seconds):
            if self._stop.is_set():
                return
