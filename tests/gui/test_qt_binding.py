"""The installed Qt binding keeps Python's reference counts right.

PySide6 6.12.0 dropped a reference to ``None`` on every call of a Qt method that returns
nothing (``setText``, ``update``, ``processEvents``...). On Python 3.12+ ``None`` is
immortal and nothing shows; on 3.10 and 3.11 the interpreter aborts ("deallocating None")
after as many such calls as ``None`` had references: a few thousand clicks before torch is
imported, a training run's worth of chart updates after. pyproject.toml keeps that version
out; this test fails if a binding with the same fault is ever installed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(200):
        label.setText("x")
        label.update()
        QCoreApplication.processEvents()
    # Other threads may hold or drop a few references meanwhile; the fault was 600 here.
    assert abs(sys.getrefcount(None) - before) < 100
