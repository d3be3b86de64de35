"""Make-pairs output on a full disk, through the command: the pairs written before stay
whole and resumable, the message names the file, and the same command continues."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dpo_desktop.cli import main
from dpo_desktop.core.resources import sample_path
from tests.faults.inject import Fault


def _keys(path: Path) -> list[str]:
    return [json.loads(line)["key"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_make_pairs_on_a_full_disk_keeps_and_resumes(
        tiny_model: Path, tmp_path: Path, fault: Callable[[str, str | Path], Fault],
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pairs.jsonl"
    args = ["make-pairs", str(sample_path("faq_en.csv")), "--out", str(out), "--model",
            str(tiny_model), "--max-new-tokens", "4", "--batch-size", "4", "--temperature",
            "1.0", "--keep-similar"]
    assert main([*args, "--limit", "4"]) == 0
    before = _keys(out)
    assert len(before) == 4
    capsys.readouterr()

    injected = fault("disk_full", "pairs.jsonl")  # and its temporary, .pairs.jsonl.*.tmp
    assert main([*args, "--limit", "8"]) == 2 and injected.hits
    err = capsys.readouterr().err
    assert "error: There is not enough free space on" in err and "pairs.jsonl" in err
    assert "hint: Free some space on" in err and "unexpected" not in err
    assert _keys(out) == before  # the complete file from before, whole
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    injected.active = False
    assert main([*args, "--limit", "8"]) == 0
    after = _keys(out)
    assert after[:4] == before and len(after) == 8
