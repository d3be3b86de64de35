"""Faults while training, with the real engine on the tiny model.

Every write site of a run (the run folder, status.json, metrics.jsonl, checkpoints, the
adapter) meets one fault here; the other fault kinds reach the same sites through the same
primitives and mapping, as test_write_sites.py shows for each. A failed run must say
what happened in plain words (CLI: error + hint, exit 2, no "bug" text), record
"failed" where it can, keep the complete checkpoints, and never leave an adapter that
looks saved. The run trains on its own copy of the data, which it says.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from dpo_desktop.cli import main
from dpo_desktop.core.config import (
    DataSettings,
    LoraSettings,
    ModelSettings,
    RunConfig,
    TrainingSettings,
    save_config,
)
from dpo_desktop.core.events import Event, Failed, LogLine, event_from_dict
from dpo_desktop.core.resources import sample_path
from dpo_desktop.core.training import Engine
from dpo_desktop.core.training.rundir import RunDir
from tests.faults.inject import Fault, visible_leftovers


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    """The user's data file: a copy of the sample that tests edit or delete."""
    target = tmp_path / "my pairs.csv"
    shutil.copyfile(sample_path("support_en.csv"), target)
    return target


@pytest.fixture
def config(tiny_model: Path, data_file: Path, tmp_path: Path) -> RunConfig:
    return RunConfig(
        output_dir=str(tmp_path / "run"), model=ModelSettings(spec=str(tiny_model)),
        data=DataSettings(path=str(data_file), eval_fraction=0.0),
        training=TrainingSettings(max_steps=2, batch_size=2, max_length=64, save_steps=1,
                                  learning_rate=1e-3, warmup_ratio=0.0),
        lora=LoraSettings(r=4, alpha=8))


def events_of(run: Path) -> list[Event]:
    lines = (run / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    return [event_from_dict(json.loads(line)) for line in lines]  # every line whole


def _check_plain_cli_error(err: str, *names: str) -> None:
    assert "error: " in err and "hint: " in err, err
    assert "unexpected" not in err and "bug" not in err and "Traceback" not in err, err
    for name in names:
        assert name in err, (name, err)


def test_disk_full_at_a_checkpoint_keeps_the_last_complete_one_and_resumes(
        config: RunConfig, data_file: Path, tmp_path: Path,
        fault: Callable[[str, str | Path], Fault],
        capsys: pytest.CaptureFixture[str]) -> None:
    run = tmp_path / "run"
    settings = tmp_path / "settings.toml"
    save_config(replace(config, output_dir=""), settings)
    injected = fault("disk_full", run / "checkpoints" / "checkpoint-2")

    code = main(["train", str(settings), "--out", str(run)])
    err = capsys.readouterr().err
    assert code == 2 and injected.hits
    _check_plain_cli_error(err, "not enough free space", "checkpoint-2", "Free some space on")
    status = json.loads((run / "status.json").read_text(encoding="utf-8"))
    assert status["status"] == "failed" and status["code"] == "disk_full"
    assert RunDir(run).last_checkpoint() == run / "checkpoints" / "checkpoint-1"
    assert not (run / "checkpoints" / "checkpoint-2" / "trainer_state.json").exists()
    assert not (run / "adapter").exists()  # nothing that looks like a finished run
    failed = [e for e in events_of(run) if isinstance(e, Failed)]
    assert failed and failed[-1].code == "disk_full" and dict(failed[-1].params)["drive"]

    # The disk has room again, and the user edited their file meanwhile: the resume goes
    # on from checkpoint-1 with the run's own copy of the data, and says so.
    injected.active = False
    with data_file.open("a", encoding="utf-8") as handle:
        handle.write('"new question","new good","new bad"\n')
    assert main(["train", "--resume", str(run)]) == 0
    err = capsys.readouterr().err
    assert "Resuming from checkpoint-1" in err
    assert "my pairs.csv has changed since the run started" in err
    assert "data" in err and "Start a new run to train on the new version" in err
    assert json.loads((run / "status.json").read_text(encoding="utf-8"))["status"] == \
        "completed"
    assert (run / "adapter" / "adapter_config.json").is_file()


class _DeleteData:
    """A trainer callback that deletes the user's data file after the first step."""

    def __init__(self, path: Path) -> None:
        from transformers import TrainerCallback

        self.path = path
        self.callback = type("DeleteData", (TrainerCallback,), {
            "on_step_end": lambda _self, *a, **k: self.path.unlink(missing_ok=True)})()


def test_adapter_not_writable_and_data_deleted_during_the_run(
        config: RunConfig, data_file: Path, tmp_path: Path,
        fault: Callable[[str, str | Path], Fault]) -> None:
    run = tmp_path / "run"
    seen: list[Event] = []
    injected = fault("permission", run / ".adapter")  # the folder written beside
    result = Engine(extra_callbacks=[_DeleteData(data_file).callback]).run(config, seen.append)
    assert not data_file.exists()  # gone since step 1, yet training reached step 2
    copied = [e for e in seen if isinstance(e, LogLine) and e.code == "data_copied"]
    assert copied and "its own copy of the data" in copied[0].message
    assert "my pairs.csv" in copied[0].message
    assert result.status == "failed" and injected.hits
    failure = result.failure
    assert failure is not None and failure.code == "permission_denied"
    assert str(run / "adapter") in failure.message and failure.hint
    assert not (run / "adapter").exists()
    assert [p.name for p in visible_leftovers(run) if p.parent == run] == [
        "checkpoints", "data", "eval.json", "metrics.jsonl", "run.toml", "status.json"]
    assert RunDir(run).last_checkpoint() == run / "checkpoints" / "checkpoint-2"
    assert RunDir(run).read_status()["code"] == "permission_denied"


@pytest.mark.parametrize(("kind", "where", "code", "named"), [
    ("vanished", "run", "folder_missing", "run"),
    ("locked", "run/status.json", "file_locked", "status.json"),
    ("read_only", "run/metrics.jsonl", "read_only", "metrics.jsonl"),
])
def test_a_run_folder_fault_before_training_is_a_plain_failure(
        kind: str, where: str, code: str, named: str, config: RunConfig, tmp_path: Path,
        fault: Callable[[str, str | Path], Fault]) -> None:
    seen: list[Any] = []
    injected = fault(kind, tmp_path / where)
    result = Engine().run(config, seen.append)
    assert result.status == "failed" and injected.hits
    failure = result.failure
    assert failure is not None and failure.code == code, failure
    assert named in failure.message and failure.hint
    assert seen and seen[-1] == failure  # the caller hears of it even if the disk refuses
    assert not (tmp_path / "run" / "adapter").exists()


@pytest.mark.parametrize(("kind", "code"), [("read_only", "read_only"),
                                            ("vanished", "folder_missing")])
def test_a_checkpoint_on_a_disk_that_turned_read_only_or_went_away(
        kind: str, code: str, config: RunConfig, tmp_path: Path,
        fault: Callable[[str, str | Path], Fault]) -> None:
    run = tmp_path / "run"
    injected = fault(kind, run / "checkpoints" / "checkpoint-2")
    result = Engine().run(config)
    assert result.status == "failed" and injected.hits
    failure = result.failure
    assert failure is not None and failure.code == code
    assert "checkpoint-2" in failure.message and failure.hint
    assert RunDir(run).last_checkpoint() == run / "checkpoints" / "checkpoint-1"
    assert not (run / "adapter").exists()
    assert RunDir(run).read_status()["status"] == "failed"
