"""A run directory really trained for 2 steps on the tiny model, shared by the Compare
page tests of one session. Tests get their own copy, so votes written into one test's
run never show up in another's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

_TRAINED: dict[Path, Path] = {}


def trained_run(tiny_model: Path, factory: pytest.TempPathFactory) -> Path:
    """Train once per session (about 15-30 s on a CPU); later calls reuse the run. The
    learning rate is high so that 2 steps visibly change a random model's answers."""
    if tiny_model not in _TRAINED:
        from dpo_desktop.core.config import (
            DataSettings,
            LoraSettings,
            ModelSettings,
            RunConfig,
            TrainingSettings,
        )
        from dpo_desktop.core.training import Engine

        out = factory.mktemp("tiny-run") / "run"
        config = RunConfig(
            output_dir=str(out), model=ModelSettings(spec=str(tiny_model)),
            data=DataSettings(eval_fraction=0.06),
            training=TrainingSettings(max_steps=2, batch_size=2, max_length=64, save_steps=2,
                                      learning_rate=5e-2, warmup_ratio=0.0),
            lora=LoraSettings(r=4, alpha=8))
        result = Engine().run(config)
        assert result.status == "completed", result.message
        _TRAINED[tiny_model] = out
    return _TRAINED[tiny_model]


def copy_of_run(tiny_model: Path, factory: pytest.TempPathFactory, dest: Path) -> Path:
    target = dest / "run"
    shutil.copytree(trained_run(tiny_model, factory), target,
                    ignore=shutil.ignore_patterns("checkpoints"))
    return target
