"""The Export page offers every GGUF type core can write, each with one plain line on size
and quality, the recommended q4_k_m first and chosen by default; in Japanese too."""

from __future__ import annotations

from typing import Any

from dpo_desktop.core.export import GGUF_TYPES
from dpo_desktop.core.export.gguf_types import RECOMMENDED
from dpo_desktop.gui import i18n
from dpo_desktop.gui.pages.export_page import ExportPage


def _items(page: ExportPage) -> list[tuple[str, str]]:
    combo = page.gguf_combo
    return [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]


def test_every_type_has_a_plain_line_and_q4_k_m_comes_first(qtbot: Any) -> None:
    page = ExportPage()
    qtbot.addWidget(page)
    items = _items(page)
    types = [data for data, _ in items if data]
    assert sorted(types) == sorted(GGUF_TYPES)
    assert page.gguf_combo.currentData() == RECOMMENDED == types[0]
    for data, text in items:
        if data:
            assert text.startswith(f"{data}: ") and len(text) > len(data) + 20, text
    assert "recommended" in items[0][1]
    assert items[-1][0] == ""  # no GGUF, merged folder only


def test_the_lines_are_translated(qtbot: Any, qapp: Any) -> None:
    assert i18n.install(qapp, "ja") == "ja"
    try:
        page = ExportPage()
        qtbot.addWidget(page)
        texts = dict(_items(page))
        assert "おすすめ" in texts["q4_k_m"]
        assert all(text.startswith(f"{name}：") for name, text in texts.items() if name)
    finally:
        i18n.uninstall(qapp)
