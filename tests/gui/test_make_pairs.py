"""“Make pairs from Q&A” on the Data page with the real tiny model: the mapping is
detected, the model writes the rejected side, a cancel in the middle keeps what was made,
Start again continues without duplicates, and the pairs open in the pair editor."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dpo_desktop.core.errors import JobControl
from dpo_desktop.core.events import PhaseChanged
from dpo_desktop.core.pairs import BatchAnswerer, PairSettings
from dpo_desktop.gui.pages.data_page import DataPage
from dpo_desktop.gui.pages.make_pairs_dialog import MakePairsDialog

TIMEOUT = 120_000
QUESTIONS = [(f"How do I fix problem number {n}?", f"Restart the device and then do step {n}.")
             for n in range(1, 9)]


def questions_file(tmp_path: Path) -> Path:
    path = tmp_path / "faq.csv"
    lines = ["Question,Answer,notes"] + [f"{q},{a},x" for q, a in QUESTIONS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_make_pairs_cancel_resume_then_review(qtbot, tmp_path: Path, tiny_model: Path,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    page = DataPage()
    qtbot.addWidget(page)
    page.set_model(str(tiny_model))
    dialog = page.make_pairs(questions_file(tmp_path))
    qtbot.waitUntil(dialog.start_button.isEnabled, timeout=10_000)
    assert dialog.mapping() == {"prompt": "Question", "chosen": "Answer"}
    assert dialog.model_label.text() == str(tiny_model)
    out = dialog.out_path
    assert out == tmp_path / "pairs" / "faq.pairs.jsonl"  # the user data dir, set by conftest
    help_text = {f.name: f.metadata["help"] for f in dataclasses.fields(PairSettings)}
    assert {n: e.toolTip() for n, e in dialog.editors.items()} == help_text
    dialog.editors["max_new_tokens"].setValue(8)
    dialog.editors["batch_size"].setValue(2)
    assert dialog.settings() == PairSettings(max_new_tokens=8, batch_size=2)

    # The second batch waits (in the worker) until Cancel has really been clicked, so the
    # cancel always lands in the middle of a batch, whatever the machine's speed.
    real = BatchAnswerer.answer
    batches: list[int] = []
    gate = {"on": True}

    def answer(self: BatchAnswerer, prompts: Any, settings: PairSettings, seed: int,
               control: JobControl) -> list[str]:
        batches.append(len(prompts))
        if gate["on"] and len(batches) == 2:
            assert control.wait_cancelled(60)
        return real(self, prompts, settings, seed, control)

    monkeypatch.setattr(BatchAnswerer, "answer", answer)

    def click_cancel(event: object) -> None:
        if isinstance(event, PhaseChanged) and event.current == 2:
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    dialog.runner.event.connect(click_cancel)
    with qtbot.waitSignal(dialog.runner.finished, timeout=TIMEOUT):
        assert dialog.start()
        assert not dialog.start_button.isEnabled() and dialog.cancel_button.isEnabled()
    dialog.runner.event.disconnect(click_cancel)
    assert dialog.result is None and dialog.stopped is not None, dialog.status.text()
    assert dialog.stopped.params["written"] == 2
    assert batches == [2, 2]
    assert [r["prompt"][0]["content"] for r in read_lines(out)] == [q for q, _ in QUESTIONS[:2]]
    assert "Start again to continue" in dialog.status.text()
    assert dialog.isVisible() and page.dataset is None  # nothing opened yet
    assert dialog.start_button.isEnabled()

    gate["on"] = False
    with qtbot.waitSignal(dialog.pairs_ready, timeout=TIMEOUT):
        assert dialog.start()
    qtbot.waitUntil(lambda: not dialog.runner.is_running(), timeout=10_000)
    assert dialog.result is not None and dialog.stopped is None
    assert (dialog.result.resumed, dialog.result.generated) == (2, 6)
    records = read_lines(out)
    assert len({r["key"] for r in records}) == len(records) == len(QUESTIONS)
    assert sorted(r["prompt"][0]["content"] for r in records) == sorted(q for q, _ in QUESTIONS)
    assert not dialog.isVisible()

    # The result is in the pair editor, every row a real pair, ready to train.
    qtbot.waitUntil(lambda: page.model.rowCount() == len(QUESTIONS), timeout=10_000)
    assert page.source_path == out
    rows = page.rows()
    assert len(rows) == len(QUESTIONS) == page.model.rowCount()
    assert all(r.chosen != r.rejected and r.rejected for r in rows)
    assert {(r.prompt, r.chosen) for r in rows} == set(QUESTIONS)
    assert page.dataset is not None and page.dataset.report.rows_valid == len(QUESTIONS)
    page.shutdown()


def test_unclear_columns_and_bad_rows(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "odd.csv"
    path.write_text("a,b\nq1,x\n", encoding="utf-8")
    page = DataPage()
    qtbot.addWidget(page)
    qtbot.mouseClick(page.make_pairs_button, Qt.MouseButton.LeftButton)
    (dialog,) = page.findChildren(MakePairsDialog)
    assert dialog.isVisible()
    dialog.set_file(path)
    qtbot.waitUntil(lambda: dialog.mapping_combos["prompt"].count() > 1, timeout=10_000)
    assert dialog.model_label.text().startswith("demo")  # no model chosen: the demo
    assert not dialog.start_button.isEnabled()
    assert "Choose the columns" in dialog.status.text()
    for field, column in (("prompt", "a"), ("chosen", "b")):
        combo = dialog.mapping_combos[field]
        combo.setCurrentIndex(combo.findData(column))
        combo.activated.emit(combo.currentIndex())
    assert dialog.start_button.isEnabled()
    assert dialog.mapping() == {"prompt": "a", "chosen": "b"}
    # A file that cannot be read: an error dialog, never a traceback.
    dialog.set_file(tmp_path / "missing.csv")
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorDialog") is not None,
                    timeout=10_000)
    assert dialog.source is None
    assert not dialog.start_button.isEnabled()
    page.shutdown()
