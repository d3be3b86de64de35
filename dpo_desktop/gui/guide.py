"""The getting-started guide: four short pages shown on first launch and from Help.

1. Which model suits this computer (the hardware probe, the catalog and the memory fit).
2. What a preference pair is, with a real row of the bundled sample (Japanese sample in
   the Japanese UI, English otherwise).
3. What each training chart means.
4. What to do next, and whether to show the guide again at start-up.
"""

from __future__ import annotations

import csv
import html
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.catalog import DEMO, CatalogEntry, ModelFit, fit_table
from dpo_desktop.core.data.types import REQUIRED_FIELDS
from dpo_desktop.core.hardware import HardwareInfo
from dpo_desktop.core.memory import MemoryEstimate, format_bytes
from dpo_desktop.core.resources import sample_path
from dpo_desktop.gui import i18n
from dpo_desktop.gui.messages import model_name
from dpo_desktop.gui.pages.model_page import format_duration
from dpo_desktop.gui.settings_dialog import guide_at_start, set_guide_at_start
from dpo_desktop.gui.widgets.hardware_card import device_summary

SHAPE = {"batch_size": 4, "max_length": 512, "lora_rank": 16}  # when no Model page is at hand


def recommend(info: HardwareInfo | None, shape: dict[str, int] | None = None
              ) -> tuple[CatalogEntry, list[tuple[CatalogEntry, str, MemoryEstimate]]]:
    """The model to start with, and each catalog entry with its badge (``fits``, ``tight``,
    ``wont_fit``, or ``""`` before the probe) and memory estimate. With a GPU it is the
    largest entry that fits comfortably; without one, the demo (the CPU is slow).

    The figures come from ``catalog.fit_table`` for ``shape`` (the Model page passes its
    own), the same call the Model page's table makes, so the two always agree."""
    badges = [(model.entry, str(model.badge or "") if info else "", model.needed)
              for model in fit_table(info, **(shape or SHAPE))]
    fitting = [entry for entry, badge, _ in badges if badge == "fits"]
    if info is None or not info.cuda or not fitting:
        return DEMO, badges
    return max(fitting, key=lambda e: e.params), badges


def sample_pair(language: str) -> dict[str, str]:
    """A short, typical row of the bundled support sample in ``language``."""
    path = sample_path("support_ja.csv" if language == "ja" else "support_en.csv")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [r for _, r in zip(range(12), csv.DictReader(handle))]
    except (OSError, csv.Error):
        rows = []
    rows = [r for r in rows if r.get("prompt") and r.get("chosen") and r.get("rejected")]
    if not rows:
        return {"prompt": "", "chosen": "", "rejected": ""}
    row = min(rows, key=lambda r: len(r["prompt"]) + len(r["chosen"]) + len(r["rejected"]))
    return {key: row[key].strip() for key in REQUIRED_FIELDS}


def _label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class GuideDialog(QDialog):
    """A short walkthrough with Back / Next; ``pages`` holds one widget per page."""

    def __init__(self, parent: QWidget | None = None, hardware: HardwareInfo | None = None,
                 shape: dict[str, int] | None = None) -> None:
        super().__init__(parent)
        self.shape = shape  # the Model page's batch size, max length and rank
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("Getting started with DPO Desktop"))
        self.stack = QStackedWidget(self)
        self.pages: list[QWidget] = [self._model_page(), self._pair_page(), self._charts_page(),
                                     self._next_page()]
        for page in self.pages:  # scrolls rather than clips when the dialog is made small
            scroll = QScrollArea(self.stack)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(page)
            self.stack.addWidget(scroll)
        self.position = QLabel(self)
        self.back_button = QPushButton(self.tr("Back"), self)
        self.next_button = QPushButton(self.tr("Next"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next_button.clicked.connect(lambda: self.go(self.stack.currentIndex() + 1))
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.position)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(line)
        layout.addLayout(buttons)
        self.set_hardware(hardware)
        self.go(0)
        self.setMinimumSize(480, 360)
        self.resize(640, 540)

    # -- pages -----------------------------------------------------------------------
    def _page(self, title: str) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        heading = QLabel(title, page)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        return page, layout

    def _model_page(self) -> QWidget:
        page, layout = self._page(self.tr("1. Which model suits this computer?"))
        layout.addWidget(_label(self.tr(
            "DPO Desktop teaches an existing small language model your preferences. How big a "
            "model you can train depends on your graphics card (GPU) and its memory."), page))
        self.hardware_label = _label("", page)
        self.recommendation_label = _label("", page)
        self.fit_label = _label("", page)
        for label in (self.hardware_label, self.recommendation_label, self.fit_label):
            layout.addWidget(label)
        layout.addWidget(_label(self.tr(
            "The embedded demo model needs no download and trains on any computer, so you can "
            "try the whole flow first. You can change the model at any time on the Model "
            "page."), page))
        layout.addStretch(1)
        return page

    def _pair_page(self) -> QWidget:
        page, layout = self._page(self.tr("2. What is a preference pair?"))
        layout.addWidget(_label(self.tr(
            "You teach the model with examples. Each example is one row of a spreadsheet: a "
            "<b>prompt</b> (for example a customer's question), a <b>better answer</b> "
            "(chosen) and a <b>worse answer</b> (rejected). The model learns to answer more "
            "like the better one. A few dozen rows are enough to try; a few hundred work "
            "better."), page))
        pair = sample_pair(i18n.current_language())
        box = QFrame(page)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        form = QFormLayout(box)
        self.example_labels: dict[str, QLabel] = {}
        names = {"prompt": self.tr("Prompt:"), "chosen": self.tr("Better answer:"),
                 "rejected": self.tr("Worse answer:")}
        for key, name in names.items():
            value = QLabel(pair[key], box)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(name, value)
            self.example_labels[key] = value
        layout.addWidget(QLabel(self.tr("An example from the bundled sample data:"), page))
        layout.addWidget(box)
        layout.addWidget(_label(self.tr(
            "Excel files (XLSX) and CSV files work, including CSV saved by Japanese Excel "
            "(Shift_JIS / CP932). Columns named prompt, chosen and rejected, or 質問, 良い回答 "
            "and 悪い回答, are found automatically."), page))
        layout.addStretch(1)
        return page

    def _charts_page(self) -> QWidget:
        page, layout = self._page(self.tr("3. Reading the training charts"))
        items = (
            (self.tr("Loss"), self.tr("How wrong the model still is about your preferences. It "
                                      "should go down; it starts near 0.69.")),
            (self.tr("Reward accuracy"), self.tr("How often the model already scores the better "
                                                 "answer above the worse one. It should rise "
                                                 "towards 1.0 (100%).")),
            (self.tr("Reward margin"), self.tr("How clearly it prefers the better answer. It "
                                               "should grow slowly; a very fast rise can mean "
                                               "it memorises the examples.")),
            (self.tr("Memory"), self.tr("How much GPU memory (or RAM) training uses. If it "
                                        "nears the dashed line, lower the batch size or the max "
                                        "length.")),
            (self.tr("Tokens/s"), self.tr("Speed: how much text is processed each second. "
                                          "Higher is faster; it does not affect quality.")),
        )
        form = QFormLayout()
        for name, text in items:
            value = QLabel(text, page)
            value.setWordWrap(True)
            form.addRow(QLabel(f"<b>{html.escape(name)}</b>", page), value)
        layout.addLayout(form)
        layout.addWidget(_label(self.tr(
            "Warnings appear above the charts in plain words when something looks wrong."),
            page))
        layout.addStretch(1)
        return page

    def _next_page(self) -> QWidget:
        page, layout = self._page(self.tr("4. What to do next"))
        steps = (self.tr("<b>Model</b>: keep the demo model, or pick one marked “✓ fits”."),
                 self.tr("<b>Data</b>: open your file, or a sample, and fix rows marked in "
                         "red."),
                 self.tr("<b>Train</b>: start with the “Quick test” preset and watch the "
                         "charts."),
                 self.tr("<b>Compare</b>: ask the same question before and after training."),
                 self.tr("<b>Export</b>: save the model for Ollama, LM Studio or llama.cpp."))
        layout.addWidget(_label("<ol>" + "".join(f"<li>{s}</li>" for s in steps) + "</ol>",
                                page))
        layout.addWidget(_label(self.tr(
            "Hold the pointer over any setting to see what it does. You can open this guide "
            "again from Help → Getting started."), page))
        self.show_again = QCheckBox(self.tr("Show this guide when the app starts"), page)
        self.show_again.setChecked(guide_at_start())
        self.show_again.toggled.connect(set_guide_at_start)
        layout.addStretch(1)
        layout.addWidget(self.show_again)
        return page

    # -- state -----------------------------------------------------------------------
    def set_hardware(self, info: HardwareInfo | None) -> None:
        """Fill page 1 from the hardware probe (``None`` while it still runs)."""
        self.hardware = info
        if info is None:
            self.hardware_label.setText(self.tr("Checking this computer…"))
            self.recommendation_label.setText("")
            self.fit_label.setText("")
            return
        self.hardware_label.setText(self.tr("This computer: {device}").format(
            device=html.escape(device_summary(info))))
        best, badges = recommend(info, self.shape)
        self.recommendation = best
        if not info.cuda:
            text = self.tr("No NVIDIA GPU was found, so training runs on the processor. Start "
                           "with the embedded demo model (<b>{model}</b>); bigger models are "
                           "very slow without a GPU.").format(
                               model=html.escape(model_name(best.spec, best.name)))
        else:
            shown = html.escape(model_name(best.spec, best.name))
            text = self.tr("Suggested model: <b>{model}</b> ({size}), the largest one that fits "
                           "comfortably.").format(model=shown,
                                                  size=best.params_label)
        self.recommendation_label.setText(text)
        marks = {"fits": self.tr("✓ fits"), "tight": self.tr("! tight")}
        # The Model page's own rows (catalog.fit_table): the same badge, 4-bit note and time.
        models = {m.entry: m for m in fit_table(info, **(self.shape or SHAPE))}
        rows = [html.escape(model_name(entry.spec, entry.name)) + f" ({entry.params_label}): "
                + self._row_text(marks[badge], models[entry], format_bytes(needed.total))
                for entry, badge, needed in badges if badge in marks]
        others = sum(1 for _, badge, _ in badges if badge not in marks)
        if others:
            rows.append(self.tr("{count} other models need more memory than this computer "
                                "has.").format(count=others))
        self.fit_label.setText(self.tr("Memory needed for training:") + "<br>"
                               + "<br>".join(rows))

    def _row_text(self, mark: str, model: ModelFit, size: str) -> str:
        if model.four_bit_on_cpu:
            mark = self.tr("{badge} (4-bit)").format(badge=mark)
        if model.step_seconds is None:
            return f"{mark}, {size}"
        return self.tr("{badge}, {size}, up to {time} per step").format(
            badge=mark, size=size, time=format_duration(model.step_seconds))

    def go(self, index: int) -> None:
        index = max(0, min(index, len(self.pages) - 1))
        self.stack.setCurrentIndex(index)
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(index < len(self.pages) - 1)
        (self.next_button if index < len(self.pages) - 1 else self.close_button).setDefault(True)
        self.position.setText(self.tr("Page {page} of {count}").format(
            page=index + 1, count=len(self.pages)))


def open_guide(window: Any) -> GuideDialog:
    """Show the guide over ``window`` (non-blocking); it follows ``window.hardware_ready``
    when the window has one, so page 1 fills in once the probe finishes."""
    page = getattr(window, "model_page", None)
    dialog = GuideDialog(window, getattr(window, "hardware", None),
                         page.training_shape() if page is not None else None)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    signal = getattr(window, "hardware_ready", None)
    if signal is not None:
        signal.connect(dialog.set_hardware)
    dialog.show()
    return dialog


def show_on_first_launch(window: Any, delay_ms: int = 600) -> bool:
    """Open the guide shortly after start-up if Settings says so; after the first time it
    stays closed unless the user ticks “Show this guide when the app starts”."""
    if not guide_at_start():
        return False
    set_guide_at_start(False)
    QTimer.singleShot(delay_ms, window, lambda: open_guide(window))
    return True
