"""The Model page: demo preselected, fit badges from the memory estimate, choosing."""

from __future__ import annotations

from dpo_desktop.core.catalog import CATALOG
from dpo_desktop.gui.pages.model_page import ModelPage
from tests.gui.test_main_window import info


def test_demo_is_preselected(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = ModelPage()
    qtbot.addWidget(page)
    assert page.spec == "demo"
    assert page.table.currentRow() == 0
    assert "no download" in page.selected_label.text()
    assert page.table.rowCount() == len(CATALOG)
    assert page.badge("demo") is None  # no hardware yet


def test_fit_badges_follow_the_gpu_and_the_settings(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = ModelPage()
    qtbot.addWidget(page)
    page.set_hardware(info(cuda=True))  # 8 GiB
    page.set_training_shape(batch_size=2, max_length=512, lora_rank=16)
    assert page.badge("demo") == "fits"
    assert page.badge("Qwen/Qwen2.5-1.5B-Instruct") == "fits"
    assert page.badge("Qwen/Qwen3-8B") == "wont_fit"
    row = [e.spec for e in CATALOG].index("Qwen/Qwen3-8B")
    assert page.table.item(row, 4).text() == "✗ won't fit"
    assert "Logits" in page.table.item(row, 3).toolTip()
    page.set_training_shape(batch_size=8, max_length=4096, lora_rank=16)
    assert page.badge("Qwen/Qwen2.5-1.5B-Instruct") == "wont_fit"


def test_without_a_gpu_badges_are_against_ram(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = ModelPage()
    qtbot.addWidget(page)
    page.set_hardware(info(cuda=False))
    assert page.badge("demo") == "fits"
    row = [e.spec for e in CATALOG].index("Qwen/Qwen2.5-1.5B-Instruct")
    assert "slowly" in page.table.item(row, 4).toolTip()
    assert "CPU" in page.card.backend.text()


def test_choosing_a_model_emits_its_spec(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = ModelPage()
    qtbot.addWidget(page)
    row = [e.spec for e in CATALOG].index("HuggingFaceTB/SmolLM2-360M-Instruct")
    with qtbot.waitSignal(page.model_changed, timeout=1000) as blocker:
        page.table.selectRow(row)
    assert blocker.args == ["HuggingFaceTB/SmolLM2-360M-Instruct", "SmolLM2 360M Instruct"]
    with qtbot.waitSignal(page.model_changed, timeout=1000) as blocker:
        page.set_spec(str(tmp_path / "model.gguf"))
    assert blocker.args[1] == "model.gguf"
    assert page.table.selectionModel().selectedRows() == []


def test_hub_download_failure_is_a_dialog_and_resets(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = ModelPage()
    qtbot.addWidget(page)
    page.hub_edit.setText("nobody-here/not-a-model-xyz")
    with qtbot.waitSignal(page._download.finished, timeout=60_000):
        page.start_download()
    assert page.download_button.isEnabled() and not page.cancel_button.isVisible()
    from PySide6.QtWidgets import QMessageBox

    boxes = page.findChildren(QMessageBox, "errorDialog")
    assert boxes and "could not be downloaded" in boxes[-1].text()
    assert page.spec == "demo"
