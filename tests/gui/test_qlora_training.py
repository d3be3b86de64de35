"""One real qlora run from the Train page: the tiny model loaded in 4-bit by bitsandbytes
on the CPU, chosen in the Advanced panel, trained, and recorded as qlora."""

from __future__ import annotations

from pathlib import Path


def test_a_qlora_run_from_the_train_page(qtbot, window, tiny_model: Path) -> None:  # type: ignore[no-untyped-def]
    from dpo_desktop.core.hardware import probe

    if not probe().bitsandbytes:  # the CPU kernels come with bitsandbytes ≥ 0.48
        import pytest

        pytest.skip("bitsandbytes cannot quantize to 4-bit on this machine")
    window.show()
    qtbot.waitExposed(window)
    window.model_page.use_local(str(tiny_model))
    page = window.train_page
    window.show_page("train")
    editors = page.advanced.editors
    backend = editors[("model", "backend")]
    backend.setCurrentIndex(backend.findText("qlora"))
    editors[("training", "max_steps")].setValue(2)
    editors[("training", "batch_size")].setValue(2)
    editors[("training", "max_length")].setValue(64)
    editors[("training", "save_steps")].setValue(2)
    editors[("data", "eval_fraction")].setText("0")
    page.name_edit.setText("qlora-run")
    with qtbot.waitSignal(page.run_finished, timeout=300_000) as blocker:
        assert page.start()
    run_dir, status = blocker.args
    assert status == "completed", page.log.toPlainText()
    log = page.log.toPlainText()
    assert "QLoRA on the CPU" in log and "Finished 2 steps" in log
    assert 'backend = "qlora"' in (Path(run_dir) / "run.toml").read_text(encoding="utf-8")
    assert (Path(run_dir) / "adapter" / "adapter_model.safetensors").is_file()
    assert page.charts.point_counts()["loss"] == 2
