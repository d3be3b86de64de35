"""The Export page's progress bar: one bar over the whole export (merge + GGUF, then the
check) that never goes back, with a plain step name and an ETA (issue 13, item 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpo_desktop.core.events import Event, PhaseChanged
from dpo_desktop.gui.pages.export_page import ExportPage
from tests.gui.tiny_run import copy_of_run


def test_one_bar_over_the_whole_export(qtbot, tiny_model: Path,  # type: ignore[no-untyped-def]
                                       tmp_path_factory: pytest.TempPathFactory,
                                       tmp_path: Path) -> None:
    run = copy_of_run(tiny_model, tmp_path_factory, tmp_path)
    page = ExportPage()
    qtbot.addWidget(page)
    page.set_run(run)
    page.out_edit.setText(str(tmp_path / "export"))
    page.gguf_combo.setCurrentIndex(page.gguf_combo.findData("f16"))
    page.ollama_box.setChecked(False)
    seen: list[tuple[str, int, int, str]] = []

    def record(event: Event) -> None:  # after the page's own handler (connected first)
        if isinstance(event, PhaseChanged):
            seen.append((event.phase, page.progress.value(), page.progress.maximum(),
                         page.phase.text()))

    page.runner.event.connect(record)
    with qtbot.waitSignal(page.runner.finished, timeout=180_000):
        assert page.export()
    assert (tmp_path / "export" / "merged" / "config.json").is_file(), page.log.toPlainText()
    counted = [(phase, value) for phase, value, maximum, _ in seen if maximum > 0]
    phases = [phase for phase, _ in counted]
    assert "writing_gguf" in phases and "verifying" in phases
    values = [value for _, value in counted]
    assert values == sorted(values)  # never goes back, across the steps
    assert values[-1] == 1000  # the page's bar counts in thousandths of the export
    assert max(v for p, v in counted if p == "writing_gguf") <= 600
    assert any("ETA" in text for *_, text in seen)
    assert page.progress.value() == page.progress.maximum()  # full once it is over
