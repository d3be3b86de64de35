"""Draft rows: validated like a file, saved atomically as JSONL or CSV, and read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpo_desktop.core.data import load_preferences
from dpo_desktop.core.data.editing import DraftRow, rows_from_dataset, save_rows, validate_rows
from dpo_desktop.core.errors import UserError
from dpo_desktop.core.resources import sample_path

ROWS = [
    DraftRow("質問です\n二行目", "良い, \"答え\"", "悪い答え"),
    DraftRow("Q2", "good", "bad", "You are terse."),
    DraftRow("", "a", "b"),  # empty prompt: an error, but still saved
]


def test_validation_matches_the_importer() -> None:
    dataset = validate_rows(ROWS)
    assert dataset.report.rows_total == 3 and dataset.report.rows_valid == 2
    bad = dataset.records[2]
    assert bad.row == 4 and not bad.valid
    assert "Row 4" in bad.issues[0].message
    assert dataset.pairs[1].system == "You are terse."


def test_empty_draft_is_an_empty_dataset() -> None:
    dataset = validate_rows([])
    assert dataset.report.rows_total == 0 and dataset.pairs == ()


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_save_round_trip(tmp_path: Path, suffix: str) -> None:
    path = save_rows(ROWS, tmp_path / f"pairs{suffix}")
    back = load_preferences(path)
    assert rows_from_dataset(back) == ROWS
    assert back.report.rows_valid == 2
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_system_column_only_when_used(tmp_path: Path) -> None:
    path = save_rows(ROWS[:1], tmp_path / "plain.csv")
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == "prompt,chosen,rejected"


def test_sample_survives_a_round_trip(tmp_path: Path) -> None:
    rows = rows_from_dataset(load_preferences(sample_path("support_ja.csv")))
    back = load_preferences(save_rows(rows, tmp_path / "ja.jsonl"))
    assert rows_from_dataset(back) == rows


def test_unknown_extension_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        save_rows(ROWS, tmp_path / "pairs.xlsx")
    assert info.value.code == "save_format"


def test_unwritable_target_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "taken.csv").mkdir()  # a folder where the file should go
    with pytest.raises(UserError) as info:
        save_rows(ROWS, tmp_path / "taken.csv")
    assert info.value.code == "save_failed"
