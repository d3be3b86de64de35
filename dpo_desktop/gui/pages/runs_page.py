"""Runs: past runs with their status and held-out accuracy; open one to see its charts
rebuilt from ``metrics.jsonl``, continue an interrupted one, or delete it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.training.resume import replay_events
from dpo_desktop.core.training.runs import RunSummary, delete_run, list_runs
from dpo_desktop.gui.errors import show_error
from dpo_desktop.gui.files import open_folder

CHARTS_MIN_WIDTH = 2 * 260 + 12  # two charts a row (charts.MIN_CHART_WIDTH; no pyqtgraph import)
LAZY_BUILD_MS = 200  # after the first paint: the page appears before pyqtgraph loads

if TYPE_CHECKING:
    from dpo_desktop.gui.widgets.charts import TrainingCharts


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def model_label(spec: str) -> str:
    """The run's model as the table shows it: the demo by name, anything else as given."""
    if spec == "demo":
        return QCoreApplication.translate("runs", "SmolLM2-135M (demo)")
    return spec


class RunsPage(QWidget):
    run_opened = Signal(str)  # the run directory chosen for Compare and Export
    resume_requested = Signal(str)

    def __init__(self, runs_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runs_dir = runs_dir
        self.runs: list[RunSummary] = []
        tr = self.tr
        layout = QVBoxLayout(self)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        layout.addWidget(self.folder_label)
        buttons = QHBoxLayout()
        self.refresh_button = QPushButton(tr("Refresh"))
        self.open_button = QPushButton(tr("Use for Compare and Export"))
        self.resume_button = QPushButton(tr("Continue training"))
        self.folder_button = QPushButton(tr("Show folder"))
        self.delete_button = QPushButton(tr("Delete…"))
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self.open_selected)
        self.resume_button.clicked.connect(
            lambda: self.selected() and self.resume_requested.emit(str(self.selected().path)))
        self.folder_button.clicked.connect(self._show_folder)
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (self.refresh_button, self.open_button, self.resume_button,
                       self.folder_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        splitter = self.splitter = QSplitter()
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([tr("Name"), tr("Model"), tr("Date"), tr("Status"),
                                              tr("Accuracy before"), tr("Accuracy after")])
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(2, 6):  # date, status, accuracies: never "sto…"
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(40)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(self.open_selected)
        splitter.addWidget(self.table)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.detail = QLabel(tr("Choose a run to see its charts."))
        self.detail.setWordWrap(True)
        right_layout.addWidget(self.detail)
        self._right = right_layout
        self._charts: TrainingCharts | None = None
        splitter.addWidget(right)
        splitter.setSizes([560, 720])
        layout.addWidget(splitter, 1)
        self._update_buttons()

    @property
    def charts(self) -> TrainingCharts:
        """Built on first use: pyqtgraph stays off the start-up path."""
        if self._charts is None:
            from dpo_desktop.gui.widgets.charts import TrainingCharts

            self._charts = TrainingCharts(empty_text=self.tr("No data"))
            self._right.addWidget(self._charts, 1)
        return self._charts

    def _build_charts(self) -> None:
        self.charts  # noqa: B018 - the property builds it

    def showEvent(self, event: QShowEvent) -> None:
        # Built just after the first paint, so showing the page never waits for pyqtgraph.
        QTimer.singleShot(LAZY_BUILD_MS, self, self._build_charts)
        super().showEvent(event)

    def set_runs_dir(self, runs_dir: Path) -> None:
        self.runs_dir = runs_dir
        self.refresh()

    def refresh(self) -> None:
        self.folder_label.setText(self.tr("Runs are kept in {folder}").format(
            folder=self.runs_dir))
        current = self.selected()
        self.runs = list_runs(self.runs_dir)
        self.table.setRowCount(len(self.runs))
        statuses = self._statuses()
        for row, run in enumerate(self.runs):
            status = run.state
            values = (run.name, model_label(run.model), time.strftime("%Y-%m-%d %H:%M",
                                                         time.localtime(run.updated)),
                      statuses.get(status, status), _percent(run.accuracy_before),
                      _percent(run.accuracy_after))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 3 and run.message:
                    item.setToolTip(run.message)
                self.table.setItem(row, column, item)
            if current is not None and run.path == current.path:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self._fit_table()
        self._update_buttons()

    def _fit_table(self) -> None:
        """Give the table the width its columns need ("Accuracy after" was cut off at
        1600 px), as long as the charts keep room for two in a row."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if not self.runs or total <= 0:
            return
        header = self.table.horizontalHeader()
        needed = (sum(header.sectionSize(c) for c in range(1, self.table.columnCount()))
                  + self.table.fontMetrics().horizontalAdvance(max(
                      (r.name for r in self.runs), key=len)) + 24
                  + 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width())
        width = min(needed, total - CHARTS_MIN_WIDTH)
        if width > sizes[0]:
            self.splitter.setSizes([width, total - width])

    def _statuses(self) -> dict[str, str]:
        return {"running": self.tr("running"), "paused": self.tr("paused"),
                "completed": self.tr("completed"), "cancelled": self.tr("stopped"),
                "failed": self.tr("failed"), "interrupted": self.tr("interrupted")}

    def selected(self) -> RunSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.runs[rows[0].row()] if rows and rows[0].row() < len(self.runs) else None

    def select_run(self, path: Path) -> bool:
        for row, run in enumerate(self.runs):
            if run.path.resolve() == Path(path).resolve():
                self.table.selectRow(row)
                return True
        return False

    def _selected(self) -> None:
        run = self.selected()
        self._update_buttons()
        self.charts.reset()
        if run is None:
            return
        self.charts.add_all(replay_events(run.path))
        status = run.state
        self.detail.setText(self.tr("<b>{name}</b>: {status}. {message}").format(
            name=run.name, status=self._statuses().get(status, status),
            message=run.message))

    def _update_buttons(self) -> None:
        run = self.selected()
        self.open_button.setEnabled(run is not None and run.has_adapter)
        self.resume_button.setEnabled(run is not None and run.can_continue)
        self.folder_button.setEnabled(run is not None)
        self.delete_button.setEnabled(run is not None)

    def open_selected(self) -> None:
        run = self.selected()
        if run is not None and run.has_adapter:
            self.run_opened.emit(str(run.path))

    def _show_folder(self) -> None:
        run = self.selected()
        if run is not None and not open_folder(run.path):
            QGuiApplication.clipboard().setText(str(run.path))
            self.detail.setText(self.tr("No file manager could be opened on this computer. The "
                                        "run is in {folder} (the path is copied to the "
                                        "clipboard).").format(folder=run.path))

    def delete_selected(self) -> None:
        run = self.selected()
        if run is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete run"),
            self.tr("Delete the run “{name}” with its adapter and checkpoints? This cannot be "
                    "undone.").format(name=run.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_run(run.path, self.runs_dir)
        except (OSError, ValueError) as exc:
            show_error(self, exc, self.tr("Cannot delete the run"))
        self.refresh()
