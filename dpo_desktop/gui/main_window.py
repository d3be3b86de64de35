"""The main window. For now: open a data file and see its validation report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.data import PreferenceDataset, load_preferences
from dpo_desktop.core.data.readers import FORMATS
from dpo_desktop.core.data.report import ENCODING_NAMES
from dpo_desktop.core.errors import UserError

FILE_FILTER = "Preference data ({})".format(" ".join(f"*{ext}" for ext in FORMATS))


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("DPO Desktop"))
        self.setAcceptDrops(True)
        self.dataset: PreferenceDataset | None = None

        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.summary = QLabel(self.tr("Open a spreadsheet of preference pairs (prompt, better "
                                      "answer, worse answer), or drop it on this window."))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.issues = QTableWidget(0, 4, self)
        self.issues.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Column"), self.tr("Severity"), self.tr("Problem")])
        self.issues.horizontalHeader().setStretchLastSection(True)
        self.issues.verticalHeader().setVisible(False)
        self.issues.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.issues)
        self.setCentralWidget(central)

        open_action = QAction(self.tr("&Open data file…"), self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose_data_file)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu(self.tr("&File"))
        menu.addAction(open_action)
        menu.addSeparator()
        menu.addAction(quit_action)
        self.open_action = open_action
        self.resize(900, 600)
        self.statusBar().showMessage(self.tr("Ready"))

    def choose_data_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open data file"), "", FILE_FILTER)
        if path:
            self.open_data_file(path)

    def open_data_file(self, path: str | Path) -> bool:
        try:
            dataset = load_preferences(path)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Cannot use this file"),
                                f"{exc.message}\n\n{exc.hint}".strip())
            self.statusBar().showMessage(exc.message)
            return False
        self.dataset = dataset
        self._show_report(dataset)
        return True

    def _show_report(self, dataset: PreferenceDataset) -> None:
        report = dataset.report
        encoding = ENCODING_NAMES.get(report.encoding or "", report.encoding or "—")
        self.summary.setText(self.tr(
            "{file}: {fmt}, {encoding}. {total} rows: {valid} valid, {excluded} excluded, "
            "{warnings} warning(s).").format(
            file=Path(report.path).name, fmt=report.format.upper(), encoding=encoding,
            total=report.rows_total, valid=report.rows_valid, excluded=report.rows_excluded,
            warnings=len(report.warnings)))
        self.issues.setRowCount(len(report.issues))
        for index, issue in enumerate(report.issues):
            values = ["" if issue.row is None else str(issue.row), issue.column or "",
                      issue.severity, issue.message]
            for column, value in enumerate(values):
                self.issues.setItem(index, column, QTableWidgetItem(value))
        self.statusBar().showMessage(self.tr("Loaded {file}").format(file=Path(report.path).name))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.open_data_file(urls[0].toLocalFile())
            event.acceptProposedAction()
