"""The window's DataDocument: files import off the UI thread with a bar, a newer open
wins, the start-up file never blocks the window, and the Train page trains on what the
document holds (unsaved edits as a draft file)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings

from dpo_desktop.core.data import load_preferences
from dpo_desktop.core.resources import sample_path
from dpo_desktop.gui.main_window import MainWindow
from dpo_desktop.gui.pages.data_page import DataPage
from tests.gui.loading import opened


def test_a_file_opens_with_a_bar_and_a_newer_open_wins(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = DataPage()
    qtbot.addWidget(page)
    page.show()
    document = page.document
    finished: list[bool] = []
    document.import_finished.connect(finished.append)
    page.open_file(sample_path("support_en.csv"))
    assert document.is_loading() and page.loading.isVisible()
    assert "support_en.csv" in page.load_label.text()
    with qtbot.waitSignal(document.loaded, timeout=20_000):
        page.open_file(sample_path("support_ja.csv"))  # while the first is still being read
    deliver_late_results()
    assert finished == [True]  # the first file's result came back and was dropped
    assert document.source_path == sample_path("support_ja.csv")
    assert page.model.rowCount() == len(load_preferences(sample_path("support_ja.csv")).records)
    assert not page.loading.isVisible()


def test_cancelling_an_open_keeps_the_data_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = DataPage()
    qtbot.addWidget(page)
    page.show()
    assert opened(qtbot, page.document, lambda: page.open_file(sample_path("support_en.csv")))
    rows = page.model.rowCount()
    page.open_file(sample_path("support_ja.csv"))
    page.load_cancel.click()
    assert not page.document.is_loading() and not page.loading.isVisible()
    deliver_late_results()
    assert page.source_path == sample_path("support_en.csv")
    assert page.model.rowCount() == rows


def deliver_late_results() -> None:
    """Let every pool job end, then deliver the results they queued for the UI thread."""
    from PySide6.QtCore import QCoreApplication, QThreadPool

    assert QThreadPool.globalInstance().waitForDone(20_000)
    QCoreApplication.processEvents()


def test_the_start_up_file_opens_after_the_window(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings()
    settings.setValue("data/path", str(sample_path("support_ja.csv")))
    settings.setValue("data/mapping", json.dumps({}))
    settings.sync()
    window = MainWindow(runs_dir=tmp_path / "runs")
    qtbot.addWidget(window)
    assert window.dataset is None and window.document.is_loading()  # __init__ did not wait
    with qtbot.waitSignal(window.document.import_finished, timeout=20_000) as blocker:
        pass
    assert blocker.args == [True]
    assert window.dataset is not None and window.dataset.report.rows_valid == 72
    assert "72 valid pairs" in window.train_page.inputs_label.text()


def test_the_train_page_trains_on_the_document(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.train_page.data_source() == ("", {}, "")  # nothing loaded: the sample
    path = sample_path("support_en.csv")
    assert opened(qtbot, window.document, lambda: window.open_data_file(path))
    source, mapping, sheet = window.train_page.data_source()
    assert (source, sheet) == (str(path), "") and mapping["chosen"]
    model = window.document.model
    with qtbot.waitSignal(window.document.changed, timeout=5000):
        model.setData(model.index(0, 1), "edited prompt")
    assert "(edited)" in window.train_page.inputs_label.text()
    draft, mapping, _ = window.train_page.data_source()
    assert Path(draft).parent == window.runs_dir.parent / "drafts" and mapping == {}
    assert load_preferences(draft).records[0].prompt == "edited prompt"
