"""The plain value types that data import produces.

Rows are NamedTuples rather than frozen dataclasses: they are just as immutable, and a
100,000-row import creates several hundred thousand of them, four times faster.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]
# The column keys, kept once: what a file's columns map to (config, editors, CLI --map).
FIELDS = ("prompt", "chosen", "rejected", "system")
REQUIRED_FIELDS = ("prompt", "chosen", "rejected")  # a preference pair
QUESTION_FIELDS = ("prompt", "chosen")  # make-pairs input: a question and its ideal answer


class Message(NamedTuple):
    role: str
    content: str

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


class Issue(NamedTuple):
    """One problem in the file. ``row`` is what the user sees (spreadsheet row, JSONL line)."""

    row: int | None
    column: str | None
    severity: Severity
    code: str
    message: str
    # The marked English template behind ``message`` and the values it was filled
    # from (core/i18n.py), so the GUI translates it without reading the English back.
    template: str = ""
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, row: int | None, column: str | None, severity: Severity, code: str,
           template: str, **params: object) -> Issue:
        """The issue with its English text rendered from a marked ``template``.

        ``params`` fill the template (core/i18n.py derives ``where`` from ``unit`` and
        ``row``, ``cell`` from ``column`` and ``field``); the GUI translates the template.
        """
        from dpo_desktop.core.i18n import render

        values = {"row": row, **({"column": column} if column is not None else {}), **params}
        return cls(row, column, severity, code, render(template, values), template,
                   tuple(values.items()))

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "severity": self.severity,
                "code": self.code, "message": self.message}


class PreferencePair(NamedTuple):
    """A valid training example: the conversation so far, then a better and a worse reply."""

    row: int
    prompt: tuple[Message, ...]
    chosen: str
    rejected: str

    @property
    def prompt_text(self) -> str:
        """The last user turn: what people mean by "the prompt"."""
        for message in reversed(self.prompt):
            if message.role == "user":
                return message.content
        return self.prompt[-1].content if self.prompt else ""

    @property
    def system(self) -> str:
        return next((m.content for m in self.prompt if m.role == "system"), "")

    def to_trl(self) -> dict[str, list[dict[str, str]]]:
        """TRL's conversational preference format."""
        return {
            "prompt": [m.as_dict() for m in self.prompt],
            "chosen": [{"role": "assistant", "content": self.chosen}],
            "rejected": [{"role": "assistant", "content": self.rejected}],
        }


class Record(NamedTuple):
    """Every data row of the file as the user sees it, valid or not, with its problems."""

    row: int
    prompt: str
    chosen: str
    rejected: str
    system: str
    issues: tuple[Issue, ...] = ()

    @property
    def valid(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)


@dataclass(frozen=True)
class ValidationReport:
    path: str
    format: str
    encoding: str | None
    sheet: str | None
    shape: str
    row_unit: str
    columns: tuple[str, ...]
    mapping: dict[str, str]
    rows_total: int
    rows_valid: int
    issues: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def rows_excluded(self) -> int:
        return self.rows_total - self.rows_valid

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "warning")
