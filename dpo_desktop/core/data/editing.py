"""Pairs as the editor holds them: plain text rows that can be re-validated and saved.

The GUI's pair editor (and anything else that builds a data set by hand) keeps a list of
:class:`DraftRow`. :func:`validate_rows` runs exactly the checks a file gets, so the
editor shows the same problems the importer would; :func:`save_rows` writes JSONL or
CSV atomically in a shape the importer reads back unchanged.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from dpo_desktop.core.atomic import atomic_open
from dpo_desktop.core.data.dataset import PreferenceDataset, dataset_from_table
from dpo_desktop.core.data.readers import RawRow, RawTable
from dpo_desktop.core.data.types import FIELDS as COLUMNS
from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP

SAVE_FORMATS = {".jsonl": "jsonl", ".csv": "csv"}
FIRST_ROW = 2
"""Draft rows are numbered like the CSV they save to: the header is row 1."""


class DraftRow(NamedTuple):
    prompt: str = ""
    chosen: str = ""
    rejected: str = ""
    system: str = ""


def rows_from_dataset(dataset: PreferenceDataset) -> list[DraftRow]:
    """Every record of an imported file (valid or not) as editable text."""
    return [DraftRow(r.prompt, r.chosen, r.rejected, r.system) for r in dataset.records]


def validate_rows(rows: Sequence[DraftRow], name: str = "edited data") -> PreferenceDataset:
    """The same validation a saved CSV of ``rows`` would get, without writing it.

    An empty list gives an empty data set rather than an error: a new data set starts
    with no rows.
    """
    table = RawTable(format="csv", encoding=None, columns=list(COLUMNS), rows=[
        RawRow(FIRST_ROW + index, dict(zip(COLUMNS, row))) for index, row in enumerate(rows)])
    mapping = {column: column for column in COLUMNS}
    if not rows:
        from dpo_desktop.core.data.types import ValidationReport

        report = ValidationReport(path=name, format="csv", encoding=None, sheet=None,
                                  shape="explicit", row_unit="row", columns=COLUMNS,
                                  mapping=mapping, rows_total=0, rows_valid=0)
        return PreferenceDataset((), (), report)
    return dataset_from_table(Path(name), table, mapping)


def save_rows(rows: Iterable[DraftRow], path: str | os.PathLike[str]) -> Path:
    """Write ``rows`` as JSONL or CSV (by the file's extension), atomically.

    Every row is written, including ones with problems, so no work is lost; the importer
    reports them again when the file is opened. The ``system`` column is written only
    when some row has one. CSV is UTF-8 with a BOM so that Excel shows Japanese text.
    """
    target = Path(path)
    fmt = SAVE_FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise UserError.of(
            "save_format",
            QT_TRANSLATE_NOOP("messages", "“{file}” must end in .jsonl or .csv to be saved."),
            QT_TRANSLATE_NOOP("messages", "Choose JSONL (keeps line breaks exactly) or CSV (opens "
                                          "in Excel)."), file=target.name)
    items = list(rows)
    columns = COLUMNS if any(row.system for row in items) else COLUMNS[:3]
    # atomic_open turns a disk, lock or permission problem into a WriteError naming the file.
    if fmt == "jsonl":
        with atomic_open(target, "w", encoding="utf-8", newline="\n") as handle:
            for row in items:
                record = {key: getattr(row, key) for key in columns}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        with atomic_open(target, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in items:
                writer.writerow([getattr(row, key) for key in columns])
    return target
