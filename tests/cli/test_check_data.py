"""`dpo-desktop check-data` as a user runs it: a real subprocess, real output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dpo_desktop.core.resources import sample_path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dpo_desktop", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_json_report_keys_for_the_japanese_sample() -> None:
    result = run("check-data", str(sample_path("support_ja.csv")), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for key in ("format", "encoding", "mapping", "rows_total", "rows_valid", "rows_excluded",
                "train_rows", "eval_rows", "issues"):
        assert key in report
    assert report["encoding"] == "utf-8-sig"
    assert report["train_rows"] + report["eval_rows"] == report["rows_valid"] == 72


def test_human_report_and_mapping_override(tmp_path: Path) -> None:
    path = tmp_path / "faq.csv"
    path.write_text("Q,Good,Bad\nHours?,9 to 5 on weekdays.,Whenever.\n", encoding="utf-8")
    result = run("check-data", str(path), "--map", "prompt=Q", "--map", "chosen=Good",
                 "--map", "rejected=Bad")
    assert result.returncode == 0, result.stderr
    assert "1 total, 1 valid, 0 excluded" in result.stdout
    assert "prompt ← “Q”" in result.stdout


def test_unusable_file_exits_2_without_traceback(tmp_path: Path) -> None:
    result = run("check-data", str(tmp_path / "nothing.csv"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "There is no file at" in result.stderr
