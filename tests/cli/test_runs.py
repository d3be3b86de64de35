"""`dpo-desktop runs`: the runs folder as a table or JSON, newest first, with status and
held-out accuracy before and after; an interrupted run is named with the command that
continues it. The folders are written with RunDir, as the engine writes them."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from dpo_desktop.cli import main
from dpo_desktop.core.training.rundir import RunDir


def make(runs: Path, name: str, status: str, updated: float,
         scores: dict[str, object] | None = None) -> RunDir:
    folder = RunDir(runs / name)
    folder.create()
    folder.config.write_text('[model]\nspec = "demo"\n', encoding="utf-8")
    folder.write_status(status, f"{status}.", updated=updated)  # type: ignore[arg-type]
    if scores is not None:
        folder.write_json(folder.eval_file, scores)
    return folder


@pytest.fixture
def runs(tmp_path: Path) -> Path:
    root = tmp_path / "runs"
    now = time.time()
    done = make(root, "done", "completed", now - 10,
                {"before": {"accuracy": 0.5, "margin": 0.0},
                 "after": {"accuracy": 0.875, "margin": 1.2}, "eval_rows": 8})
    done.adapter.mkdir()
    done.adapter_config.write_text("{}", encoding="utf-8")
    make(root, "crashed", "running", now - 100, {"before": {"accuracy": 0.25}})
    make(root, "failed", "failed", now - 1000)
    (root / "not-a-run").mkdir()
    return root


def test_runs_prints_a_table_newest_first(runs: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["runs", "--out", str(runs)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Runs in {runs}:"
    assert lines[1].split() == ["NAME", "STATUS", "BEFORE", "AFTER", "UPDATED", "MODEL"]
    rows = [line.split() for line in lines[2:5]]
    assert [(r[0], r[1], r[2], r[3], r[-1]) for r in rows] == [
        ("done", "completed", "50%", "88%", "demo"),
        ("crashed", "interrupted", "25%", "–", "demo"),
        ("failed", "failed", "–", "–", "demo")]
    assert lines[2].index("completed") == lines[1].index("STATUS")  # columns line up
    assert lines[-1] == ("Continue an interrupted run with: dpo-desktop train --resume "
                         f"{runs / 'crashed'}")


def test_runs_json(runs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["runs", "--out", str(runs), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["runs_dir"] == str(runs)
    assert [(r["name"], r["status"], r["accuracy_before"], r["accuracy_after"],
             r["has_adapter"]) for r in data["runs"]] == [
        ("done", "completed", 0.5, 0.875, True), ("crashed", "interrupted", 0.25, None, False),
        ("failed", "failed", None, None, False)]
    assert data["runs"][0]["path"] == str(runs / "done")


def test_no_runs_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DPO_DESKTOP_RUNS_DIR", str(tmp_path / "default"))
    assert main(["runs"]) == 0  # the default runs folder, not there yet
    assert capsys.readouterr().out == f"No runs in {tmp_path / 'default'} yet.\n"
    assert main(["runs", "--json", "--out", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out)["runs"] == []
