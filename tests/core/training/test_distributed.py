"""`dpo-desktop train` under torchrun: two real processes (gloo on the CPU), one run directory.

This is the multi-GPU path (DDP, one process per GPU) run with two CPU processes: rank 0
alone writes the run directory, both ranks agree on its name, and the held-out scores
cover the whole eval set, not rank 0's shard.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from dpo_desktop.core.config import RunConfig, save_config
from dpo_desktop.core.events import StepMetrics
from tests.core.training.conftest import read_events, read_json

REPO = Path(__file__).resolve().parents[3]
STEPS = 3


def test_two_process_torchrun_writes_one_run_directory(tiny_config: RunConfig,
                                                       tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    # No output folder, so the ranks must agree on the default, time-stamped name.
    # eval_fraction 0.1 gives 7 held-out pairs: an odd count, so the two shards differ.
    save_config(replace(tiny_config, output_dir="",
                        data=replace(tiny_config.data, eval_fraction=0.1),
                        training=replace(tiny_config.training, max_steps=STEPS, save_steps=2)),
                settings)
    runs = tmp_path / "runs"
    env = {**os.environ, "PYTHONPATH": str(REPO), "DPO_DESKTOP_RUNS_DIR": str(runs),
           "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}
    process = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
         "-m", "dpo_desktop", "train", str(settings)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    output = process.stdout + process.stderr
    assert process.returncode == 0, output[-6000:]

    folders = list(runs.iterdir())
    assert len(folders) == 1, folders
    run = folders[0]
    assert (run / "adapter" / "adapter_model.safetensors").is_file()
    assert read_json(run / "status.json")["status"] == "completed"
    steps = [e.step for e in read_events(run) if isinstance(e, StepMetrics)]
    assert steps == list(range(1, STEPS + 1))  # written once: rank 1 adds no lines
    assert sorted(p.name for p in (run / "checkpoints").glob("checkpoint-*")) == [
        "checkpoint-2", f"checkpoint-{STEPS}"]
    held = (run / "data" / "eval.jsonl").read_text(encoding="utf-8").splitlines()
    scores = read_json(run / "eval.json")
    assert scores["eval_rows"] == len(held) == 7  # gathered from both ranks, padding dropped
    assert scores["steps"] == STEPS
    # Only rank 0 prints progress.
    assert output.count("completed: Finished") == 1, output[-3000:]
    assert json.loads((run / "metrics.jsonl").read_text(encoding="utf-8").splitlines()[-1])[
        "event"] == "Finished"
