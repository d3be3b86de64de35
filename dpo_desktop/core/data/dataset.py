"""The result of importing a file: valid pairs, every record, and the validation report."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dpo_desktop.core.atomic import atomic_open
from dpo_desktop.core.data.columns import map_columns
from dpo_desktop.core.data.readers import RawTable, read_table
from dpo_desktop.core.data.split import DEFAULT_EVAL_FRACTION, split_pairs
from dpo_desktop.core.data.types import PreferencePair, Record, ValidationReport
from dpo_desktop.core.data.validation import shape_of, validate
from dpo_desktop.core.errors import DataFileError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP, Text

if TYPE_CHECKING:
    import datasets


@dataclass(frozen=True)
class PreferenceDataset:
    pairs: tuple[PreferencePair, ...]
    records: tuple[Record, ...]
    report: ValidationReport

    def split(self, eval_fraction: float = DEFAULT_EVAL_FRACTION, seed: int = 42
              ) -> tuple[tuple[PreferencePair, ...], tuple[PreferencePair, ...]]:
        return split_pairs(self.pairs, eval_fraction=eval_fraction, seed=seed)

    def to_hf_dataset(self, pairs: Sequence[PreferencePair] | None = None) -> datasets.Dataset:
        return pairs_to_hf_dataset(self.pairs if pairs is None else pairs)


def pairs_to_hf_dataset(pairs: Iterable[PreferencePair]) -> datasets.Dataset:
    """TRL's conversational preference format: prompt/chosen/rejected lists of messages."""
    import datasets

    columns: dict[str, list[Any]] = {"prompt": [], "chosen": [], "rejected": []}
    for pair in pairs:
        for key, value in pair.to_trl().items():
            columns[key].append(value)
    return datasets.Dataset.from_dict(columns)


def write_pairs_jsonl(pairs: Iterable[PreferencePair], path: str | os.PathLike[str]) -> None:
    """Write pairs atomically in the conversational JSONL shape the importer reads back."""
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as handle:
        for pair in pairs:
            handle.write(json.dumps(pair.to_trl(), ensure_ascii=False) + "\n")


# No row of the file could be read (by how the file counts them), with the first problem.
NONE_READ = {
    "row": QT_TRANSLATE_NOOP("messages", "None of the {count} rows of “{file}” could be read "
                                         "as a record."),
    "line": QT_TRANSLATE_NOOP("messages", "None of the {count} lines of “{file}” could be read "
                                          "as a record."),
    "record": QT_TRANSLATE_NOOP("messages", "None of the {count} records of “{file}” could be "
                                            "read as a record."),
}
NONE_READ_BECAUSE = {
    "row": QT_TRANSLATE_NOOP("messages", "None of the {count} rows of “{file}” could be read "
                                         "as a record. {problem}"),
    "line": QT_TRANSLATE_NOOP("messages", "None of the {count} lines of “{file}” could be read "
                                          "as a record. {problem}"),
    "record": QT_TRANSLATE_NOOP("messages", "None of the {count} records of “{file}” could be "
                                            "read as a record. {problem}"),
}


def load_preferences(path: str | os.PathLike[str], mapping: Mapping[str, str] | None = None,
                     sheet: str | None = None) -> PreferenceDataset:
    """Read, map and validate a preference file.

    Raises :class:`DataFileError` when the file cannot be used at all; row problems are
    in the report instead.
    """
    file = Path(path)
    table = read_table(file, sheet=sheet)
    return dataset_from_table(file, table, mapping)


def dataset_from_table(file: Path, table: RawTable, mapping: Mapping[str, str] | None = None
                       ) -> PreferenceDataset:
    if table.rows and not table.columns:
        first = next((p for r in table.rows for p in r.problems), None)
        hint = QT_TRANSLATE_NOOP("messages", "Check that each line is a JSON object such as "
                                             "{{\"prompt\": …, \"chosen\": …, \"rejected\": "
                                             "…}}.")
        count, name = len(table.rows), file.name
        if first is None:
            raise DataFileError.of("no_records", NONE_READ[table.row_unit], hint, count=count,
                                   file=name)
        raise DataFileError.of(
            "no_records", NONE_READ_BECAUSE[table.row_unit], hint, count=count, file=name,
            problem=Text(first.template, first.params) if first.template else first.message)
    resolved = map_columns(table.columns, mapping, file_name=f"“{file.name}”")
    if not table.rows:
        raise DataFileError.of(
            "no_rows", QT_TRANSLATE_NOOP("messages", "“{file}” has a header but no data rows."),
            QT_TRANSLATE_NOOP("messages", "Add at least one row with a prompt, a better answer "
                                          "and a worse answer."), file=file.name)
    records, pairs, issues = validate(table, resolved)
    report = ValidationReport(
        path=str(file), format=table.format, encoding=table.encoding, sheet=table.sheet,
        shape=shape_of(resolved), row_unit=table.row_unit, columns=tuple(table.columns),
        mapping=dict(resolved), rows_total=len(records), rows_valid=len(pairs),
        issues=tuple(table.file_issues) + tuple(issues))
    return PreferenceDataset(tuple(pairs), tuple(records), report)
