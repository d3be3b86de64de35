"""Resuming from what a stop, a crash or a damaged disk leaves: the run lock, the resume
plan, the choice between the last good checkpoint and starting over, and the history
replayed for the charts. The training cases really train the tiny model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from transformers import TrainerCallback

from dpo_desktop.core.config import RunConfig
from dpo_desktop.core.events import EvalMetrics, Event, Failed, LogLine, StepMetrics
from dpo_desktop.core.training import Engine, TrainingControl
from dpo_desktop.core.training.resume import (
    inspect_run,
    replay_events,
    safetensors_problem,
)
from dpo_desktop.core.training.runlock import owner_alive, process_identity, read_lock, write_lock
from dpo_desktop.core.training.runs import is_interrupted
from tests.core.training.conftest import read_json, without_eval


class AtStep(TrainerCallback):
    def __init__(self, step: int, action: Callable[[], None]) -> None:
        self.step, self.action = step, action

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if state.global_step == self.step:
            self.action()


# ------------------------------------------------------------------ no training

def test_the_lock_tells_a_live_owner_from_a_dead_or_reused_pid(tmp_path: Path) -> None:
    lock = tmp_path / "run.lock"
    write_lock(lock)
    mine = read_lock(lock)
    assert mine["pid"] == os.getpid() and owner_alive(mine)
    # the same PID with another start identity: the PID was reused by a new process
    assert not owner_alive({**mine, "identity": "0:1"}) or mine["identity"] is None
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    dead = {**mine, "pid": int(child.stdout), "identity": "gone"}
    assert not owner_alive(dead)  # however recent: no waiting for files to age
    assert not owner_alive({})
    assert process_identity(os.getpid()) == process_identity(os.getpid())


def _write_run(run: Path, status: dict[str, Any], lock: dict[str, Any] | None) -> None:
    run.mkdir(parents=True)
    (run / "run.toml").write_text("", encoding="utf-8")
    (run / "status.json").write_text(json.dumps(status), encoding="utf-8")
    if lock is not None:
        (run / "run.lock").write_text(json.dumps(lock), encoding="utf-8")


def test_interrupted_means_the_owner_is_gone_or_it_was_quit(tmp_path: Path) -> None:
    write_lock(tmp_path / "mine.lock")
    mine = read_lock(tmp_path / "mine.lock")
    _write_run(tmp_path / "live", {"status": "running"}, mine)
    _write_run(tmp_path / "crashed", {"status": "running"}, {**mine, "identity": "x:1"})
    _write_run(tmp_path / "nolock", {"status": "paused"}, None)
    _write_run(tmp_path / "quit", {"status": "cancelled", "continue_later": True}, None)
    _write_run(tmp_path / "stopped", {"status": "cancelled"}, None)
    _write_run(tmp_path / "done", {"status": "completed"}, None)
    found = {p.name for p in tmp_path.iterdir() if p.is_dir() and is_interrupted(p)}
    if mine["identity"] is None:  # no start identity on this system: PIDs only
        found.add("crashed")
    assert found == {"crashed", "nolock", "quit"}
    assert inspect_run(tmp_path / "live").in_use_pid == os.getpid()
    plan = inspect_run(tmp_path / "nolock")
    assert [p.code for p in plan.notices] == ["stale_status"]
    assert plan.needs_choice and [p.code for p in plan.damaged] == ["no_checkpoint"]


def test_safetensors_check_finds_cut_and_overwritten_files(tmp_path: Path) -> None:
    import torch
    from safetensors.torch import save_file

    good = tmp_path / "a.safetensors"
    save_file({"w": torch.ones(4, 4), "b": torch.zeros(3)}, str(good))
    assert safetensors_problem(good) is None
    data = good.read_bytes()
    cut = tmp_path / "cut.safetensors"
    cut.write_bytes(data[:-5])
    assert safetensors_problem(cut) == "size does not match its header"
    garbage = tmp_path / "garbage.safetensors"
    garbage.write_bytes(b"\x00" * 8 + data[8:])
    assert safetensors_problem(garbage) == "bad header length"
    header = tmp_path / "header.safetensors"
    header.write_bytes(data[:8] + b"!" * 10 + data[18:])
    assert safetensors_problem(header) == "bad header"
    assert safetensors_problem(tmp_path / "missing.safetensors") is not None


def _step(n: int) -> dict[str, Any]:
    return StepMetrics(step=n, max_steps=9, epoch=0.0, loss=1.0 / n).to_dict()


def test_replay_keeps_the_whole_run_once(tmp_path: Path) -> None:
    before = EvalMetrics(step=0, rewards_accuracy=0.5, label="before").to_dict()
    after = EvalMetrics(step=5, rewards_accuracy=0.9, label="after").to_dict()
    # steps 1-5, a crash, a resume from checkpoint 4 (steps 5-6), and a cut-off line
    lines = [before, *map(_step, range(1, 6)), *map(_step, (5, 6)), after]
    text = "".join(json.dumps(x) + "\n" for x in lines) + '{"event": "StepMet'
    (tmp_path / "metrics.jsonl").write_text(text, encoding="utf-8")
    events = replay_events(tmp_path)
    assert [e.step for e in events if isinstance(e, StepMetrics)] == [1, 2, 3, 4, 5, 6]
    assert [e.label for e in events if isinstance(e, EvalMetrics)] == ["before", "after"]
    # about to resume from checkpoint 3: the history shown stops there
    upto = replay_events(tmp_path, upto_step=3)
    assert [e.step for e in upto if isinstance(e, StepMetrics)] == [1, 2, 3]
    assert [e.label for e in upto if isinstance(e, EvalMetrics)] == ["before"]


# ------------------------------------------------------------------ trained runs

@pytest.fixture(scope="module")
def stopped_run(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Trained 3 of 4 steps with a checkpoint every 2 and a quick stop at 3: checkpoints
    2 and 3, no "after" score, status cancelled to continue later."""
    from dpo_desktop.core.config import (
        DataSettings,
        LoraSettings,
        ModelSettings,
        TrainingSettings,
    )

    out = tmp_path_factory.mktemp("stopped") / "run"
    config = RunConfig(
        output_dir=str(out), model=ModelSettings(spec=str(tiny_model_dir)),
        data=DataSettings(eval_fraction=0.06),
        training=TrainingSettings(max_steps=4, batch_size=2, max_length=96, save_steps=2,
                                  learning_rate=1e-3, warmup_ratio=0.0),
        lora=LoraSettings(r=4, alpha=8))
    control = TrainingControl()
    result = Engine(control, [AtStep(3, lambda: control.stop(quick=True))]).run(config)
    assert result.status == "cancelled", result.message
    return out


def _copy(run: Path, tmp_path: Path) -> Path:
    target = tmp_path / "run"
    shutil.copytree(run, target)
    return target


def test_quit_saves_at_the_step_and_defers_the_after_score(stopped_run: Path,
                                                           tmp_path: Path) -> None:
    run = _copy(stopped_run, tmp_path)
    status = read_json(run / "status.json")
    assert status["status"] == "cancelled" and status["continue_later"] is True
    assert "after" not in read_json(run / "eval.json") and is_interrupted(run)
    plan = inspect_run(run)
    assert plan.checkpoint == run / "checkpoints" / "checkpoint-3"
    assert not plan.needs_choice and plan.steps_lost == 0

    events: list[Event] = []
    assert Engine().resume(run, events.append).status == "completed"
    assert [e.step for e in events if isinstance(e, StepMetrics)] == [4]
    assert "after" in read_json(run / "eval.json")  # measured when the run was continued
    assert not is_interrupted(run)


def test_a_cut_off_metrics_line_is_dropped_and_the_run_continues(stopped_run: Path,
                                                                 tmp_path: Path) -> None:
    run = _copy(stopped_run, tmp_path)
    with (run / "metrics.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"event": "StepMetrics", "step": 4, "lo')
    plan = inspect_run(run)
    assert [p.code for p in plan.notices] == ["metrics_truncated"] and not plan.needs_choice
    events: list[Event] = []
    assert Engine().resume(run, events.append).status == "completed"
    assert any(isinstance(e, LogLine) and e.code == "resume:metrics_truncated" for e in events)
    for line in (run / "metrics.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line)  # every line whole again
    assert [e.step for e in replay_events(run) if isinstance(e, StepMetrics)] == [1, 2, 3, 4]


def _remove_optimizer(checkpoint: Path) -> None:
    (checkpoint / "optimizer.pt").unlink()


def _remove_scheduler(checkpoint: Path) -> None:
    (checkpoint / "scheduler.pt").unlink()


def _corrupt_adapter(checkpoint: Path) -> None:
    weights = checkpoint / "adapter_model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])


@pytest.mark.parametrize(("damage", "reason"), [
    (_remove_optimizer, "optimizer.pt is missing"),
    (_remove_scheduler, "scheduler.pt is missing"),
    (_corrupt_adapter, "adapter_model.safetensors is damaged"),
])
def test_a_damaged_checkpoint_asks_then_continues_from_the_last_good(
        stopped_run: Path, tmp_path: Path, damage: Callable[[Path], None], reason: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    from dpo_desktop.cli import main

    run = _copy(stopped_run, tmp_path)
    damage(run / "checkpoints" / "checkpoint-3")
    plan = inspect_run(run)
    assert plan.needs_choice and plan.checkpoint == run / "checkpoints" / "checkpoint-2"
    assert [p.code for p in plan.damaged] == ["checkpoint_damaged"]
    assert reason in plan.damaged[0].message

    # CLI: a plain message naming both ways out, no traceback, nothing changed
    assert main(["train", "--resume", str(run)]) == 2
    err = capsys.readouterr().err
    assert reason in err and "--from-last-good" in err and "--start-over" in err
    assert "Traceback" not in err
    assert (run / "checkpoints" / "checkpoint-3").is_dir()

    events: list[Event] = []
    result = Engine().resume(run, events.append, choice="last_good")
    assert result.status == "completed"
    assert [e.step for e in events if isinstance(e, StepMetrics)] == [3, 4]
    assert any(isinstance(e, LogLine) and "checkpoint-2" in e.message for e in events)
    assert [e.step for e in replay_events(run) if isinstance(e, StepMetrics)] == [1, 2, 3, 4]


def test_no_checkpoint_says_so_and_starts_over_only_when_asked(stopped_run: Path,
                                                               tmp_path: Path) -> None:
    run = _copy(stopped_run, tmp_path)
    shutil.rmtree(run / "checkpoints")
    status = read_json(run / "status.json")
    (run / "status.json").write_text(json.dumps({**status, "status": "running"}),
                                     encoding="utf-8")  # a crash: its owner is gone
    events: list[Event] = []
    for choice in ("ask", "last_good"):
        assert Engine().resume(run, events.append, choice=choice).status == "failed"
        failure = events[-1]
        assert isinstance(failure, Failed) and failure.code == "resume_choice"
        assert "no checkpoint" in failure.message and "--start-over" in failure.hint
    events.clear()
    assert Engine().resume(run, events.append, choice="start_over").status == "completed"
    assert [e.step for e in events if isinstance(e, StepMetrics)] == [1, 2, 3, 4]
    assert (run / "metrics.previous.jsonl").is_file()
    assert read_json(run / "status.json")["status"] == "completed"


def test_a_run_trained_elsewhere_right_now_is_not_resumed(stopped_run: Path,
                                                          tmp_path: Path) -> None:
    run = _copy(stopped_run, tmp_path)
    status = read_json(run / "status.json")
    (run / "status.json").write_text(json.dumps({**status, "status": "running"}),
                                     encoding="utf-8")
    write_lock(run / "run.lock")  # this live process "trains" it
    events: list[Event] = []
    assert Engine().resume(run, events.append).status == "failed"
    assert isinstance(events[-1], Failed) and events[-1].code == "run_in_use"
    assert read_json(run / "status.json")["status"] == "running"


def test_ctrl_c_in_the_cli_saves_at_the_step_and_resume_goes_on(
        tiny_config: RunConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """CLI: Ctrl-C at step 3 saves checkpoint-3 (no periodic one yet); --resume goes on at 4."""
    import signal
    from dataclasses import replace

    import dpo_desktop.core.training as training
    from dpo_desktop.cli import main
    from dpo_desktop.core.config import save_config

    class CtrlCAtThree(Engine):
        def __init__(self, control: TrainingControl) -> None:
            super().__init__(control, [AtStep(3, lambda: os.kill(os.getpid(), signal.SIGINT))])

    settings = tmp_path / "settings.toml"
    save_config(replace(without_eval(tiny_config, max_steps=5, save_steps=50), output_dir=""),
                settings)
    run = tmp_path / "cli"
    monkeypatch.setattr(training, "Engine", CtrlCAtThree)
    assert main(["train", str(settings), "--out", str(run)]) == 130
    err = capsys.readouterr().err
    assert "stopping after this step" in err and f"--resume {run}" in err
    assert sorted(p.name for p in (run / "checkpoints").glob("checkpoint-*")) == ["checkpoint-3"]
    monkeypatch.undo()

    assert main(["train", "--resume", str(run)]) == 0
    err = capsys.readouterr().err
    assert "Resuming from checkpoint-3" in err and "] 4/5" in err and "] 3/5" not in err
    steps = [e.step for e in replay_events(run) if isinstance(e, StepMetrics)]
    assert steps == [1, 2, 3, 4, 5]
