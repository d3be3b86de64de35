"""Finding which columns hold the prompt, the better answer and the worse answer.

Headers are compared after Unicode NFKC folding (full-width → half-width), lower-casing
and removing spaces, underscores and hyphens, so “Chosen Response”, “chosen_response”
and “ＣＨＯＳＥＮ” all match. An exact field name beats a synonym; two equally good
candidates are ambiguous and the user is asked to choose.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from dpo_desktop.core.data.types import FIELDS
from dpo_desktop.core.errors import DataFileError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP

SYNONYMS: dict[str, tuple[str, ...]] = {
    "prompt": (
        "prompt", "question", "instruction", "input", "query", "user", "request", "inquiry",
        "customer", "customermessage", "message", "context", "conversation",
        "質問", "質問文", "問い合わせ", "お問い合わせ", "問合せ", "指示", "入力", "プロンプト",
        "設問", "依頼", "相談", "お客様の質問", "お客様", "ユーザー", "問題",
    ),
    "chosen": (
        "chosen", "better", "good", "preferred", "accepted", "winner", "positive", "best",
        "chosenresponse", "responsechosen", "chosenanswer", "goodanswer", "betteranswer",
        "goodresponse", "betterresponse", "preferredresponse", "preferredanswer",
        "良い回答", "良い答え", "よい回答", "良い応答", "良い返答", "良い例", "採用", "採用回答",
        "好ましい回答", "望ましい回答", "推奨回答", "模範回答", "ベスト回答", "正解", "理想の回答",
        "良い", "〇", "○",
    ),
    "rejected": (
        "rejected", "worse", "bad", "dispreferred", "loser", "negative", "worst",
        "rejectedresponse", "responserejected", "rejectedanswer", "badanswer", "worseanswer",
        "badresponse", "worseresponse",
        "悪い回答", "悪い答え", "わるい回答", "悪い応答", "悪い返答", "悪い例", "不採用",
        "不採用回答", "好ましくない回答", "望ましくない回答", "ダメな回答", "NG回答", "悪い",
        "×", "✕",
    ),
    "system": (
        "system", "systemprompt", "systemmessage", "persona", "instructions",
        "システム", "システムプロンプト", "システムメッセージ", "前提", "役割",
    ),
}

_STRIP = re.compile(r"[\s_\-・:：()（）\[\]「」]+")


def normalise(header: str) -> str:
    return _STRIP.sub("", unicodedata.normalize("NFKC", header)).lower()


_INDEX = {
    field: {normalise(s): rank for rank, s in enumerate(syns)} for field, syns in SYNONYMS.items()
}


# In a question-and-answer file the one answer is the ideal (chosen) one.
ANSWER_SYNONYMS = ("answer", "idealanswer", "reply", "response", "output", "completion",
                   "回答", "答え", "返答", "回答例", "模範解答", "理想の回答", "応答")
_ANSWERS = {normalise(s) for s in ANSWER_SYNONYMS}


def _score(field: str, header: str, answer_is_chosen: bool = False) -> int | None:
    """0 for the field's own name, 1 for any synonym, 2 for an answer column, else None."""
    key = normalise(header)
    rank = _INDEX[field].get(key)
    if rank is None:
        return 2 if answer_is_chosen and field == "chosen" and key in _ANSWERS else None
    return 0 if rank == 0 else 1


def map_columns(columns: Sequence[str], overrides: Mapping[str, str] | None = None,
                *, file_name: str = "the file",
                required: Sequence[str] = ("chosen", "rejected"),
                answer_is_chosen: bool = False) -> dict[str, str]:
    """Return ``{field: column}`` for the fields found; raise when the choice is unclear.

    For preference files ``prompt`` may be missing (the prompt is then extracted from the
    transcripts); ``required`` fields may not. ``answer_is_chosen`` reads a plain
    “answer” column as the chosen one (FAQ files).
    """
    overrides = dict(overrides or {})
    for key, column in overrides.items():
        if key not in FIELDS:
            raise DataFileError.of(
                "unknown_field",
                QT_TRANSLATE_NOOP("messages", "“{key}” is not something that can be mapped; use "
                                              "one of {fields}."),
                QT_TRANSLATE_NOOP("messages", "For example: --map prompt={example}"),
                key=key, fields=FIELDS, example=_example(columns))
        if column not in columns:
            raise DataFileError.of(
                "unknown_column",
                QT_TRANSLATE_NOOP("messages", "The column “{column}” given for {field_key} is not "
                                              "in {file}. Columns found: {found}.") if columns else
                QT_TRANSLATE_NOOP("messages", "The column “{column}” given for {field_key} is not "
                                              "in {file}. It has no columns."),
                QT_TRANSLATE_NOOP("messages", "Use one of those names, for example --map "
                                              "{field}={example}"),
                field=key, column=column, file=file_name, found=_quoted(columns),
                example=_example(columns))
    mapping: dict[str, str] = dict(overrides)
    taken = set(overrides.values())
    for field in FIELDS:
        if field in mapping:
            continue
        candidates = [(s, c) for c in columns if c not in taken
                      if (s := _score(field, c, answer_is_chosen)) is not None]
        if not candidates:
            continue
        best = min(s for s, _ in candidates)
        top = [c for s, c in candidates if s == best]
        if len(top) > 1:
            raise DataFileError.of(
                "ambiguous_column",
                QT_TRANSLATE_NOOP("messages", "Several columns of {file} could hold the "
                                              "{field_key}: "
                                              "{candidates}."),
                QT_TRANSLATE_NOOP("messages", "Choose one with {options}."),
                field=field, file=file_name, columns=top, candidates=_quoted(top),
                options=" or ".join(f"--map {field}=\"{c}\"" for c in top))
        mapping[field] = top[0]
        taken.add(top[0])
    missing = [f for f in required if f not in mapping]
    if missing:
        if answer_is_chosen:
            hint = QT_TRANSLATE_NOOP("messages", "Name the columns question and answer (or 質問 "
                                                 "and 回答), or map them: --map prompt=COLUMN "
                                                 "--map chosen=COLUMN")
        else:
            hint = QT_TRANSLATE_NOOP("messages", "Name the columns prompt, chosen and rejected "
                                                 "(or 質問, 良い回答, 悪い回答), or map them: "
                                                 "--map prompt=COLUMN --map chosen=COLUMN "
                                                 "--map rejected=COLUMN")
        raise DataFileError.of(
            "missing_columns",
            QT_TRANSLATE_NOOP("messages", "{file} has no column for {missing_fields}. Columns "
                                          "found: {found}.") if columns else
            QT_TRANSLATE_NOOP("messages", "{file} has no column for {missing_fields}. It has no "
                                          "columns."),
            hint, file=file_name, missing=missing, columns=list(columns),
            found=_quoted(columns))
    return mapping


def _quoted(columns: Sequence[str]) -> list[str]:
    return [f"“{c}”" for c in columns]


def _example(columns: Sequence[str]) -> str:
    return f"\"{columns[0]}\"" if columns else "COLUMN"
