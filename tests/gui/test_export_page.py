"""The Export page after a restart, its plain end summary, and a failed check shown as
failed: a real export of a really trained tiny run, whose GGUF is damaged on disk right
after writing when the test wants the check to fail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication

from tests.gui.tiny_run import copy_of_run

TIMEOUT = 300_000


@pytest.fixture
def runs(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    runs_dir = tmp_path / "runs"
    runs_dir.mkdir()
    copy_of_run(tiny_model, tmp_path_factory, runs_dir)  # runs/run, completed
    return runs_dir


def _damage_after_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Overwrite the end of the tensor data once the GGUF is written, as a bad disk or a bug
    in a writer would: the verification must catch it."""
    from dpo_desktop.core.export.gguf_writer import GGUFStream

    real = GGUFStream.finish

    def finish_then_damage(self: GGUFStream) -> Any:
        report = real(self)
        path = Path(self.out_path)
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.seek(size - size // 4)
            handle.write(bytes([0x00, 0x3C]) * (size // 8))  # f16 1.0 everywhere
        return report

    monkeypatch.setattr(GGUFStream, "finish", finish_then_damage)


@pytest.mark.parametrize("damaged", [False, True], ids=["verified", "failed-check"])
def test_export_summary_in_plain_words(qtbot, runs: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                       monkeypatch: pytest.MonkeyPatch, damaged: bool) -> None:
    from dpo_desktop.gui.pages.export_page import ExportPage

    page = ExportPage(runs_dir=runs)  # a fresh page is what a restart gives
    qtbot.addWidget(page)
    run = runs / "run"
    assert page.run_dir == run and page.export_button.isEnabled()
    assert page.run_combo.currentText() == "run"
    assert page.name_edit.text() == "run"  # the run's name, by default
    assert Path(page.out_edit.text()) == tmp_path / "exports" / "run"
    page.name_edit.setText("sakura-helper")
    page.system_edit.setPlainText("You answer for Sakura Bakery, politely and briefly.")
    page.gguf_combo.setCurrentIndex(page.gguf_combo.findData("f16"))
    page.ollama_box.setChecked(True)
    if damaged:
        _damage_after_writing(monkeypatch)
    with qtbot.waitSignal(page.runner.finished, timeout=TIMEOUT):
        assert page.export()

    summary = page.summary
    verdict = summary.verdict.text()
    assert summary.isVisibleTo(page)
    if damaged:
        assert verdict.startswith("✗") and "FAILED" in verdict, verdict
        assert "same answers" in verdict or "file contents" in verdict
        assert summary.verdict.property("failed") is True
    else:
        assert verdict.startswith("✓ Exported and verified"), verdict
        assert summary.verdict.property("failed") is False
    assert "export:" not in page.log.toPlainText() and "gguf:" not in page.log.toPlainText()

    out = tmp_path / "exports" / "run"
    modelfile = (out / "Modelfile").read_text(encoding="utf-8")
    assert 'SYSTEM """You answer for Sakura Bakery, politely and briefly."""' in modelfile
    assert "PARAMETER repeat_penalty 1.1" in modelfile
    command = summary.command_edit.text()
    assert command == f'ollama create sakura-helper -f "{out / "Modelfile"}"'
    summary.copy_button.click()
    assert QApplication.clipboard().text() == command

    opened: list[QUrl] = []
    summary.opener = lambda url: opened.append(url) or True
    assert summary.show_files() and opened == [QUrl.fromLocalFile(str(out))]
    summary.opener = lambda url: False  # no file manager ("Unable to detect a launcher")
    assert not summary.show_files()
    assert str(out) in summary.notes.text() and QApplication.clipboard().text() == str(out)

    # Remembered: the next start offers the same name and system prompt.
    page.shutdown()
    again = ExportPage(runs_dir=runs)
    qtbot.addWidget(again)
    assert again.name_edit.text() == "sakura-helper"
    assert again.system_edit.toPlainText().startswith("You answer for Sakura Bakery")
    assert Path(again.out_edit.text()) == tmp_path / "exports" / "run-2"  # never over the last
