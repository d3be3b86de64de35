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


def test_cpu_time_per_step_and_4bit_fallback_are_plain(qtbot) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from dpo_desktop.core.catalog import fit_table

    page = ModelPage()
    qtbot.addWidget(page)
    cpu = replace(info(cuda=False), ram_total=16 * 2**30, bitsandbytes=True, bf16=True,
                  cpu_gflops=50.0)
    page.set_hardware(cpu)
    page.set_training_shape(batch_size=4, max_length=256, lora_rank=16)
    expected = {m.entry.spec: m for m in fit_table(cpu, batch_size=4, max_length=256,
                                                   lora_rank=16)}
    specs = [e.spec for e in CATALOG]
    # the time column: every model has an estimate on a CPU, and bigger models take longer
    small, big = specs.index("demo"), specs.index("HuggingFaceTB/SmolLM2-1.7B-Instruct")
    from PySide6.QtCore import Qt

    times = [page.table.item(row, 5).data(Qt.ItemDataRole.UserRole)
             for row in range(len(CATALOG))]
    assert all(t is not None and t > 0 for t in times)
    assert times[big] > 5 * times[small]
    assert page.table.item(big, 5).text().startswith("up to ")
    assert "Quick test" in page.table.item(big, 5).toolTip()
    page.table.selectRow(big)
    assert "per training step" in page.note_label.text()
    # a model whose fp32 training exceeds 16 GB but whose 4-bit training fits says so
    four_bit = [s for s, m in expected.items() if m.four_bit_on_cpu]
    assert four_bit, "some catalog model should need 4-bit on a 16 GB CPU machine"
    row = specs.index(four_bit[0])
    assert page.table.item(row, 4).text().endswith("(4-bit)")
    assert "slower" in page.table.item(row, 4).toolTip()
    page.table.selectRow(row)
    assert "4-bit" in page.note_label.text() and "slower" in page.note_label.text()
    assert "4-bit" in page.card.backend.text()
    assert "yes (on the CPU)" in page.card.features.text()
    # the memory column shows the 4-bit figure for it, the fp32 one for the demo
    assert page.table.item(row, 3).text() == format_bytes(expected[four_bit[0]].needed.total)
    assert expected[four_bit[0]].needed.backend == "qlora"
    assert expected["demo"].needed.backend == "cpu-lora"


def format_bytes(value: int) -> str:
    from dpo_desktop.core.memory import format_bytes as real

    return real(value)
