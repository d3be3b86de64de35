"""Nothing is clipped at the window's minimum size, in English or Japanese.

For each page, the window is shrunk to its minimum size; then every visible label,
button, check box, radio button and group box must be at least as wide as its text needs
(word-wrapped labels: as tall as their text needs at their width)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QWidget,
)

from dpo_desktop.core.hardware import HardwareInfo
from dpo_desktop.gui import i18n

GIB = 1024**3
HARDWARE = HardwareInfo(cuda=True, device_name="NVIDIA GeForce RTX 4060 Laptop GPU",
                        vram_total=8 * GIB, vram_free=7 * GIB, compute_capability=(8, 9),
                        bf16=True, bitsandbytes=True, unsloth=False, cpu_cores=8,
                        ram_total=32 * GIB, ram_available=20 * GIB)
LARGEST_MINIMUM = (1280, 800)  # a small laptop screen must hold the window


@pytest.fixture(params=["en", "ja"])
def language(request: pytest.FixtureRequest, qapp: Any) -> Iterator[str]:
    assert i18n.install(qapp, request.param) == request.param
    yield request.param
    i18n.uninstall(qapp)


def clipped(root: QWidget) -> list[str]:
    """A description of each visible text widget under ``root`` that is too small."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root.window()) or widget.property("elided"):
            continue
        if isinstance(widget, QLabel):
            if not widget.text() or not widget.pixmap().isNull():
                continue
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.contentsRect().width())
                if needed > 0 and widget.contentsRect().height() + 1 < needed:
                    problems.append(f"label {widget.text()!r}: height "
                                    f"{widget.contentsRect().height()} < {needed}")
            elif widget.width() < widget.minimumSizeHint().width():
                problems.append(f"label {widget.text()!r}: width {widget.width()} < "
                                f"{widget.minimumSizeHint().width()}")
        elif isinstance(widget, QPushButton | QCheckBox | QRadioButton):
            button: QAbstractButton = widget
            if button.text() and button.width() < button.sizeHint().width():
                problems.append(f"{type(button).__name__} {button.text()!r}: width "
                                f"{button.width()} < {button.sizeHint().width()}")
        elif isinstance(widget, QGroupBox) and widget.title():
            needed = widget.fontMetrics().horizontalAdvance(widget.title())
            if widget.width() < needed:
                problems.append(f"group {widget.title()!r}: width {widget.width()} < {needed}")
    return problems


def test_nothing_is_clipped_at_the_minimum_window_size(language: str, qtbot: Any,
                                                       tmp_path: Path) -> None:
    from dpo_desktop.gui.main_window import PAGES, MainWindow

    window = MainWindow(runs_dir=tmp_path / "runs")
    qtbot.addWidget(window)
    window.show()
    window.set_hardware(HARDWARE)
    problems = []
    for name in PAGES:
        window.show_page(name)
        QApplication.processEvents()
        minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
        assert minimum.width() <= LARGEST_MINIMUM[0] and \
            minimum.height() <= LARGEST_MINIMUM[1], (name, minimum)
        window.resize(minimum)
        qtbot.waitUntil(lambda m=minimum: window.size() == m, timeout=2000)
        QApplication.processEvents()
        problems += [f"{name}: {p}" for p in clipped(window.pages[name])]
    problems += [f"status bar: {p}" for p in clipped(window.statusBar())]
    assert not problems, "\n".join(problems)
    window.train_page.shutdown()


def test_the_guide_and_settings_are_not_clipped(language: str, qtbot: Any) -> None:
    from dpo_desktop.gui.guide import GuideDialog
    from dpo_desktop.gui.settings_dialog import SettingsDialog

    for dialog in (GuideDialog(None, HARDWARE), SettingsDialog()):
        qtbot.addWidget(dialog)
        dialog.show()
        pages = getattr(dialog, "pages", [dialog])
        problems = []
        for index, page in enumerate(pages):
            if hasattr(dialog, "go"):
                dialog.go(index)
            dialog.resize(dialog.minimumSizeHint().expandedTo(dialog.minimumSize()))
            QApplication.processEvents()
            problems += clipped(page)
        assert not problems, "\n".join(problems)


def test_the_check_finds_a_clipped_button(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    button = QPushButton("A rather long button text", holder)
    holder.show()
    button.resize(30, button.sizeHint().height())
    assert clipped(holder)


def test_the_restart_note_is_not_clipped_when_it_appears(language: str, qtbot: Any) -> None:
    from dpo_desktop.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.minimumSizeHint().expandedTo(dialog.minimumSize()))
    QApplication.processEvents()
    dialog.language_combo.setCurrentIndex(2 if language == "en" else 1)  # another language
    label = dialog.restart_label
    assert label.isVisibleTo(dialog)

    def fits() -> bool:
        QApplication.processEvents()
        return label.contentsRect().height() + 1 >= label.heightForWidth(
            label.contentsRect().width())

    qtbot.waitUntil(fits, timeout=2000)
    assert not clipped(dialog), clipped(dialog)


def test_the_step_list_is_not_cut_at_the_minimum_size(language: str, qtbot: Any,
                                                       tmp_path: Path) -> None:
    from dpo_desktop.gui.main_window import MainWindow

    window = MainWindow(runs_dir=tmp_path / "runs")
    qtbot.addWidget(window)
    window.show()
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    window.resize(minimum)
    qtbot.waitUntil(lambda: window.size() == minimum, timeout=2000)
    QApplication.processEvents()
    steps = window.steps
    assert steps.viewport().width() >= steps.sizeHintForColumn(0), (
        steps.viewport().width(), steps.sizeHintForColumn(0))
    window.train_page.shutdown()


def orphan_lines(root: QWidget) -> list[str]:
    """Word-wrapped labels whose last line is a lone tail such as 「い。」 (Japanese text
    may break between any two characters)."""
    from PySide6.QtGui import QTextDocument, QTextOption

    found = []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root.window()) or not label.wordWrap() or not label.text():
            continue
        document = QTextDocument()
        document.setDefaultFont(label.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document.setDefaultTextOption(option)
        document.setDocumentMargin(0)
        if "<" in label.text():
            document.setHtml(label.text())
        else:
            document.setPlainText(label.text())
        document.setTextWidth(label.contentsRect().width())
        document.size()  # lays it out
        block = document.begin()
        while block.isValid():
            layout = block.layout()
            if layout.lineCount() > 1:
                last = layout.lineAt(layout.lineCount() - 1)
                tail = block.text()[last.textStart():last.textStart() + last.textLength()]
                if 0 < len(tail.strip()) <= 3:
                    found.append(f"{tail.strip()!r} ending {block.text()[-30:]!r}")
            block = block.next()
    return found


def test_no_orphan_line_ends_in_japanese(qtbot: Any, tmp_path: Path, qapp: Any) -> None:
    from dpo_desktop.gui.guide import GuideDialog
    from dpo_desktop.gui.main_window import PAGES, MainWindow

    assert i18n.install(qapp, "ja") == "ja"
    try:
        window = MainWindow(runs_dir=tmp_path / "runs")
        qtbot.addWidget(window)
        window.show()
        window.set_hardware(HARDWARE)
        problems = []
        minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
        for size in ((minimum.width(), minimum.height()), (1600, 1000)):
            window.resize(*size)
            for name in PAGES:
                window.show_page(name)
                QApplication.processEvents()
                problems += [f"{name} {size}: {p}" for p in orphan_lines(window.pages[name])]
        guide = GuideDialog(None, HARDWARE)
        qtbot.addWidget(guide)
        guide.show()
        for index, page in enumerate(guide.pages):
            guide.go(index)
            QApplication.processEvents()
            problems += [f"guide {index}: {p}" for p in orphan_lines(page)]
        assert not problems, "\n".join(problems)
        window.train_page.shutdown()
    finally:
        i18n.uninstall(qapp)
