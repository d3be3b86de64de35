"""The loaded data set's rules, without Qt: importing a file into the pair editor, and
what a training run reads when the rows were edited.

``gui/data_document.py`` holds the state (rows, source file, sheet, mapping, dirty flag)
and runs :func:`import_for_editing` on a pool thread, so opening a 100,000-row file never
freezes the window. Everything here is plain values in, plain values out: the same import
and the same draft rule serve a headless caller or a test.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpo_desktop.core.data.columns import map_columns
from dpo_desktop.core.data.dataset import PreferenceDataset, dataset_from_table
from dpo_desktop.core.data.editing import DraftRow, rows_from_dataset, save_rows
from dpo_desktop.core.data.readers import list_sheets, read_table
from dpo_desktop.core.data.types import QUESTION_FIELDS, Issue
from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP

UNCLEAR = ("ambiguous_column", "missing_columns")
"""Error codes that mean "the file is fine, but say which column is which"."""

DRAFTS = "drafts"
"""Edited, unsaved rows are written here (next to the runs folder) before training."""


@dataclass(frozen=True)
class Imported:
    """A file read, mapped and validated, with its rows ready for the editor."""

    path: Path
    sheet: str | None
    sheets: tuple[str, ...]
    dataset: PreferenceDataset
    rows: list[DraftRow]
    numbers: list[int]  # the row number the user sees for each row
    issues: list[tuple[Issue, ...]]


@dataclass(frozen=True)
class ColumnsUnclear:
    """A readable file whose columns the user must choose (the error says which)."""

    path: Path
    sheet: str | None
    columns: tuple[str, ...]
    found: dict[str, str]  # the fields whose column is clear: pre-selected for the user
    questions_and_answers: bool  # questions with good answers only: a case for Make pairs
    error: UserError


def columns_found(columns: Sequence[str], answer_is_chosen: bool = False) -> dict[str, str]:
    """The fields whose column is clear, even when others are missing or ambiguous."""
    try:
        return map_columns(columns, required=(), answer_is_chosen=answer_is_chosen)
    except UserError:
        return {}


def import_for_editing(path: str | Path, mapping: Mapping[str, str] | None = None,
                       sheet: str | None = None) -> Imported | ColumnsUnclear:
    """Read ``path`` once; validate it, or say which columns are unclear.

    Raises :class:`UserError` when the file cannot be used at all. Slow on a big file
    (seconds for 100,000 rows): call it off the UI thread.
    """
    file = Path(path)
    sheets = list_sheets(file) if file.suffix.lower() in (".xlsx", ".xlsm") else []
    table = read_table(file, sheet=sheet)
    try:
        dataset = dataset_from_table(file, table, mapping)
        release(table.rows)
    except UserError as exc:
        if exc.code not in UNCLEAR or not table.columns:
            raise
        columns = list(table.columns)
        found = columns_found(columns)
        qa = columns_found(columns, answer_is_chosen=True)
        questions = "rejected" not in found and set(QUESTION_FIELDS) <= set(qa)
        return ColumnsUnclear(file, sheet, tuple(columns), qa if questions else found,
                              questions, exc)
    return Imported(file, sheet, tuple(sheets), dataset, rows_from_dataset(dataset),
                    [r.row for r in dataset.records], [r.issues for r in dataset.records])


def release(items: list[Any], step: int = 5_000) -> None:
    """Free a big list a slice at a time: freeing 100,000 rows in one go is a single C
    call that holds the GIL for tens (a whole data set: hundreds) of milliseconds, which
    the GUI thread feels."""
    while items:
        del items[-step:]


def draft_path(drafts_dir: Path) -> Path:
    return drafts_dir / time.strftime("draft-%Y%m%d-%H%M%S.jsonl")


@dataclass(frozen=True)
class TrainingSource:
    """What a run reads: a file with its mapping and sheet ("" and {}: the bundled sample).

    ``draft`` is set when unsaved edits were written to a draft file for the run.
    """

    path: str
    mapping: dict[str, str]
    sheet: str
    draft: Path | None = None


def training_source(rows: Sequence[DraftRow], dataset: PreferenceDataset | None, dirty: bool,
                    source: Path | None, mapping: Mapping[str, str], sheet: str | None,
                    drafts_dir: Path) -> TrainingSource:
    """The file a run trains on; edited or never-saved rows are saved as a draft first.

    Nothing loaded: the bundled sample. A loaded file without one valid row: an error
    naming the fix, before any model is loaded.
    """
    if dataset is None and not rows:
        return TrainingSource("", {}, "")
    if dataset is not None and dataset.report.rows_valid == 0 and not dirty:
        raise UserError.of(
            "no_valid_rows",
            QT_TRANSLATE_NOOP("messages", "The data has no valid rows to train on."),
            QT_TRANSLATE_NOOP("messages", "Fix the rows marked as errors on the Data page."))
    if dirty or source is None:
        path = save_rows(rows, draft_path(drafts_dir))
        return TrainingSource(str(path), {}, "", draft=path)
    return TrainingSource(str(source), dict(mapping), sheet or "")
