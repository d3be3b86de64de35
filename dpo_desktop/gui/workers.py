"""One long job (training, export, download, generation) on its own QThread.

The wiring follows superqt's ``_qthreading``: a worker ``QObject`` is moved to a
``QThread``; the thread's ``started`` runs the job; when the job returns, the thread
quits, and ``finished`` deletes both. The job gets an ``emit`` callback that it calls
from the worker thread; each call becomes a queued ``event`` signal, so widgets are only
ever touched on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

Job = Callable[[Callable[[Any], None]], Any]


class EventWorker(QObject):
    """Runs ``job(emit)`` in its thread and reports through signals."""

    event = Signal(object)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self.event.emit)
        except BaseException as exc:  # shown by the UI thread, never raised in this one
            self.failed.emit(exc)
        else:
            self.done.emit(result)


class JobRunner(QObject):
    """Owns at most one running job; its signals arrive on the UI thread.

    ``finished`` fires after ``done``/``failed``, once the thread has really ended.
    """

    event = Signal(object)
    done = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: EventWorker | None = None

    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, job: Job) -> None:
        if self._thread is not None:
            raise RuntimeError("a job is already running")
        thread = QThread()
        worker = EventWorker(job)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.event.connect(self.event)
        worker.done.connect(self.done)
        worker.failed.connect(self.failed)
        worker.done.connect(thread.quit)
        worker.failed.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(thread.deleteLater)
        thread.finished.connect(self._on_finished)
        self._thread, self._worker = thread, worker
        thread.start()

    @Slot()
    def _on_finished(self) -> None:
        self._thread = self._worker = None
        self.finished.emit()

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the thread ends (teardown only; the UI never waits on torch)."""
        thread = self._thread
        return thread is None or thread.wait(msecs)
