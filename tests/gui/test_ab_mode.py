"""Blind A/B mode with a really trained tiny run: answers shown as A and B, votes A, B,
tie and both bad, the reveal, the running tally, and the votes file that the Data page
opens and the importer reads back for the next run."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from dpo_desktop.core.data import load_preferences
from dpo_desktop.core.events import TokenGenerated
from dpo_desktop.core.votes import BlindPair, Tally
from tests.gui.tiny_run import copy_of_run

TIMEOUT = 120_000


@pytest.fixture
def run(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_of_run(tiny_model, tmp_path_factory, tmp_path)


def expected_tally_text(tally: Tally) -> str:
    # Plain words, no "95% interval": a handful of votes is "too early to tell".
    rate = tally.win_rate
    assert rate is not None and tally.judged < 5
    return (f"After {tally.judged} vote(s), too early to tell (the trained model: "
            f"{tally.wins} won, {tally.losses} lost, {tally.ties} tied). About 5 votes give a "
            "first answer.")


def test_blind_votes_reveal_count_and_feed_the_next_run(qtbot, window, run: Path) -> None:  # type: ignore[no-untyped-def]
    page = window.compare_page
    window.runs_page.run_opened.emit(str(run))  # as when a run is opened on the Runs page
    assert page.run_dir == run and window.current_page() == "compare"
    page.set_blind(True)
    panel = page.ab_panel
    assert not panel.isHidden() and not any(b.isEnabled() for b in panel.vote_buttons.values())
    assert panel.votes_path == run / "votes.jsonl"
    assert "No decided votes yet" in panel.tally_label.text()
    assert not panel.open_button.isEnabled()  # nothing voted yet
    page.rng = random.Random(3)
    page.tokens.setValue(12)
    page.temperature.setValue(1.0)  # sampled (same seed both sides), so the answers differ
    page.top_p.setValue(1.0)

    tally = Tally()
    expected: list[tuple[str, str, str]] = []
    orders: set[bool] = set()
    prompts = page.prompt_choices("held")
    for prompt, verdict in zip(prompts, ("A", "B", "tie", "both_bad")):
        page.prompt.setPlainText(prompt)
        streamed: list[str] = []
        page.runner.event.connect(lambda e, s=streamed: s.append(e.side)
                                  if isinstance(e, TokenGenerated) else None)
        with qtbot.waitSignal(page.runner.finished, timeout=TIMEOUT):
            assert page.generate()
        pair = panel.pair
        assert isinstance(pair, BlindPair), page.status.text()
        orders.add(pair.a_is_after)
        # Blind: neutral titles, no speeds, A streamed first whichever side it is.
        assert (page.left_pane.title(), page.right_pane.title()) == ("Answer A", "Answer B")
        assert page.left_pane.speed.text() == page.right_pane.speed.text() == ""
        assert streamed[0] == ("after" if pair.a_is_after else "before")
        assert (page.before.toPlainText(), page.after.toPlainText()) == (pair.a, pair.b)
        assert all(b.isEnabled() for b in panel.vote_buttons.values())

        qtbot.mouseClick(panel.vote_buttons[verdict], Qt.MouseButton.LeftButton)
        tally.add(pair, verdict)
        record = pair.as_pair_record(verdict)
        if record is not None:
            chosen, rejected = (pair.a, pair.b) if verdict == "A" else (pair.b, pair.a)
            expected.append((prompt, chosen, rejected))
        # Revealed: the titles name the sides, the speeds appear, voting is closed.
        trained, original = "after training", "before training"
        assert page.left_pane.title() == f"A: {trained if pair.a_is_after else original}"
        assert page.right_pane.title() == f"B: {original if pair.a_is_after else trained}"
        assert page.left_pane.speed.text().endswith("tokens/s")
        assert f"A was {trained if pair.a_is_after else original}" in panel.reveal_label.text()
        assert not any(b.isEnabled() for b in panel.vote_buttons.values())
        assert not panel.vote("A")  # one vote per prompt

    assert len(orders) == 2, "the sides should be shuffled"  # seed 3: after, before, after, before
    assert (tally.wins + tally.losses, tally.ties, tally.both_bad) == (2, 1, 1)
    assert panel.tally_label.text() == expected_tally_text(tally) + " 1 both bad."
    assert expected, "sampled answers of the two sides should differ"
    votes = run / "votes.jsonl"
    assert f"({len(expected)} pair(s) saved this session)" in panel.votes_label.text()
    dataset = load_preferences(votes)
    assert [(r.prompt, r.chosen, r.rejected) for r in dataset.records] == expected
    assert dataset.report.rows_valid == len(expected)

    # The loop never leaves the app: the votes open in the pair editor for the next run.
    assert panel.open_button.isEnabled()
    with qtbot.waitSignal(window.document.import_finished, timeout=20_000):  # off-thread
        qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "data"
    assert window.data_page.source_path == votes
    assert window.data_page.model.rowCount() == len(expected)
    assert window.dataset is not None and window.dataset.report.rows_valid == len(expected)


def test_cancel_in_blind_mode_allows_no_vote(qtbot, window, run: Path) -> None:  # type: ignore[no-untyped-def]
    page = window.compare_page
    page.set_run(run)
    page.set_blind(True)
    page.prompt.setPlainText("Hello?")
    page.tokens.setValue(2000)
    page.temperature.setValue(1.0)
    page.runner.event.connect(lambda e: page.cancel() if isinstance(e, TokenGenerated)
                              else None)
    with qtbot.waitSignal(page.runner.finished, timeout=TIMEOUT):
        assert page.generate()
    assert page.status.text() == "Cancelled."
    assert page.ab_panel.pair is None
    assert not any(b.isEnabled() for b in page.ab_panel.vote_buttons.values())
    assert not (run / "votes.jsonl").exists()
    # Leaving blind mode clears the half-answered prompt and restores the titles.
    page.set_blind(False)
    assert page.left_pane.title() == "Before training" and page.before.toPlainText() == ""
