"""The Data page: mapping, filters, the pair editor, saving, and token lengths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from dpo_desktop.core.data import load_preferences
from dpo_desktop.core.data.editing import DraftRow
from dpo_desktop.core.resources import sample_path
from dpo_desktop.gui.pages.data_page import DataPage
from tests.gui.loading import opened


def page_with(qtbot, path: Path | None = None) -> DataPage:  # type: ignore[no-untyped-def]
    page = DataPage()
    qtbot.addWidget(page)
    if path is not None:
        assert opened(qtbot, page.document, lambda: page.open_file(path))
    return page


def write(tmp_path: Path, text: str, name: str = "pairs.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_filters_and_summary(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "prompt,chosen,rejected\nq1,a,b\n,a,b\nq3,same,same\nq1,a,b\n")
    page = page_with(qtbot, path)
    assert "4 rows: 2 valid, 2 excluded, 1 warning(s)" in page.summary.text()
    counts = {}
    for mode in ("all", "errors", "warnings"):
        page.filter_combo.setCurrentIndex(page.filter_combo.findData(mode))
        counts[mode] = page.proxy.rowCount()
    assert counts == {"all": 4, "errors": 2, "warnings": 1}
    page.filter_combo.setCurrentIndex(page.filter_combo.findData("errors"))
    status = page.proxy.index(0, 0)
    assert page.proxy.data(status) == "excluded"
    assert page.proxy.data(status, Qt.ItemDataRole.DecorationRole) is not None


def test_mapping_is_prefilled_and_changing_it_revalidates(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "question,good,bad,other\nq1,a,b,a\nq2,c,d,zz\n")
    page = page_with(qtbot, path)
    combos = page.mapping_combos
    assert (combos["prompt"].currentData(), combos["chosen"].currentData(),
            combos["rejected"].currentData()) == ("question", "good", "bad")
    assert page.dataset is not None and page.dataset.report.rows_valid == 2
    combos["rejected"].setCurrentIndex(combos["rejected"].findData("other"))
    assert opened(qtbot, page.document, lambda: combos["rejected"].activated.emit(
        combos["rejected"].currentIndex()))
    assert page.dataset.report.mapping["rejected"] == "other"
    assert page.dataset.report.rows_valid == 1  # row 2: chosen == rejected now
    assert "2 rows: 1 valid, 1 excluded" in page.summary.text()


def test_unclear_columns_are_offered_for_mapping(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "q,x,y\nhello,a,b\n")
    page = page_with(qtbot)
    assert not opened(qtbot, page.document, lambda: page.open_file(path))
    assert "no column for chosen and rejected" in page.summary.text()
    combos = page.mapping_combos
    assert combos["chosen"].isEnabled() and combos["chosen"].findData("x") >= 0
    for field, column in (("prompt", "q"), ("chosen", "x"), ("rejected", "y")):
        combos[field].setCurrentIndex(combos[field].findData(column))
    assert opened(qtbot, page.document, lambda: combos["rejected"].activated.emit(
        combos["rejected"].currentIndex()))
    assert page.dataset is not None and page.dataset.report.rows_valid == 1


def test_edit_add_delete_and_save_round_trip(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "prompt,chosen,rejected\nq1,a,b\n,a,b\n")
    page = page_with(qtbot, path)
    model = page.model
    assert page.dataset.report.rows_valid == 1
    # Fix the empty prompt in place: the problem disappears after re-validation.
    with qtbot.waitSignal(page.dataset_changed, timeout=5000):
        assert model.setData(model.index(1, 1), "q2")
    assert page.dataset.report.rows_valid == 2
    assert model.severity(1) == ""
    assert "unsaved changes" in page.summary.text()
    assert not page.mapping_combos["chosen"].isEnabled()
    # Add a row and fill it, add another and delete it.
    page.table.setCurrentIndex(page.proxy.index(1, 1))
    page.add_row()
    assert model.rowCount() == 3
    for column, text in enumerate(("q3", "good\nanswer", "bad"), start=1):
        model.setData(model.index(2, column), text)
    page.add_row()
    page.table.selectRow(3)
    page.delete_selected()
    assert model.rowCount() == 3
    with qtbot.waitSignal(page.dataset_changed, timeout=5000):
        page.revalidate()
    assert page.dataset.report.rows_valid == 3
    for suffix in (".jsonl", ".csv"):
        target = tmp_path / f"saved{suffix}"
        assert page.save_as(target)
        back = load_preferences(target)
        assert [(r.prompt, r.chosen, r.rejected) for r in back.records] == [
            ("q1", "a", "b"), ("q2", "a", "b"), ("q3", "good\nanswer", "bad")]
    assert not page.dirty and page.source_path == tmp_path / "saved.csv"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_build_a_dataset_from_scratch(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = page_with(qtbot)
    page.new_dataset()
    model = page.model
    assert model.rowCount() == 1
    for column, text in enumerate(("挨拶は？", "こんにちは。", "うるさい。"), start=1):
        model.setData(model.index(0, column), text)
    with qtbot.waitSignal(page.dataset_changed, timeout=5000):
        page.revalidate()
    assert page.dataset.report.rows_valid == 1
    assert page.save_as(tmp_path / "new.jsonl")
    assert load_preferences(tmp_path / "new.jsonl").pairs[0].chosen == "こんにちは。"


def test_large_table_is_virtualized(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_with(qtbot)
    rows = [DraftRow(f"q{i}", "a", "b") for i in range(100_000)]
    page.model.set_rows(rows)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    assert page.proxy.rowCount() == 100_000
    page.table.scrollToBottom()
    assert page.table.rowAt(page.table.viewport().height() // 2) > 99_000
    assert not page.findChildren(type(page.table.viewport()), "cell")  # no per-row widgets


def test_token_histogram_counts_rows_over_the_max_length(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_with(qtbot, sample_path("support_en.csv"))
    page.set_max_length(40)
    page.set_model("demo")  # the word-count stand-in from conftest
    qtbot.waitUntil(lambda: page.token_stats_ready, timeout=10_000)
    stats = page.histogram.stats
    assert stats is not None and len(stats.lengths) == 72
    assert f"{stats.over} of 72 pairs are longer than the max length (40 tokens)" in \
        page.token_label.text()
    assert page.histogram.bars
    page.set_max_length(4000)
    assert "0 of 72 pairs" in page.token_label.text()


def test_token_count_shows_a_determinate_bar_until_done(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time

    from dpo_desktop.core import tokens
    from tests.gui.conftest import WordTokenizer

    class SlowTokenizer(WordTokenizer):  # a real count takes seconds; the stand-in takes ms
        def __call__(self, texts: list[str], add_special_tokens: bool = False) -> dict[str, Any]:
            time.sleep(0.05)
            return super().__call__(texts, add_special_tokens)

    monkeypatch.setattr(tokens, "load_tokenizer", lambda spec: SlowTokenizer())
    page = page_with(qtbot, sample_path("support_en.csv"))
    page.show()
    values: list[int] = []
    page.token_progress.valueChanged.connect(values.append)
    page.set_model("demo")
    qtbot.waitUntil(lambda: page.token_progress.isVisible(), timeout=5_000)
    assert page.token_progress.maximum() == 100  # determinate, never a busy bar
    qtbot.waitUntil(lambda: page.token_stats_ready, timeout=10_000)
    assert not page.token_progress.isVisible()
    assert values and values[-1] == 100 and values == sorted(values)


def test_missing_column_keeps_the_columns_found(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = page_with(qtbot)
    messages: list[str] = []
    page.status_message.connect(messages.append)
    bad = write(tmp_path, "", name="empty.csv")
    # an error in the status bar …
    assert not opened(qtbot, page.document, lambda: page.open_file(bad)) and messages
    path = write(tmp_path, "prompt,chosen,notes\nq1,a,x\n")
    assert not opened(qtbot, page.document, lambda: page.open_file(path))
    combos = page.mapping_combos
    assert combos["prompt"].currentData() == "prompt"
    assert combos["chosen"].currentData() == "chosen"
    assert combos["rejected"].currentData() == ""
    assert messages[-1] == "Opened pairs.csv: choose its columns."  # … not left behind
    # prompt + chosen only: the way forward is Make pairs from Q&A.
    assert "Make pairs from Q&A" in page.summary.text()
    qa = write(tmp_path, "question,answer\nWhen do you open?,At nine.\n", name="faq.csv")
    assert not opened(qtbot, page.document, lambda: page.open_file(qa))
    assert "Make pairs from Q&A" in page.summary.text()
    assert combos["prompt"].currentData() == "question"
    assert combos["chosen"].currentData() == "answer"


def test_column_pickers_fit_the_column_names(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = page_with(qtbot)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    path = write(tmp_path, "Customer question,Better answer,Worse answer\nq,a,b\n")
    assert opened(qtbot, page.document, lambda: page.open_file(path))
    combos = [page.mapping_combos[field] for field in ("prompt", "chosen", "rejected")]

    def fits() -> bool:
        return all(c.width() > c.fontMetrics().horizontalAdvance(c.currentText()) + 20
                   for c in combos)

    page.resize(500, 600)  # narrower than the row wants: the window grows, not the names shrink
    qtbot.waitUntil(fits, timeout=2000)  # "Better answer", not "Better an"
