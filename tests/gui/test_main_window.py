"""The main window: steps, status bar, data files (menu path and drop), settings, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.hardware import HardwareInfo
from dpo_desktop.core.resources import sample_path
from dpo_desktop.gui.errors import show_error
from dpo_desktop.gui.main_window import PAGES, MainWindow
from tests.gui.loading import opened

GIB = 2**30


def info(cuda: bool) -> HardwareInfo:
    return HardwareInfo(cuda=cuda, device_name="NVIDIA GeForce RTX 4060" if cuda else "CPU",
                        vram_total=8 * GIB if cuda else None, vram_free=7 * GIB if cuda else None,
                        compute_capability=(8, 9) if cuda else None, bf16=cuda,
                        bitsandbytes=cuda, unsloth=False, cpu_cores=8, ram_total=32 * GIB,
                        ram_available=20 * GIB)


def test_window_opens_and_loads_sample(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show()
    qtbot.waitExposed(window)
    assert opened(qtbot, window.document,
                  lambda: window.open_data_file(sample_path("support_ja.csv")))
    assert window.current_page() == "data"
    assert "72 rows: 72 valid" in window.data_page.summary.text()
    assert window.data_page.proxy.rowCount() == 72
    assert "72 valid pairs" in window.train_page.inputs_label.text()


def test_step_list_and_shortcuts_switch_pages(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show()
    qtbot.waitExposed(window)
    assert window.steps.count() == len(PAGES)
    for row, name in enumerate(PAGES):
        window.steps.setCurrentRow(row)
        assert window.stack.currentWidget() is window.pages[name]
    by_key = {a.shortcut().toString(): a for a in window.actions()}
    by_key["Ctrl+3"].trigger()
    assert window.current_page() == "train"
    by_key["Ctrl+1"].trigger()
    assert window.current_page() == "model"
    shortcuts = set(by_key)
    assert {"Ctrl+O", "Ctrl+S", "Ctrl+N", "Ctrl+Return", "Ctrl+Shift+P", "Ctrl+."} <= shortcuts


def test_status_bar_shows_the_device(window) -> None:  # type: ignore[no-untyped-def]
    assert "Checking" in window.device_label.text()
    window.set_hardware(info(cuda=False))
    assert window.device_label.text() == "CPU only: demo-sized models"
    window.set_hardware(info(cuda=True))
    assert window.device_label.text() == "NVIDIA GeForce RTX 4060 · 8.0 GiB VRAM"
    assert "8.0 GiB" in window.model_page.card.memory.text()


def test_hardware_probe_runs_off_the_ui_thread(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.hardware_ready, timeout=120_000):
        window.start_background_jobs()
    assert window.hardware is not None
    assert window.device_label.text() != "Checking the hardware…"


def test_problems_are_shown_by_row(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pairs.csv"
    path.write_text("prompt,chosen,rejected\nq,a,b\n,a,b\n", encoding="utf-8")
    assert opened(qtbot, window.document, lambda: window.open_data_file(path))
    page = window.data_page
    page.filter_combo.setCurrentIndex(page.filter_combo.findData("errors"))
    assert page.proxy.rowCount() == 1
    index = page.proxy.index(0, 1)
    assert page.proxy.headerData(0, Qt.Orientation.Vertical) == "3"
    assert "empty" in page.proxy.data(index, Qt.ItemDataRole.ToolTipRole)
    assert page.proxy.data(index, Qt.ItemDataRole.BackgroundRole) is not None


def test_unusable_file_shows_message_not_traceback(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert not opened(qtbot, window.document,
                      lambda: window.open_data_file(tmp_path / "missing.csv"))
    boxes = window.findChildren(QMessageBox, "errorDialog")
    assert boxes and "There is no file at" in boxes[-1].text()
    assert "Traceback" not in boxes[-1].text() + boxes[-1].informativeText()


def test_unexpected_errors_get_a_details_box(qtbot) -> None:  # type: ignore[no-untyped-def]
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        box = show_error(None, exc)
    qtbot.addWidget(box)
    assert "did not expect" in box.text()
    assert "RuntimeError: boom" in box.detailedText()
    box2 = show_error(None, UserError("x", "Message.", "Hint.", detail="tech"))
    qtbot.addWidget(box2)
    assert (box2.text(), box2.informativeText(), box2.detailedText()) == (
        "Message.", "Hint.", "tech")


def test_dropping_a_file_opens_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_path("support_en.csv")))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    opened(qtbot, window.document, lambda: window.dropEvent(event))
    assert window.dataset is not None and window.dataset.report.rows_valid == 72
    assert window.current_page() == "data"


def test_choices_persist_between_sessions(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(runs_dir=tmp_path / "runs")
    qtbot.addWidget(first)
    first.model_page.set_spec("Qwen/Qwen2.5-0.5B-Instruct")
    opened(qtbot, first.document, lambda: first.open_data_file(sample_path("faq_en.csv")))
    first.train_page.set_preset("balanced")
    first.show_page("train")
    first.resize(640, 480)  # inside the offscreen screen (800 × 600)
    first.close()
    assert QSettings().value("model/spec") == "Qwen/Qwen2.5-0.5B-Instruct"

    second = MainWindow(runs_dir=tmp_path / "runs")
    qtbot.addWidget(second)
    assert second.model_page.spec == "Qwen/Qwen2.5-0.5B-Instruct"
    assert second.train_page.model_spec == "Qwen/Qwen2.5-0.5B-Instruct"
    # last session's file opens off the UI thread: the window is there before its rows
    qtbot.waitUntil(lambda: second.data_page.source_path == sample_path("faq_en.csv"),
                    timeout=20_000)
    assert second.data_page.source_path == sample_path("faq_en.csv")
    assert second.train_page.preset_combo.currentData() == "balanced"
    assert second.current_page() == "train"
    assert (second.width(), second.height()) == (640, 480)


def test_start_up_path_imports_no_torch(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from dpo_desktop.gui.app import create_application\n"
        "app = create_application()\n"
        "from dpo_desktop.gui.main_window import MainWindow\n"
        "w = MainWindow()\n"
        "w.show()\n"
        "app.processEvents()\n"
        "heavy = [m for m in ('torch', 'transformers', 'trl', 'peft', 'datasets', 'accelerate')"
        " if m in sys.modules]\n"
        "print('heavy:', heavy)\n"
        "w.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "DPO_DESKTOP_RUNS_DIR": str(tmp_path / "runs")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env=env)
    assert "heavy: []" in result.stdout, result.stdout + result.stderr
