"""The end of an export, in plain words: verified ✓ or what failed, where the files are
(with a working "Show files"), and the ``ollama create`` command with a Copy button.

A failed check is shown as failed, in the error colour, with the check's plain name; the
technical figures stay in the details log. When no file manager can be opened, the folder
path is shown in full (selectable) and copied to the clipboard instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from dpo_desktop.gui.files import Opener, open_folder
from dpo_desktop.gui.messages import render


class ExportSummary(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.opener: Opener | None = None  # None: the system's (tests pass their own)
        self.folder: Path | None = None
        tr = self.tr
        grid = QGridLayout(self)
        self.verdict = QLabel()
        self.verdict.setObjectName("export_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(self.verdict, 0, 0, 1, 3)
        grid.addWidget(QLabel(tr("Files:")), 1, 0)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.folder_label, 1, 1)
        self.show_button = QPushButton(tr("Show files"))
        self.show_button.clicked.connect(self.show_files)
        grid.addWidget(self.show_button, 1, 2)
        self.ollama_caption = QLabel(tr("Add to Ollama:"))
        grid.addWidget(self.ollama_caption, 2, 0)
        self.command_edit = QLineEdit()
        self.command_edit.setReadOnly(True)
        grid.addWidget(self.command_edit, 2, 1)
        self.copy_button = QPushButton(tr("Copy"))
        self.copy_button.setToolTip(tr("Copy the command; paste it in a terminal"))
        self.copy_button.clicked.connect(self.copy_command)
        grid.addWidget(self.copy_button, 2, 2)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.notes, 3, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        self.clear()

    def clear(self) -> None:
        self.folder = None
        self.verdict.clear()
        self.notes.clear()
        self.command_edit.clear()
        self.setVisible(False)

    def check_name(self, name: str) -> str:
        names = {"metadata": self.tr("model settings"), "tokenizer": self.tr("tokenizer"),
                 "file": self.tr("file contents"), "logits": self.tr("same answers")}
        return names.get(name, name)

    def check_lines(self, result: Any) -> list[str]:
        """Each check's verdict, name and figures in the UI language, for the details
        log (a check without a template keeps the summary core wrote)."""
        verdicts = {True: self.tr("passed"), False: self.tr("FAILED"), None: self.tr("info")}
        return [f"[{verdicts[check.passed]}] {self.check_name(check.name)}: "
                + (render(check.template, check.params) if check.template else check.summary)
                for check in result.checks]

    def show_result(self, result: Any) -> None:
        """An ``ExportResult`` (duck-typed: the page never imports the export modules)."""
        tr = self.tr
        self.folder = Path(result.out_dir)
        failed = [self.check_name(c.name) for c in result.checks if c.passed is False]
        if result.gguf is None:
            text, bad = tr("✓ Exported: the merged model folder (no GGUF file)."), False
        elif result.verified is True:
            text, bad = tr("✓ Exported and verified: the GGUF file loads and answers like "
                           "the trained model."), False
        elif failed:
            text, bad = tr("✗ Exported, but the check FAILED: {checks}. Do not use this file "
                           "as it is; it was kept so it can be looked into (details below)."
                           ).format(checks=", ".join(failed)), True
        else:
            text, bad = tr("Exported; the GGUF file was not checked."), False
        self.verdict.setText(text)
        palette = self.palette()
        if bad:  # the error red the data table uses too, readable on light and dark
            palette.setColor(QPalette.ColorRole.WindowText, QColor(220, 50, 47))
        self.verdict.setPalette(palette)
        self.verdict.setProperty("failed", bad)
        self.folder_label.setText(str(self.folder))
        command = result.ollama_command or ""
        self.command_edit.setText(command)
        for widget in (self.ollama_caption, self.command_edit, self.copy_button):
            widget.setVisible(bool(command))
        notes = []
        if result.lmstudio_file is not None:
            notes.append(tr("LM Studio: copy the folder {folder} into LM Studio's models "
                            "folder.").format(folder=Path(result.lmstudio_file).parent.parent))
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self.setVisible(True)

    def show_files(self) -> bool:
        if self.folder is None:
            return False
        if open_folder(self.folder, self.opener):
            return True
        QGuiApplication.clipboard().setText(str(self.folder))
        self.notes.setText(self.tr("No file manager could be opened on this computer. The "
                                   "files are in {folder} (the path is copied to the "
                                   "clipboard).").format(folder=self.folder))
        self.notes.setVisible(True)
        return False

    def copy_command(self) -> None:
        QGuiApplication.clipboard().setText(self.command_edit.text())
        self.copy_button.setText(self.tr("Copied"))
