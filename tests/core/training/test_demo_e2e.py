"""End to end: `dpo-desktop train --demo` really trains the embedded SmolLM2 on the sample data."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpo_desktop.cli import main
from dpo_desktop.core.events import StepMetrics
from tests.core.training.conftest import read_events, read_json


@pytest.mark.e2e
def test_demo_run_raises_held_out_preference_accuracy(demo_dir: Path, tmp_path: Path) -> None:
    run = tmp_path / "demo"
    assert main(["train", "--demo", "--out", str(run), "--max-steps", "8"]) == 0
    scores = read_json(run / "eval.json")
    assert scores["eval_rows"] >= 8
    assert scores["before"]["accuracy"] == 0.5  # the untrained adapter is the reference
    assert scores["after"]["accuracy"] >= 0.8 and scores["after"]["margin"] > 0
    steps = [e for e in read_events(run) if isinstance(e, StepMetrics)]
    assert len(steps) == 8
    assert steps[-1].loss < steps[0].loss
    assert read_json(run / "adapter" / "adapter_config.json")["base_model_name_or_path"] == str(
        demo_dir)
    # Shown with `pytest -s`: the figures for the closing note.
    print(f"\ndemo: step seconds {[round(s.step_seconds or 0, 1) for s in steps]}, "
          f"loss {steps[0].loss:.4f} -> {steps[-1].loss:.4f}, eval.json {scores}")
