"""Training fixtures: a fast config on the tiny model, and helpers to read a run back."""

from __future__ import annotations

import json
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
from dpo_desktop.core.events import Event, event_from_dict


@pytest.fixture
def tiny_config(tiny_model_dir: Path, tmp_path: Path) -> RunConfig:
    return RunConfig(
        output_dir=str(tmp_path / "run"),
        model=ModelSettings(spec=str(tiny_model_dir)),
        data=DataSettings(eval_fraction=0.06),
        training=TrainingSettings(max_steps=4, batch_size=2, max_length=96, save_steps=2,
                                  learning_rate=1e-3, warmup_ratio=0.0),
        lora=LoraSettings(r=4, alpha=8))


def read_events(run_dir: Path) -> list[Event]:
    lines = (run_dir / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    return [event_from_dict(json.loads(line)) for line in lines]


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def without_eval(config: RunConfig, **training: Any) -> RunConfig:
    """Skip the held-out scoring: for tests about faults, where it only costs time."""
    from dataclasses import replace

    return replace(config, data=replace(config.data, eval_fraction=0.0),
                   training=replace(config.training, **training))
