"""The training data file edited or deleted while a run is going or before a resume: the
run uses its own copy in data/, and says so in the CLI and the GUI log (in Japanese too).
The whole-run cases (edited before a resume, deleted during a run) are in test_training.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dpo_desktop.core.training.datacopy import check_source, record_source
from dpo_desktop.gui import i18n, messages


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "faq.csv"
    source.write_text("prompt,chosen,rejected\nq,a,b\n", encoding="utf-8")
    data = tmp_path / "run" / "data"
    data.mkdir(parents=True)
    line = record_source(data, source)
    assert line.code == "data_copied" and str(data) in line.message
    return source, data


def test_unchanged(recorded: tuple[Path, Path]) -> None:
    _, data = recorded
    line = check_source(data)
    assert line.level == "info" and line.code == "data_resume_copy"
    assert "faq.csv is unchanged" in line.message


def test_edited_with_the_same_size_and_time(recorded: tuple[Path, Path]) -> None:
    import os

    source, data = recorded
    stat = source.stat()
    source.write_text("prompt,chosen,rejected\nq,b,a\n", encoding="utf-8")  # swapped answers
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    line = check_source(data)
    assert line.level == "warning" and line.code == "data_source_changed"
    assert "faq.csv has changed since the run started" in line.message


def test_deleted(recorded: tuple[Path, Path]) -> None:
    source, data = recorded
    source.unlink()
    line = check_source(data)
    assert line.level == "warning" and line.code == "data_source_gone"
    assert line.message.startswith(f"faq.csv is no longer at {source.parent}")
    assert str(data) in line.message


def test_a_run_from_before_this_record_still_resumes_and_says_so(tmp_path: Path) -> None:
    line = check_source(tmp_path / "old-run" / "data")
    assert line.code == "data_resume_copy" and "own copy of the data" in line.message


def test_every_line_reads_in_japanese(recorded: tuple[Path, Path], qapp: Any) -> None:
    source, data = recorded
    lines = [record_source(data, source), check_source(data)]
    source.write_text("changed", encoding="utf-8")
    lines.append(check_source(data))
    source.unlink()
    lines.append(check_source(data))
    lines.append(check_source(data.parent / "nothing"))
    assert i18n.install(qapp, "ja") == "ja"
    try:
        for line in lines:
            text = messages.translate_log(line.code, line.message, line.template, line.params)
            assert text != line.message and "データ" in text, text
            assert "faq.csv" in text or "faq.csv" not in line.message, text
    finally:
        i18n.uninstall(qapp)
