"""Python's cyclic garbage collector, run on the UI thread only.

Cyclic garbage in the app often holds Qt objects: a closed dialog's widgets, a lambda
connected to a signal that refers back to its page. When CPython collects it in a job's
worker thread (which it does whenever that thread allocates past the threshold), those
widgets are deleted outside the UI thread and Qt crashes. So the app hands collection to
the UI thread (``core.gcpause``): automatic collection is off and a timer here collects
what CPython would have, a few times a second; full collections that core code asks for
from a worker (freeing one model before loading the next) run here too. pyqtgraph ships
the same idea as its ``GarbageCollector``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from dpo_desktop.core import gcpause

#: How often the UI thread looks whether a collection is due. Generation 0 fills in a
#: fraction of a second under load; a check that finds nothing due costs microseconds.
INTERVAL_MS = 200


class UiThreadCollector(QObject):
    """Collects on the UI thread while it lives; :meth:`stop` gives collection back."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gcpause.hand_over_to_this_thread()
        self._timer = QTimer(self)
        self._timer.timeout.connect(gcpause.collect_due)
        self._timer.start(INTERVAL_MS)

    def stop(self) -> None:
        """CPython collects by itself again, after one full collection here."""
        self._timer.stop()
        gcpause.take_back()
