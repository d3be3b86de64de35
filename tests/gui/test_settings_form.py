"""Every settings editor is generated from the fields' limits: Advanced panel, Compare
page and Make pairs show exactly the ranges core validates."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox, QWidget

from dpo_desktop.core.config import RunConfig
from dpo_desktop.core.generation import GenerationSettings
from dpo_desktop.core.limits import limits_of
from dpo_desktop.core.pairs import PairSettings
from dpo_desktop.gui.pages.compare_page import ComparePage
from dpo_desktop.gui.pages.make_pairs_dialog import MakePairsDialog
from dpo_desktop.gui.widgets.advanced_panel import AdvancedPanel
from dpo_desktop.gui.widgets.settings_form import float_range, int_range


def assert_follows(editor: QWidget, owner: object, name: str) -> None:
    limits = limits_of(owner, name)
    if isinstance(editor, QSpinBox):
        assert (editor.minimum(), editor.maximum()) == int_range(limits), name
    elif isinstance(editor, QDoubleSpinBox):
        assert limits.decimals == editor.decimals()
        low, high = float_range(limits, editor.decimals())
        assert (editor.minimum(), editor.maximum()) == (round(low, 2), round(high, 2)), name
        if limits.step is not None:
            assert editor.singleStep() == limits.step
    elif isinstance(editor, QComboBox):
        assert tuple(editor.itemData(i) for i in range(editor.count())) == limits.choices


def test_advanced_panel_ranges_come_from_the_config(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = AdvancedPanel()
    qtbot.addWidget(panel)
    config = RunConfig()
    for (section, name), editor in panel.editors.items():
        assert_follows(editor, getattr(config, section), name)
    assert panel.editors[("training", "max_length")].minimum() == 16
    assert panel.editors[("training", "batch_size")].minimum() == 1


def test_compare_settings_come_from_generation_settings(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = ComparePage(prompts_path=tmp_path / "prompts.json")
    qtbot.addWidget(page)
    for name, editor in (("max_new_tokens", page.tokens), ("temperature", page.temperature),
                         ("top_p", page.top_p), ("seed", page.seed),
                         ("repeat_penalty", page.repeat_penalty)):
        assert_follows(editor, GenerationSettings, name)
    assert page.top_p.minimum() == 0.01  # "above 0", one shown step in
    page.top_p.setValue(0.0)
    assert page.settings().top_p > 0  # the editor cannot hold a value core rejects


def test_make_pairs_settings_come_from_pair_settings(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = MakePairsDialog(None, "demo")
    qtbot.addWidget(dialog)
    for name, editor in dialog.editors.items():
        assert_follows(editor, PairSettings, name)
    assert dialog.editors["batch_size"].maximum() == 512
    assert dialog.settings() == PairSettings()
