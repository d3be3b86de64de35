"""Every supported format and encoding reads into the same pairs, and says what it was."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dpo_desktop.core.data import load_preferences
from tests.core.data.conftest import GOOD_ROWS, JA_ROWS, csv_text


def _texts(path: Path, **kwargs: object) -> list[tuple[str, str, str]]:
    dataset = load_preferences(path, **kwargs)  # type: ignore[arg-type]
    return [(p.prompt_text, p.chosen, p.rejected) for p in dataset.pairs]


EXPECTED = [tuple(r) for r in GOOD_ROWS[1:]]
EXPECTED_JA = [tuple(r) for r in JA_ROWS[1:]]


@pytest.mark.parametrize(("encoding", "reported"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp932", "cp932"),
    ("shift_jis", "cp932"), ("utf-16", "utf-16"),
])
def test_csv_encodings_are_detected_and_reported(tmp_path: Path, encoding: str,
                                                 reported: str) -> None:
    path = tmp_path / f"ja-{encoding}.csv"
    path.write_bytes(csv_text(JA_ROWS).encode(encoding))
    dataset = load_preferences(path)
    assert dataset.report.encoding == reported
    assert [(p.prompt_text, p.chosen, p.rejected) for p in dataset.pairs] == EXPECTED_JA
    assert dataset.report.mapping == dict(zip(("prompt", "chosen", "rejected"), JA_ROWS[0]))


def test_cp932_specific_characters(tmp_path: Path) -> None:
    """CP932 has characters Shift_JIS lacks (①, ㈱, NEC specials) that Excel writes."""
    rows = [JA_ROWS[0], ["㈱山田の①番窓口は？", "①番窓口は1階です。", "不明。"]]
    path = tmp_path / "cp932.csv"
    path.write_bytes(csv_text(rows).encode("cp932"))
    dataset = load_preferences(path)
    assert dataset.report.encoding == "cp932"
    assert dataset.pairs[0].prompt_text == "㈱山田の①番窓口は？"


def test_excel_unicode_text_is_tab_separated_utf16(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + csv_text(JA_ROWS, "\t").encode("utf-16-le"))
    dataset = load_preferences(path)
    assert (dataset.report.format, dataset.report.encoding) == ("tsv", "utf-16")
    assert [(p.prompt_text, p.chosen, p.rejected) for p in dataset.pairs] == EXPECTED_JA


def test_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "nobom.tsv"
    path.write_bytes(csv_text(GOOD_ROWS, "\t").encode("utf-16-le"))
    dataset = load_preferences(path)
    assert dataset.report.encoding == "utf-16-le"
    assert len(dataset.pairs) == 3


def test_tsv_and_semicolon_csv(tmp_path: Path) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text(csv_text(GOOD_ROWS, "\t"), encoding="utf-8")
    assert _texts(tsv) == EXPECTED
    semi = tmp_path / "b.csv"
    semi.write_text(csv_text(GOOD_ROWS, ";"), encoding="utf-8")
    assert _texts(semi) == EXPECTED


def test_jsonl_json_array_and_object(tmp_path: Path) -> None:
    records = [dict(zip(GOOD_ROWS[0], row)) for row in GOOD_ROWS[1:]]
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    array = tmp_path / "b.json"
    array.write_text(json.dumps(records), encoding="utf-8")
    wrapped = tmp_path / "c.json"
    wrapped.write_text(json.dumps({"version": 2, "data": records}), encoding="utf-8")
    for path in (jsonl, array, wrapped):
        assert _texts(path) == EXPECTED
    assert load_preferences(jsonl).report.row_unit == "line"


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({k: [r[i] for r in GOOD_ROWS[1:]]
                             for i, k in enumerate(GOOD_ROWS[0])}), path)
    dataset = load_preferences(path)
    assert dataset.report.format == "parquet"
    assert _texts(path) == EXPECTED


def test_xlsx_first_sheet_by_default_and_sheet_choice(write_xlsx) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx({"Notes": [["just notes"]], "Pairs": GOOD_ROWS})
    from dpo_desktop.core.errors import DataFileError

    with pytest.raises(DataFileError) as excinfo:
        load_preferences(path)  # the first sheet has no pair columns
    assert "Columns found" in excinfo.value.message
    dataset = load_preferences(path, sheet="Pairs")
    assert dataset.report.sheet == "Pairs"
    assert [(p.prompt_text, p.chosen, p.rejected) for p in dataset.pairs] == EXPECTED
    first = write_xlsx({"Pairs": GOOD_ROWS, "Other": [["x"]]}, name="b.xlsx")
    assert load_preferences(first).report.sheet == "Pairs"


def test_sample_sets_are_clean_and_large_enough() -> None:
    from dpo_desktop.core.resources import sample_path

    for name in ("support_en.csv", "support_ja.csv"):
        dataset = load_preferences(sample_path(name))
        assert dataset.report.rows_valid >= 60
        assert dataset.report.issues == ()
        train, evaluation = dataset.split()
        assert len(evaluation) >= 1 and len(train) + len(evaluation) == len(dataset.pairs)
