"""Builders for data files in every format and encoding the importer reads."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

Rows = Sequence[Sequence[Any]]


def csv_text(rows: Rows, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(rows: Rows, name: str = "data.csv", encoding: str = "utf-8",
              delimiter: str = ",") -> Path:
        path = tmp_path / name
        path.write_bytes(csv_text(rows, delimiter).encode(encoding))
        return path
    return write


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., Path]:
    def write(records: Sequence[Any], name: str = "data.jsonl") -> Path:
        path = tmp_path / name
        lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    def write(sheets: dict[str, Rows], name: str = "data.xlsx") -> Path:
        import openpyxl

        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
        path = tmp_path / name
        workbook.save(path)
        return path
    return write


GOOD_ROWS: list[list[str]] = [
    ["prompt", "chosen", "rejected"],
    ["What time do you open?", "We open at 9:00 on weekdays.", "Morning."],
    ["Can I return a mug?", "Yes, within 30 days with the receipt.", "No."],
    ["Do you ship to Osaka?", "Yes, delivery takes two days.", "Maybe."],
]

JA_ROWS: list[list[str]] = [
    ["質問", "良い回答", "悪い回答"],
    ["営業時間は何時までですか？", "平日は18時まで営業しております。", "知りません。"],
    ["駐車場はありますか？", "店舗裏に3台分の駐車場がございます。", "ないです。"],
]
