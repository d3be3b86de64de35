"""Every small write site × every fault: a plain message naming the file, the complete
file from before untouched, and nothing half-written that looks finished.

The sites here are the ones the app writes through ``core.atomic`` (or appends to):
status.json, eval.json, run.toml / the settings file, metrics.jsonl, the data editor's
CSV and JSONL saves, the votes file, the make-pairs output, the saved prompts, and a
folder written in one go (the adapter). Training, export and the GUI are in their own
files; they meet the same faults through the same primitives.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from dpo_desktop.core.atomic import atomic_dir
from dpo_desktop.core.config import RunConfig, load_config, save_config
from dpo_desktop.core.data import load_preferences
from dpo_desktop.core.data.editing import DraftRow, save_rows
from dpo_desktop.core.errors import UserError, WriteError
from dpo_desktop.core.events import LogLine, event_from_dict
from dpo_desktop.core.pairs import _Progress
from dpo_desktop.core.prompts import SavedPrompts
from dpo_desktop.core.training.rundir import RunDir
from dpo_desktop.core.votes import append_vote_pair
from tests.faults.inject import CODES, KINDS, Fault, hidden_leftovers, visible_leftovers

ROWS = [DraftRow("質問", "良い答え", "悪い答え"), DraftRow("Q2", "good", "bad")]
MORE = [*ROWS, DraftRow("Q3", "fine", "poor")]


@dataclass
class Site:
    """``before`` writes the complete old state; ``write`` is the write that meets the
    fault; ``check`` asserts the old state is intact. ``file`` is what the message names."""

    file: str
    before: Callable[[Path], None]
    write: Callable[[Path], object]
    check: Callable[[Path], None]


def _status_before(d: Path) -> None:
    RunDir(d).write_status("paused", "Paused.")


def _status_check(d: Path) -> None:
    assert RunDir(d).read_status()["status"] == "paused"


def _eval_before(d: Path) -> None:
    RunDir(d).write_json(d / "eval.json", {"before": {"accuracy": 0.5}})


def _eval_check(d: Path) -> None:
    assert RunDir(d).read_eval() == {"before": {"accuracy": 0.5}}


def _metrics_before(d: Path) -> None:
    run = RunDir(d)
    run.append_event(LogLine("info", "first"))
    run.close()


def _metrics_write(d: Path) -> None:
    run = RunDir(d)
    try:
        run.append_event(LogLine("info", "second, which the disk refuses " * 20))
    finally:
        run.close()


def _metrics_check(d: Path) -> None:
    lines = (d / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    events = [event_from_dict(json.loads(line)) for line in lines]  # no half line
    assert [e.message for e in events] == ["first"]  # type: ignore[attr-defined]


def _config_check(d: Path) -> None:
    assert load_config(d / "run.toml").name == "old"


def _rows_check(name: str) -> Callable[[Path], None]:
    def check(d: Path) -> None:
        assert len(load_preferences(d / name).pairs) == 2

    return check


def _votes_before(d: Path) -> None:
    append_vote_pair(d / "votes.jsonl", {"prompt": "p", "chosen": "a", "rejected": "b"})


def _votes_write(d: Path) -> None:
    append_vote_pair(d / "votes.jsonl", {"prompt": "p2", "chosen": "c", "rejected": "d"})


def _votes_check(d: Path) -> None:
    lines = (d / "votes.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["prompt"] for line in lines] == ["p"]


def _pairs_before(d: Path) -> None:
    _Progress(d / "pairs.jsonl").save([("k1", json.dumps({"key": "k1", "prompt": "a"}))], [])


def _pairs_write(d: Path) -> None:
    _Progress(d / "pairs.jsonl").save([("k2", json.dumps({"key": "k2", "prompt": "b"}))], [])


def _pairs_check(d: Path) -> None:
    progress = _Progress(d / "pairs.jsonl")  # reads back as resumable, with k1 only
    assert progress.written == {"k1"}


def _prompts_before(d: Path) -> None:
    SavedPrompts.load(d / "prompts.json").add("first prompt")


def _prompts_write(d: Path) -> None:
    saved = SavedPrompts.load(d / "prompts.json")
    try:
        saved.add("second prompt")
    finally:
        assert saved.prompts == ["first prompt"]  # the list shown is the list on disk


def _prompts_check(d: Path) -> None:
    assert SavedPrompts.load(d / "prompts.json").prompts == ["first prompt"]


def _adapter_before(d: Path) -> None:
    with atomic_dir(d / "adapter") as folder:
        (folder / "adapter_config.json").write_text('{"r": 4}', encoding="utf-8")
        (folder / "adapter_model.safetensors").write_bytes(b"old weights")


def _adapter_write(d: Path) -> None:
    with atomic_dir(d / "adapter") as folder:
        (folder / "adapter_config.json").write_text('{"r": 8}', encoding="utf-8")
        (folder / "adapter_model.safetensors").write_bytes(b"new weights " * 1000)


def _adapter_check(d: Path) -> None:
    assert (d / "adapter" / "adapter_config.json").read_text(encoding="utf-8") == '{"r": 4}'
    assert (d / "adapter" / "adapter_model.safetensors").read_bytes() == b"old weights"


SITES = {
    "status.json": Site("status.json", _status_before,
                        lambda d: RunDir(d).write_status("running", "Training."), _status_check),
    "eval.json": Site("eval.json", _eval_before,
                      lambda d: RunDir(d).write_json(d / "eval.json", {"after": {}}),
                      _eval_check),
    "metrics.jsonl": Site("metrics.jsonl", _metrics_before, _metrics_write, _metrics_check),
    "run.toml (settings file)": Site(
        "run.toml", lambda d: save_config(RunConfig(name="old"), d / "run.toml"),
        lambda d: save_config(RunConfig(name="new"), d / "run.toml"), _config_check),
    "data editor: CSV": Site("pairs.csv", lambda d: save_rows(ROWS, d / "pairs.csv"),
                             lambda d: save_rows(MORE, d / "pairs.csv"), _rows_check("pairs.csv")),
    "data editor: JSONL": Site("pairs.jsonl", lambda d: save_rows(ROWS, d / "pairs.jsonl"),
                               lambda d: save_rows(MORE, d / "pairs.jsonl"),
                               _rows_check("pairs.jsonl")),
    "votes": Site("votes.jsonl", _votes_before, _votes_write, _votes_check),
    "make-pairs output": Site("pairs.jsonl", _pairs_before, _pairs_write, _pairs_check),
    "saved prompts": Site("prompts.json", _prompts_before, _prompts_write, _prompts_check),
    "adapter folder": Site("adapter", _adapter_before, _adapter_write, _adapter_check),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("site_name", list(SITES))
def test_a_fault_is_a_plain_message_and_leaves_the_old_file_whole(
        site_name: str, kind: str, tmp_path: Path,
        fault: Callable[[str, str | Path], Fault]) -> None:
    site = SITES[site_name]
    folder = tmp_path / "work"
    folder.mkdir()
    site.before(folder)
    before = visible_leftovers(folder)
    injected = fault(kind, folder)
    with pytest.raises(UserError) as caught:
        site.write(folder)
    injected.active = False
    assert injected.hits, "the fault was never reached"
    error = caught.value
    assert isinstance(error, WriteError)
    assert error.code == CODES[kind], (error.code, error.message)
    assert site.file in error.message and ".tmp" not in error.message
    assert "partial" not in error.message and error.hint
    assert error.params["file"].endswith(site.file)
    site.check(folder)
    assert visible_leftovers(folder) == before  # nothing new that looks finished
    assert hidden_leftovers(folder) == []  # and no temporary left behind either


def test_an_unmapped_disk_error_is_still_a_plain_save_failed(tmp_path: Path) -> None:
    (tmp_path / "taken.csv").mkdir()  # a folder where the file should go
    with pytest.raises(WriteError) as caught:
        save_rows(ROWS, tmp_path / "taken.csv")
    assert caught.value.code == "save_failed" and "taken.csv" in caught.value.message


def test_a_lock_that_clears_by_itself_is_waited_out(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A virus scanner holding status.json for a moment must not fail a training run."""
    run = RunDir(tmp_path / "run")
    run.create()
    run.write_status("running", "Training.")
    injected = Fault(monkeypatch, "locked", run.status_file, times=2)
    run.write_status("paused", "Paused.")
    assert len(injected.hits) == 2 and run.read_status()["status"] == "paused"
    assert hidden_leftovers(run.root) == []
