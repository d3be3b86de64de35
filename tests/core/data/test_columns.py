"""Column detection, overrides, and the messages when it cannot decide."""

from __future__ import annotations

import pytest

from dpo_desktop.core.data import map_columns
from dpo_desktop.core.errors import DataFileError


@pytest.mark.parametrize("columns", [
    ["Prompt", "Chosen", "Rejected"],
    ["  PROMPT ", "chosen_response", "Rejected Response"],
    ["question", "better answer", "worse answer"],
    ["ｐｒｏｍｐｔ", "ＣＨＯＳＥＮ", "ｒｅｊｅｃｔｅｄ"],
    ["質問", "良い回答", "悪い回答"],
    ["お問い合わせ", "望ましい回答", "望ましくない回答"],
])
def test_detects_synonyms(columns: list[str]) -> None:
    assert map_columns(columns) == dict(zip(("prompt", "chosen", "rejected"), columns))


def test_exact_name_beats_synonym_and_system_is_optional() -> None:
    mapping = map_columns(["id", "question", "prompt", "chosen", "rejected", "system"])
    assert mapping == {"prompt": "prompt", "chosen": "chosen", "rejected": "rejected",
                       "system": "system"}


def test_prompt_may_be_missing_for_implicit_data() -> None:
    assert map_columns(["chosen", "rejected"]) == {"chosen": "chosen", "rejected": "rejected"}


def test_ambiguous_columns_ask_the_user() -> None:
    with pytest.raises(DataFileError) as excinfo:
        map_columns(["question", "query", "chosen", "rejected"])
    error = excinfo.value
    assert error.code == "ambiguous_column"
    assert "“question”" in error.message and "“query”" in error.message
    assert "--map prompt=" in error.hint


def test_missing_columns_list_what_was_found() -> None:
    with pytest.raises(DataFileError) as excinfo:
        map_columns(["Q", "A1", "A2"])
    assert excinfo.value.code == "missing_columns"
    assert "“Q”, “A1”, “A2”" in excinfo.value.message
    assert "--map chosen=COLUMN" in excinfo.value.hint


def test_overrides_win_and_are_checked() -> None:
    assert map_columns(["Q", "A1", "A2"], {"prompt": "Q", "chosen": "A1", "rejected": "A2"}) == \
        {"prompt": "Q", "chosen": "A1", "rejected": "A2"}
    with pytest.raises(DataFileError) as excinfo:
        map_columns(["Q", "A1", "A2"], {"chosen": "A3"})
    assert excinfo.value.code == "unknown_column" and "“A3”" in excinfo.value.message
    with pytest.raises(DataFileError) as excinfo:
        map_columns(["Q", "A1", "A2"], {"answer": "A1"})
    assert excinfo.value.code == "unknown_field"
