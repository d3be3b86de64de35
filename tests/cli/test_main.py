"""`dpo-desktop` with no subcommand, or with just a file, opens the app."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import dpo_desktop.gui.app
from dpo_desktop.cli import main


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []

    def fake_gui_main(argv: Sequence[str] | None = None) -> int:
        calls.append(list(argv or []))
        return 0

    monkeypatch.setattr(dpo_desktop.gui.app, "main", fake_gui_main)
    return calls


def test_bare_command_and_a_file_open_the_app(opened: list[list[str]]) -> None:
    assert main([]) == 0
    assert main(["pairs.csv"]) == 0
    assert main(["gui", "pairs.xlsx"]) == 0
    assert opened == [[], ["pairs.csv"], ["pairs.xlsx"]]


def test_subcommands_are_not_taken_for_files(opened: list[list[str]],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-data", "missing.csv"]) == 2
    assert opened == []
    assert "There is no file at" in capsys.readouterr().err
