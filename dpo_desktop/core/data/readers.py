"""Reading a data file into a raw table: column names and rows of cells, nothing interpreted.

Each reader numbers rows the way the user will look them up: the spreadsheet row
(the header is row 1), the line of a JSONL file, or the position of a JSON/Parquet record.
Problems that belong to one row (a line that is not JSON, extra cells) stay with that row
so that the row is excluded and reported, never silently dropped.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dpo_desktop.core.data.encoding import CHUNK, decode_text, plain_utf8
from dpo_desktop.core.data.types import Issue
from dpo_desktop.core.errors import DataFileError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP

csv.field_size_limit(2**31 - 1)

# What one file may hold before it is refused with a plain message instead of filling the
# memory (a file is read whole, then held as Python strings several times its size).
# Module values, so a test or a packager can lower them; DPO_DESKTOP_MAX_DATA_MB raises it.
MAX_DATA_BYTES = 256 * 2**20
# An XLSX is a zip: a few MB can unpack to GBs (a "zip bomb"). openpyxl holds the whole
# shared-strings table in memory, so the unpacked strings and the sheet are capped too
# (at this many times MAX_DATA_BYTES: XML is wordier than the text it holds).
XLSX_UNPACKED_FACTOR = 2
# Rows of one sheet or file, blank ones included (a cell far down makes millions).
MAX_ROWS = 500_000

FORMATS = {
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "tsv",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".parquet": "parquet", ".pq": "parquet",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
}
ROW_UNITS = {"csv": "row", "tsv": "row", "xlsx": "row", "jsonl": "line",
             "json": "record", "parquet": "record"}


@dataclass
class RawRow:
    number: int
    cells: dict[str, Any]
    problems: list[Issue] = field(default_factory=list)


@dataclass
class RawTable:
    format: str
    encoding: str | None
    columns: list[str]
    rows: list[RawRow]
    sheet: str | None = None
    file_issues: list[Issue] = field(default_factory=list)

    @property
    def row_unit(self) -> str:
        return ROW_UNITS[self.format]


def read_table(path: Path, sheet: str | None = None) -> RawTable:
    if not path.exists():
        raise DataFileError.of(
            "file_not_found", QT_TRANSLATE_NOOP("messages", "There is no file at {file}."),
            QT_TRANSLATE_NOOP("messages", "Check the path and try again."), file=str(path))
    if path.is_dir():
        raise DataFileError.of(
            "is_directory", QT_TRANSLATE_NOOP("messages", "{file} is a folder, not a data file."),
            QT_TRANSLATE_NOOP("messages", "Choose a CSV, TSV, JSONL, JSON, Parquet or XLSX file."),
            file=str(path))
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise DataFileError.of(
            "unsupported_spreadsheet",
            QT_TRANSLATE_NOOP("messages", "“{file}” is a {extension} spreadsheet, which cannot "
                                          "be read directly."),
            QT_TRANSLATE_NOOP("messages", "Open it and save it as Excel Workbook (.xlsx) or CSV "
                                          "UTF-8, then load that file."),
            file=path.name, extension=suffix)
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise DataFileError.of(
            "unknown_format",
            QT_TRANSLATE_NOOP("messages", "“{file}” has the extension “{extension}”, which is "
                                          "not a data format DPO Desktop reads.")
            if suffix else
            QT_TRANSLATE_NOOP("messages", "“{file}” has the extension “(none)”, which is not a "
                                          "data format DPO Desktop reads."),
            QT_TRANSLATE_NOOP("messages", "Use CSV, TSV, Excel “Unicode text” (.txt), JSONL, "
                                          "JSON, Parquet or XLSX."),
            file=path.name, extension=suffix)
    if sheet is not None and fmt != "xlsx":
        raise DataFileError.of(
            "sheet_not_xlsx",
            QT_TRANSLATE_NOOP("messages", "--sheet only applies to XLSX files, and “{file}” is "
                                          "{format}."),
            QT_TRANSLATE_NOOP("messages", "Leave out the sheet name."),
            file=path.name, format=fmt.upper())
    _check_size(path)
    if fmt == "xlsx":
        _check_xlsx_unpacked(path)
        return _read_xlsx(path, sheet)
    if fmt == "parquet":
        return _read_parquet(path)
    data = path.read_bytes()
    if not data or data.isspace():  # data.strip() would copy a big file while holding the GIL
        raise DataFileError.of(
            "empty_file", QT_TRANSLATE_NOOP("messages", "“{file}” is empty."),
            QT_TRANSLATE_NOOP("messages", "Add a header row (prompt, chosen, rejected) and at "
                                          "least one pair."), file=path.name)
    if fmt in ("csv", "tsv") and (utf8 := plain_utf8(data)) is not None:
        return _read_delimited(path, _byte_lines(data, utf8), utf8, fmt)
    text, encoding = decode_text(data, path)
    if fmt in ("csv", "tsv"):
        return _read_delimited(path, _text_lines(text), encoding, fmt)
    if fmt == "jsonl":
        return _read_jsonl(text, encoding)
    return _read_json(path, text, encoding)


def max_data_bytes() -> int:
    override = os.environ.get("DPO_DESKTOP_MAX_DATA_MB", "")
    return int(float(override) * 2**20) if override.replace(".", "", 1).isdigit() \
        else MAX_DATA_BYTES


def _human(size: int) -> str:
    return f"{size / 2**30:.1f} GB" if size >= 2**30 else f"{max(1, round(size / 2**20))} MB"


def _check_size(path: Path) -> None:
    """Refuse a file too big to hold in memory before reading a byte of it."""
    size, limit = path.stat().st_size, max_data_bytes()
    if size > limit:
        raise DataFileError.of(
            "file_too_large",
            QT_TRANSLATE_NOOP("messages", "“{file}” is {size}, more than DPO Desktop reads at "
                                          "once ({limit})."),
            QT_TRANSLATE_NOOP("messages", "Split the pairs into smaller files, or keep only the "
                                          "prompt, chosen and rejected columns. "
                                          "(DPO_DESKTOP_MAX_DATA_MB raises the limit if this "
                                          "computer has the memory.)"),
            file=path.name, size=_human(size), limit=_human(limit))


def _check_xlsx_unpacked(path: Path) -> None:
    """Refuse a workbook whose strings or sheet unpack to more than the memory can hold.

    The sizes come from the zip directory; Python's zip reader stops at the declared size,
    so a file that lies about them cannot unpack to more than this check allowed.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl then reports it as not a workbook
    strings = sum(i.file_size for i in infos if i.filename.lower() == "xl/sharedstrings.xml")
    sheets = [i.file_size for i in infos if i.filename.lower().startswith("xl/worksheets/")]
    unpacked = strings + max(sheets, default=0)
    limit = XLSX_UNPACKED_FACTOR * max_data_bytes()
    if unpacked > limit:
        raise DataFileError.of(
            "xlsx_too_large",
            QT_TRANSLATE_NOOP("messages", "“{file}” unpacks to {size} of cells and text, more "
                                          "than DPO Desktop reads at once ({limit})."),
            QT_TRANSLATE_NOOP("messages", "Open it in Excel and save the sheet with your pairs "
                                          "as CSV UTF-8, or split it into smaller workbooks."),
            file=path.name, size=_human(unpacked), limit=_human(limit))


def _too_many_rows(path: Path, sheet: str | None = None) -> DataFileError:
    hint = QT_TRANSLATE_NOOP("messages", "Delete the empty rows below your data (Ctrl+End in "
                                         "Excel shows the last used cell), or split the pairs "
                                         "into smaller files.")
    if sheet:
        return DataFileError.of(
            "too_many_rows",
            QT_TRANSLATE_NOOP("messages", "The sheet “{sheet}” of “{file}” has more than {limit} "
                                          "rows, more than DPO Desktop reads at once."),
            hint, file=path.name, sheet=sheet, limit=f"{MAX_ROWS:,}")
    return DataFileError.of(
        "too_many_rows",
        QT_TRANSLATE_NOOP("messages", "“{file}” has more than {limit} rows, more than DPO "
                                      "Desktop reads at once."),
        hint, file=path.name, limit=f"{MAX_ROWS:,}")


def unique_columns(raw: Iterable[Any]) -> tuple[list[str], list[Issue]]:
    """Give blank headers a name and make repeated ones unique, reporting both."""
    names: list[str] = []
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for index, value in enumerate(raw, start=1):
        name = "" if value is None else str(value).strip()
        if not name:
            name = f"column {index}"
        if name in seen:
            seen[name] += 1
            new = f"{name} ({seen[name]})"
            issues.append(Issue.of(
                1, name, "warning", "duplicate_header",
                QT_TRANSLATE_NOOP("messages", "The header “{column}” appears more than once; "
                                              "column {index} is read as “{new}”. Rename one of "
                                              "them to choose which is used."),
                index=index, new=new))
            name = new
        else:
            seen[name] = 1
        names.append(name)
    return names, issues


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_BYTE_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _byte_lines(data: bytes, encoding: str) -> Iterator[str]:
    """The lines of UTF-8 ``data`` (checked valid) decoded one at a time, as
    :func:`_text_lines` gives them for the decoded text, a megabyte of bytes split at a
    time. CR and LF bytes never occur inside a UTF-8 multi-byte character, so splitting
    the bytes first is safe; the rare file with lone CR line ends takes the regex."""
    start = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0
    lines = _split_lf(data, start) if not _lone_cr(data, start) else (
        match.group().decode("utf-8") for match in _BYTE_LINE.finditer(data, start))
    first = next(lines, None)
    if first is not None:
        yield first.lstrip("\ufeff")
        yield from lines


def _lone_cr(data: bytes, start: int) -> bool:
    """Whether some CR is not followed by LF (old Mac line ends), counted a chunk at a time:
    counting a whole 50 MB file in one call holds the GIL too long."""
    cr = crlf = 0
    for position in range(start, len(data), CHUNK):
        block = data[position:position + CHUNK]
        cr += block.count(b"\r")
        crlf += block.count(b"\r\n")
        if block.endswith(b"\r") and data[position + CHUNK:position + CHUNK + 1] == b"\n":
            crlf += 1
    return cr != crlf


def _split_lf(data: bytes, start: int) -> Iterator[str]:
    carry = b""
    for position in range(start, len(data), CHUNK):
        pieces = (carry + data[position:position + CHUNK]).split(b"\n")
        carry = pieces.pop()
        for piece in pieces:
            yield piece.decode("utf-8") + "\n"
    if carry:
        yield carry.decode("utf-8")


def _text_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, as ``io.StringIO(text, newline="")`` gives
    them, one short regex match at a time: building that StringIO copies the whole text
    in one step, holding the GIL long enough for the GUI thread to stall while a big file
    imports on a pool thread."""
    return (match.group() for match in _LINE.finditer(text))


def _sniff_delimiter(header_line: str, default: str) -> str:
    counts = {d: header_line.count(d) for d in ("\t", ",", ";")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0 or counts.get(default, 0) == counts[best]:
        return default
    return best


def _read_delimited(path: Path, lines: Iterator[str], encoding: str, fmt: str) -> RawTable:
    first_line = next(lines, "")
    delimiter = _sniff_delimiter(first_line, "\t" if fmt == "tsv" else ",")
    fmt = "tsv" if delimiter == "\t" else "csv"
    reader = csv.reader(itertools.chain((first_line,), lines), delimiter=delimiter)
    try:
        header = next(reader)
        while not any(c.strip() for c in header):
            header = next(reader)
    except StopIteration:
        raise DataFileError.of(
            "empty_file", QT_TRANSLATE_NOOP("messages", "“{file}” has no header row."),
            QT_TRANSLATE_NOOP("messages", "Add a header row (prompt, chosen, rejected)."),
            file=path.name) from None
    columns, file_issues = unique_columns(header)
    width = len(columns)
    rows: list[RawRow] = []
    number = 1
    try:
        for values in reader:
            number += 1
            if number > MAX_ROWS + 1:
                raise _too_many_rows(path)
            if len(values) > width and any(v.strip() for v in values[width:]):
                extra = len(values) - width
                problem = Issue.of(
                    number, None, "error", "ragged_row",
                    QT_TRANSLATE_NOOP("messages", "Row {row} has {cells} cells but the header "
                                                  "has {width}; {extra} cell(s) have no column. "
                                                  "A comma or quote inside a cell is probably "
                                                  "missing its surrounding quotes."),
                    cells=len(values), width=width, extra=extra)
                rows.append(RawRow(number, dict(zip(columns, values, strict=False)), [problem]))
                continue
            rows.append(RawRow(number, dict(zip(columns, values, strict=False))))
    except csv.Error as exc:
        raise DataFileError.of(
            "csv_syntax",
            QT_TRANSLATE_NOOP("messages", "“{file}” cannot be read as {format} near row {row}: "
                                          "{reason}."),
            QT_TRANSLATE_NOOP("messages", "Check that quotes in cells are balanced, or save it "
                                          "again from Excel."),
            file=path.name, format=fmt.upper(), row=number + 1, reason=str(exc)) from None
    _drop_trailing_blank(rows)
    return RawTable(fmt, encoding, columns, rows, file_issues=file_issues)


def _drop_trailing_blank(rows: list[RawRow]) -> None:
    """Empty rows after the last data row are layout, not data (Excel leaves them)."""
    while rows and not rows[-1].problems and _blank(rows[-1].cells):
        rows.pop()


def _blank(cells: dict[str, Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values())


def _read_jsonl(text: str, encoding: str) -> RawTable:
    columns: dict[str, None] = {}
    rows: list[RawRow] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append(RawRow(number, {}, [Issue.of(
                number, None, "error", "bad_json_line",
                QT_TRANSLATE_NOOP("messages", "Line {row} is not valid JSON ({reason} at "
                                              "character {character})."),
                reason=exc.msg, character=exc.colno)]))
            continue
        if not isinstance(value, dict):
            rows.append(RawRow(number, {}, [Issue.of(
                number, None, "error", "not_an_object",
                QT_TRANSLATE_NOOP("messages", "Line {row} is a JSON {kind}, not an object with "
                                              "prompt/chosen/rejected fields."),
                kind=type(value).__name__)]))
            continue
        columns.update(dict.fromkeys(value))
        rows.append(RawRow(number, value))
    return RawTable("jsonl", encoding, list(columns), rows)


def _read_json(path: Path, text: str, encoding: str) -> RawTable:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = QT_TRANSLATE_NOOP("messages", "Fix the JSON syntax.")
        if "\n{" in text or (text.lstrip().startswith("{") and text.count("\n{") > 0):
            hint = QT_TRANSLATE_NOOP("messages", "It looks like JSON Lines (one object per "
                                                 "line): rename it to .jsonl.")
        raise DataFileError.of(
            "bad_json",
            QT_TRANSLATE_NOOP("messages", "“{file}” is not valid JSON: {reason} at line {line}, "
                                          "column {character}."),
            hint, file=path.name, line=exc.lineno, reason=exc.msg, character=exc.colno) from None
    records = _find_records(path, value)
    columns: dict[str, None] = {}
    rows: list[RawRow] = []
    for number, item in enumerate(records, start=1):
        if not isinstance(item, dict):
            rows.append(RawRow(number, {}, [Issue.of(
                number, None, "error", "not_an_object",
                QT_TRANSLATE_NOOP("messages", "Record {row} is a JSON {kind}, not an object."),
                kind=type(item).__name__)]))
            continue
        columns.update(dict.fromkeys(item))
        rows.append(RawRow(number, item))
    return RawTable("json", encoding, list(columns), rows)


def _find_records(path: Path, value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        lists = {k: v for k, v in value.items()
                 if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)}
        if len(lists) == 1:
            return next(iter(lists.values()))
        if len(lists) > 1:
            raise DataFileError.of(
                "json_many_arrays",
                QT_TRANSLATE_NOOP("messages", "“{file}” holds several arrays of records "
                                              "({keys})."),
                QT_TRANSLATE_NOOP("messages", "Keep one array of {{prompt, chosen, rejected}} "
                                              "objects, or save each as its own file."),
                file=path.name, keys=list(lists))
        hint = QT_TRANSLATE_NOOP("messages", "Use an array of objects such as [{{\"prompt\": …, "
                                             "\"chosen\": …, \"rejected\": …}}], or JSON Lines.")
        if not value:
            raise DataFileError.of(
                "json_no_records",
                QT_TRANSLATE_NOOP("messages", "“{file}” is a JSON object with the keys (none) but "
                                              "no array of records."), hint, file=path.name)
        raise DataFileError.of(
            "json_no_records",
            QT_TRANSLATE_NOOP("messages", "“{file}” is a JSON object with the keys {keys} but no "
                                          "array of records."),
            hint, file=path.name, keys=[f"“{k}”" for k in value])
    raise DataFileError.of(
        "json_no_records",
        QT_TRANSLATE_NOOP("messages", "“{file}” holds a single JSON {kind}, not records."),
        QT_TRANSLATE_NOOP("messages", "Use an array of {{prompt, chosen, rejected}} objects."),
        file=path.name, kind=type(value).__name__)


def _read_parquet(path: Path) -> RawTable:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises many types for damaged files
        raise DataFileError.of(
            "bad_parquet",
            QT_TRANSLATE_NOOP("messages", "“{file}” cannot be read as Parquet: {reason}"),
            QT_TRANSLATE_NOOP("messages", "Check that the file is complete, or export it again."),
            file=path.name, reason=str(exc)) from None
    columns = list(table.column_names)
    records = table.to_pylist()
    rows = [RawRow(number, record) for number, record in enumerate(records, start=1)]
    return RawTable("parquet", None, columns, rows)


def list_sheets(path: Path) -> list[str]:
    workbook = _open_workbook(path, data_only=True)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _open_workbook(path: Path, *, data_only: bool) -> Any:
    import zipfile

    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataFileError.of(
            "bad_xlsx",
            QT_TRANSLATE_NOOP("messages", "“{file}” cannot be opened as an Excel workbook "
                                          "({reason})."),
            QT_TRANSLATE_NOOP("messages", "Open it in Excel and save it again as .xlsx."),
            file=path.name, reason=str(exc)) from None


def _read_xlsx(path: Path, sheet: str | None) -> RawTable:
    workbook = _open_workbook(path, data_only=True)
    try:
        names = list(workbook.sheetnames)
        if sheet is None:
            sheet = names[0]
        elif sheet not in names:
            raise DataFileError.of(
                "unknown_sheet",
                QT_TRANSLATE_NOOP("messages", "“{file}” has no sheet named “{sheet}”. Its sheets "
                                              "are: {sheets}."),
                QT_TRANSLATE_NOOP("messages", "Choose one of those sheets."),
                file=path.name, sheet=sheet, sheets=[f"“{n}”" for n in names])
        worksheet = workbook[sheet]
        # The <dimension> a file declares (up to XFD1048576) would pad every row to it and
        # add empty rows up to it: read only the cells that are really there.
        worksheet.reset_dimensions()
        rows_iter = worksheet.iter_rows(values_only=True)
        header: tuple[Any, ...] = ()
        number = 0
        for values in rows_iter:
            number += 1
            if number > MAX_ROWS:
                raise _too_many_rows(path, sheet)
            if any(v is not None and str(v).strip() for v in values):
                header = values
                break
        if not header:
            raise DataFileError.of(
                "empty_sheet",
                QT_TRANSLATE_NOOP("messages", "The sheet “{sheet}” of “{file}” is empty."),
                QT_TRANSLATE_NOOP("messages", "Choose the sheet that holds your pairs."),
                file=path.name, sheet=sheet)
        while header and (header[-1] is None or not str(header[-1]).strip()):
            header = header[:-1]
        columns, file_issues = unique_columns(header)
        width = len(columns)
        rows: list[RawRow] = []
        missing: list[tuple[RawRow, int]] = []
        for values in rows_iter:
            number += 1
            if number > MAX_ROWS + 1:
                raise _too_many_rows(path, sheet)
            cells = dict(zip(columns, values[:width], strict=False))
            row = RawRow(number, cells)
            extra = [v for v in values[width:] if v is not None and str(v).strip()]
            if extra:
                row.problems.append(Issue.of(
                    number, None, "error", "ragged_row",
                    QT_TRANSLATE_NOOP("messages", "Row {row} has values to the right of the last "
                                                  "named column; give that column a header or "
                                                  "move the values.")))
            if not _blank(cells):
                missing.extend((row, i) for i, v in enumerate(values[:width]) if v is None)
            rows.append(row)
    finally:
        workbook.close()
    _drop_trailing_blank(rows)
    if missing:
        _flag_formulas(path, sheet, columns, missing)
    return RawTable("xlsx", None, columns, rows, sheet=sheet, file_issues=file_issues)


def _flag_formulas(path: Path, sheet: str, columns: list[str],
                   missing: list[tuple[RawRow, int]]) -> None:
    """A formula saved without its result (files written by scripts) reads as empty."""
    wanted = {(row.number, index): row for row, index in missing}
    workbook = _open_workbook(path, data_only=False)
    try:
        for number, values in enumerate(workbook[sheet].iter_rows(values_only=True), start=1):
            for index, value in enumerate(values):
                row = wanted.get((number, index))
                if row is not None and isinstance(value, str) and value.startswith("="):
                    row.problems.append(Issue.of(
                        number, columns[index], "error", "formula_without_value",
                        QT_TRANSLATE_NOOP("messages", "Row {row}, column “{column}” holds the "
                                                      "formula {formula} but no saved result. "
                                                      "Open the file in Excel and save it, or "
                                                      "paste the cells as values."),
                        formula=value))
    finally:
        workbook.close()
