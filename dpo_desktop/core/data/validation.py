"""Checking every row and turning the valid ones into preference pairs.

Errors exclude a row, warnings keep it; every row that is excluded has at least one
error, so ``rows_total == rows_valid + rows_excluded`` always holds. Only the mapped
columns decide whether a row is valid: a problem the reader found in any other column (a
"Notes" column with a formula and no saved result) is reported as a warning. A blank row
is excluded by an error issue (code ``blank_row``) so the totals still add up, but
reports show it as skipped, not as an error: see :func:`is_blank`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dpo_desktop.core.data.readers import RawRow, RawTable
from dpo_desktop.core.data.shapes import (
    CellError,
    cell_value,
    split_conversations,
    split_transcripts,
    transcript_to_messages,
)
from dpo_desktop.core.data.types import Issue, Message, PreferencePair, Record
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP

EMPTY = QT_TRANSLATE_NOOP("messages", "{where}, {cell} is empty. Fill it in or delete the row.")
LONG_TEXT_CHARS = 20_000
"""Longer than this is almost surely truncated by any max length a small GPU allows."""


def _norm(text: str) -> str:
    return " ".join(text.split())


def shape_of(mapping: Mapping[str, str]) -> str:
    return "explicit" if "prompt" in mapping else "implicit"


def validate(table: RawTable, mapping: Mapping[str, str]
             ) -> tuple[list[Record], list[PreferencePair], list[Issue]]:
    unit = table.row_unit  # row, line or record: names the row as the file counts it
    records: list[Record] = []
    pairs: list[PreferencePair] = []
    seen: dict[tuple[str, str, str], int] = {}
    fast = "prompt" in mapping
    columns = (mapping.get("prompt", ""), mapping["chosen"], mapping["rejected"],
               mapping.get("system"))
    for raw in table.rows:
        result = _plain_row(raw, columns) if fast else None
        if result is None:
            record, pair = _check_row(raw, mapping, unit)
        else:
            record, pair = result
        if pair is not None:
            key = (_prompt_key(pair.prompt), pair.chosen, pair.rejected)
            earlier = seen.get(key)
            opposite = seen.get((key[0], key[2], key[1]))
            if earlier is None:
                seen[key] = raw.number
            if earlier is not None or opposite is not None:
                record = _with_repeats(record, unit, earlier, opposite)
            pairs.append(pair)
        records.append(record)
    all_issues = [i for r in records for i in r.issues]
    return records, pairs, all_issues


def _prompt_key(prompt: tuple[Message, ...]) -> str:
    if len(prompt) == 1:
        return prompt[0].content
    return "\x00".join(f"{m.role}\x01{m.content}" for m in prompt)


def _with_repeats(record: Record, unit: str, earlier: int | None, opposite: int | None
                  ) -> Record:
    """Exact repeats and reversed pairs are kept, but the user should know."""
    n = record.row
    issues = list(record.issues)
    if earlier is not None:
        issues.append(Issue.of(
            n, None, "warning", "duplicate_pair",
            QT_TRANSLATE_NOOP("messages", "{where} repeats the pair in {other_where}; it is "
                                          "kept, and counts twice in training."),
            unit=unit, other=earlier))
    if opposite is not None:
        issues.append(Issue.of(
            n, None, "warning", "contradicting_pair",
            QT_TRANSLATE_NOOP("messages", "{where} prefers the answer that {other_where} "
                                          "rejects, for the same prompt. Keep the one you agree "
                                          "with and delete the other."),
            unit=unit, other=opposite))
    return Record(n, record.prompt, record.chosen, record.rejected, record.system, tuple(issues))


def _plain_row(raw: RawRow, columns: tuple[str, str, str, str | None]
               ) -> tuple[Record, PreferencePair] | None:
    """The common case in one pass: three clean text cells. None sends the row to the
    full check, which produces the messages; so this never decides that a row is bad."""
    if raw.problems:
        return None
    cells = raw.cells
    p, c, r = cells.get(columns[0]), cells.get(columns[1]), cells.get(columns[2])
    if type(p) is not str or type(c) is not str or type(r) is not str:
        return None
    ps, cs, rs = p.strip(), c.strip(), r.strip()
    if (not ps or not cs or not rs or ps != p or cs != c or rs != r or ps[0] == "["
            or cs[0] == "[" or rs[0] == "[" or len(p) > LONG_TEXT_CHARS
            or len(c) > LONG_TEXT_CHARS or len(r) > LONG_TEXT_CHARS):
        return None
    if cs == rs or (cs.split(None, 1)[0] == rs.split(None, 1)[0] and _norm(cs) == _norm(rs)):
        return None
    system = ""
    if columns[3] is not None:
        s = cells.get(columns[3])
        if s is not None and type(s) is not str:
            return None
        system = (s or "").strip()
    user = Message("user", ps)
    prompt = (Message("system", system), user) if system else (user,)
    n = raw.number
    return Record(n, ps, cs, rs, system), PreferencePair(n, prompt, cs, rs)


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, tuple) and value and isinstance(value[-1], Message):
        return value[-1].content
    return str(value)


def _check_row(raw: RawRow, mapping: Mapping[str, str], unit: str
               ) -> tuple[Record, PreferencePair | None]:
    n = raw.number
    mapped = set(mapping.values())
    issues: list[Issue] = [_only_warns(i, mapped) for i in raw.problems]
    cells = raw.cells
    if not any(i.severity == "error" for i in issues) and all(
            v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
        issues.append(Issue.of(n, None, "error", "blank_row",
                               QT_TRANSLATE_NOOP("messages", "{where} is empty and was skipped."),
                               unit=unit))
        return Record(n, "", "", "", "", tuple(issues)), None

    values: dict[str, str | tuple[Message, ...] | None] = {}
    for field, column in mapping.items():
        try:
            value = cell_value(cells.get(column))
        except CellError as exc:
            issues.append(Issue.of(
                n, column, "error", exc.code,
                QT_TRANSLATE_NOOP("messages", "{where}, {cell} {problem}. Make it plain text."),
                unit=unit, field=field, problem=exc.text))
            value = None
            values[field] = value
            continue
        if isinstance(value, str) and value.strip() and value != value.strip() \
                and field != "system" and "prompt" in mapping:
            issues.append(Issue.of(
                n, column, "warning", "stray_whitespace",
                QT_TRANSLATE_NOOP("messages", "{where}, {cell} starts or ends with spaces or "
                                              "blank lines; they were trimmed."),
                unit=unit, field=field))
        values[field] = value
    if any(i.severity == "error" for i in issues):
        return _record(n, values, cells, mapping, issues), None

    prompt: tuple[Message, ...] = ()
    chosen = values.get("chosen")
    rejected = values.get("rejected")
    if "prompt" not in mapping:
        if isinstance(chosen, str) and isinstance(rejected, str):
            parts = split_transcripts(chosen, rejected)
            if parts is None:
                issues.append(Issue.of(
                    n, None, "error", "no_shared_prompt",
                    QT_TRANSLATE_NOOP("messages", "{where}: there is no prompt column, and the "
                                                  "chosen and rejected texts do not start with a "
                                                  "shared prompt. Add a prompt column, or map one "
                                                  "with --map prompt=COLUMN."), unit=unit))
            else:
                prompt = transcript_to_messages(parts[0])
                chosen, rejected = parts[1], parts[2]
        elif isinstance(chosen, tuple) and isinstance(rejected, tuple):
            prompt, c_rest, r_rest = split_conversations(chosen, rejected)
            chosen = _reply(c_rest, n, mapping["chosen"], "chosen", unit, issues)
            rejected = _reply(r_rest, n, mapping["rejected"], "rejected", unit, issues)
    else:
        raw_prompt = values.get("prompt")
        if isinstance(raw_prompt, str):
            prompt = (Message("user", raw_prompt.strip()),) if raw_prompt.strip() else ()
        elif isinstance(raw_prompt, tuple):
            prompt = raw_prompt
        if isinstance(chosen, tuple):
            chosen = _reply(_after(prompt, chosen), n, mapping["chosen"], "chosen", unit, issues)
        if isinstance(rejected, tuple):
            rejected = _reply(_after(prompt, rejected), n, mapping["rejected"], "rejected", unit,
                              issues)
    system = values.get("system")
    if isinstance(system, str) and system.strip() and not any(m.role == "system" for m in prompt):
        prompt = (Message("system", system.strip()), *prompt)

    no_shared = any(i.code == "no_shared_prompt" for i in issues)
    if not no_shared and not any(m.role == "user" and m.content.strip() for m in prompt):
        prompt_column = mapping.get("prompt")
        issues.append(Issue.of(
            n, prompt_column, "error", "empty_prompt",
            EMPTY if prompt_column else QT_TRANSLATE_NOOP(
                "messages", "{where}, the prompt is empty. Fill it in or delete the row."),
            unit=unit, field="prompt"))
    for field, text in (("chosen", chosen), ("rejected", rejected)):
        if (not isinstance(text, str) or not text.strip()) and not no_shared and not any(
                i.column == mapping[field] and i.severity == "error" for i in issues):
            issues.append(Issue.of(n, mapping[field], "error", f"empty_{field}", EMPTY,
                                   unit=unit, field=field))
    if isinstance(chosen, str) and isinstance(rejected, str) and chosen.strip() and \
            _norm(chosen) == _norm(rejected):
        issues.append(Issue.of(
            n, mapping["rejected"], "error", "same_answers",
            QT_TRANSLATE_NOOP("messages", "{where}: the chosen and rejected answers are the same, "
                                          "so there is nothing to learn. Change one of them or "
                                          "delete the row."), unit=unit))
    for field, text in (("prompt", prompt[-1].content if prompt else ""), ("chosen", chosen),
                        ("rejected", rejected)):
        if isinstance(text, str) and len(text) > LONG_TEXT_CHARS:
            issues.append(Issue.of(
                n, mapping.get(field), "warning", "very_long_text",
                QT_TRANSLATE_NOOP("messages", "{where}: the {field_key} is {length} characters "
                                              "long; training will cut it at the max length. "
                                              "Shorten it if the end matters."),
                unit=unit, field=field, length=f"{len(text):,}"))
    record = _record(n, values, cells, mapping, issues, prompt, chosen, rejected)
    if not record.valid:
        return record, None
    assert isinstance(chosen, str) and isinstance(rejected, str)
    return record, PreferencePair(n, prompt, chosen.strip(), rejected.strip())


def _only_warns(issue: Issue, mapped: set[str]) -> Issue:
    """A reader's problem in a column that is not mapped cannot exclude the row."""
    if issue.severity == "error" and issue.column is not None and issue.column not in mapped:
        return issue._replace(severity="warning")
    return issue


def is_blank(issue: Issue) -> bool:
    """An empty row: skipped, which reports show as such and not as an error."""
    return issue.code == "blank_row"


def _after(prompt: tuple[Message, ...], reply: tuple[Message, ...]) -> tuple[Message, ...]:
    """A reply column may repeat the whole conversation; keep only what follows the prompt."""
    if reply[: len(prompt)] == prompt:
        return reply[len(prompt):]
    return reply


def _reply(messages: tuple[Message, ...], n: int, column: str, field: str, unit: str,
           issues: list[Issue]) -> str | None:
    if not messages:
        return None
    if len(messages) > 1 or messages[0].role != "assistant":
        issues.append(Issue.of(
            n, column, "error", "not_single_reply",
            QT_TRANSLATE_NOOP("messages", "{where}, {cell} should end the conversation with one "
                                          "assistant message, but it continues with {count} "
                                          "messages ({roles})."),
            unit=unit, field=field, count=len(messages), roles=[m.role for m in messages]))
        return None
    return messages[0].content


def _record(n: int, values: Mapping[str, Any], cells: Mapping[str, Any],
            mapping: Mapping[str, str], issues: list[Issue],
            prompt: tuple[Message, ...] = (), chosen: Any = None, rejected: Any = None) -> Record:
    def shown(field: str, resolved: Any) -> str:
        if isinstance(resolved, str):
            return resolved.strip()
        value = values.get(field)
        if value is None and field in mapping:
            raw = cells.get(mapping[field])
            return "" if raw is None else str(raw)
        return _display(value)

    prompt_text = next((m.content for m in reversed(prompt) if m.role == "user"), None)
    return Record(n, prompt_text if prompt_text is not None else shown("prompt", None),
                  shown("chosen", chosen), shown("rejected", rejected),
                  _display(values.get("system")), tuple(issues))
