"""Saved prompts: order kept, no duplicates, atomic writes, damaged files survive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dpo_desktop.core.prompts import SavedPrompts, default_prompts_path


def test_add_remove_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "prompts.json"
    saved = SavedPrompts.load(path)
    assert saved.prompts == [] and not saved.damaged
    assert saved.add("  How do I reset my password?\n")
    assert saved.add("営業時間は？")
    assert not saved.add("How do I reset my password?")  # trimmed duplicate
    assert not saved.add("   ")
    assert SavedPrompts.load(path).prompts == ["How do I reset my password?", "営業時間は？"]
    assert "営業時間は？" in path.read_text(encoding="utf-8")  # readable, not \u-escaped
    assert saved.remove("How do I reset my password?")
    assert not saved.remove("never saved")
    assert SavedPrompts.load(path).prompts == ["営業時間は？"]
    assert [p.name for p in path.parent.iterdir()] == ["prompts.json"]  # no temp files left


def test_damaged_file_reads_empty_and_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "prompts.json"
    path.write_text("{not json", encoding="utf-8")
    saved = SavedPrompts.load(path)
    assert saved.damaged and saved.prompts == []
    saved.add("hello")
    assert (tmp_path / "prompts.json.bad").read_text(encoding="utf-8") == "{not json"
    assert json.loads(path.read_text(encoding="utf-8"))["prompts"] == ["hello"]


def test_plain_list_and_junk_entries(tmp_path: Path) -> None:
    path = tmp_path / "prompts.json"
    path.write_text(json.dumps(["a", 3, "", "a", " b "]), encoding="utf-8")
    assert SavedPrompts.load(path).prompts == ["a", "b"]


def test_default_path_follows_the_runs_folder(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DPO_DESKTOP_RUNS_DIR", str(tmp_path / "runs"))
    assert default_prompts_path() == tmp_path / "prompts.json"
    assert SavedPrompts.load().path == tmp_path / "prompts.json"
