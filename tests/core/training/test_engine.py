"""The engine really trains the tiny model: run directory, events, pause, stop, resume, faults."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import torch
from transformers import TrainerCallback

from dpo_desktop.core.config import RunConfig, load_config
from dpo_desktop.core.events import (
    EvalMetrics,
    Event,
    Failed,
    Finished,
    LogLine,
    MemorySample,
    PhaseChanged,
    StepMetrics,
)
from dpo_desktop.core.training import Engine, TrainingControl
from tests.core.training.conftest import read_events, read_json, without_eval


class AtStep(TrainerCallback):
    """Calls ``action`` at the end of the given optimizer step (a test hook, not a mock)."""

    def __init__(self, step: int, action: Any) -> None:
        self.step, self.action = step, action

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if state.global_step == self.step:
            self.action()


def test_run_writes_the_whole_run_directory_and_pauses(tiny_config: RunConfig,
                                                        tiny_model_dir: Path) -> None:
    control = TrainingControl()
    run = Path(tiny_config.output_dir)
    seen: dict[str, Any] = {}
    thread = threading.Thread(target=_resume_when_paused, args=(run, control, seen))
    thread.start()
    events: list[Event] = []
    result = Engine(control, [AtStep(1, control.pause)]).run(tiny_config, events.append)
    thread.join()
    assert seen == {"paused": True, "quiet": True}  # it blocked between steps 1 and 2
    assert result.status == "completed" and result.run_dir == run.resolve()

    # run.toml is the same config (re-runnable: no folder, so a rerun starts a new run)
    assert load_config(run / "run.toml") == replace(tiny_config, output_dir="")
    assert 'backend = "cpu-lora"' in (run / "run.toml").read_text(encoding="utf-8")
    # data split actually used, plus the validation report
    train = (run / "data" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    held = (run / "data" / "eval.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(train) + len(held) == 72 and len(held) >= 1
    assert read_json(run / "data" / "validation_report.json")["rows_valid"] == 72
    # adapter + tokenizer, pointing at the local base folder
    adapter = run / "adapter"
    assert (adapter / "adapter_model.safetensors").is_file()
    assert (adapter / "tokenizer.json").is_file()
    assert read_json(adapter / "adapter_config.json")["base_model_name_or_path"] == str(
        tiny_model_dir.resolve())
    # checkpoints every 2 steps, at most two kept
    kept = sorted(p.name for p in (run / "checkpoints").glob("checkpoint-*"))
    assert kept == ["checkpoint-2", "checkpoint-4"]
    assert read_json(run / "status.json")["status"] == "completed"
    scores = read_json(run / "eval.json")
    assert scores["eval_rows"] == len(held)
    assert scores["before"] == {"accuracy": 0.5, "margin": 0.0}  # a fresh adapter = reference
    assert set(scores["after"]) == {"accuracy", "margin"}

    # events: metrics.jsonl holds exactly what the callback got
    assert [e.to_dict() for e in read_events(run)] == [e.to_dict() for e in events]
    steps = [e for e in events if isinstance(e, StepMetrics)]
    assert [s.step for s in steps] == [1, 2, 3, 4] and all(s.max_steps == 4 for s in steps)
    assert all(s.rewards_accuracy is not None and s.learning_rate is not None for s in steps)
    assert steps[-1].eta_seconds == 0 and steps[-1].step_seconds and steps[-1].tokens_per_second
    assert any(isinstance(e, MemorySample) and e.allocated > 0 for e in events)
    phases = [e.phase for e in events if isinstance(e, PhaseChanged)]
    assert phases[0] == "loading_model" and "training" in phases and "saving" in phases
    assert any(isinstance(e, LogLine) and e.code == "backend:cpu-lora" for e in events)
    labels = [e.label for e in events if isinstance(e, EvalMetrics)]
    assert labels == ["before", "after"]
    assert isinstance(events[-1], Finished) and events[-1].status == "completed"


def _resume_when_paused(run: Path, control: TrainingControl, seen: dict[str, Any]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status = run / "status.json"
        if status.is_file() and read_json(status)["status"] == "paused":
            seen["paused"] = True
            lines = len((run / "metrics.jsonl").read_text(encoding="utf-8").splitlines())
            time.sleep(1.5)  # nothing may happen while paused
            seen["quiet"] = lines == len(
                (run / "metrics.jsonl").read_text(encoding="utf-8").splitlines())
            break
        time.sleep(0.05)
    control.resume()


def test_stop_saves_the_adapter_then_resume_continues(tiny_config: RunConfig) -> None:
    control = TrainingControl()
    run = Path(tiny_config.output_dir)
    first_events: list[Event] = []
    first = Engine(control, [AtStep(3, control.stop)]).run(tiny_config, first_events.append)
    assert first.status == "cancelled"
    assert [e.step for e in first_events if isinstance(e, StepMetrics)] == [1, 2, 3]
    assert isinstance(first_events[-1], Finished) and first_events[-1].status == "cancelled"
    assert read_json(run / "status.json")["status"] == "cancelled"
    assert (run / "adapter" / "adapter_model.safetensors").is_file()
    assert (run / "checkpoints" / "checkpoint-2").is_dir()
    # Stop saves a whole checkpoint at the step it stopped at (#13 item 1)
    stopped_at = run / "checkpoints" / "checkpoint-3"
    assert {"optimizer.pt", "scheduler.pt", "rng_state.pth", "trainer_state.json",
            "adapter_model.safetensors"} <= {p.name for p in stopped_at.iterdir()}
    assert "after" in read_json(run / "eval.json")  # a plain Stop still measures "after"
    assert not (run / "run.lock").exists()
    before = read_json(run / "eval.json")["before"]

    events: list[Event] = []
    second = Engine().resume(run, events.append)
    assert second.status == "completed"
    assert [e.step for e in events if isinstance(e, StepMetrics)] == [4]
    assert any(isinstance(e, LogLine) and "checkpoint-3" in e.message for e in events)
    assert read_json(run / "eval.json")["before"] == before
    assert read_json(run / "status.json")["status"] == "completed"
    state = read_json(run / "checkpoints" / "checkpoint-4" / "trainer_state.json")
    assert state["global_step"] == 4
    # the schedule carried on: the log holds each step once, 1 to 4
    all_steps = [e for e in read_events(run) if isinstance(e, StepMetrics)]
    assert [e.step for e in all_steps] == [1, 2, 3, 4]
    assert not (run / "run.lock").exists()


def test_resume_refuses_a_completed_run_and_a_non_run(tiny_config: RunConfig,
                                                      tmp_path: Path) -> None:
    events: list[Event] = []
    assert Engine().resume(tmp_path / "nothing", events.append).status == "failed"
    assert isinstance(events[-1], Failed) and events[-1].code == "not_a_run"
    run = tmp_path / "done"
    run.mkdir()
    (run / "run.toml").write_text("", encoding="utf-8")
    (run / "status.json").write_text('{"status": "completed"}', encoding="utf-8")
    assert Engine().resume(run, events.append).status == "failed"
    assert isinstance(events[-1], Failed) and events[-1].code == "run_complete"


def test_out_of_memory_becomes_a_clear_failure(tiny_config: RunConfig) -> None:
    def boom() -> None:
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    events: list[Event] = []
    config = without_eval(tiny_config)
    result = Engine(extra_callbacks=[AtStep(1, boom)]).run(config, events.append)
    assert result.status == "failed"
    failure = events[-1]
    assert isinstance(failure, Failed) and failure.code == "out_of_memory"
    assert "batch_size" in failure.hint and "max_length" in failure.hint
    assert "OutOfMemoryError" in failure.detail
    status = read_json(Path(tiny_config.output_dir) / "status.json")
    assert status["status"] == "failed" and status["code"] == "out_of_memory"


def test_any_other_error_is_failed_with_details(tiny_config: RunConfig) -> None:
    def boom() -> None:
        raise ValueError("something broke")

    events: list[Event] = []
    config = without_eval(tiny_config)
    result = Engine(extra_callbacks=[AtStep(1, boom)]).run(config, events.append)
    assert result.status == "failed" and result.failure is not None
    assert result.failure.code == "unexpected" and "something broke" in result.failure.message
    assert "Traceback" in result.failure.detail


def test_bad_config_fails_before_touching_disk(tiny_config: RunConfig) -> None:
    bad = replace(tiny_config, training=replace(tiny_config.training, beta=-1.0))
    events: list[Event] = []
    result = Engine().run(bad, events.append)
    assert result.status == "failed" and not Path(tiny_config.output_dir).exists()
    assert isinstance(events[-1], Failed) and "training.beta" in events[-1].message


def test_existing_run_is_not_overwritten(tiny_config: RunConfig) -> None:
    run = Path(tiny_config.output_dir)
    run.mkdir()
    (run / "run.toml").write_text("", encoding="utf-8")
    events: list[Event] = []
    assert Engine().run(tiny_config, events.append).status == "failed"
    assert isinstance(events[-1], Failed) and "--resume" in events[-1].hint


def test_pickle_only_model_fails_with_the_security_message(tiny_config: RunConfig,
                                                           tmp_path: Path) -> None:
    folder = tmp_path / "pickled"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "llama", "architectures": '
                                        '["LlamaForCausalLM"]}', encoding="utf-8")
    (folder / "pytorch_model.bin").write_bytes(b"x")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    config = replace(tiny_config, model=replace(tiny_config.model, spec=str(folder)))
    events: list[Event] = []
    assert Engine().run(config, events.append).status == "failed"
    assert isinstance(events[-1], Failed) and events[-1].code == "pickle_refused"


def test_bad_data_file_is_a_clear_failure(tiny_config: RunConfig, tmp_path: Path) -> None:
    data = tmp_path / "pairs.csv"
    data.write_text("question,answer\nhi,hello\n", encoding="utf-8")
    config = replace(tiny_config, data=replace(tiny_config.data, path=str(data)))
    events: list[Event] = []
    assert Engine().run(config, events.append).status == "failed"
    assert isinstance(events[-1], Failed) and events[-1].hint


def test_other_loss_with_rpo_and_precomputed_reference_trains(tiny_config: RunConfig,
                                                               tmp_path: Path) -> None:
    from dpo_desktop.core.resources import sample_path

    small = tmp_path / "small.csv"  # precomputing scores every pair: keep it short
    lines = sample_path("support_en.csv").read_text(encoding="utf-8").splitlines()
    small.write_text("\n".join(lines[:7]) + "\n", encoding="utf-8")
    config = without_eval(tiny_config, loss_type="ipo", rpo_alpha=0.5, max_steps=1,
                          precompute_reference=True)
    config = replace(config, data=replace(config.data, path=str(small)))
    events: list[Event] = []
    assert Engine().run(config, events.append).status == "completed"
    assert any(isinstance(e, PhaseChanged) and e.phase == "precomputing_reference"
               for e in events)
    assert read_json(Path(config.output_dir) / "eval.json")["eval_rows"] == 0
