"""The Qt-free translation marker for core's user-facing text.

Core speaks English, but every sentence a user may read is written as a *template* with
named placeholders (``"There is no file at {file}."``) and marked with
:func:`QT_TRANSLATE_NOOP`. The marker returns the text unchanged, so core never needs
Qt; ``scripts/update_translations.py`` runs lupdate over core as well as gui, which finds
the marked templates by that name, so they land in the ``.ts`` file under the context
``messages``. The GUI translates the template and fills in the parameters that came with
the error, issue or log line; nothing ever parses English text back into values.

Write each template once, where the message is raised, and carry ``code``, ``template``
and ``params`` with it (see :meth:`dpo_desktop.core.errors.UserError.of`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

CONTEXT = "messages"  # the lupdate context of every core template


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate finds
    """Marks ``text`` for translation in ``context``; returns it unchanged (a template)."""
    return text


def render(template: str, params: Mapping[str, Any]) -> str:
    """``template`` filled from ``params``; the bare template when a placeholder is missing.

    A message must always reach the user, so a template and parameters that do not fit
    (a bug) degrade to the unfilled text rather than raising inside an error handler.
    """
    return render_with(template, params)


Translate = Callable[[str], str]


class Text(NamedTuple):
    """A marked template and its params, as the value of another message's param: a
    part of a sentence (“holds the number 5, not text”) that is translated on its own."""

    template: str
    params: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        return render(self.template, dict(self.params))


def _same(text: str) -> str:
    return text


# Words that core messages name by code; the GUI shows them in the UI language.
LIST_SEP = QT_TRANSLATE_NOOP("messages", ", ")
CHOOSE_ONE = QT_TRANSLATE_NOOP("messages", "Choose one of: {choices}.")  # a shared hint
FIELD_NAMES = {
    "prompt": QT_TRANSLATE_NOOP("messages", "prompt"),
    "chosen": QT_TRANSLATE_NOOP("messages", "chosen answer"),
    "rejected": QT_TRANSLATE_NOOP("messages", "rejected answer"),
    "system": QT_TRANSLATE_NOOP("messages", "system message"),
}
AND_SEP = QT_TRANSLATE_NOOP("messages", " and ")
# The mapping keys as a column's role, in parentheses after its header: “col” (chosen).
FIELD_KEYS = {"prompt": QT_TRANSLATE_NOOP("messages", "prompt"),
              "chosen": QT_TRANSLATE_NOOP("messages", "chosen"),
              "rejected": QT_TRANSLATE_NOOP("messages", "rejected"),
              "system": QT_TRANSLATE_NOOP("messages", "system")}
# Where a data problem is: ``unit`` (how the file counts its rows) and ``row`` → ``where``.
WHERE = {"row": QT_TRANSLATE_NOOP("messages", "Row {row}"),
         "line": QT_TRANSLATE_NOOP("messages", "Line {row}"),
         "record": QT_TRANSLATE_NOOP("messages", "Record {row}")}
# The same, inside a sentence: ``unit`` and ``other`` → ``other_where`` ("row 2").
WHERE_IN = {"row": QT_TRANSLATE_NOOP("messages", "row {row}"),
            "line": QT_TRANSLATE_NOOP("messages", "line {row}"),
            "record": QT_TRANSLATE_NOOP("messages", "record {row}")}
# Which cell: ``column`` (the header) and ``field`` (what it was mapped to) → ``cell``.
CELL_SAME = QT_TRANSLATE_NOOP("messages", "column “{column}”")
CELL_OTHER = QT_TRANSLATE_NOOP("messages", "column “{column}” ({field_key})")


def derived(params: Mapping[str, Any], translate: Translate = _same) -> dict[str, Any]:
    """``params`` plus the values a template may name that are themselves words.

    ``where`` ("Row 5") comes from ``unit`` and ``row``; ``cell`` (“column “x” (chosen)”)
    from ``column`` and ``field``; ``field_name`` ("chosen answer") and ``field_key``
    ("chosen") from ``field``; ``missing_fields`` from the list ``missing``; other lists
    are joined.
    Core renders them in English; the GUI passes its ``translate`` so the same values
    read in the UI language, and nothing is ever parsed back out of English text.
    """
    values: dict[str, Any] = {}
    sep = translate(LIST_SEP)
    for key, value in params.items():
        if isinstance(value, Text):
            values[key] = render_with(value.template, dict(value.params), translate)
        elif isinstance(value, list | tuple):
            values[key] = sep.join(str(v) for v in value)
        else:
            values[key] = value
    unit = params.get("unit")
    if isinstance(unit, str) and unit in WHERE and "row" in params:
        values["where"] = translate(WHERE[unit]).format(row=params["row"])
    if isinstance(unit, str) and unit in WHERE_IN and "other" in params:
        values["other_where"] = translate(WHERE_IN[unit]).format(row=params["other"])
    missing = params.get("missing")
    if isinstance(missing, list | tuple):  # mapping keys without a column
        values["missing_fields"] = translate(AND_SEP).join(
            translate(FIELD_KEYS.get(str(f), str(f))) for f in missing)
    field = params.get("field")
    if isinstance(field, str):
        values["field_name"] = translate(FIELD_NAMES[field]) if field in FIELD_NAMES else field
        values["field_key"] = translate(FIELD_KEYS[field]) if field in FIELD_KEYS else field
        column = params.get("column")
        if isinstance(column, str) and column:
            same = column.strip().lower() == field
            values["cell"] = translate(CELL_SAME if same else CELL_OTHER).format(
                column=column, field_key=values["field_key"])
    return values


def render_with(template: str, params: Mapping[str, Any], translate: Translate = _same) -> str:
    """``template`` in the language of ``translate``, filled from ``params`` and the words
    derived from them; the English template, then the bare template, when it does not fit."""
    values = derived(params, translate)
    for text in (translate(template), template):
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            continue
    return template


PlainValue = str | int | float | tuple[str, ...]


def plain_params(params: Mapping[str, Any]) -> tuple[tuple[str, PlainValue], ...]:
    """``params`` as plain event values: parts of sentences rendered in English, lists as
    tuples of text, anything else that is not a number as text."""
    out: list[tuple[str, PlainValue]] = []
    for key, value in params.items():
        plain: PlainValue
        if isinstance(value, list | tuple) and not isinstance(value, Text):
            plain = tuple(str(v) for v in value)
        elif isinstance(value, int | float | str) and not isinstance(value, bool):
            plain = value
        else:
            plain = str(value)
        out.append((str(key), plain))
    return tuple(out)
