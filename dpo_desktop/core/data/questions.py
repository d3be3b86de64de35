"""Importing questions with ideal answers (an FAQ, a manual, past replies).

Such files have no worse answer: ``make-pairs`` generates one with the base model. A
rejected column is optional; where a row has one, it is kept as written.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dpo_desktop.core.data.columns import map_columns
from dpo_desktop.core.data.readers import read_table
from dpo_desktop.core.data.shapes import CellError, cell_value
from dpo_desktop.core.data.types import QUESTION_FIELDS, Issue, Message
from dpo_desktop.core.errors import DataFileError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Question:
    row: int
    prompt: tuple[Message, ...]
    ideal: str
    rejected: str | None = None

    @property
    def prompt_text(self) -> str:
        return next((m.content for m in reversed(self.prompt) if m.role == "user"), "")


@dataclass(frozen=True)
class QuestionSet:
    path: str
    format: str
    encoding: str | None
    mapping: dict[str, str]
    rows_total: int
    questions: tuple[Question, ...]
    issues: tuple[Issue, ...]


def load_questions(path: str | os.PathLike[str], mapping: Mapping[str, str] | None = None,
                   sheet: str | None = None) -> QuestionSet:
    file = Path(path)
    table = read_table(file, sheet=sheet)
    resolved = map_columns(table.columns, mapping, file_name=f"“{file.name}”",
                           required=QUESTION_FIELDS, answer_is_chosen=True)
    if not table.rows:
        raise DataFileError.of(
            "no_rows", QT_TRANSLATE_NOOP("messages", "“{file}” has a header but no data rows."),
            QT_TRANSLATE_NOOP("messages", "Add at least one question with its ideal answer."),
            file=file.name)
    unit = table.row_unit
    questions: list[Question] = []
    issues: list[Issue] = list(table.file_issues)
    for raw in table.rows:
        row_issues = list(raw.problems)
        values: dict[str, str] = {}
        for field, column in resolved.items():
            try:
                value = cell_value(raw.cells.get(column))
            except CellError as exc:
                row_issues.append(Issue.of(
                    raw.number, column, "error", exc.code,
                    QT_TRANSLATE_NOOP("messages", "{where}, column “{column}” {problem}."),
                    unit=unit, problem=exc.text))
                continue
            if isinstance(value, tuple):
                value = next((m.content for m in reversed(value) if m.role in
                              ("user", "assistant")), "")
            values[field] = (value or "").strip()
        if not row_issues:
            for field in QUESTION_FIELDS:
                if not values.get(field):
                    row_issues.append(Issue.of(
                        raw.number, resolved[field], "error", f"empty_{field}",
                        QT_TRANSLATE_NOOP("messages", "{where}: the question (column “{column}”) "
                                                      "is empty. Fill it in or delete the row.")
                        if field == "prompt" else
                        QT_TRANSLATE_NOOP("messages", "{where}: the ideal answer (column "
                                                      "“{column}”) is empty. Fill it in or delete "
                                                      "the row."), unit=unit))
        issues.extend(row_issues)
        if any(i.severity == "error" for i in row_issues):
            continue
        prompt: tuple[Message, ...] = (Message("user", values["prompt"]),)
        if values.get("system"):
            prompt = (Message("system", values["system"]), *prompt)
        questions.append(Question(raw.number, prompt, values["chosen"],
                                  values.get("rejected") or None))
    return QuestionSet(str(file), table.format, table.encoding, dict(resolved),
                       len(table.rows), tuple(questions), tuple(issues))
