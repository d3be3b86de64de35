"""Faults in the app: each write the GUI starts shows the plain message naming the file
(in English and Japanese), keeps the page usable, and keeps what was saved before.

Data editor save, a vote, a saved prompt, the settings, training (real engine on the tiny
model) and export (real pipeline). The message comes from core.errors through the code
tables in gui/messages.py.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from dpo_desktop.core.data import load_preferences
from dpo_desktop.core.data.types import Message
from dpo_desktop.core.resources import sample_path
from dpo_desktop.core.votes import BlindPair
from dpo_desktop.gui import i18n
from tests.faults.inject import Fault
from tests.gui.loading import opened

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from dpo_desktop.gui.main_window import MainWindow

    win = MainWindow(runs_dir=tmp_path / "runs")
    qtbot.addWidget(win)
    yield win
    win.train_page.shutdown()
    win.export_page.shutdown()


@pytest.fixture
def japanese(qapp: Any) -> Iterator[None]:
    assert i18n.install(qapp, "ja") == "ja"
    yield
    i18n.uninstall(qapp)


def last_error(widget: Any) -> QMessageBox:
    boxes = widget.window().findChildren(QMessageBox, "errorDialog")
    assert boxes, "no error dialog"
    return boxes[-1]


def _check_box(box: QMessageBox, *names: str) -> None:
    text = box.text() + "\n" + box.informativeText()
    for name in names:
        assert name in text, (name, text)
    assert box.informativeText() and "Traceback" not in text and "did not expect" not in text


def test_data_editor_save_on_a_full_disk(qtbot, window: Any, tmp_path: Path,  # type: ignore[no-untyped-def]
                                         fault: Callable[[str, str | Path], Fault]) -> None:
    target = tmp_path / "pairs.csv"
    shutil.copyfile(sample_path("support_en.csv"), target)
    page = window.data_page
    assert opened(qtbot, page.document, lambda: page.open_file(target))  # off the UI thread
    rows = page.rows()
    assert page.model.setData(page.model.index(0, 1), "an edited prompt")
    assert page.dirty
    injected = fault("disk_full", target.parent)
    assert not page.save_as(target)
    assert injected.hits
    _check_box(last_error(page), "not enough free space", "pairs.csv", "Free some space on")
    injected.active = False
    assert page.dirty  # the edits are still there, not marked as saved
    assert len(load_preferences(target).pairs) == len(rows)  # the old file is whole
    assert page.save_as(target)  # and saving works once there is room
    assert load_preferences(target).records[0].prompt == "an edited prompt"


def test_data_editor_save_locked_in_japanese(qtbot, window: Any, tmp_path: Path,  # type: ignore[no-untyped-def]
                                             japanese: None,
                                             fault: Callable[[str, str | Path], Fault]) -> None:
    target = tmp_path / "回答集.jsonl"
    page = window.data_page
    assert opened(qtbot, page.document, lambda: page.open_file(sample_path("support_ja.csv")))
    fault("locked", target)
    assert not page.save_as(target)
    box = last_error(page)
    assert "回答集.jsonl" in box.text() and JAPANESE.search(box.text())
    assert JAPANESE.search(box.informativeText())
    assert "in use" not in box.text()


def test_a_vote_into_a_locked_votes_file(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                         fault: Callable[[str, str | Path], Fault]) -> None:
    from dpo_desktop.gui.pages.ab_panel import ABPanel

    panel = ABPanel()
    qtbot.addWidget(panel)
    votes = tmp_path / "votes.jsonl"
    panel.set_votes_path(votes)
    pair = BlindPair((Message("user", "Hi?"),), "Hello!", "Go away.", a_is_after=True)
    panel.set_pair(pair)
    fault("locked", votes)
    assert not panel.vote("A")
    _check_box(last_error(panel), "votes.jsonl", "in use by another program", "Close")
    assert panel.saved_votes == 0 and panel.pair == pair  # the vote can be cast again
    assert not votes.exists()


def test_a_saved_prompt_on_a_read_only_disk(window: Any, tmp_path: Path,
                                            fault: Callable[[str, str | Path], Fault]) -> None:
    page = window.compare_page
    page.prompt.setPlainText("What are your opening hours?")
    fault("read_only", tmp_path)
    assert not page.save_prompt()
    _check_box(last_error(page), "prompts.json", "read-only", "write-protect")
    assert page.saved_prompts.prompts == []  # the list shown is the list on disk


def test_settings_that_cannot_be_written(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dpo_desktop.gui.settings_dialog import SettingsDialog

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the settings folder should be", encoding="utf-8")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(blocker))
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("ja"))
    dialog.accept()
    _check_box(last_error(dialog), "settings could not be saved", str(blocker))
    assert dialog.result() != dialog.DialogCode.Accepted  # still open: try again or cancel


def test_training_with_status_json_locked(qtbot, window: Any, tiny_model: Path,  # type: ignore[no-untyped-def]
                                          fault: Callable[[str, str | Path], Fault]) -> None:
    window.model_page.use_local(str(tiny_model))
    assert opened(qtbot, window.data_page.document,
                  lambda: window.open_data_file(sample_path("support_en.csv")))
    page = window.train_page
    window.show_page("train")
    page.advanced.editors[("training", "max_steps")].setValue(2)
    page.name_edit.setText("locked-run")
    run = window.runs_dir / "locked-run"
    fault("locked", run / "status.json")
    with qtbot.waitSignal(page.run_finished, timeout=120_000) as blocker:
        assert page.start()
    assert blocker.args[1] == "failed"
    _check_box(last_error(page), "status.json", "in use by another program")
    assert "status.json" in page.log.toPlainText()
    assert page.start_button.isEnabled()  # ready for another try
    assert not (run / "adapter").exists()


def test_export_fills_the_disk(qtbot, window: Any, tiny_run: Callable[[str], Path],  # type: ignore[no-untyped-def]
                               tmp_path: Path, fault: Callable[[str, str | Path], Fault]) -> None:
    run = tmp_path / "run"
    shutil.copytree(tiny_run("llama"), run)
    page = window.export_page
    page.set_run(run)
    out = tmp_path / "exported"
    page.out_edit.setText(str(out))
    page.gguf_combo.setCurrentIndex(page.gguf_combo.findData("f16"))
    injected = fault("disk_full", ".gguf")
    with qtbot.waitSignal(page.runner.finished, timeout=120_000):
        assert page.export()
    assert injected.hits
    _check_box(last_error(page), "not enough free space", ".gguf", "Free some space on")
    assert "Exported to" not in page.phase.text()
    assert not out.exists() and page.export_button.isEnabled()
    assert json.loads((run / "eval.json").read_text(encoding="utf-8"))  # the run untouched
