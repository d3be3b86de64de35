"""One long job (training, export, download, generation) on its own QThread.

The one way a page starts, cancels and finishes a job::

    control = JobControl()          # or TrainingControl() for pause and quick stop
    runner.start(lambda emit: core_job(..., control=control, on_event=emit), control)
    runner.cancel()                 # any time; the job stops at its next safe point

and, connected once, on the UI thread: ``event`` for each core event, then exactly one of
``done(result)``, ``cancelled(Cancelled)`` or ``failed(exception)``, then ``finished``
once the thread has really ended (the place to re-enable buttons). As in Anki's
``aqt.operations``, the job itself never touches a widget: it runs on the worker thread,
and everything it reports travels as a queued signal.

The wiring follows superqt's ``_qthreading``: a worker ``QObject`` is moved to a
``QThread``; the thread's ``started`` runs the job; when the job returns, the thread
quits, and ``finished`` deletes both.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from dpo_desktop.core.errors import Cancelled, JobControl

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
    """Owns at most one running job and its :class:`JobControl`; see the module docstring."""

    event = Signal(object)
    done = Signal(object)
    cancelled = Signal(object)  # the Cancelled error; its params say what was kept
    failed = Signal(object)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: EventWorker | None = None
        self.control: JobControl | None = None  # the running (or last) job's

    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, job: Job, control: JobControl | None = None) -> JobControl:
        """Run ``job(emit)`` on a new thread; ``control`` is what :meth:`cancel` cancels
        (pass the one the job checks). Returns the control."""
        if self._thread is not None:
            raise RuntimeError("a job is already running")
        self.control = control or JobControl()
        thread = QThread()
        worker = EventWorker(job)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.event.connect(self.event)
        worker.done.connect(self.done)
        worker.failed.connect(self._on_failed)
        worker.done.connect(thread.quit)
        worker.failed.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(thread.deleteLater)
        thread.finished.connect(self._on_finished)
        self._thread, self._worker = thread, worker
        thread.start()
        return self.control

    def cancel(self) -> bool:
        """Ask the running job to stop; False when none runs."""
        if self._thread is None or self.control is None:
            return False
        self.control.cancel()
        return True

    @property
    def cancel_requested(self) -> bool:
        """True once the current (or last) job was asked to stop."""
        return self.control is not None and self.control.is_cancelled

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.cancelled.emit(exc)
        else:
            self.failed.emit(exc)

    @Slot()
    def _on_finished(self) -> None:
        # A big import freezes the objects alive at its end (gc.freeze, see
        # data_document.without_gc_pauses) so later collections skip its rows; a model
        # that was alive then and that this job dropped (a new compare model, a finished
        # training run) may only be freed by the cycle collector, so hand the frozen
        # objects back to it. Splicing the list back is cheap; the next full collection
        # walks them once.
        gc.unfreeze()
        self._thread = self._worker = None
        self.finished.emit()

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the thread ends (teardown only; the UI never waits on torch)."""
        thread = self._thread
        return thread is None or thread.wait(msecs)

    def shutdown(self, msecs: int = 60_000) -> bool:
        """Cancel the job and wait for its thread (the window is closing)."""
        self.cancel()
        return self.wait(msecs)
