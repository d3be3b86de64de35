"""core.training.runs: the runs folder read back from a really trained run, plus folders
in every other state a run can be left in (crashed, quit, half-written, foreign)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from dpo_desktop.core.config import (
    DataSettings,
    LoraSettings,
    ModelSettings,
    RunConfig,
    TrainingSettings,
)
from dpo_desktop.core.training.rundir import RunDir
from dpo_desktop.core.training.runlock import read_lock, write_lock
from dpo_desktop.core.training.runs import (
    delete_run,
    has_adapter,
    held_out_prompts,
    is_interrupted,
    list_runs,
    summarize,
)
from tests.core.training.conftest import read_json


@pytest.fixture(scope="module")
def runs(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A runs folder with one run really trained for 2 steps (held-out scored before and
    after) and runs left in the other states, written with RunDir as the engine does."""
    from dpo_desktop.core.training import Engine

    root = tmp_path_factory.mktemp("runs")
    config = RunConfig(
        output_dir=str(root / "trained"), model=ModelSettings(spec=str(tiny_model_dir)),
        data=DataSettings(eval_fraction=0.1),
        training=TrainingSettings(max_steps=2, batch_size=2, max_length=64, save_steps=2,
                                  warmup_ratio=0.0),
        lora=LoraSettings(r=4, alpha=8))
    assert Engine().run(config).status == "completed"
    old = time.time() - 3600
    crashed = RunDir(root / "crashed")  # "running", and its process is gone
    crashed.create()
    crashed.config.write_text('[model]\nspec = "demo"\n', encoding="utf-8")
    crashed.write_status("running", "Training…", updated=old)
    quit_ = RunDir(root / "quit")  # stopped by Quit, to be continued later
    quit_.create()
    quit_.write_status("cancelled", "Stopped.", continue_later=True, updated=old - 10)
    live = RunDir(root / "live")  # trained by this very process right now
    live.create()
    write_lock(live.lock)
    live.write_status("running", "Training…", updated=old - 20)
    (root / "not-a-run").mkdir()  # no run.toml, no status.json
    (root / ".hidden").mkdir()
    (root / "stray.txt").write_text("x", encoding="utf-8")
    return root


def test_a_trained_run_is_summarized_from_its_files(runs: Path, tiny_model_dir: Path) -> None:
    run = summarize(runs / "trained")
    assert run is not None and run.name == "trained" and run.path == runs / "trained"
    assert run.status == run.state == "completed" and not run.interrupted
    scores = read_json(runs / "trained" / "eval.json")
    assert run.accuracy_before == scores["before"]["accuracy"]
    assert run.accuracy_after == scores["after"]["accuracy"]
    assert run.model == str(tiny_model_dir)  # the spec from run.toml
    assert run.has_adapter and has_adapter(runs / "trained")
    assert run.to_dict()["status"] == "completed"


def test_runs_are_listed_newest_first_with_their_state(runs: Path) -> None:
    listed = list_runs(runs)
    assert [r.name for r in listed] == ["trained", "crashed", "quit", "live"]
    states = {r.name: r.state for r in listed}
    assert states == {"trained": "completed", "crashed": "interrupted", "quit": "interrupted",
                      "live": "running"}
    assert read_lock(runs / "live" / "run.lock")["pid"] == os.getpid()
    assert [r.has_adapter for r in listed] == [True, False, False, False]
    assert [r.can_continue for r in listed] == [False, True, True, True]
    assert next(r for r in listed if r.name == "crashed").model == "demo"
    assert list_runs(runs / "missing") == [] and list_runs(None) == []


def test_has_adapter_means_a_loadable_adapter_config(tmp_path: Path) -> None:
    folder = RunDir(tmp_path / "run")
    folder.adapter.mkdir(parents=True)  # an empty adapter/ (a save cut short) is not one
    assert not has_adapter(folder.root) and not has_adapter(None)
    folder.adapter_config.write_text("{}", encoding="utf-8")
    assert has_adapter(folder.root)


def test_interrupted_reads_the_status_when_none_is_given(runs: Path) -> None:
    assert is_interrupted(runs / "crashed") and is_interrupted(runs / "quit")
    assert not is_interrupted(runs / "live") and not is_interrupted(runs / "trained")


def test_held_out_prompts_are_the_last_user_turns_of_eval_jsonl(runs: Path,
                                                              tmp_path: Path) -> None:
    lines = (runs / "trained" / "data" / "eval.jsonl").read_text(encoding="utf-8").splitlines()
    expected: list[str] = []
    for line in lines:
        turns = [m["content"] for m in json.loads(line)["prompt"] if m["role"] == "user"]
        if turns[-1] not in expected:
            expected.append(turns[-1])
    prompts = held_out_prompts(runs / "trained")
    assert prompts == expected and len(prompts) >= 1
    assert held_out_prompts(runs / "trained", limit=1) == expected[:1]
    assert held_out_prompts(runs / "crashed") == []  # no data/eval.jsonl
    broken = RunDir(tmp_path / "broken")
    broken.create()
    broken.eval_data.write_text('{"prompt": "not a list of turns"}\n', encoding="utf-8")
    assert held_out_prompts(broken.root) == []


def test_delete_refuses_anything_outside_the_runs_folder(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    victim = RunDir(runs / "old")
    victim.create()
    victim.write_status("completed")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    with pytest.raises(ValueError, match="is not a run in"):
        delete_run(outside, runs)
    delete_run(victim.root, runs)
    assert not victim.root.exists() and outside.is_dir()
