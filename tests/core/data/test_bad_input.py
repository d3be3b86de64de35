"""Malformed and awkward files: each gets its intended report or a clear error, never a traceback.

Every case goes through the real `check-data` command, in process, so the exit code and
what the user reads are checked too.
"""

from __future__ import annotations

import codecs
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dpo_desktop.cli import main
from tests.core.data.conftest import GOOD_ROWS, csv_text

HEADER = GOOD_ROWS[0]


def _csv(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    return csv_text(rows).encode(encoding)


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def _parquet(path: Path, columns: dict[str, list[object]]) -> None:
    pq.write_table(pa.table(columns), path)


@dataclass
class Case:
    name: str
    build: Callable[[Path], None]
    code: str | None = None            # DataFileError code, when the file cannot be used
    issues: tuple[tuple[int | None, str], ...] = ()  # (row, issue code) that must be reported
    valid: int | None = None
    args: tuple[str, ...] = ()


def bytes_case(name: str, data: bytes, **kw: object) -> Case:
    return Case(name, lambda p: p.write_bytes(data), **kw)  # type: ignore[arg-type]


CASES = [
    bytes_case("empty.csv", b"", code="empty_file"),
    bytes_case("blank_lines.csv", b"\r\n \r\n\r\n", code="empty_file"),
    bytes_case("header_only.csv", b"prompt,chosen,rejected\r\n", code="no_rows"),
    bytes_case("junk.csv", random.Random(0).randbytes(2048).replace(b"\x00", b"\x01") + b"\x00\x00",
               code="binary_file"),
    bytes_case("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
               code="binary_file"),
    bytes_case("ragged.csv", b"prompt,chosen,rejected\nq,a,b\nq2,a,b,extra,cells\nq3,a\n",
               issues=((3, "ragged_row"), (4, "empty_rejected")), valid=1),
    bytes_case("quoted_newlines.csv",
               _csv([HEADER, ["Line one\nline two", "Good\n\nanswer", "Bad"], ["q", "", "b"]]),
               issues=((3, "empty_chosen"),), valid=1),
    bytes_case("duplicate_headers.csv", b"prompt,chosen,chosen,rejected\nq,a,x,b\n",
               issues=((1, "duplicate_header"),), valid=1),
    bytes_case("huge_cell.csv", _csv([HEADER, ["q", "long " * 1_000_000, "short"]]),
               issues=((2, "very_long_text"),), valid=1),
    bytes_case("unbalanced_quote.csv", b'prompt,chosen,rejected\nq,"never closed,b\nq2,a,b\n',
               issues=((2, "empty_rejected"),), valid=0),
    bytes_case("latin1.csv", "prompt,chosen,rejected\ncafé?,Oui, très bien.,Non\n"
               .replace("Oui, très bien.", '"Oui, très bien."').encode("cp1252"), valid=1),
    bytes_case("bom_crlf_trailing.csv", codecs.BOM_UTF8 + _csv(GOOD_ROWS) + b"\r\n\r\n,,\r\n",
               valid=3),
    bytes_case("all_invalid.csv", _csv([HEADER, ["q", "same", "same"], ["", "a", "b"]]),
               issues=((2, "same_answers"), (3, "empty_prompt")), valid=0),
    bytes_case("no_header.csv", _csv([["What time?", "At nine.", "Dunno"]]),
               code="missing_columns"),
    bytes_case("ambiguous.csv", b"question,query,chosen,rejected\na,b,c,d\n",
               code="ambiguous_column"),
    bytes_case("wrong_map.csv", _csv(GOOD_ROWS), code="unknown_column",
               args=("--map", "chosen=best")),
    bytes_case("bad_map_syntax.csv", _csv(GOOD_ROWS), code="bad_map", args=("--map", "chosen")),
    bytes_case("notes.docx", b"PK\x03\x04", code="unknown_format"),
    bytes_case("old.xls", b"\xd0\xcf\x11\xe0", code="unsupported_spreadsheet"),
    bytes_case("broken_middle.jsonl",
               b'{"prompt":"a","chosen":"b","rejected":"c"}\n{"prompt": "x", "cho\n'
               b'{"prompt":"d","chosen":"e","rejected":"f"}\n',
               issues=((2, "bad_json_line"),), valid=2),
    bytes_case("all_broken.jsonl", b"{oops\n[1,\n", code="no_records"),
    bytes_case("object.json", json.dumps({"name": "x", "count": 3}).encode(),
               code="json_no_records"),
    bytes_case("two_arrays.json", json.dumps({"a": [{"prompt": "x"}], "b": [{"p": 1}]}).encode(),
               code="json_many_arrays"),
    bytes_case("invalid.json", b'[{"prompt": "a",]', code="bad_json"),
    bytes_case("truncated.parquet", b"PAR1\x00\x00garbage", code="bad_parquet"),
    bytes_case("corrupt.xlsx", b"PK\x03\x04 not really a zip", code="bad_xlsx"),
    bytes_case("hh_no_shared.jsonl", b'{"chosen": "Hello there", "rejected": "Goodbye"}\n',
               issues=((1, "no_shared_prompt"),), valid=0),
    Case("numeric.parquet", lambda p: _parquet(p, {"prompt": ["a", "b"], "chosen": [1.5, 2.0],
                                                   "rejected": ["x", "y"]}),
         issues=((1, "not_text"), (2, "not_text")), valid=0),
    Case("formulas.xlsx", lambda p: _xlsx(p, {"S": [HEADER, ["q", "=A1&\"!\"", "bad"],
                                                     ["q2", "good", "bad"]]}),
         issues=((2, "formula_without_value"),), valid=1),
    Case("blank_rows.xlsx", lambda p: _xlsx(p, {"S": [HEADER, ["q", "a", "b"], [None] * 3,
                                                       ["q2", "a", "b"], [None] * 3, [None] * 3]}),
         issues=((3, "blank_row"),), valid=2),
    Case("numbers.xlsx", lambda p: _xlsx(p, {"S": [HEADER, ["q", 42, "b"], ["q2", "a", "b"]]}),
         issues=((2, "not_text"),), valid=1),
    Case("sheets.xlsx", lambda p: _xlsx(p, {"One": GOOD_ROWS, "Two": GOOD_ROWS}),
         code="unknown_sheet", args=("--sheet", "Three")),
    Case("missing.csv", lambda p: None, code="file_not_found"),
    Case("folder.csv", lambda p: p.mkdir(), code="is_directory"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / case.name
    case.build(path)
    exit_code = main(["check-data", str(path), "--json", *case.args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    result = json.loads(out)
    if case.code:
        assert exit_code == 2
        assert result["error"]["code"] == case.code
        assert result["error"]["message"] and result["error"]["hint"]
        return
    found = {(i["row"], i["code"]) for i in result["issues"]}
    for expected in case.issues:
        assert expected in found, (expected, result["issues"])
    assert result["rows_valid"] == case.valid
    assert result["rows_valid"] + result["rows_excluded"] == result["rows_total"]
    assert exit_code == (0 if case.valid else 2)


def test_enough_bad_inputs() -> None:
    assert len(CASES) >= 25


def test_human_output_names_the_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"Q,A1,A2\n1,2,3\n")
    assert main(["check-data", str(path)]) == 2
    err = capsys.readouterr().err
    assert "error:" in err and "“Q”, “A1”, “A2”" in err and "hint:" in err
    assert "Traceback" not in err
