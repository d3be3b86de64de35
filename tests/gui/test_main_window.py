"""The main window opens, loads a data file (menu path and drop), and shows the report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from dpo_desktop.core.resources import sample_path
from dpo_desktop.gui.main_window import MainWindow


def test_window_opens_and_loads_sample(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_data_file(sample_path("support_ja.csv"))
    assert "72 rows: 72 valid" in window.summary.text()
    assert window.issues.rowCount() == 0


def test_problems_are_listed_by_row(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pairs.csv"
    path.write_text("prompt,chosen,rejected\nq,a,b\n,a,b\n", encoding="utf-8")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_data_file(path)
    assert window.issues.rowCount() == 1
    assert window.issues.item(0, 0).text() == "3"
    assert "empty" in window.issues.item(0, 3).text()


def test_unusable_file_shows_message_not_traceback(qtbot, tmp_path: Path, monkeypatch
                                                   ) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: shown.append(text))
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.open_data_file(tmp_path / "missing.csv")
    assert shown and "There is no file at" in shown[0]


def test_dropping_a_file_opens_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_path("support_en.csv")))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.dataset is not None and window.dataset.report.rows_valid == 72
