"""Turning cells into conversations.

A cell is either plain text or a list of ``{role, content}`` messages (from JSON, Parquet,
or a spreadsheet cell holding such a JSON list). When there is no prompt column, the
prompt is the part that the chosen and rejected transcripts share, as in Anthropic HH.
"""

from __future__ import annotations

import json
import re
from typing import Any

from dpo_desktop.core.data.types import Message
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP, Text

ROLES = ("system", "user", "assistant")


class CellError(ValueError):
    """A cell that cannot be used; ``code`` is the issue code."""

    def __init__(self, code: str, template: str, **params: Any) -> None:
        self.text = Text(template, tuple(params.items()))  # the marked part of a sentence
        super().__init__(str(self.text))
        self.code = code


def cell_value(value: Any) -> str | tuple[Message, ...] | None:
    """Text, a conversation, or None for an empty cell. Raises :class:`CellError`."""
    if value is None:
        return None
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("[{") and stripped.endswith("]"):
            try:
                parsed = json.loads(stripped)
            except json.JSONDecodeError:
                return value
            if _is_messages(parsed):
                return _messages(parsed)
        return value
    if isinstance(value, (list, tuple)):
        if _is_messages(value):
            return _messages(value)
        raise CellError("not_text", QT_TRANSLATE_NOOP("messages", "holds a list that is not a "
                                                                  "list of {{role, content}} "
                                                                  "messages"))
    if isinstance(value, dict) and "content" in value and "role" in value:
        return _messages([value])
    if isinstance(value, bool):
        raise CellError("not_text", QT_TRANSLATE_NOOP("messages", "holds a true/false value, not "
                                                                  "text"))
    if isinstance(value, (int, float)):
        raise CellError("not_text", QT_TRANSLATE_NOOP("messages", "holds the number {value}, not "
                                                                  "text"), value=value)
    raise CellError("not_text", QT_TRANSLATE_NOOP("messages", "holds a {kind}, not text"),
                    kind=type(value).__name__)


def _is_messages(value: Any) -> bool:
    return (isinstance(value, (list, tuple)) and len(value) > 0
            and all(isinstance(m, dict) and "role" in m and "content" in m for m in value))


def _messages(value: Any) -> tuple[Message, ...]:
    out = []
    for item in value:
        role = str(item["role"]).strip().lower()
        role = {"human": "user", "gpt": "assistant", "bot": "assistant", "model": "assistant"}.get(
            role, role)
        if role not in ROLES:
            raise CellError("bad_role", QT_TRANSLATE_NOOP("messages", "has a message with the role "
                                                                      "“{role}”; use system, user "
                                                                      "or assistant"),
                            role=item["role"])
        content = item["content"]
        if not isinstance(content, str):
            raise CellError("not_text", QT_TRANSLATE_NOOP("messages", "has a {role} message whose "
                                                                      "content is not text"),
                            role=role)
        out.append(Message(role, content))
    return tuple(out)


# Markers that open the assistant's turn in common transcript formats.
_ASSISTANT_MARKERS = re.compile(
    r"(?:\n\nAssistant:|^Assistant:|\nAssistant:|\nASSISTANT:|### Response:|"
    r"<\|im_start\|>assistant\n|<\|start_header_id\|>assistant<\|end_header_id\|>\n\n|"
    r"<start_of_turn>model\n|\nアシスタント[:：])[ \t]*"
)
_HH_TURN = re.compile(r"\n\n(Human|Assistant):[ \t]?")


def split_transcripts(chosen: str, rejected: str) -> tuple[str, str, str] | None:
    """Split two transcripts into (shared prompt, chosen reply, rejected reply).

    The cut is placed right after the last assistant marker inside the shared prefix, so a
    reply that happens to start with the same word as the other stays whole.
    """
    limit = min(len(chosen), len(rejected))
    n = 0
    while n < limit and chosen[n] == rejected[n]:
        n += 1
    prefix = chosen[:n]
    cut = None
    for match in _ASSISTANT_MARKERS.finditer(prefix):
        cut = match.end()
    if cut is None:
        newline = prefix.rfind("\n")
        if newline <= 0:
            return None
        cut = newline + 1
    prompt = chosen[:cut]
    if not prompt.strip():
        return None
    return prompt, chosen[cut:].strip(), rejected[cut:].strip()


def transcript_to_messages(prompt: str) -> tuple[Message, ...]:
    """HH-style ``\\n\\nHuman: … \\n\\nAssistant:`` becomes turns; anything else one user turn."""
    text = prompt if prompt.startswith("\n\n") else "\n\n" + prompt.lstrip()
    parts = _HH_TURN.split(text)
    if len(parts) >= 3 and not parts[0].strip():
        messages = []
        for role, content in zip(parts[1::2], parts[2::2], strict=False):
            if content.strip():
                messages.append(Message("user" if role == "Human" else "assistant",
                                        content.strip()))
        if messages and messages[-1].role == "user":
            return tuple(messages)
    stripped = _ASSISTANT_MARKERS.sub("", prompt).strip()
    return (Message("user", stripped),)


def split_conversations(chosen: tuple[Message, ...], rejected: tuple[Message, ...]
                        ) -> tuple[tuple[Message, ...], tuple[Message, ...], tuple[Message, ...]]:
    """The messages both conversations share are the prompt; the rest are the replies."""
    n = 0
    while n < min(len(chosen), len(rejected)) and chosen[n] == rejected[n]:
        n += 1
    return chosen[:n], chosen[n:], rejected[n:]
