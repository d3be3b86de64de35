"""Step 2, Data: open a file, check the column mapping, see and fix problems row by row.

The page is the editor of the window's :class:`DataDocument`, which owns the rows (as
:class:`DraftRow` text in a virtualized table model), the source file, the mapping, the
dirty flag and validation. Opening a file imports it off the UI thread with a progress
bar; editing re-runs the same validation on a pool thread (debounced), so the problems
shown are always the ones training would meet. Saving goes through
``core.data.editing.save_rows`` (atomic JSONL or CSV).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.data import PreferenceDataset
from dpo_desktop.core.data.document import ColumnsUnclear, Imported
from dpo_desktop.core.data.editing import COLUMNS, DraftRow
from dpo_desktop.core.data.readers import FORMATS
from dpo_desktop.core.data.report import ENCODING_NAMES
from dpo_desktop.core.errors import JobControl, UserError
from dpo_desktop.core.resources import sample_path
from dpo_desktop.gui.data_document import DataDocument
from dpo_desktop.gui.errors import show_error
from dpo_desktop.gui.messages import translate_error
from dpo_desktop.gui.models.pairs_model import IssueFilterProxy, PairsTableModel
from dpo_desktop.gui.tasks import ProgressRelay, run_in_pool

LAZY_BUILD_MS = 200  # after the first paint: the page appears before pyqtgraph loads

if TYPE_CHECKING:
    from dpo_desktop.gui.pages.make_pairs_dialog import MakePairsDialog
    from dpo_desktop.gui.widgets.histogram import TokenHistogram

MAPPED = COLUMNS
OPTIONAL = ("prompt", "system")
COUNT_DELAY_MS = 300
TOKEN_PROGRESS_STEPS = 100
TOKEN_LOAD_SHARE = 40  # of the bar: loading the tokenizer is most of a first count
SAMPLES = ("support_en.csv", "support_ja.csv", "faq_en.csv", "faq_ja.csv")


def file_filter(tr: Any) -> str:
    return tr("Preference data ({patterns})").format(
        patterns=" ".join(f"*{ext}" for ext in FORMATS))


class DataPage(QWidget):
    dataset_changed = Signal(object)  # the validated PreferenceDataset, or None
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None,
                 document: DataDocument | None = None) -> None:
        super().__init__(parent)
        # The main window passes its document; a page on its own (tests) makes one.
        self.document = document if document is not None else DataDocument(self)
        self._pairs_file: Path | None = None  # made pairs: say how to go on once loaded
        self._counting = 0  # generation counter: late token counts are dropped
        self._count_control: JobControl | None = None  # the running count's, to cancel it
        self._model_spec: str | None = None
        self._max_length = 512
        self._tokenizers: dict[str, Any] = {}
        self._lengths: list[int] | None = None
        self._pairs_dialog: MakePairsDialog | None = None

        self.proxy = IssueFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        doc = self.document
        doc.changed.connect(self._set_dataset)
        doc.dirty_changed.connect(lambda _: self._dirty_changed())
        doc.import_started.connect(self._import_started)
        doc.import_finished.connect(self._import_finished)
        doc.loaded.connect(self._loaded)
        doc.columns_unclear.connect(self._offer_mapping)
        doc.failed.connect(self._failed)
        doc.status_message.connect(self.status_message)
        # Token counting loads a tokenizer (transformers) on a pool thread: debounced, and
        # never started before the first paint.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._start_count)
        self._build()
        self._update_summary()

    # -- layout --------------------------------------------------------------------
    def _build(self) -> None:
        tr = self.tr
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Each row is one example: a prompt, a better answer (chosen) and a "
                          "worse answer (rejected). Open a spreadsheet, drop it on the window, "
                          "or build a data set here."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        files = QHBoxLayout()
        self.open_button = QPushButton(tr("Open file…"))
        self.open_button.clicked.connect(self.choose_file)
        self.sample_combo = QComboBox()
        self.sample_combo.addItem(tr("Open a sample…"), "")
        for name in SAMPLES:
            self.sample_combo.addItem(name, name)
        self.sample_combo.activated.connect(self._open_sample)
        self.new_button = QPushButton(tr("New data set"))
        self.new_button.clicked.connect(self.new_dataset)
        self.save_button = QPushButton(tr("Save as…"))
        self.save_button.clicked.connect(lambda: self.save_as())
        self.make_pairs_button = QPushButton(tr("&Make pairs from Q&&A…"))
        self.make_pairs_button.setToolTip(tr(
            "Turn questions with ideal answers (an FAQ, a manual, past replies) into pairs: "
            "the model chosen on the Model page writes the worse answers"))
        self.make_pairs_button.clicked.connect(lambda: self.make_pairs())
        self.sheet_combo = QComboBox()
        self.sheet_combo.setToolTip(tr("The sheet of the workbook to read"))
        self.sheet_combo.setVisible(False)
        self.sheet_combo.activated.connect(self._sheet_chosen)
        for widget in (self.open_button, self.sample_combo, self.new_button, self.save_button,
                       self.make_pairs_button, self.sheet_combo):
            files.addWidget(widget)
        files.addStretch(1)
        layout.addLayout(files)

        # Reading a big file takes seconds: a bar (and the window keeps working). It shows
        # in the summary's place, so the table never moves when it comes and goes (moving
        # 100,000 rows costs a repaint).
        self.loading = QWidget()
        loading = QHBoxLayout(self.loading)
        loading.setContentsMargins(0, 0, 0, 0)
        self.load_label = QLabel()
        self.load_progress = QProgressBar()
        self.load_progress.setRange(0, 0)  # the importer reports no steps: a busy bar
        self.load_progress.setMaximumWidth(240)
        self.load_cancel = QPushButton(self.tr("Cancel"))
        self.load_cancel.setToolTip(self.tr("Stop opening this file; the data shown stays"))
        self.load_cancel.clicked.connect(self.document.cancel_open)
        for widget in (self.load_label, self.load_progress, self.load_cancel):
            loading.addWidget(widget)
        loading.addStretch(1)

        mapping = QHBoxLayout()
        self.mapping_label = QLabel(tr("Columns:"))
        mapping.addWidget(self.mapping_label)
        self.mapping_combos: dict[str, QComboBox] = {}
        names = {"prompt": tr("Prompt"), "chosen": tr("Chosen (better)"),
                 "rejected": tr("Rejected (worse)"), "system": tr("System")}
        for field in MAPPED:
            combo = QComboBox()
            # Sized to the column names once they are known, not to "(none)" at start.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(6)
            combo.setMaximumWidth(280)  # a very long header must not widen the window
            combo.setObjectName(f"map_{field}")
            combo.setToolTip(tr("Which column of the file holds the {field}").format(
                field=names[field].lower()))
            combo.activated.connect(self._mapping_chosen)
            mapping.addWidget(QLabel(names[field] + ":"))
            mapping.addWidget(combo)
            self.mapping_combos[field] = combo
        mapping.addStretch(1)
        layout.addLayout(mapping)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_stack = QStackedWidget()
        self.summary_stack.addWidget(self.summary)
        self.summary_stack.addWidget(self.loading)
        layout.addWidget(self.summary_stack)

        rows = QHBoxLayout()
        self.filter_combo = QComboBox()
        self.filter_combo.addItem(tr("All rows"), "all")
        self.filter_combo.addItem(tr("Rows with errors"), "errors")
        self.filter_combo.addItem(tr("Rows with warnings"), "warnings")
        self.filter_combo.currentIndexChanged.connect(
            lambda: self.proxy.set_mode(self.filter_combo.currentData()))
        self.add_button = QPushButton(tr("Add row"))
        self.add_button.clicked.connect(self.add_row)
        self.delete_button = QPushButton(tr("Delete rows"))
        self.delete_button.clicked.connect(self.delete_selected)
        rows.addWidget(QLabel(tr("Show:")))
        rows.addWidget(self.filter_combo)
        rows.addStretch(1)
        rows.addWidget(self.add_button)
        rows.addWidget(self.delete_button)
        layout.addLayout(rows)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((90, 260, 260, 260)):
            self.table.setColumnWidth(column, width)
        splitter.addWidget(self.table)

        tokens = QWidget()
        token_layout = QVBoxLayout(tokens)
        token_layout.setContentsMargins(0, 0, 0, 0)
        self.token_label = QLabel(tr("Token lengths appear here once a model is chosen."))
        self.token_label.setWordWrap(True)
        token_layout.addWidget(self.token_label)
        self.token_progress = QProgressBar()  # counting can take seconds: a real bar
        self.token_progress.setRange(0, TOKEN_PROGRESS_STEPS)
        self.token_progress.setFormat("%p%")
        self.token_progress.setVisible(False)
        token_layout.addWidget(self.token_progress)
        self._token_layout = token_layout
        self._histogram: TokenHistogram | None = None
        splitter.addWidget(tokens)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self._show_mapping([], {})

    @property
    def histogram(self) -> TokenHistogram:
        """Built on first use: pyqtgraph stays off the start-up path."""
        if self._histogram is None:
            from dpo_desktop.gui.widgets.histogram import TokenHistogram

            self._histogram = TokenHistogram()
            self._token_layout.addWidget(self._histogram)
        return self._histogram

    def _build_histogram(self) -> None:
        self.histogram  # noqa: B018 - the property builds it

    def showEvent(self, event: QShowEvent) -> None:
        # Built just after the first paint, so showing the page never waits for pyqtgraph.
        QTimer.singleShot(LAZY_BUILD_MS, self, self._build_histogram)
        super().showEvent(event)

    # -- the document --------------------------------------------------------------------
    @property
    def model(self) -> PairsTableModel:
        return self.document.model

    @property
    def dataset(self) -> PreferenceDataset | None:
        return self.document.dataset

    @property
    def source_path(self) -> Path | None:
        return self.document.source_path

    @property
    def sheet(self) -> str | None:
        return self.document.sheet

    @property
    def dirty(self) -> bool:
        return self.document.dirty

    def rows(self) -> list[DraftRow]:
        return self.document.rows()

    def revalidate(self) -> None:
        self.document.revalidate()

    def validation_pending(self) -> bool:
        return self.document.validation_pending()

    # -- opening ---------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open data file"), "",
                                              file_filter(self.tr))
        if path:
            self.open_file(path)

    def _open_sample(self, index: int) -> None:
        name = self.sample_combo.itemData(index)
        self.sample_combo.setCurrentIndex(0)
        if name:
            self.open_file(sample_path(name))

    def open_file(self, path: str | Path, mapping: dict[str, str] | None = None,
                  sheet: str | None = None) -> None:
        """Import ``path`` off the UI thread (``document.import_finished`` tells how it
        went); on a file that cannot be used, say why and keep the old data."""
        self.document.open(path, mapping, sheet)

    def _import_started(self, name: str) -> None:
        self.load_label.setText(self.tr("Opening {file}…").format(file=name))
        self.summary_stack.setCurrentWidget(self.loading)

    def _import_finished(self, ok: bool) -> None:
        if not self.document.is_loading():  # else a newer file is on its way
            self.summary_stack.setCurrentWidget(self.summary)

    def _loaded(self, result: Imported) -> None:
        self.sheet_combo.setVisible(len(result.sheets) > 1)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(result.sheets))
        if result.sheet:
            self.sheet_combo.setCurrentText(result.sheet)
        self._show_mapping(self.document.columns, result.dataset.report.mapping)
        if self._pairs_file == result.path:
            self._pairs_file = None
            self.status_message.emit(self.tr(
                "Pairs made: review them (edit or delete rows), then train as usual."))

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            show_error(self, exc)  # a bug, not the file's fault: the details box
            return
        show_error(self, exc, self.tr("Cannot use this file"))
        self.status_message.emit(translate_error(exc)[0])

    def _offer_mapping(self, unclear: ColumnsUnclear) -> None:
        """The columns are unclear: show them in the combo boxes and let the user choose."""
        file = unclear.path
        # Keep what was found (an "answer" column is the good one); ask for the rest.
        self._show_mapping(list(unclear.columns), unclear.found)
        if unclear.questions_and_answers:
            # Questions with ideal answers and no worse ones: that is what Make pairs is for.
            self.summary.setText(self.tr(
                "“{file}” has questions and good answers, but no worse answers (rejected). "
                "Use “Make pairs from Q&A…” above: the model writes the worse answers for you. "
                "Or choose a Rejected column above.").format(file=file.name))
            self.make_pairs_button.setFocus()
        else:
            self.summary.setText(self.tr("{message} {hint}").format(
                message=translate_error(unclear.error)[0],
                hint=self.tr("Choose the columns above.")))
        # Replace whatever the status bar said about the previous file.
        self.status_message.emit(self.tr("Opened {file}: choose its columns.").format(
            file=file.name))

    def _sheet_chosen(self) -> None:
        if self.source_path is not None:
            self.open_file(self.source_path, sheet=self.sheet_combo.currentText())

    def _show_mapping(self, columns: list[str], mapping: dict[str, str]) -> None:
        enabled = bool(columns) and not self.dirty
        for field, combo in self.mapping_combos.items():
            combo.blockSignals(True)
            combo.clear()
            if field in OPTIONAL or not mapping.get(field):
                combo.addItem(self.tr("(none)"), "")
            for column in columns:
                combo.addItem(column, column)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(field, ""))))
            combo.setEnabled(enabled)
            combo.blockSignals(False)
            # The layout may squeeze a combo to its minimum ("Better an…"): the window grows
            # instead, up to the cap that keeps a very long header from widening it.
            combo.setMinimumWidth(min(combo.sizeHint().width(), combo.maximumWidth()))

    def current_mapping(self) -> dict[str, str]:
        return {field: combo.currentData() for field, combo in self.mapping_combos.items()
                if combo.currentData()}

    def _mapping_chosen(self) -> None:
        if self.source_path is None:
            return
        mapping = self.current_mapping()
        if "chosen" not in mapping or "rejected" not in mapping:
            self.summary.setText(self.tr("Choose the columns for chosen and rejected."))
            return
        self.open_file(self.source_path, mapping, self.sheet)

    # -- building and editing -------------------------------------------------------------
    def new_dataset(self) -> None:
        self.document.new()
        self._show_mapping([], {})
        self.add_row()

    def add_row(self) -> None:
        current = self.table.currentIndex()
        row = self.proxy.mapToSource(current).row() + 1 if current.isValid() else \
            self.model.rowCount()
        self.model.insertRows(row, 1)
        index = self.proxy.mapFromSource(self.model.index(row, 1))
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def delete_selected(self) -> None:
        rows = sorted({self.proxy.mapToSource(i).row()
                       for i in self.table.selectionModel().selectedRows()}, reverse=True)
        if not rows and self.table.currentIndex().isValid():
            rows = [self.proxy.mapToSource(self.table.currentIndex()).row()]
        for row in rows:
            self.model.removeRows(row, 1)

    def select_source_rows(self, rows: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for row in rows:
            index = self.proxy.mapFromSource(self.model.index(row, 1))
            selection.select(index, QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)

    def _dirty_changed(self) -> None:
        """Edited rows no longer follow the file's columns: the mapping is frozen."""
        self._show_mapping(self.document.columns, self.document.mapping)
        self._update_summary()

    # -- saving ----------------------------------------------------------------------
    def save_as(self, path: str | Path | None = None) -> bool:
        if path is None:
            start = str(self.source_path.with_suffix(".csv")) if self.source_path else ""
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save data as"), start,
                self.tr("CSV, opens in Excel (*.csv);;JSONL (*.jsonl)"))
            if not chosen:
                return False
            path = chosen
        try:
            self.document.save_as(path)
        except UserError as exc:
            show_error(self, exc, self.tr("Cannot save"))
            return False
        self._show_mapping(list(MAPPED), {f: f for f in MAPPED})
        return True

    # -- summary and token lengths ------------------------------------------------------
    def _set_dataset(self, dataset: PreferenceDataset | None) -> None:
        self._update_summary()
        self.dataset_changed.emit(dataset)
        self._count_tokens()

    def _update_summary(self) -> None:
        dataset = self.dataset
        if dataset is None:
            self.summary.setText(self.tr(
                "No data yet. Without data, training uses the bundled English sample."))
            return
        report = dataset.report
        if self.source_path is None or self.dirty:
            name = self.source_path.name if self.source_path else self.tr("New data set")
            head = self.tr("{file} (unsaved changes).").format(file=name) if self.dirty or \
                self.source_path is None else name
        else:
            encoding = ENCODING_NAMES.get(report.encoding or "", report.encoding or "—")
            head = self.tr("{file}: {fmt}, {encoding}.").format(
                file=self.source_path.name, fmt=report.format.upper(), encoding=encoding)
        self.summary.setText(self.tr(
            "{head} {total} rows: {valid} valid, {excluded} excluded, {warnings} warning(s)."
        ).format(head=head, total=report.rows_total, valid=report.rows_valid,
                 excluded=report.rows_excluded, warnings=len(report.warnings)))

    def set_model(self, spec: str) -> None:
        self._model_spec = spec
        self._count_tokens()
        if self._pairs_dialog is not None and not self._pairs_dialog.runner.is_running():
            self._pairs_dialog.set_model(spec)

    # -- pairs from questions and ideal answers ---------------------------------------------
    def make_pairs(self, path: str | Path | None = None) -> MakePairsDialog:
        """Open "Make pairs from Q&A" (kept between uses, so a cancelled job can be
        continued); the finished pairs open here for review."""
        from dpo_desktop.gui.pages.make_pairs_dialog import MakePairsDialog

        dialog = self._pairs_dialog
        if dialog is None:
            dialog = self._pairs_dialog = MakePairsDialog(self, self._model_spec or "demo")
            dialog.pairs_ready.connect(self._pairs_made)
        elif not dialog.runner.is_running():
            dialog.set_model(self._model_spec or "demo")
        if path is not None and not dialog.runner.is_running():
            dialog.set_file(path)
        if dialog.isVisible():  # already open, perhaps behind the window
            dialog.raise_()
            dialog.activateWindow()
        else:
            dialog.show()
        return dialog

    def _pairs_made(self, path: str) -> None:
        self._pairs_file = Path(path)  # the next step is said once the pairs are loaded
        self.open_file(path)

    def shutdown(self) -> None:
        """Stop a running "make pairs" job and token count (window close, tests)."""
        if self._count_control is not None:
            self._count_control.cancel()
        if self._pairs_dialog is not None:
            self._pairs_dialog.shutdown()

    def set_max_length(self, max_length: int) -> None:
        if max_length != self._max_length:
            self._max_length = max_length
            self._show_lengths()

    def _count_tokens(self) -> None:
        if self._count_control is not None:
            self._count_control.cancel()  # its result would be dropped: stop it early
        self._counting += 1
        self._lengths = None
        self._count_timer.start()

    def _start_count(self) -> None:
        spec, dataset = self._model_spec, self.dataset
        if spec is None or dataset is None or not dataset.pairs:
            self.token_progress.setVisible(False)
            if self._histogram is not None:
                self._histogram.set_stats(None)
            self.token_label.setText(self.tr("Token lengths appear here once a model is chosen "
                                             "and the data has valid rows."))
            return
        ticket = self._counting
        control = self._count_control = JobControl()
        pairs = dataset.pairs
        cache = self._tokenizers
        self.token_label.setText(self.tr("Counting tokens…"))
        self.token_progress.setValue(0)
        self.token_progress.setVisible(True)

        def show(done: int, total: int) -> None:
            if ticket == self._counting:
                self.token_progress.setValue(done)

        relay = ProgressRelay(self, show)
        loaded_share = 0 if spec in cache else TOKEN_LOAD_SHARE

        def count() -> list[int]:
            from dpo_desktop.core import tokens

            tokenizer = cache.get(spec) or tokens.load_tokenizer(spec)
            cache[spec] = tokenizer
            relay.report(loaded_share, TOKEN_PROGRESS_STEPS)

            def counted(done: int, total: int) -> None:
                rest = TOKEN_PROGRESS_STEPS - loaded_share
                relay.report(loaded_share + rest * done // max(total, 1), TOKEN_PROGRESS_STEPS)

            return tokens.pair_lengths(tokenizer, pairs, on_progress=counted, control=control)

        def failed(exc: BaseException) -> None:
            relay.deleteLater()
            if ticket == self._counting:
                self.token_progress.setVisible(False)
                message = translate_error(exc)[0] if isinstance(exc, UserError) else str(exc)
                self.token_label.setText(self.tr("No token lengths: {reason}").format(
                    reason=message))

        def done(lengths: list[int]) -> None:
            relay.deleteLater()
            self._counted(ticket, lengths)

        run_in_pool(self, count, done, failed)

    def _counted(self, ticket: int, lengths: list[int]) -> None:
        if ticket != self._counting:
            return
        self.token_progress.setVisible(False)
        self._lengths = lengths
        self._show_lengths()

    def _show_lengths(self) -> None:
        from dpo_desktop.core.tokens import LengthStats

        if self._lengths is None:
            return
        stats = LengthStats(tuple(self._lengths), self._max_length)
        self.histogram.set_stats(stats)
        self.token_label.setText(self.tr(
            "{over} of {total} pairs are longer than the max length ({limit} tokens) and will "
            "be cut; the longest has {longest}.").format(
            over=stats.over, total=len(stats.lengths), limit=stats.max_length,
            longest=stats.longest))

    @property
    def token_stats_ready(self) -> bool:
        return self._lengths is not None
