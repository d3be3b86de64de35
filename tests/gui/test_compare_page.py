"""The Compare page with a really trained tiny run: prompt choices and saved prompts,
streaming into both panes, tokens/s, Copy, Regenerate one side, Cancel, and tooltips."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from dpo_desktop.core.events import TokenGenerated
from dpo_desktop.core.generation import GenerationSettings
from dpo_desktop.gui.pages.compare_page import ComparePage
from tests.gui.tiny_run import copy_of_run

TIMEOUT = 120_000


@pytest.fixture
def run(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_of_run(tiny_model, tmp_path_factory, tmp_path)


def make_page(qtbot, tmp_path: Path, run: Path | None = None) -> ComparePage:  # type: ignore[no-untyped-def]
    page = ComparePage(prompts_path=tmp_path / "prompts.json")
    qtbot.addWidget(page)
    if run is not None:
        page.set_run(run)
    return page


def answer(qtbot, page: ComparePage, start) -> list[TokenGenerated]:  # type: ignore[no-untyped-def]
    tokens: list[TokenGenerated] = []
    page.runner.event.connect(lambda e: tokens.append(e) if isinstance(e, TokenGenerated)
                              else None)
    with qtbot.waitSignal(page.runner.finished, timeout=TIMEOUT):
        assert start()
    return tokens


def test_without_a_run_nothing_can_start(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, tmp_path)
    page.prompt.setPlainText("Hello")
    assert not page.generate_button.isEnabled() and not page.generate()
    assert "Train a model first" in page.run_label.text()
    assert page.ab_panel.isHidden()
    help_text = {f.name: f.metadata["help"] for f in dataclasses.fields(GenerationSettings)}
    assert page.tokens.toolTip() == help_text["max_new_tokens"]
    assert page.temperature.toolTip() == help_text["temperature"]
    assert page.top_p.toolTip() == help_text["top_p"]
    assert page.seed.toolTip() == help_text["seed"]


def test_held_out_and_saved_prompts(qtbot, tmp_path: Path, run: Path) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, tmp_path, run)
    held = page.prompt_choices("held")
    assert len(held) == 4 and page.prompt_choices("saved") == []
    page.samples.activated.emit(page.samples.findData(held[1]))
    assert page.prompt.toPlainText() == held[1]
    assert page.save_prompt_button.isEnabled() and not page.remove_prompt_button.isEnabled()
    page.prompt.setPlainText("  営業時間は何時までですか？ ")
    qtbot.mouseClick(page.save_prompt_button, Qt.MouseButton.LeftButton)
    assert page.prompt_choices("saved") == ["営業時間は何時までですか？"]
    assert not page.save_prompt_button.isEnabled() and page.remove_prompt_button.isEnabled()
    # A new page (the next session) lists it too, before the run's prompts.
    again = make_page(qtbot, tmp_path, run)
    assert again.prompt_choices("saved") == ["営業時間は何時までですか？"]
    assert again.samples.itemText(1) == "Saved prompts"
    assert not again.samples.model().item(1).isEnabled()  # a header, not a prompt
    again.prompt.setPlainText("営業時間は何時までですか？")
    qtbot.mouseClick(again.remove_prompt_button, Qt.MouseButton.LeftButton)
    assert again.prompt_choices("saved") == []
    assert make_page(qtbot, tmp_path).prompt_choices("saved") == []


def test_stream_copy_regenerate_and_cancel(qtbot, tmp_path: Path, run: Path) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, tmp_path, run)
    page.prompt.setPlainText(page.prompt_choices("held")[0])
    page.tokens.setValue(12)
    page.temperature.setValue(1.0)
    page.top_p.setValue(1.0)
    page.seed.setValue(5)
    tokens = answer(qtbot, page, page.generate)
    sides = [e.side for e in tokens]
    assert sides == sorted(sides, key=("before", "after").index)  # before streams first
    assert {"before", "after"} <= set(sides)
    for side, pane in (("before", page.left_pane), ("after", page.right_pane)):
        streamed = "".join(e.text for e in tokens if e.side == side).strip()
        assert streamed == pane.edit.toPlainText() != ""
        assert pane.speed.text().endswith("tokens/s")
        assert pane.copy_button.isEnabled()
    assert page.status.text().endswith("tokens/s")
    assert page.left_pane.title() == "Before training"

    qtbot.mouseClick(page.right_pane.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == page.after.toPlainText()

    before = page.before.toPlainText()
    page.seed.setValue(6)
    tokens = answer(qtbot, page, lambda: page.regenerate("after"))
    assert tokens and {e.side for e in tokens} == {"after"}
    assert page.before.toPlainText() == before  # the other side is left alone
    assert page.after.toPlainText() == "".join(e.text for e in tokens).strip()

    # Cancel after the first token: the long answer stops within a token or two.
    page.tokens.setValue(2000)
    page.runner.event.connect(lambda e: page.stop_button.click()
                              if isinstance(e, TokenGenerated) else None)
    with qtbot.waitSignal(page.runner.finished, timeout=TIMEOUT):
        assert page.generate()
        assert page.stop_button.isEnabled() and not page.generate_button.isEnabled()
    assert page.status.text() == "Cancelled."
    assert "(cancelled)" in page.left_pane.speed.text()
    assert page.after.toPlainText() == ""  # the second side never started
    assert page.generate_button.isEnabled() and not page.stop_button.isEnabled()
