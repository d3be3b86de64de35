"""The loaded data set, owned by the main window: rows, source file, sheet, column mapping,
validation, the dirty flag and draft saving.

The Data page edits it; the Train page reads what to train on from it; the Compare page
and Make pairs open files into it. No page reaches into another page's widgets for data.

Opening a file runs :func:`core.data.document.import_for_editing` on a pool thread; the
rows arrive in the table model in one reset, so the window keeps answering while a
100,000-row file is read. A newer open supersedes an older one that is still running: the
older result is dropped when it arrives. Edits re-run the same validation off the UI
thread, debounced.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from dpo_desktop.core import gcpause
from dpo_desktop.core.data import PreferenceDataset
from dpo_desktop.core.data.document import (
    DRAFTS,
    ColumnsUnclear,
    Imported,
    import_for_editing,
    release,
    training_source,
)
from dpo_desktop.core.data.editing import COLUMNS, DraftRow, save_rows, validate_rows
from dpo_desktop.gui.models.pairs_model import PairsTableModel
from dpo_desktop.gui.tasks import run_in_pool

VALIDATE_DELAY_MS = 300
T = TypeVar("T")


def without_gc_pauses(fn: Callable[[], T]) -> Callable[[], T]:
    """``fn`` with the cyclic garbage collector paused while it runs, and what it built
    frozen afterwards (``core.gcpause``): importing 100,000 rows creates millions of
    objects, and each full collection that this would trigger walks all of them while
    holding the GIL, stalling the UI thread for a few hundred milliseconds at a time."""

    def run() -> T:
        with gcpause.paused(freeze_after=True):
            return fn()

    return run


class DataDocument(QObject):
    """The one data set of the window. Signals arrive on the UI thread."""

    changed = Signal(object)  # the validated PreferenceDataset, or None
    dirty_changed = Signal(bool)
    import_started = Signal(str)  # the file's name
    import_finished = Signal(bool)  # after every open: True when rows arrived
    loaded = Signal(object)  # the Imported result, once its rows are in the model
    columns_unclear = Signal(object)  # ColumnsUnclear: the user chooses the columns
    failed = Signal(object)  # the exception of an open or a validation (UserError: the file)
    status_message = Signal(str)

    def __init__(self, parent: QObject | None = None, drafts_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.drafts_dir = drafts_dir
        self.source_path: Path | None = None
        self.sheet: str | None = None
        self.sheets: tuple[str, ...] = ()
        self.columns: list[str] = []
        self.dataset: PreferenceDataset | None = None
        self.dirty = False
        self.model = PairsTableModel(self)
        self.model.edited.connect(self._on_edited)
        self._opening = 0  # generation counters: late results of superseded jobs are dropped
        self._validation = 0
        self._loading: Path | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VALIDATE_DELAY_MS)
        self._timer.timeout.connect(self.revalidate)

    # -- what the pages read -----------------------------------------------------------
    @property
    def mapping(self) -> dict[str, str]:
        """The column of each field the rows were read with."""
        return dict(self.dataset.report.mapping) if self.dataset is not None else {}

    def rows(self) -> list[DraftRow]:
        return self.model.rows()

    def name(self) -> str:
        """The file's name, or "" for rows that were never saved."""
        return self.source_path.name if self.source_path is not None else ""

    def describe(self) -> str:
        """One line for other pages: "support.csv, 72 valid pairs"; "" with no data."""
        if self.dataset is None:
            return ""
        name = self.name() or self.tr("new data set")
        if self.dirty:
            name += self.tr(" (edited)")
        return self.tr("{name}, {valid} valid pairs").format(
            name=name, valid=self.dataset.report.rows_valid)

    def is_loading(self) -> bool:
        return self._loading is not None

    def validation_pending(self) -> bool:
        return self._timer.isActive()

    def training_source(self) -> tuple[str, dict[str, str], str]:
        """What a run trains on (path, mapping, sheet); unsaved edits become a draft file."""
        if self.drafts_dir is not None:
            drafts = self.drafts_dir
        else:
            from dpo_desktop.core.training.rundir import default_runs_dir

            drafts = default_runs_dir().parent / DRAFTS
        source = training_source(self.rows(), self.dataset, self.dirty, self.source_path,
                                 self.mapping, self.sheet, drafts)
        if source.draft is not None:
            self.status_message.emit(self.tr("Edited data saved as {path}").format(
                path=source.draft))
        return source.path, source.mapping, source.sheet

    # -- opening -------------------------------------------------------------------------
    def open(self, path: str | Path, mapping: dict[str, str] | None = None,
             sheet: str | None = None) -> None:
        """Import ``path`` off the UI thread; the current rows stay until the new ones are
        ready, and stay for good when the file cannot be used."""
        file = Path(path)
        self._opening += 1
        ticket = self._opening
        self._loading = file
        self.import_started.emit(file.name)
        run_in_pool(self, without_gc_pauses(lambda: import_for_editing(file, mapping, sheet)),
                    lambda result: self._imported(ticket, result),
                    lambda exc: self._import_failed(ticket, exc))

    def cancel_open(self) -> None:
        """Forget the import in flight: its result is dropped when it arrives."""
        if self._loading is not None:
            self._opening += 1
            self._loading = None
            self.import_finished.emit(False)

    def _imported(self, ticket: int, result: Imported | ColumnsUnclear) -> None:
        if ticket != self._opening:
            return
        self._loading = None
        self._timer.stop()
        self._validation += 1  # an edit validation still running belongs to the old rows
        self.source_path, self.sheet = result.path, result.sheet
        if isinstance(result, ColumnsUnclear):
            self.columns = list(result.columns)
            self._retire_rows()
            self.model.set_rows([])
            self._set_dirty(False)
            self._set_dataset(None)
            self.columns_unclear.emit(result)
            self.import_finished.emit(False)
            return
        self.sheets = result.sheets
        self.columns = list(result.dataset.report.columns)
        self._retire_rows()
        self.model.set_rows(result.rows, result.numbers, result.issues)
        self._set_dirty(False)
        self._set_dataset(result.dataset)
        self.status_message.emit(self.tr("Loaded {file}").format(file=result.path.name))
        self.loaded.emit(result)
        self.import_finished.emit(True)

    def _retire_rows(self) -> None:
        """Free the rows and the data set about to be replaced on a pool thread, a slice at
        a time: dropping 100,000 rows at once would stall the UI thread ~0.2 s."""
        stale = self.model.contents()
        if self.dataset is not None:
            stale += [list(self.dataset.records), list(self.dataset.pairs)]
            self.dataset = None
        if sum(len(items) for items in stale) < 10_000:
            return

        def free() -> None:
            for items in stale:
                release(items)

        run_in_pool(self, free, lambda _: None)

    def _import_failed(self, ticket: int, exc: BaseException) -> None:
        if ticket != self._opening:
            return
        self._loading = None
        self.failed.emit(exc)
        self.import_finished.emit(False)

    # -- building and editing --------------------------------------------------------------
    def new(self) -> None:
        """An empty data set that is built row by row."""
        self.cancel_open()
        self.source_path, self.sheet, self.sheets, self.columns = None, None, (), []
        self._retire_rows()
        self.model.set_rows([])
        self._set_dirty(False)
        self._set_dataset(validate_rows([]))

    def _on_edited(self) -> None:
        self._set_dirty(True)
        self._timer.start()

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self.dirty:
            self.dirty = dirty
            self.dirty_changed.emit(dirty)

    def revalidate(self) -> None:
        """Validate the rows as they are now, off the UI thread."""
        self._timer.stop()
        self._validation += 1
        ticket = self._validation
        rows = self.rows()
        name = self.source_path.name if self.source_path else self.tr("new data set")

        def validated(dataset: PreferenceDataset) -> None:
            if ticket == self._validation:
                self.model.set_issues([r.issues for r in dataset.records])
                self._set_dataset(dataset)

        run_in_pool(self, without_gc_pauses(lambda: validate_rows(rows, name)), validated,
                    self.failed.emit)

    def _set_dataset(self, dataset: PreferenceDataset | None) -> None:
        self.dataset = dataset
        self.changed.emit(dataset)

    # -- saving ------------------------------------------------------------------------------
    def save_as(self, path: str | Path) -> Path:
        """Write every row (CSV or JSONL, atomically); the saved file becomes the source.
        Raises UserError when it cannot be written."""
        saved = save_rows(self.rows(), path)
        self.source_path, self.sheet, self.sheets = saved, None, ()
        self.columns = list(COLUMNS)
        self._set_dirty(False)
        self.revalidate()
        self.status_message.emit(self.tr("Saved {file}").format(file=saved.name))
        return saved

    # -- between sessions ------------------------------------------------------------------
    def save_settings(self, settings: QSettings) -> None:
        """Remember a saved file (never unsaved edits) to open again next time."""
        import json

        if self.source_path is not None and not self.dirty:
            settings.setValue("data/path", str(self.source_path))
            settings.setValue("data/mapping", json.dumps(self.mapping))
            settings.setValue("data/sheet", self.sheet or "")

    def restore_settings(self, settings: QSettings) -> None:
        """Open last session's file again, off the UI thread (the window shows at once)."""
        import json

        data = settings.value("data/path")
        if not (isinstance(data, str) and data and Path(data).is_file()):
            return
        mapping = settings.value("data/mapping")
        try:
            parsed = json.loads(mapping) if isinstance(mapping, str) and mapping else None
        except ValueError:
            parsed = None
        sheet = settings.value("data/sheet")
        self.open(data, parsed if isinstance(parsed, dict) and parsed else None,
                  sheet if isinstance(sheet, str) and sheet else None)
