"""Robust reading: a 2 GB CSV, an XLSX bomb (a huge shared-strings table, a huge declared
dimension, a cell a million rows down) must not fill the memory; each is refused, or
read as the few cells it really has, with a plain message.

The big files are generated: the 2 GB CSV is sparse (no disk space, never read), and the
bombs are checked against a small configured limit, which runs the same code.
"""

from __future__ import annotations

import os
import re
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dpo_desktop.cli import main
from dpo_desktop.core.data import load_preferences, readers
from dpo_desktop.core.errors import DataFileError

HEADER = "prompt,chosen,rejected\n"
ROW = "How do I reset my password?,Use the link on the sign-in page.,No idea.\n"


def peak_mb(call: Callable[[], Any]) -> tuple[Any, float]:
    """``call()``'s result (or exception) and the peak Python memory it used, in MB."""
    tracemalloc.start()
    try:
        try:
            result: Any = call()
        except DataFileError as exc:
            result = exc
        return result, tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_a_2gb_csv_is_refused_before_a_byte_is_read(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "export from the shop.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write(HEADER + ROW)
    os.truncate(big, 2 * 2**30)  # sparse: 2 GB long, nothing written
    error, peak = peak_mb(lambda: load_preferences(big))
    assert isinstance(error, DataFileError) and error.code == "file_too_large"
    assert "export from the shop.csv" in error.message and "2.0 GB" in error.message
    assert "256 MB" in error.message and error.hint
    assert peak < 5, peak
    assert main(["check-data", str(big)]) == 2
    err = capsys.readouterr().err
    assert "error: “export from the shop.csv” is 2.0 GB" in err and "hint: Split" in err


def test_the_cap_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "pairs.csv"
    data.write_text(HEADER + ROW * 200, encoding="utf-8")  # about 14 KB
    monkeypatch.setattr(readers, "MAX_DATA_BYTES", 10_000)
    with pytest.raises(DataFileError) as caught:
        load_preferences(data)
    assert caught.value.code == "file_too_large"
    monkeypatch.setenv("DPO_DESKTOP_MAX_DATA_MB", "1")  # the user raises it
    assert len(load_preferences(data).pairs) == 200


def test_too_many_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "pairs.csv"
    data.write_text(HEADER + ROW * 150, encoding="utf-8")
    monkeypatch.setattr(readers, "MAX_ROWS", 100)
    with pytest.raises(DataFileError) as caught:
        load_preferences(data)
    assert caught.value.code == "too_many_rows" and "100 rows" in caught.value.message


# ---------------------------------------------------------------------- XLSX bombs


def _workbook(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["prompt", "chosen", "rejected"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def _rewrite(path: Path, name: str, edit: Callable[[bytes], bytes]) -> None:
    """Rewrite (or add) one part of the zip, keeping the others; the edit must change it."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    before = parts.get(name, b"")
    parts[name] = edit(before)
    assert parts[name] != before
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for filename, data in parts.items():
            target.writestr(filename, data)


PAIRS = [("Q1", "good one", "bad one"), ("Q2", "good two", "bad two")]


def test_a_huge_shared_strings_table_is_refused_unread(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    book = _workbook(tmp_path / "bomb.xlsx", PAIRS)
    filler = b"<si><t>" + b"A" * 4000 + b"</t></si>"
    table = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             b'count="1500" uniqueCount="1500">' + filler * 1500 + b"</sst>")
    _rewrite(book, "xl/sharedStrings.xml", lambda _: table)  # 6 MB that zip to a few KB
    _rewrite(book, "[Content_Types].xml", lambda xml: xml.replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                     b"</Types>"))
    assert book.stat().st_size < 100_000
    monkeypatch.setattr(readers, "MAX_DATA_BYTES", 2**20)  # so 2 MB unpacked is the limit
    error, peak = peak_mb(lambda: load_preferences(book))
    assert isinstance(error, DataFileError) and error.code == "xlsx_too_large"
    assert "bomb.xlsx" in error.message and "unpacks to 6 MB" in error.message
    assert "CSV UTF-8" in error.hint and peak < 2, peak


def test_a_huge_declared_dimension_reads_only_the_real_cells(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl pads every row to the declared width (16,384 columns here): that costs a
    tuple of 16,384 cells per row, for every row of the sheet."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    book = _workbook(tmp_path / "dimension.xlsx", PAIRS)
    _rewrite(book, "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', xml))
    widths: list[int] = []
    real_iter_rows = ReadOnlyWorksheet.iter_rows

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        for row in real_iter_rows(self, *args, **kwargs):
            widths.append(len(row))
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", spy)
    dataset, peak = peak_mb(lambda: load_preferences(book))
    assert [p.prompt[-1].content for p in dataset.pairs] == ["Q1", "Q2"]
    assert dataset.report.rows_total == 2 and peak < 30, peak
    assert widths and max(widths) == 3  # the real cells, not 16,384 per row


def test_a_cell_a_million_rows_down_is_refused(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    book = _workbook(tmp_path / "far.xlsx", PAIRS)
    _rewrite(book, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"</sheetData>", b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is>'
                         b"</c></row></sheetData>"))
    monkeypatch.setattr(readers, "MAX_ROWS", 10_000)
    error, peak = peak_mb(lambda: load_preferences(book))
    assert isinstance(error, DataFileError) and error.code == "too_many_rows"
    assert "far.xlsx" in error.message and "Ctrl+End" in error.hint and peak < 30, peak
