"""Step 5, Export: merge the adapter into the base model, write a GGUF file, and the files
Ollama and LM Studio need. ``core.export.pipeline.export_run`` does the work in a
worker thread; this page only collects the options and shows progress.

The run to export is offered from the runs folder (the latest finished one after a
restart, or any run chosen here or on the Runs page). The model name and the assistant's
system prompt for the Modelfile are remembered; the end of an export is shown by
:class:`ExportSummary` in plain words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.errors import Cancelled, JobControl
from dpo_desktop.core.events import Event, Failed, Finished, LogLine, PhaseChanged
from dpo_desktop.core.gguf_names import GGUF_TYPES
from dpo_desktop.core.training.runs import has_adapter, list_runs
from dpo_desktop.gui.answer_settings import load_answer_settings
from dpo_desktop.gui.errors import show_error
from dpo_desktop.gui.messages import translate_error, translate_log, translate_phase
from dpo_desktop.gui.pages.train_page import format_seconds
from dpo_desktop.gui.widgets.export_summary import ExportSummary
from dpo_desktop.gui.workers import JobRunner

_BAR_STEPS = 1000


class ExportPage(QWidget):
    def __init__(self, parent: QWidget | None = None, runs_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.runs_dir = runs_dir
        self.run_dir: Path | None = None
        self.out_dir: Path | None = None
        self.runner = JobRunner(self)
        self.runner.event.connect(self.handle_event)
        self.runner.done.connect(self._done)
        self.runner.cancelled.connect(self._cancelled)
        self.runner.failed.connect(self._failed)
        self.runner.finished.connect(self._ended)
        tr = self.tr
        layout = QVBoxLayout(self)
        self.run_label = QLabel()
        self.run_label.setWordWrap(True)
        layout.addWidget(self.run_label)
        form = QFormLayout()
        self.run_combo = QComboBox()
        self.run_combo.setToolTip(tr("The finished runs in the runs folder, newest first"))
        self.run_combo.activated.connect(
            lambda: self.set_run(self.run_combo.currentData() and
                                 Path(self.run_combo.currentData())))
        form.addRow(tr("Run:"), self.run_combo)
        out_row = QHBoxLayout()
        self.out_edit = QLineEdit()
        from dpo_desktop.core.export.location import default_exports_dir

        self.out_edit.setPlaceholderText(str(default_exports_dir()))
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._choose_out)
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse)
        form.addRow(tr("Export folder:"), out_row)
        self.gguf_combo = QComboBox()
        lines = self._gguf_lines()
        for name in GGUF_TYPES:
            self.gguf_combo.addItem(lines[name], name)
        self.gguf_combo.addItem(tr("No GGUF (merged model folder only)"), "")
        form.addRow(tr("GGUF file:"), self.gguf_combo)
        self.ollama_box = QCheckBox(tr("Write an Ollama Modelfile"))
        self.ollama_box.setChecked(True)
        self.lmstudio_box = QCheckBox(tr("Prepare a folder for LM Studio"))
        form.addRow("", self.ollama_box)
        form.addRow("", self.lmstudio_box)
        self.name_edit = QLineEdit()
        self.name_edit.setToolTip(tr("The model's name in Ollama and LM Studio, and in the "
                                     "file names"))
        form.addRow(tr("Model name:"), self.name_edit)
        self.system_edit = QPlainTextEdit()
        self.system_edit.setPlaceholderText(tr(
            "Optional, for example: You are the friendly assistant of Sakura Bakery. Answer "
            "politely and briefly. Blank: the base model's own system prompt."))
        self.system_edit.setToolTip(tr("The assistant's system prompt, written into the Ollama "
                                       "Modelfile"))
        self.system_edit.setTabChangesFocus(True)
        self.system_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        form.addRow(tr("System prompt:"), self.system_edit)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(tr("Export"))
        self.export_button.clicked.connect(self.export)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.summary = ExportSummary()
        self.open_button = self.summary.show_button
        self.progress = QProgressBar()
        for widget in (self.export_button, self.cancel_button):
            buttons.addWidget(widget)
        buttons.addWidget(self.progress, 1)
        layout.addLayout(buttons)
        self.phase = QLabel()
        layout.addWidget(self.phase)
        layout.addWidget(self.summary)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setPlaceholderText(tr("Details of the export appear here."))
        layout.addWidget(self.log, 1)
        self.set_run(None)
        self.refresh_runs()

    def _gguf_lines(self) -> dict[str, str]:
        """One plain line per GGUF type on size and quality (sizes as a share of f16)."""
        return {
            "q4_k_m": self.tr("q4_k_m: recommended for most people: small (about 30% of f16), "
                              "good quality"),
            "q5_k_m": self.tr("q5_k_m: a little bigger (about 35% of f16), a little better"),
            "q6_k": self.tr("q6_k: very close to the original, about 40% of f16"),
            "q8_0": self.tr("q8_0: practically lossless, about half the size of f16"),
            "f16": self.tr("f16: the original quality, the biggest file"),
            "bf16": self.tr("bf16: the original quality in bfloat16, the biggest file"),
            "q4_0": self.tr("q4_0: older 4-bit type, smallest but clearly worse than q4_k_m"),
            "q5_0": self.tr("q5_0: older 5-bit type; q5_k_m is better at about the same size"),
            "q5_1": self.tr("q5_1: older 5-bit type, slightly bigger than q5_0"),
        }

    def set_run(self, run_dir: Path | None) -> None:
        if self.run_dir is not None and run_dir != self.run_dir:
            self._remember()
        self.run_dir = run_dir
        ready = has_adapter(run_dir)
        self.run_label.setText(
            self.tr("Run: <b>{name}</b>").format(name=run_dir.name) if ready else
            self.tr("Train a model first (or pick a run on the Runs page); it is exported "
                    "from here."))
        self.run_label.setVisible(not ready)  # the Run box below names it
        if ready and run_dir is not None:
            from dpo_desktop.core.export.location import default_export_folder

            self.out_edit.setText(str(default_export_folder(run_dir.name)))
            settings = QSettings()
            self.name_edit.setText(str(settings.value(f"export/names/{run_dir.name}",
                                                      run_dir.name)))
            self.system_edit.setPlainText(str(settings.value("export/system_prompt", "")))
            self._select_in_combo(run_dir)
        self.export_button.setEnabled(ready and not self.runner.is_running())
        self.cancel_button.setEnabled(False)
        self.summary.clear()

    def refresh_runs(self) -> None:
        """Offer the runs that can be exported; with none chosen yet, the latest finished
        one (so a restart does not forget it)."""
        runs = [r for r in list_runs(self.runs_dir) if r.has_adapter]
        self.run_combo.clear()
        for run in runs:
            self.run_combo.addItem(run.name, str(run.path))
        self.run_combo.setEnabled(bool(runs))
        if self.run_dir is None and runs:
            finished = [r for r in runs if r.status == "completed"] or runs
            self.set_run(finished[0].path)
        elif self.run_dir is not None:
            self._select_in_combo(self.run_dir)

    def _select_in_combo(self, run_dir: Path) -> None:
        index = self.run_combo.findData(str(run_dir))
        if index < 0:
            self.run_combo.addItem(run_dir.name, str(run_dir))
            index = self.run_combo.count() - 1
        self.run_combo.setCurrentIndex(index)

    def _remember(self) -> None:
        """The model name per run, the system prompt for all (one business, one voice)."""
        settings = QSettings()
        if self.run_dir is not None and self.name_edit.text().strip():
            settings.setValue(f"export/names/{self.run_dir.name}", self.name_edit.text().strip())
        settings.setValue("export/system_prompt", self.system_edit.toPlainText().strip())

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh_runs()  # runs finished or deleted since the page was last shown
        super().showEvent(event)

    def _choose_out(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export into"))
        if folder:
            self.out_edit.setText(folder)

    def export(self) -> bool:
        run_dir = self.run_dir
        if run_dir is None or self.runner.is_running():
            return False
        from dpo_desktop.core.export.pipeline import ExportOptions

        self._remember()
        options = ExportOptions(out_dir=Path(self.out_edit.text().strip()).expanduser(),
                                gguf_type=self.gguf_combo.currentData() or None,
                                ollama=self.ollama_box.isChecked(),
                                lmstudio=self.lmstudio_box.isChecked(),
                                model_name=self.name_edit.text().strip() or None,
                                system_prompt=self.system_edit.toPlainText().strip() or None,
                                parameters=load_answer_settings().app_parameters())
        control = JobControl()

        def job(emit: Callable[[Event], None]) -> Any:
            from dpo_desktop.core.export.pipeline import export_run

            return export_run(run_dir, options, on_event=emit, control=control)

        self.log.clear()
        self.summary.clear()
        self.progress.setRange(0, 0)
        self.progress.setValue(0)
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.run_combo.setEnabled(False)  # the run stays put while it is exported
        self.out_dir = options.out_dir
        self.runner.start(job, control)
        return True

    def handle_event(self, event: Event) -> None:
        if isinstance(event, PhaseChanged):
            step = translate_phase(event.phase, event.message)
            if event.overall is not None:
                # One bar over the whole export (core counts the bytes of every step).
                self.progress.setRange(0, _BAR_STEPS)
                self.progress.setValue(max(self.progress.value(),
                                           round(event.overall * _BAR_STEPS)))
                if event.eta_seconds is not None:
                    step = self.tr("{step} · ETA {eta}").format(
                        step=step, eta=format_seconds(event.eta_seconds))
            elif self.progress.maximum() == 0:
                self.progress.setRange(0, 0)  # busy until the first byte count arrives
            self.phase.setText(step)
        elif isinstance(event, LogLine):
            self.log.appendPlainText(translate_log(event.code, event.message, event.template,
                                                   event.params))
        elif isinstance(event, Finished):
            pass  # the summary shows the result in plain words (see _done)
        elif isinstance(event, Failed):
            self.log.appendPlainText(translate_error(event)[0])

    def _done(self, result: Any) -> None:
        self.phase.clear()
        self.summary.show_result(result)
        for line in self.summary.check_lines(result):  # the figures, for whoever wants them
            self.log.appendPlainText(line)

    def _cancelled(self, _stop: Cancelled) -> None:
        self.phase.setText(self.tr("Export cancelled; nothing was kept."))

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc, self.tr("Export failed"))

    def _ended(self) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.export_button.setEnabled(self.run_dir is not None)
        self.cancel_button.setEnabled(False)
        self.run_combo.setEnabled(self.run_combo.count() > 0)

    def shutdown(self) -> None:
        self._remember()
        self.runner.shutdown()
