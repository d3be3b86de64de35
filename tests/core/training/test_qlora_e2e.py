"""End to end through the real QLoRA path on the CPU: the demo model loaded in 4-bit NF4
by bitsandbytes, k-bit preparation, LoRA on the 4-bit layers, DPO with the adapter-off
reference, pause/resume, kill -9 + --resume, 4-bit before/after answers and an export
that merges into the 16-bit base.

One trained run is shared by the module (training is the expensive part); steps, batch
and lengths are the smallest that still show held-out accuracy rising.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from dpo_desktop.core.config import (
    DataSettings,
    LoraSettings,
    ModelSettings,
    RunConfig,
    TrainingSettings,
)
from dpo_desktop.core.events import Event, LogLine, StepMetrics
from dpo_desktop.core.training import Engine, TrainingControl
from tests.core.training.conftest import read_events, read_json
from tests.core.training.test_cli import _spawn, _toml, _wait_for
from tests.core.training.test_engine import AtStep, _resume_when_paused

pytestmark = pytest.mark.e2e


def qlora_config(demo_dir: Path, out: Path, **training: Any) -> RunConfig:
    values: dict[str, Any] = {"max_steps": 6, "batch_size": 2, "max_length": 96,
                              "save_steps": 3, "learning_rate": 1e-3, "warmup_ratio": 0.0}
    return RunConfig(
        output_dir=str(out), model=ModelSettings(spec=str(demo_dir), backend="qlora"),
        data=DataSettings(eval_fraction=0.12),
        training=TrainingSettings(**{**values, **training}),
        lora=LoraSettings(r=8, alpha=16))


@pytest.fixture(scope="module")
def qlora_run(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[Path, list[Event], dict[str, Any]]:
    """The demo trained 6 steps through qlora, paused after step 2 and resumed."""
    run = tmp_path_factory.mktemp("qlora") / "run"
    control = TrainingControl()
    seen: dict[str, Any] = {}
    watcher = threading.Thread(target=_resume_when_paused, args=(run, control, seen))
    watcher.start()
    events: list[Event] = []
    start = time.monotonic()
    result = Engine(control, [AtStep(2, control.pause)]).run(
        qlora_config(demo_dir, run), events.append)
    watcher.join()
    seen["seconds"] = time.monotonic() - start
    assert result.status == "completed", result.message
    return run, events, seen


def test_qlora_trains_the_4bit_demo_and_held_out_accuracy_rises(
        qlora_run: tuple[Path, list[Event], dict[str, Any]]) -> None:
    run, events, _ = qlora_run
    assert any(isinstance(e, LogLine) and e.code == "backend:qlora-cpu" for e in events)
    assert 'backend = "qlora"' in (run / "run.toml").read_text(encoding="utf-8")
    scores = read_json(run / "eval.json")
    assert scores["before"]["accuracy"] == 0.5  # a fresh adapter is the reference
    assert scores["after"]["accuracy"] > scores["before"]["accuracy"]
    assert scores["after"]["margin"] > 0
    steps = [e for e in events if isinstance(e, StepMetrics)]
    assert [s.step for s in steps] == [1, 2, 3, 4, 5, 6]
    assert all(s.loss == s.loss for s in steps)  # no NaN from the 4-bit path
    assert min(s.loss for s in steps[3:]) < steps[0].loss
    print(f"\nqlora demo: steps {[round(s.step_seconds or 0, 1) for s in steps]} s, loss "
          f"{[round(s.loss, 4) for s in steps]}, eval {scores}")


def test_qlora_pause_holds_between_steps_then_resumes(
        qlora_run: tuple[Path, list[Event], dict[str, Any]]) -> None:
    run, events, seen = qlora_run
    assert seen["paused"] and seen["quiet"]
    assert read_json(run / "status.json")["status"] == "completed"
    # metrics.jsonl holds exactly what the callback got, across the pause
    assert [e.to_dict() for e in read_events(run)] == [e.to_dict() for e in events]


def test_compare_generates_from_the_4bit_base_with_adapter_off_and_on(
        qlora_run: tuple[Path, list[Event], dict[str, Any]]) -> None:
    import torch
    from bitsandbytes.nn import Linear4bit

    from dpo_desktop.core.generation import GenerationSettings, Generator

    run = qlora_run[0]
    generator = Generator.from_run(run)
    assert any(isinstance(m, Linear4bit) for m in generator.model.modules())
    before, after = generator.compare("How do I reset my password?",
                                      GenerationSettings(max_new_tokens=12))
    assert before.tokens > 0 and after.tokens > 0 and before.text and after.text
    # the adapter is really applied: the same input scores differently with it on and off
    ids = generator.tokenizer("How do I reset my password?", return_tensors="pt").input_ids
    with torch.no_grad():
        on = generator.model(input_ids=ids).logits
        with generator.model.disable_adapter():
            off = generator.model(input_ids=ids).logits
    assert not torch.allclose(on, off)


def test_export_merges_into_the_16bit_base_and_passes_its_checks(
        qlora_run: tuple[Path, list[Event], dict[str, Any]], tmp_path: Path) -> None:
    import json

    from dpo_desktop.core.export import ExportOptions, export_run

    run = qlora_run[0]
    result = export_run(run, ExportOptions(tmp_path / "out", gguf_type="q8_0"))
    checks = {c.name: c for c in result.checks}
    assert result.verified is True, checks
    config = json.loads((result.merged.path / "config.json").read_text(encoding="utf-8"))
    assert "quantization_config" not in config  # merged into the 16-bit weights, not NF4
    assert result.merged.dtype in ("bfloat16", "float16", "float32")


def test_qlora_kill_9_then_resume(demo_dir: Path, tmp_path: Path) -> None:
    from dpo_desktop.cli import main

    config = qlora_config(demo_dir, tmp_path / "unused", max_steps=2, save_steps=1)
    settings = _toml(replace_eval(config), tmp_path)
    run = tmp_path / "killed"
    process = _spawn(["train", str(settings), "--out", str(run)])
    _wait_for(run / "checkpoints" / "checkpoint-1" / "trainer_state.json", process)
    process.kill()
    process.wait()
    assert read_json(run / "status.json")["status"] == "running"  # a crash leaves it so
    assert main(["train", "--resume", str(run)]) == 0
    state = read_json(run / "checkpoints" / "checkpoint-2" / "trainer_state.json")
    assert state["global_step"] == 2
    assert read_json(run / "status.json")["status"] == "completed"
    assert 'backend = "qlora"' in (run / "run.toml").read_text(encoding="utf-8")
    assert (run / "adapter" / "adapter_model.safetensors").is_file()


def replace_eval(config: RunConfig) -> RunConfig:
    """No held-out scoring: the kill test is about checkpoints, and scoring costs time."""
    from dataclasses import replace

    return replace(config, data=replace(config.data, eval_fraction=0.0))
