"""`dpo-desktop train`: settings files, arguments, the progress bar, Ctrl-C, kill -9 + --resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from dpo_desktop.cli import main
from dpo_desktop.core.config import RunConfig, save_config
from tests.core.training.conftest import read_json

REPO = Path(__file__).resolve().parents[3]


def _toml(config: RunConfig, tmp_path: Path, **training: object) -> Path:
    path = tmp_path / "settings.toml"
    save_config(replace(config, output_dir="", training=replace(config.training, **training)),
                path)
    return path


def test_train_from_a_settings_file_prints_progress(tiny_config: RunConfig, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    settings = _toml(tiny_config, tmp_path)
    out = tmp_path / "cli-run"
    assert main(["train", str(settings), "--out", str(out), "--max-steps", "2"]) == 0
    err = capsys.readouterr().err
    assert "] 2/2  loss " in err and "ETA" in err and "completed:" in err
    assert "held-out accuracy (after)" in err
    assert read_json(out / "status.json")["status"] == "completed"
    # run.toml can be run again as it is: a new run, beside the first one
    assert main(["train", str(out / "run.toml"), "--out", str(tmp_path / "again"),
                 "--max-steps", "1"]) == 0


@pytest.mark.parametrize(("argv", "needle"), [
    (["train"], "Nothing to train"),
    (["train", "x.toml", "--demo"], "not both"),
    (["train", "missing.toml"], "does not exist"),
    (["train", "--demo", "--max-steps", "-1"], "training.max_steps"),
    (["train", "--demo", "--backend", "unsloth"], "model.backend"),
])
def test_bad_arguments_are_short_errors(argv: list[str], needle: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*argv, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and needle in err and "Traceback" not in err


def _spawn(args: list[str]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "dpo_desktop", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for(path: Path, process: subprocess.Popen[str], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, f"{path} did not appear"
        time.sleep(0.2)


def test_kill_9_then_resume_continues_the_run(tiny_config: RunConfig, tmp_path: Path) -> None:
    settings = _toml(tiny_config, tmp_path, max_steps=5, save_steps=2)
    run = tmp_path / "killed"
    process = _spawn(["train", str(settings), "--out", str(run)])
    _wait_for(run / "checkpoints" / "checkpoint-2" / "trainer_state.json", process)
    process.kill()
    process.wait()
    assert read_json(run / "status.json")["status"] == "running"  # a crash leaves it so

    assert main(["train", "--resume", str(run)]) == 0
    state = read_json(run / "checkpoints" / "checkpoint-5" / "trainer_state.json")
    assert state["global_step"] == 5
    assert read_json(run / "status.json")["status"] == "completed"
    assert (run / "adapter" / "adapter_model.safetensors").is_file()


def test_ctrl_c_stops_cleanly_and_saves(tiny_config: RunConfig, tmp_path: Path) -> None:
    settings = _toml(tiny_config, tmp_path, max_steps=50, save_steps=50)
    run = tmp_path / "interrupted"
    process = _spawn(["train", str(settings), "--out", str(run)])
    deadline = time.monotonic() + 240
    while '"step": 1,' not in (run / "metrics.jsonl").read_text(encoding="utf-8") \
            if (run / "metrics.jsonl").exists() else True:
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=240)
    assert process.returncode == 130, output
    assert "stopping after this step" in output and "Traceback" not in output
    assert read_json(run / "status.json")["status"] == "cancelled"
    assert (run / "adapter" / "adapter_model.safetensors").is_file()


def test_train_prints_health_hints_and_runs_lists_the_run(
        tiny_config: RunConfig, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A learning rate too small to move anything leaves the loss at ln 2 with zero reward
    margin: after 10 steps the terminal says so, once, in the Train page's words. Then
    `dpo-desktop runs` lists the run with its real held-out accuracy before and after."""
    settings = _toml(tiny_config, tmp_path, learning_rate=1e-12)
    out = tmp_path / "runs" / "flat"
    assert main(["train", str(settings), "--out", str(out), "--max-steps", "11"]) == 0
    err = capsys.readouterr().err
    health = [line for line in err.splitlines() if line.startswith("health: ")]
    assert health == ["health: The loss is stuck at 0.693 with zero rewards after 10 steps: "
                      "the model is not learning a preference. The learning rate may be too "
                      "low, or the chosen and rejected answers may be too alike."]
    assert main(["runs", "--out", str(tmp_path / "runs")]) == 0
    row = capsys.readouterr().out.splitlines()[2].split()
    scores = read_json(out / "eval.json")
    assert row[:4] == ["flat", "completed", f"{scores['before']['accuracy']:.0%}",
                       f"{scores['after']['accuracy']:.0%}"]
