"""The Runs page: listing, charts rebuilt from metrics.jsonl, delete, and the offer to
continue an interrupted run."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox

from dpo_desktop.gui.pages.runs_page import RunsPage
from tests.gui.events import recorded_run


def make_run(runs: Path, name: str, status: str, updated: float | None = None) -> Path:
    run = runs / name
    (run / "adapter").mkdir(parents=True)
    (run / "adapter" / "adapter_config.json").write_text("{}", encoding="utf-8")
    (run / "run.toml").write_text('[model]\nspec = "demo"\n', encoding="utf-8")
    (run / "status.json").write_text(json.dumps(
        {"status": status, "message": f"{status}.", "updated": updated or time.time()}),
        encoding="utf-8")
    (run / "eval.json").write_text(json.dumps(
        {"before": {"accuracy": 0.5}, "after": {"accuracy": 0.9}}), encoding="utf-8")
    with (run / "metrics.jsonl").open("w", encoding="utf-8") as handle:
        for event in recorded_run(steps=6):
            handle.write(json.dumps(event.to_dict()) + "\n")
        handle.write("not json\n")
    return run


def test_runs_are_listed_opened_and_deleted(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    runs = tmp_path / "runs"
    make_run(runs, "old", "completed", time.time() - 100)
    new = make_run(runs, "new", "cancelled")
    (runs / "not-a-run").mkdir()
    page = RunsPage(runs)
    qtbot.addWidget(page)
    page.refresh()
    assert page.table.rowCount() == 2
    assert [page.table.item(r, 0).text() for r in range(2)] == ["new", "old"]
    assert page.table.item(0, 1).text() == "SmolLM2-135M (demo)"
    assert page.table.item(0, 3).text() == "stopped"
    assert (page.table.item(0, 4).text(), page.table.item(0, 5).text()) == ("50%", "90%")
    page.table.selectRow(0)
    assert page.charts.point_counts()["loss"] == 6
    assert page.resume_button.isEnabled()  # stopped: it can be continued
    page.table.selectRow(1)
    assert not page.resume_button.isEnabled()  # completed
    page.table.selectRow(0)
    with qtbot.waitSignal(page.run_opened, timeout=1000) as blocker:
        page.open_button.click()
    assert blocker.args == [str(new)]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: QMessageBox.StandardButton.Yes)
    page.delete_selected()
    assert not new.exists() and page.table.rowCount() == 1


def test_interrupted_run_is_offered_for_resume(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run = make_run(window.runs_dir, "crashed", "running", time.time() - 3600)
    old = time.time() - 3600
    os.utime(run / "metrics.jsonl", (old, old))
    resumed: list[str] = []
    monkeypatch.setattr(window.train_page, "resume_run",
                        lambda path: resumed.append(str(path)) or True)
    asked: list[Any] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: asked.append(a) or QMessageBox.StandardButton.Yes)
    assert window.offer_interrupted_run()
    assert resumed == [str(run)] and window.current_page() == "train"
    assert "crashed" in asked[0][2]


def test_compare_and_export_wait_for_a_run(window) -> None:  # type: ignore[no-untyped-def]
    assert not window.compare_page.generate_button.isEnabled()
    assert "Train a model first" in window.compare_page.run_label.text()
    assert not window.export_page.export_button.isEnabled()


def test_status_column_and_charts_are_not_cut_off(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runs = tmp_path / "runs"
    make_run(runs, "a-run-with-a-rather-long-name-for-the-table", "cancelled")
    page = RunsPage(runs)
    qtbot.addWidget(page)
    page.resize(900, 600)  # about what the page gets at the window's minimum size
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    page.table.selectRow(0)
    status = page.table.item(0, 3)
    assert status.text() == "stopped"
    needed = page.table.fontMetrics().horizontalAdvance(status.text())
    qtbot.waitUntil(lambda: page.table.columnWidth(3) > needed)  # not "sto…"
    charts = page.charts
    qtbot.waitUntil(lambda: charts.columns == 2)  # too narrow for three in a row
    title = charts.speed_plot.getPlotItem().titleLabel
    qtbot.waitUntil(lambda: charts.speed_plot.width() >= title.boundingRect().width())
    page.resize(1380, 800)  # about what the page gets in a 1600 px window
    page.refresh()
    header = page.table.horizontalHeader()
    qtbot.waitUntil(lambda: page.table.viewport().width() >= sum(
        header.sectionSize(c) for c in range(6)))  # "Accuracy after" is not cut off


def test_a_restart_offers_the_latest_finished_run(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dpo_desktop.gui.main_window import MainWindow

    runs = tmp_path / "runs"
    make_run(runs, "older", "completed", time.time() - 100)
    latest = make_run(runs, "latest", "completed")
    make_run(runs, "stopped-later", "cancelled", time.time() + 10)
    window = MainWindow(runs_dir=runs)
    qtbot.addWidget(window)
    assert window.export_page.run_dir == latest  # finished beats newer-but-stopped
    assert window.compare_page.run_dir == latest
    export = window.export_page
    assert [export.run_combo.itemText(i) for i in range(export.run_combo.count())] == [
        "stopped-later", "latest", "older"]  # any run can still be chosen
    export.run_combo.setCurrentIndex(2)
    export.run_combo.activated.emit(2)
    assert export.run_dir == runs / "older" and export.name_edit.text() == "older"
    window.train_page.shutdown()
