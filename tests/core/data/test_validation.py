"""Each rule of the validation report: errors exclude, warnings keep, totals add up."""

from __future__ import annotations

from dpo_desktop.core.data import load_preferences
from dpo_desktop.core.data.validation import LONG_TEXT_CHARS, is_blank
from tests.core.data.conftest import GOOD_ROWS


def codes(dataset, row: int) -> set[str]:  # type: ignore[no-untyped-def]
    return {i.code for i in dataset.report.issues if i.row == row}


def test_errors_exclude_rows_with_spreadsheet_row_numbers(write_csv) -> None:  # type: ignore[no-untyped-def]
    dataset = load_preferences(write_csv([
        ["prompt", "chosen", "rejected"],
        ["ok", "good answer", "bad answer"],          # row 2
        ["", "good", "bad"],                          # row 3: empty prompt
        ["q", "", "bad"],                             # row 4: empty chosen
        ["q", "good", "  "],                          # row 5: empty rejected
        ["q", "Same  answer", "same answer "],        # row 6: case differs → allowed
        ["q2", "Same  answer", "Same answer"],        # row 7: identical after whitespace
    ]))
    report = dataset.report
    assert codes(dataset, 3) == {"empty_prompt"}
    assert codes(dataset, 4) == {"empty_chosen"}
    assert codes(dataset, 5) == {"empty_rejected"}
    assert "same_answers" not in codes(dataset, 6)
    assert "same_answers" in codes(dataset, 7)
    assert report.rows_total == 6 and report.rows_valid == 2 and report.rows_excluded == 4
    assert [p.row for p in dataset.pairs] == [2, 6]
    issue = next(i for i in report.issues if i.row == 4)
    assert issue.column == "chosen" and issue.severity == "error"
    assert "Row 4" in issue.message and "“chosen”" in issue.message


def test_warnings_keep_rows(write_csv) -> None:  # type: ignore[no-untyped-def]
    long_text = "x" * (LONG_TEXT_CHARS + 10)
    dataset = load_preferences(write_csv([
        ["prompt", "chosen", "rejected"],
        ["Q1", "A", "B"],           # row 2
        ["Q1", "A", "B"],           # row 3: duplicate of row 2
        ["Q1", "B", "A"],           # row 4: contradicts row 2
        [" Q2 ", "A", "B\n"],       # row 5: stray whitespace
        ["Q3", long_text, "B"],     # row 6: very long
    ]))
    assert dataset.report.rows_valid == 5 and dataset.report.rows_excluded == 0
    assert codes(dataset, 3) == {"duplicate_pair"}
    assert codes(dataset, 4) == {"contradicting_pair"}
    assert codes(dataset, 5) == {"stray_whitespace"}
    assert codes(dataset, 6) == {"very_long_text"}
    assert all(i.severity == "warning" for i in dataset.report.issues)
    assert dataset.pairs[3].prompt_text == "Q2" and dataset.pairs[3].rejected == "B"
    duplicate = next(i for i in dataset.report.issues if i.code == "duplicate_pair")
    assert "row 2" in duplicate.message


def test_non_text_cells_and_broken_json_lines(write_jsonl) -> None:  # type: ignore[no-untyped-def]
    dataset = load_preferences(write_jsonl([
        {"prompt": "q", "chosen": "a", "rejected": "b"},     # line 1
        '{"prompt": "q2", "chosen": "a", ',                    # line 2: broken
        {"prompt": "q3", "chosen": 42, "rejected": "b"},      # line 3: number
        {"prompt": "q4", "chosen": {"x": 1}, "rejected": "b"},  # line 4: object
        [1, 2, 3],                                            # line 5: not an object
        {"prompt": "q6", "chosen": "a", "rejected": "b"},     # line 6
    ]))
    report = dataset.report
    assert codes(dataset, 2) == {"bad_json_line"}
    assert codes(dataset, 3) == {"not_text"}
    assert codes(dataset, 4) == {"not_text"}
    assert codes(dataset, 5) == {"not_an_object"}
    assert [p.row for p in dataset.pairs] == [1, 6]
    assert report.rows_total == 6 and report.rows_valid == 2
    assert "Line 3" in next(i.message for i in report.issues if i.row == 3)


def test_every_excluded_row_has_an_error(write_csv) -> None:  # type: ignore[no-untyped-def]
    dataset = load_preferences(write_csv([
        ["prompt", "chosen", "rejected"], ["a", "b", "c"], ["", "", ""], ["d", "e", "e"],
        ["f", "g", "h"],
    ]))
    excluded = {r.row for r in dataset.records if not r.valid}
    with_errors = {i.row for i in dataset.report.errors}
    assert excluded == with_errors == {3, 4}
    assert len(dataset.records) == dataset.report.rows_total
    assert dataset.report.rows_valid + dataset.report.rows_excluded == dataset.report.rows_total


def test_formula_in_an_unmapped_column_keeps_the_row_valid(write_xlsx) -> None:  # type: ignore[no-untyped-def]
    # A "Notes" column of formulas saved without results (a script wrote the file): the
    # pairs themselves are fine, so every row stays valid and the formula is a warning.
    rows = [[*GOOD_ROWS[0], "Notes"]] + [[*row, f"=LEN(B{i + 2})"]
                                          for i, row in enumerate(GOOD_ROWS[1:])]
    rows.append(["Where is the shop?", "Next to the station.", "Somewhere.", "plain note"])
    dataset = load_preferences(write_xlsx({"S": rows}))
    report = dataset.report
    assert report.rows_total == 4 and report.rows_valid == 4 and not report.errors
    notes = [i for i in report.issues if i.code == "formula_without_value"]
    assert [i.row for i in notes] == [2, 3, 4]
    assert all(i.severity == "warning" and i.column == "Notes" for i in notes)
    # The same formula in a mapped column still excludes its row.
    rows[1][1] = "=A1"
    dataset = load_preferences(write_xlsx({"S": rows}, name="mapped.xlsx"))
    assert dataset.report.rows_valid == 3
    assert any(i.code == "formula_without_value" and i.severity == "error" and i.row == 2
               for i in dataset.report.issues)


def test_a_blank_row_is_reported_as_skipped_not_as_an_error(write_xlsx) -> None:  # type: ignore[no-untyped-def]
    from dpo_desktop.core.data.report import report_to_dict, report_to_text

    rows = [GOOD_ROWS[0], GOOD_ROWS[1], [None, None, None], GOOD_ROWS[2]]
    dataset = load_preferences(write_xlsx({"S": rows}))
    blank = [i for i in dataset.report.issues if i.code == "blank_row"]
    assert [i.row for i in blank] == [3] and is_blank(blank[0])
    text = report_to_text(report_to_dict(dataset))
    assert "ERROR" not in text and "0 error(s)" in text
    assert "SKIPPED Row 3 is empty" in text
