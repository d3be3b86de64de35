"""The first-run guide: model advice from the hardware, a real sample pair, the charts,
next steps, and when it opens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from dpo_desktop.core.catalog import DEMO
from dpo_desktop.core.hardware import HardwareInfo
from dpo_desktop.gui import i18n
from dpo_desktop.gui.guide import GuideDialog, open_guide, recommend, sample_pair
from dpo_desktop.gui.settings_dialog import guide_at_start, set_guide_at_start

GIB = 1024**3
CPU = HardwareInfo(cuda=False, device_name="CPU", vram_total=None, vram_free=None,
                   compute_capability=None, bf16=False, bitsandbytes=False, unsloth=False,
                   cpu_cores=8, ram_total=16 * GIB, ram_available=8 * GIB)
GPU = HardwareInfo(cuda=True, device_name="NVIDIA GeForce RTX 4060", vram_total=8 * GIB,
                   vram_free=7 * GIB, compute_capability=(8, 9), bf16=True, bitsandbytes=True,
                   unsloth=False, cpu_cores=8, ram_total=32 * GIB, ram_available=20 * GIB)


@pytest.fixture(params=["en", "ja"])
def language(request: pytest.FixtureRequest, qapp: Any) -> Iterator[str]:
    assert i18n.install(qapp, request.param) == request.param
    yield request.param
    i18n.uninstall(qapp)


def test_recommendation_follows_the_hardware() -> None:
    assert recommend(CPU)[0] is DEMO
    best, badges = recommend(GPU)
    assert best is not DEMO and best.params > DEMO.params
    assert dict((e.spec, b) for e, b, _ in badges)[best.spec] == "fits"
    assert recommend(None)[0] is DEMO


def test_the_sample_pair_is_real_and_in_the_ui_language() -> None:
    english, japanese = sample_pair("en"), sample_pair("ja")
    assert all(english.values()) and all(japanese.values())
    assert english["chosen"] != english["rejected"]
    assert any("\u3040" <= ch <= "\u30ff" for ch in japanese["prompt"] + japanese["chosen"])


def test_the_guide_walks_through_four_pages(language: str, qtbot: Any) -> None:
    dialog = GuideDialog(None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert len(dialog.pages) == 4 and dialog.stack.currentIndex() == 0
    assert not dialog.back_button.isEnabled()
    checking = "確認しています" if language == "ja" else "Checking"
    assert checking in dialog.hardware_label.text()
    dialog.set_hardware(GPU)
    assert recommend(GPU)[0].name in dialog.recommendation_label.text()
    dialog.set_hardware(CPU)
    demo = "SmolLM2 135M Instruct（内蔵デモ）" if language == "ja" else DEMO.name  # translated
    assert demo in dialog.recommendation_label.text()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == 1
    pair = sample_pair(language)
    assert dialog.example_labels["prompt"].text() == pair["prompt"]
    dialog.go(3)
    assert not dialog.next_button.isVisibleTo(dialog) and dialog.close_button.isDefault()
    if language == "ja":
        assert dialog.windowTitle() == "DPO Desktop をはじめる"
        assert dialog.position.text() == "4 / 4 ページ"


def test_the_charts_page_explains_every_chart(language: str, qtbot: Any) -> None:
    from PySide6.QtWidgets import QLabel

    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    text = " ".join(label.text() for label in dialog.pages[2].findChildren(QLabel))
    names = (("損失", "報酬の正解率", "報酬の差", "メモリー", "トークン/秒") if language == "ja"
             else ("Loss", "Reward accuracy", "Reward margin", "Memory", "Tokens/s"))
    for name in names:
        assert name in text


def test_first_launch_shows_the_guide_once(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from dpo_desktop.gui.guide import show_on_first_launch
    from dpo_desktop.gui.main_window import MainWindow

    window = MainWindow(runs_dir=tmp_path / "runs")
    qtbot.addWidget(window)
    assert guide_at_start()
    assert show_on_first_launch(window, delay_ms=0)
    qtbot.waitUntil(lambda: any(isinstance(w, GuideDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    assert not guide_at_start()
    assert not show_on_first_launch(window, delay_ms=0)
    set_guide_at_start(True)
    assert guide_at_start()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, GuideDialog):
            widget.close()
    window.train_page.shutdown()


def test_help_opens_the_guide_and_it_follows_the_probe(qtbot: Any, tmp_path: Path) -> None:
    from dpo_desktop.gui.main_window import MainWindow

    window = MainWindow(runs_dir=tmp_path / "runs")
    qtbot.addWidget(window)
    dialog = window.show_guide()
    assert isinstance(dialog, GuideDialog) and dialog.isVisible()
    window.set_hardware(GPU)
    assert dialog.hardware is GPU
    dialog.close()
    assert open_guide(window).hardware is GPU
    window.train_page.shutdown()


def test_the_guide_and_the_model_table_show_the_same_figures(qtbot: Any,
                                                             tmp_path: Path) -> None:
    """#13 item 8: both read catalog.fit_table with the Model page's current settings."""
    from dataclasses import replace

    from dpo_desktop.core.catalog import CATALOG
    from dpo_desktop.gui.main_window import MainWindow

    window = MainWindow(runs_dir=tmp_path / "runs")
    qtbot.addWidget(window)
    cpu = replace(CPU, bitsandbytes=True, bf16=True, cpu_gflops=40.0)
    window.set_hardware(cpu)
    window.train_page.set_preset("quick test")  # max length 256: not the guide's old 512
    assert window.model_page.training_shape()["max_length"] == 256
    dialog = window.show_guide()
    assert isinstance(dialog, GuideDialog)
    text = dialog.fit_label.text()
    table = window.model_page.table
    listed = 0
    for row, entry in enumerate(CATALOG):
        badge = table.item(row, 4).data(Qt.ItemDataRole.UserRole)
        line = f"{entry.name} ({entry.params_label}): "
        if badge in ("fits", "tight"):
            listed += 1
            figure = table.item(row, 3).text()
            assert f"{line}" in text and f"{figure}" in text.split(line, 1)[1].split("<br>")[0]
            shown = text.split(line, 1)[1].split("<br>")[0]
            # the same badge ("✓ fits (4-bit)") and the same time per step as the table
            assert shown.startswith(table.item(row, 4).text())
            assert table.item(row, 5).text() in shown
        else:
            assert line not in text
    others = len(CATALOG) - listed
    assert (f"{others} other models" in text) == (others > 0)
    dialog.close()
    window.train_page.shutdown()
