"""The whole flow with the real engine and a tiny model: pick the model, load the sample,
train from the Train page, see the charts and the run, then compare and export it."""

from __future__ import annotations

from pathlib import Path

from dpo_desktop.core.resources import sample_path
from tests.gui.loading import opened


def test_click_through_a_real_tiny_run(qtbot, window, tiny_model: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.show()
    qtbot.waitExposed(window)
    window.model_page.use_local(str(tiny_model))
    assert window.train_page.model_spec == str(tiny_model)
    assert opened(qtbot, window.document,
                  lambda: window.open_data_file(sample_path("support_en.csv")))
    assert "72 rows: 72 valid" in window.data_page.summary.text()

    page = window.train_page
    window.show_page("train")
    editors = page.advanced.editors
    editors[("training", "max_steps")].setValue(3)
    editors[("training", "batch_size")].setValue(2)
    editors[("training", "max_length")].setValue(96)
    editors[("training", "save_steps")].setValue(2)
    editors[("data", "eval_fraction")].setText("0.1")
    page.name_edit.setText("tiny-run")
    with qtbot.waitSignal(page.run_finished, timeout=300_000) as blocker:
        assert page.start()
    run_dir, status = blocker.args
    assert status == "completed", page.log.toPlainText()
    assert Path(run_dir) == window.runs_dir / "tiny-run"
    assert (Path(run_dir) / "adapter" / "adapter_config.json").is_file()
    counts = page.charts.point_counts()
    assert counts["loss"] == 3 and counts["memory"] == 3
    assert "Finished 3 steps" in page.log.toPlainText()
    assert not page.next_row.isHidden() and page.compare_button.isEnabled()

    runs = window.runs_page
    assert [(r.name, r.status) for r in runs.runs] == [("tiny-run", "completed")]
    assert runs.select_run(Path(run_dir))
    assert runs.charts.point_counts()["loss"] == 3  # rebuilt from metrics.jsonl

    compare = window.compare_page
    assert compare.generate_button.isEnabled() and compare.samples.count() > 1
    compare.prompt.setPlainText("How do I reset my password?")
    compare.tokens.setValue(16)
    with qtbot.waitSignal(compare.runner.finished, timeout=120_000):
        assert compare.generate()
    assert compare.status.text().endswith("tokens/s")

    export = window.export_page
    export.gguf_combo.setCurrentIndex(export.gguf_combo.findData(""))
    export.ollama_box.setChecked(False)
    with qtbot.waitSignal(export.runner.finished, timeout=120_000):
        assert export.export()
    # The default export folder moved to Documents/DPO Desktop/exports/<run> (#13 item 22).
    assert export.out_dir == tmp_path / "exports" / Path(run_dir).name
    assert (export.out_dir / "merged" / "config.json").is_file(), \
        export.log.toPlainText()
