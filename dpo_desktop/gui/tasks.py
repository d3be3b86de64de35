"""Short background jobs on the global QThreadPool (probing, validation, token counting).

The result comes back through a queued signal to a relay object owned by the caller, so
the callback runs on the UI thread, and it never runs once the caller has been deleted.
Never touch widgets inside ``fn``: it runs on a pool thread, and it must not read the
caller's attributes either; give it a ``JobControl`` to cancel it (a cancelled short job
ends silently: ``Cancelled`` never reaches ``on_error``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from dpo_desktop.core.errors import Cancelled


def _emit(source: QObject, signal: Any, *args: Any) -> None:
    """``signal.emit(*args)`` from a pool thread, unless ``source`` has been deleted
    meanwhile (its owner closed while the job ran): then nobody is listening, and
    PySide's "Signal source has been deleted" must not escape into the pool thread."""
    try:
        signal.emit(*args)
    except RuntimeError:
        if shiboken6.isValid(source):
            raise


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject, on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None] | None) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._finish_ok)
        self.failed.connect(self._finish_error)

    @Slot(object)
    def _finish_ok(self, result: Any) -> None:
        try:
            self._on_done(result)
        finally:
            self.deleteLater()

    @Slot(object)
    def _finish_error(self, error: BaseException) -> None:
        try:
            if self._on_error is not None and not isinstance(error, Cancelled):
                self._on_error(error)
        finally:
            self.deleteLater()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay  # the Python wrapper only: its C++ object dies with the owner

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # handed to the UI thread, never raised here
            _emit(self._relay, self._relay.failed, exc)
        else:
            _emit(self._relay, self._relay.done, result)


def run_in_pool(owner: QObject, fn: Callable[[], Any], on_done: Callable[[Any], None],
                on_error: Callable[[BaseException], None] | None = None) -> None:
    """Run ``fn()`` on a pool thread; call ``on_done(result)`` or ``on_error(exc)`` on the
    UI thread, unless ``owner`` is gone by then."""
    relay = _Relay(owner, on_done, on_error)
    QThreadPool.globalInstance().start(_Runnable(fn, relay))


class ProgressRelay(QObject):
    """Carries ``(done, total)`` from a pool thread to a UI-thread callback.

    Create it on the UI thread; ``report`` may be called from any thread (the signal is
    queued), and nothing arrives once the owner has been deleted.
    """

    progress = Signal(int, int)

    def __init__(self, owner: QObject, on_progress: Callable[[int, int], None]) -> None:
        super().__init__(owner)
        self.progress.connect(on_progress)

    def report(self, done: int, total: int) -> None:
        _emit(self, self.progress, done, total)
