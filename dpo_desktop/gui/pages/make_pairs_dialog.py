"""“Make pairs from Q&A”: questions with ideal answers in, preference pairs out.

The chosen base model answers every question; its answer becomes the rejected side and
the ideal answer the chosen one. The dialog only collects a ``PairsRequest`` and runs it
through its ``core.pairs.PairsSession`` (the same job ``dpo-desktop make-pairs`` runs,
which also keeps the loaded model for the next Start) in a ``JobRunner`` worker with
progress and cancel. The output is written after every batch, so Start with the same
output file continues where a cancelled (or crashed) run stopped. When it is done, the
Data page opens the result in the pair editor for review.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.data.readers import FORMATS
from dpo_desktop.core.data.types import FIELDS
from dpo_desktop.core.data.types import QUESTION_FIELDS as REQUIRED
from dpo_desktop.core.errors import Cancelled, JobControl, UserError
from dpo_desktop.core.events import Event, LogLine, PhaseChanged
from dpo_desktop.core.pairs import PairSettings, PairsRequest, PairsResult, PairsSession
from dpo_desktop.gui.errors import show_error
from dpo_desktop.gui.messages import help_text_tip, translate_log, translate_phase
from dpo_desktop.gui.tasks import run_in_pool
from dpo_desktop.gui.widgets.settings_form import editor_for, value_of
from dpo_desktop.gui.workers import JobRunner

LOG_LINES = 500


def default_pairs_path(source: Path) -> Path:
    """``<user data dir>/pairs/<name>.pairs.jsonl``: the same file for the same source, so
    starting again continues; never next to the source, which may be read-only."""
    from dpo_desktop.core.training.rundir import default_runs_dir

    return default_runs_dir().parent / "pairs" / f"{source.stem}.pairs.jsonl"


def read_columns(path: Path, sheet: str | None) -> tuple[list[str], list[str], dict[str, str]]:
    """Sheets, columns and the detected mapping (pool thread: big workbooks take a while)."""
    from dpo_desktop.core.data import list_sheets
    from dpo_desktop.core.data.columns import map_columns
    from dpo_desktop.core.data.readers import read_table

    sheets = list_sheets(path) if path.suffix.lower() in (".xlsx", ".xlsm") else []
    columns = read_table(path, sheet=sheet).columns
    try:
        mapping = map_columns(columns, None, file_name=path.name, required=REQUIRED,
                              answer_is_chosen=True)
    except UserError:
        mapping = {}  # unclear: the user picks the columns
    return sheets, list(columns), mapping


def pair_help(name: str) -> str:
    """PairSettings' help text for ``name`` (marked in core/pairs.py), translated."""
    for item in dataclasses.fields(PairSettings):
        if item.name == name:
            return help_text_tip(str(item.metadata["help"]))
    return ""


class MakePairsDialog(QDialog):
    pairs_ready = Signal(str)  # the finished output file, for the pair editor
    result_ready = Signal(object)  # every finished PairsResult

    def __init__(self, parent: QWidget | None = None, model_spec: str = "demo") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Make pairs from Q&A"))
        self.source: Path | None = None
        self.sheet: str | None = None
        self.model_spec = model_spec
        self.result: PairsResult | None = None
        self.stopped: Cancelled | None = None  # the last run's cancel, with what was kept
        self._out_chosen = False
        self._reading = 0
        self.session = PairsSession()  # owns the loaded model between runs
        self._close_when_done = False
        self.runner = JobRunner(self)
        self.runner.event.connect(self.handle_event)
        self.runner.done.connect(self._done)
        self.runner.cancelled.connect(self._stopped)
        self.runner.failed.connect(self._failed)
        self.runner.finished.connect(self._ended)
        app = QCoreApplication.instance()
        if app is not None:  # never leave the worker thread running at exit
            app.aboutToQuit.connect(self.shutdown)
        self._build()
        self.set_model(model_spec)
        self._update_buttons()

    # -- layout --------------------------------------------------------------------
    def _build(self) -> None:
        tr = self.tr
        layout = QVBoxLayout(self)
        intro = QLabel(tr(
            "Open questions with the answers you want (an FAQ, a manual, past replies). The "
            "model answers each question itself; its answer becomes the worse (rejected) "
            "side, your answer the better (chosen) one. You review the pairs before "
            "training."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        source = QGroupBox(tr("Questions file"))
        form = QFormLayout(source)
        file_row = QHBoxLayout()
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(tr("No file chosen"))
        self.browse_button = QPushButton(tr("Choose file…"))
        self.browse_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        form.addRow(tr("File:"), file_row)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setToolTip(tr("The sheet of the workbook to read"))
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.sheet_label = QLabel(tr("Sheet:"))
        form.addRow(self.sheet_label, self.sheet_combo)
        self.sheet_label.setVisible(False)
        self.sheet_combo.setVisible(False)
        names = {"prompt": tr("Question:"), "chosen": tr("Ideal answer:"),
                 "rejected": tr("Rejected answer (optional):"),
                 "system": tr("System prompt (optional):")}
        tips = {"prompt": tr("The column with the questions"),
                "chosen": tr("The column with the answers you want (the chosen side)"),
                "rejected": tr("A column with worse answers, if you have some: rows with one "
                               "keep it, the model answers the others"),
                "system": tr("A column with a system prompt for each question, if any")}
        self.mapping_combos: dict[str, QComboBox] = {}
        for field in FIELDS:
            combo = QComboBox()
            combo.setObjectName(f"pairs_map_{field}")
            combo.setToolTip(tips[field])
            combo.activated.connect(self._update_buttons)
            form.addRow(names[field], combo)
            self.mapping_combos[field] = combo
        layout.addWidget(source)

        settings = QGroupBox(tr("Generation"))
        settings_form = QFormLayout(settings)
        self.model_label = QLabel()
        self.model_label.setToolTip(tr("The model chosen on the Model page writes the rejected "
                                       "answers"))
        settings_form.addRow(tr("Model:"), self.model_label)
        self.editors: dict[str, QWidget] = {}
        labels = {"max_new_tokens": tr("Max new tokens:"), "temperature": tr("Temperature:"),
                  "top_p": tr("Top-p:"), "seed": tr("Seed:"), "batch_size": tr("Batch size:"),
                  "similarity_threshold": tr("Similarity threshold:"),
                  "similar": tr("Similar answers:")}
        defaults = PairSettings()
        for item in dataclasses.fields(PairSettings):
            editor = self._editor(item.name, getattr(defaults, item.name))
            editor.setObjectName(f"pairs_{item.name}")
            editor.setToolTip(pair_help(item.name))
            caption = QLabel(labels.get(item.name, item.name))
            caption.setToolTip(editor.toolTip())
            settings_form.addRow(caption, editor)
            self.editors[item.name] = editor
        self.limit = QSpinBox()
        self.limit.setRange(0, 1_000_000)
        self.limit.setSpecialValueText(tr("all"))
        self.limit.setToolTip(tr("Use only the first N questions (0: all), e.g. to try the "
                                 "settings on a few first"))
        settings_form.addRow(tr("Questions to use:"), self.limit)
        out_row = QHBoxLayout()
        self.out_edit = QLineEdit()
        self.out_edit.setToolTip(tr("The pairs file (JSONL). Starting again with the same file "
                                    "continues where it stopped."))
        self.out_edit.textEdited.connect(self._out_edited)
        self.out_button = QPushButton(tr("Change…"))
        self.out_button.clicked.connect(self.choose_out)
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.out_button)
        settings_form.addRow(tr("Save pairs to:"), out_row)
        layout.addWidget(settings)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(LOG_LINES)
        self.log.setMaximumHeight(110)
        layout.addWidget(self.log)

        buttons = QHBoxLayout()
        self.start_button = QPushButton(tr("Start"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setToolTip(tr("Stop after the current batch is thrown away; the "
                                         "pairs made so far are kept"))
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton(tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        for button in (self.start_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.resize(640, 720)

    def _editor(self, name: str, value: Any) -> QWidget:
        # Generated from PairSettings' field limits and choices (widgets/settings_form).
        return editor_for(PairSettings, name, value, self, labels={
            "skip": self.tr("Skip them"), "flag": self.tr("Keep them, flagged")})

    # -- inputs ----------------------------------------------------------------------
    def set_model(self, spec: str) -> None:
        self.model_spec = spec or "demo"
        shown = self.tr("demo (the embedded SmolLM2-135M-Instruct)") \
            if self.model_spec == "demo" else self.model_spec
        self.model_label.setText(shown)

    def choose_file(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in FORMATS)
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open questions and answers"), "",
            self.tr("Questions and answers ({patterns})").format(patterns=patterns))
        if path:
            self.set_file(path)

    def set_file(self, path: str | Path, sheet: str | None = None) -> None:
        """Read the columns off the UI thread, then fill the mapping (auto-detected)."""
        file = Path(path)
        self.source, self.sheet = file, sheet
        self.file_edit.setText(str(file))
        if not self._out_chosen:
            self.out_edit.setText(str(default_pairs_path(file)))
        self._reading += 1
        ticket = self._reading
        for combo in self.mapping_combos.values():
            combo.clear()
        self.status.setText(self.tr("Reading the columns…"))
        self._update_buttons()

        def failed(exc: BaseException) -> None:
            if ticket == self._reading:
                self.status.setText("")
                self.source = None
                self._update_buttons()
                show_error(self, exc, self.tr("Cannot use this file"))

        run_in_pool(self, lambda: read_columns(file, sheet),
                    lambda found: self._columns_read(ticket, *found), failed)

    def _columns_read(self, ticket: int, sheets: list[str], columns: list[str],
                      mapping: dict[str, str]) -> None:
        if ticket != self._reading:
            return
        several = len(sheets) > 1
        self.sheet_combo.clear()
        self.sheet_combo.addItems(sheets)
        if self.sheet:
            self.sheet_combo.setCurrentText(self.sheet)
        self.sheet_combo.setVisible(several)
        self.sheet_label.setVisible(several)
        for field, combo in self.mapping_combos.items():
            if field not in REQUIRED or not mapping.get(field):
                combo.addItem(self.tr("(none)") if field not in REQUIRED else
                              self.tr("(choose a column)"), "")
            for column in columns:
                combo.addItem(column, column)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(field, ""))))
        self.status.setText("" if all(mapping.get(f) for f in REQUIRED) else self.tr(
            "Choose the columns with the question and the ideal answer."))
        self._update_buttons()

    def _sheet_chosen(self) -> None:
        if self.source is not None:
            self.set_file(self.source, self.sheet_combo.currentText())

    def mapping(self) -> dict[str, str]:
        return {field: combo.currentData() for field, combo in self.mapping_combos.items()
                if combo.currentData()}

    def settings(self) -> PairSettings:
        values: dict[str, Any] = {}
        for name, editor in self.editors.items():
            values[name] = value_of(editor)
        return PairSettings(**values)

    @property
    def out_path(self) -> Path | None:
        text = self.out_edit.text().strip()
        return Path(text) if text else None

    def set_out_path(self, path: str | Path) -> None:
        self._out_chosen = True
        self.out_edit.setText(str(path))
        self._update_buttons()

    def _out_edited(self) -> None:
        self._out_chosen = True
        self._update_buttons()

    def choose_out(self) -> None:
        start = self.out_edit.text()
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save pairs to"), start, self.tr("JSONL (*.jsonl)"),
            options=QFileDialog.Option.DontConfirmOverwrite)  # an existing file is continued
        if chosen:
            self.set_out_path(chosen)

    def _update_buttons(self) -> None:
        running = self.runner.is_running()
        mapping = self.mapping()
        ready = self.source is not None and all(f in mapping for f in REQUIRED) \
            and self.out_path is not None
        self.start_button.setEnabled(ready and not running)
        self.cancel_button.setEnabled(running)
        for widget in (self.browse_button, self.out_button, self.out_edit, self.limit,
                       self.sheet_combo, *self.mapping_combos.values(), *self.editors.values()):
            widget.setEnabled(not running)

    # -- running ---------------------------------------------------------------------
    def start(self) -> bool:
        source, out = self.source, self.out_path
        if source is None or out is None or self.runner.is_running():
            return False
        mapping = self.mapping()
        if not all(f in mapping for f in REQUIRED):
            return False
        try:
            settings = self.settings()
        except UserError as exc:
            show_error(self, exc, self.tr("Cannot make pairs"))
            return False
        request = PairsRequest(source, out, mapping, self.sheet, self.model_spec, settings,
                               self.limit.value() or None)
        session, control = self.session, JobControl()

        def job(emit: Callable[[Event], None]) -> PairsResult:
            return session.run(request, control=control, on_event=emit)

        self.result = self.stopped = None
        self.log.clear()
        self.progress.setRange(0, 0)  # busy until the first batch reports
        self.status.setText(self.tr("Starting…") if session.is_loaded(request.model) else
                            self.tr("Loading the model…"))
        self.runner.start(job, control)
        self._update_buttons()
        return True

    def cancel(self) -> None:
        if self.runner.cancel():
            self.status.setText(self.tr("Cancelling… The batch being answered is redone next "
                                        "time; the pairs made so far are kept."))

    def handle_event(self, event: Event) -> None:
        if isinstance(event, PhaseChanged):
            if event.total is not None and event.current is not None:
                self.progress.setRange(0, max(1, event.total))
                self.progress.setValue(event.current)
            if not self.runner.cancel_requested:
                self.status.setText(translate_phase(event.phase, event.message))
        elif isinstance(event, LogLine):
            self.log.appendPlainText(translate_log(
                event.code, event.message, event.template, event.params))

    def _done(self, result: PairsResult) -> None:
        self.result = result
        problems = [i for i in result.issues if i.severity == "error"]
        notes: list[str] = []
        if problems:
            rows = sorted({i.row for i in problems if i.row is not None})
            notes.append(self.tr("{count} row(s) of the file were left out because of problems "
                                 "(rows {rows}).").format(
                count=len(rows), rows=", ".join(map(str, rows[:10])) +
                ("…" if len(rows) > 10 else "")))
        if result.skipped_similar:
            notes.append(self.tr("{count} question(s) skipped: the model's answer was already "
                                 "close to the ideal one.").format(
                count=len(result.skipped_similar)))
        if result.flagged_similar:
            notes.append(self.tr("{count} pair(s) flagged as similar.").format(
                count=len(result.flagged_similar)))
        head = self.tr("Done: {written} pair(s) in {file} ({generated} answered by the "
                       "model now, {resumed} from before, {given} with a given rejected "
                       "answer).").format(
            written=result.written, file=result.path.name, generated=result.generated,
            resumed=result.resumed, given=result.given)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText(" ".join([head, *notes]))
        self.result_ready.emit(result)
        if result.written:
            self.pairs_ready.emit(str(result.path))
            self.accept()
        else:
            show_error(self, UserError(
                "no_pairs", self.tr("No pairs were made."),
                self.tr("Every question was skipped. Lower the similarity threshold, or "
                        "choose “Keep them, flagged”.")), self.tr("Make pairs from Q&A"))

    def _stopped(self, stop: Cancelled) -> None:
        self.stopped = stop
        written, path = stop.params.get("written"), stop.params.get("path")
        if written is None or path is None:  # stopped before the first batch
            self.status.setText(self.tr("Stopped before any pair was made."))
            return
        self.status.setText(self.tr("Stopped. {written} pair(s) are saved in {file}; Start "
                                    "again to continue where it stopped.").format(
            written=written, file=Path(str(path)).name))

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("Stopped by an error; the pairs made so far are kept."))
        show_error(self, exc, self.tr("Cannot make pairs"))

    def _ended(self) -> None:
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
        self._update_buttons()
        if self._close_when_done:
            self._close_when_done = False
            super().reject()

    # -- closing ---------------------------------------------------------------------
    def reject(self) -> None:
        """Close; a running job is cancelled first, and the dialog closes once it ends."""
        if self.runner.is_running():
            self._close_when_done = True
            self.cancel()
            return
        self.session.unload()  # frees the model's memory
        super().reject()

    def accept(self) -> None:
        self.session.unload()
        super().accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner.is_running():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def shutdown(self) -> None:
        self.runner.shutdown()
