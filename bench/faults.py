"""Benchmark: ``kill -9`` at random points of a short training run, then ``--resume``.

Each trial starts ``dpo-desktop train`` in a child process, waits until it has reached
a random step, sleeps a random part of a step (so kills land inside steps, inside
checkpoint saves and inside metrics appends alike), kills it with SIGKILL, inspects
what was left, resumes it with ``dpo-desktop train --resume`` and checks the result.

Counted per trial:
- **resumed correctly**: the kill left an interrupted run; ``--resume`` exited 0, or,
  when the kill came before the first checkpoint, said so (exit 2, naming
  ``--start-over``) and ``--resume --start-over`` then trained it; the run completed all
  its steps; and the replayed history holds every step exactly once;
- **steps lost beyond the last checkpoint**: the highest step logged before the kill
  minus the step the resume continued from (goal: never more than one interval);
- **corrupted files**: any file a resume or the app relies on that does not parse or is
  not whole: status.json, eval.json, run.toml, data/*.jsonl, a checkpoint whose save had
  finished (trainer_state.json written last) but that is not whole. A cut-off last line
  of metrics.jsonl (repaired on resume) and a checkpoint whose save was cut short
  (skipped on resume) are counted apart, as they are expected after a kill.

Each ``dpo-desktop train`` is a real process killed with SIGKILL. By default they are
forked from a multiprocessing forkserver that has imported torch, transformers and TRL
once, so a trial does not spend half a minute importing; ``--fresh`` starts every one as
a new interpreter (``python -m dpo_desktop train``) instead.

A baseline run without a kill is timed in the same session; timings are printed as
ratios to it. Also printed: the largest difference between a resumed run's final adapter
and the baseline's (the resume restores optimizer, scheduler and RNG, so it is small).
Goal: 50/50 resumed, no corruption, no step lost beyond one checkpoint interval.

    .venv/bin/python bench/faults.py [--trials 50] [--jobs 2] [--steps 8] [--save-steps 2]
                                     [--model tiny|demo|FOLDER] [--seed 0] [--fresh]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(REPO))


@dataclass
class Trial:
    index: int
    kill_after_step: int
    delay_fraction: float
    killed_at_step: int = 0  # highest step in metrics.jsonl at the kill
    interrupted: bool = False
    resumed_from: int = 0
    needed_choice: bool = False
    no_checkpoint_yet: bool = False  # killed before the first save: start over, asked
    resume_rc: int | None = None
    completed: bool = False
    steps_ok: bool = False
    corrupted: list[str] = field(default_factory=list)
    metrics_tail_cut: bool = False
    incomplete_saves: int = 0
    adapter_diff: float | None = None
    seconds: float = 0.0
    error: str = ""

    @property
    def steps_lost(self) -> int:
        return max(self.killed_at_step - self.resumed_from, 0)

    @property
    def correct(self) -> bool:
        return (self.interrupted and (not self.needed_choice or self.no_checkpoint_yet)
                and self.resume_rc == 0 and self.completed and self.steps_ok
                and not self.corrupted)


def tiny_model(scratch: Path) -> str:
    """A 2-layer random Llama with the demo's tokenizer (fast enough for 50 trials)."""
    from bench._models import tiny_llama

    return str(tiny_llama(scratch / "tiny"))


def write_settings(path: Path, model: str, opts: argparse.Namespace) -> None:
    from dpo_desktop.core.config import (
        DataSettings,
        LoraSettings,
        ModelSettings,
        RunConfig,
        TrainingSettings,
        save_config,
    )

    save_config(RunConfig(
        model=ModelSettings(spec=model), data=DataSettings(eval_fraction=opts.eval_fraction),
        training=TrainingSettings(max_steps=opts.steps, save_steps=opts.save_steps,
                                  batch_size=2, max_length=64, learning_rate=1e-3,
                                  warmup_ratio=0.0, seed=opts.seed),
        lora=LoraSettings(r=4, alpha=8)), path)


def child_env() -> dict[str, str]:
    # one thread per child: trials run side by side without fighting over cores
    return {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}


class Child:
    """``dpo-desktop train ARGS`` in its own process: a new interpreter, or forked."""

    forkserver: Any = None  # a multiprocessing context with the heavy modules preloaded

    def __init__(self, args: list[str], log: Path) -> None:
        self.process: Any
        if Child.forkserver is None:
            handle = log.open("ab")
            self.process = subprocess.Popen(
                [sys.executable, "-m", "dpo_desktop", "train", *args], cwd=REPO,
                env=child_env(), stdout=handle, stderr=subprocess.STDOUT)
        else:
            self.process = Child.forkserver.Process(target=_cli, args=(args, str(log)))
            self.process.start()

    def poll(self) -> int | None:
        if isinstance(self.process, subprocess.Popen):
            return self.process.poll()
        return None if self.process.is_alive() else self.process.exitcode

    def kill(self) -> None:
        self.process.kill()  # SIGKILL either way

    def wait(self, timeout: float | None = None) -> int | None:
        if isinstance(self.process, subprocess.Popen):
            return self.process.wait(timeout)
        self.process.join(timeout)
        return self.process.exitcode

    @property
    def returncode(self) -> int | None:
        return self.poll()


def _cli(args: list[str], log: str) -> None:
    """The child's side of a forked trial: the CLI, output into the trial's log."""
    handle = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(handle, 1)
    os.dup2(handle, 2)
    os.chdir(REPO)
    from dpo_desktop.cli import main as cli_main

    raise SystemExit(cli_main(["train", *args]))


def use_forkserver() -> None:
    os.environ.update(child_env())  # read by the forkserver when it starts
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["torch", "transformers", "trl", "peft",
                                    "dpo_desktop.cli", "dpo_desktop.core.training.engine"])
    Child.forkserver = context


def train(args: list[str], log: Path) -> Child:
    return Child(args, log)


def logged_step(run: Path) -> int:
    from dpo_desktop.core.events import StepMetrics
    from dpo_desktop.core.training.resume import replay_events

    return max((e.step for e in replay_events(run) if isinstance(e, StepMetrics)), default=0)


def training_started(run: Path) -> bool:
    try:
        return '"phase": "training"' in (run / "metrics.jsonl").read_text(encoding="utf-8")
    except OSError:
        return False


def find_corruption(run: Path) -> tuple[list[str], bool, int]:
    """(corrupted files, metrics tail cut, incomplete checkpoint saves).

    Checkpoints older than the newest whole one are left out: a kill while the trainer
    deletes its oldest checkpoint (it keeps two) leaves part of that one, which nothing
    reads and the next rotation removes.
    """
    from dpo_desktop.core.config import load_config
    from dpo_desktop.core.training.checkpoints import checkpoint_state
    from dpo_desktop.core.training.resume import metrics_tail_problem
    from dpo_desktop.core.training.rundir import RunDir

    folder = RunDir(run)
    bad: list[str] = []
    for path in (folder.status_file, folder.eval_file):
        if path.exists():
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                bad.append(path.name)
    if folder.config.exists():
        try:
            load_config(folder.config)
        except Exception:  # any failure to load is corruption here
            bad.append("run.toml")
    for path in (folder.train_data, folder.eval_data):
        if path.exists():
            try:
                for line in path.read_text(encoding="utf-8").splitlines():
                    json.loads(line)
            except ValueError:
                bad.append(f"data/{path.name}")
    incomplete = 0
    good = folder.last_checkpoint()
    newest_good = int(good.name.split("-")[1]) if good else 0
    if folder.checkpoints.is_dir():
        for child in folder.checkpoints.iterdir():
            if child.name.startswith("checkpoint-") and int(child.name.split("-")[1]) > \
                    newest_good:
                state, why = checkpoint_state(child)
                if state == "damaged":
                    bad.append(f"{child.name} ({why})")
                elif state == "incomplete":
                    incomplete += 1
    return bad, metrics_tail_problem(folder.metrics), incomplete


def adapter_diff(run: Path, baseline: Path) -> float | None:
    from safetensors.torch import load_file

    try:
        mine = load_file(str(run / "adapter" / "adapter_model.safetensors"))
        ref = load_file(str(baseline / "adapter" / "adapter_model.safetensors"))
    except Exception:  # reported as "no figure"
        return None
    return max(float((mine[k].float() - ref[k].float()).abs().max()) for k in ref)


def run_trial(trial: Trial, settings: Path, scratch: Path, opts: argparse.Namespace,
              step_seconds: float, baseline: Path) -> Trial:
    from dpo_desktop.core.events import StepMetrics
    from dpo_desktop.core.training.resume import inspect_run, replay_events
    from dpo_desktop.core.training.runs import is_interrupted

    started = time.monotonic()
    run = scratch / f"trial-{trial.index:03d}"
    log = scratch / f"trial-{trial.index:03d}.log"
    for attempt in range(3):  # a kill point past the end of the run is drawn again
        shutil.rmtree(run, ignore_errors=True)
        process = train([str(settings), "--out", str(run)], log)
        try:
            deadline = time.monotonic() + opts.timeout
            while not (training_started(run) and logged_step(run) >= trial.kill_after_step):
                if process.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            time.sleep(trial.delay_fraction * step_seconds)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
        if process.returncode == -signal.SIGKILL:
            break
        trial.error = f"the run ended by itself (exit {process.returncode}) before the kill"
        trial.delay_fraction *= random.Random(trial.index + attempt).random()
    else:
        trial.seconds = time.monotonic() - started
        return trial
    trial.error = ""
    trial.killed_at_step = logged_step(run)
    trial.interrupted = is_interrupted(run)
    trial.corrupted, trial.metrics_tail_cut, trial.incomplete_saves = find_corruption(run)
    plan = inspect_run(run)
    trial.resumed_from = plan.checkpoint_step
    trial.needed_choice = plan.needs_choice
    trial.no_checkpoint_yet = [p.code for p in plan.damaged] == ["no_checkpoint"]
    for extra in ([], ["--start-over"]):
        resume = train(["--resume", str(run), *extra], log)
        try:
            trial.resume_rc = resume.wait(timeout=opts.timeout)
        finally:  # the bench stopped or timed out: leave no child behind
            if resume.poll() is None:
                resume.kill()
                resume.wait()
        # exit 2 with nothing to continue from: the user's answer is "start over"
        if not (trial.resume_rc == 2 and trial.no_checkpoint_yet and not extra
                and "--start-over" in log.read_text(encoding="utf-8", errors="replace")):
            break
    status = json.loads((run / "status.json").read_text(encoding="utf-8"))
    trial.completed = status.get("status") == "completed"
    steps = [e.step for e in replay_events(run) if isinstance(e, StepMetrics)]
    trial.steps_ok = steps == list(range(1, opts.steps + 1))
    if trial.completed:
        trial.adapter_diff = adapter_diff(run, baseline)
    trial.seconds = time.monotonic() - started
    if not opts.keep:
        shutil.rmtree(run, ignore_errors=True)
    return trial


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2, help="trials run side by side")
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--save-steps", type=int, default=2)
    parser.add_argument("--eval-fraction", type=float, default=0.0)
    parser.add_argument("--model", default="tiny", help="tiny, demo or a model folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--keep", action="store_true", help="keep the trial run folders")
    parser.add_argument("--fresh", action="store_true",
                        help="start each run as a new interpreter instead of forking")
    opts = parser.parse_args()
    if not opts.fresh:
        use_forkserver()
    rng = random.Random(opts.seed)
    scratch = Path(tempfile.mkdtemp(prefix="dpo-faults-"))
    print(f"scratch: {scratch}; load average {os.getloadavg()}", flush=True)
    if opts.model == "tiny":
        model = tiny_model(scratch)
    elif opts.model == "demo":
        from dpo_desktop.core.models import demo_model_dir

        model = str(demo_model_dir())
    else:
        model = opts.model
    settings = scratch / "settings.toml"
    write_settings(settings, model, opts)

    # baseline: the same run without a kill, timed in this session
    baseline = scratch / "baseline"
    t0 = time.monotonic()
    done = train([str(settings), "--out", str(baseline)], scratch / "baseline.log")
    while not training_started(baseline) and done.poll() is None:
        time.sleep(0.05)
    t_train = time.monotonic()
    if done.wait() != 0:
        print((scratch / "baseline.log").read_text(encoding="utf-8")[-3000:])
        return 1
    total = time.monotonic() - t0
    from dpo_desktop.core.events import StepMetrics
    from dpo_desktop.core.training.resume import replay_events

    timed = [e.step_seconds for e in replay_events(baseline)
             if isinstance(e, StepMetrics) and e.step_seconds]
    step_seconds = (sum(timed) / len(timed) if timed
                    else (time.monotonic() - t_train) / opts.steps)
    print(f"baseline: {total:.1f} s in all, {opts.steps} steps of {step_seconds:.2f} s on "
          "average", flush=True)

    trials = [Trial(i, rng.randint(0, opts.steps - 1), rng.random() * 1.5)
              for i in range(opts.trials)]
    results: list[Trial] = []
    with ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        futures = [pool.submit(run_trial, t, settings, scratch, opts, step_seconds, baseline)
                   for t in trials]
        for future in futures:
            trial = future.result()
            results.append(trial)
            print(f"trial {trial.index:2d}: killed at step {trial.killed_at_step} "
                  f"(after step {trial.kill_after_step} + {trial.delay_fraction:.2f} step), "
                  f"resumed from {trial.resumed_from}, lost {trial.steps_lost}, "
                  f"rc {trial.resume_rc}"
                  + (" after --start-over (no checkpoint yet)" if trial.no_checkpoint_yet
                     else "")
                  + f", {'OK' if trial.correct else 'FAILED'}"
                  + (f", corrupted: {trial.corrupted}" if trial.corrupted else "")
                  + (", metrics tail cut" if trial.metrics_tail_cut else "")
                  + (f", {trial.incomplete_saves} cut-short save" if trial.incomplete_saves
                     else "")
                  + (f" [{trial.error}]" if trial.error else ""), flush=True)

    correct = sum(t.correct for t in results)
    lost = [t.steps_lost for t in results]
    beyond = sum(1 for t in results if t.steps_lost > opts.save_steps)
    corrupted = sum(len(t.corrupted) for t in results)
    diffs = [t.adapter_diff for t in results if t.adapter_diff is not None]
    mean_trial = sum(t.seconds for t in results) / max(len(results), 1)
    print()
    print(f"resumed correctly: {correct}/{len(results)}")
    print(f"steps lost beyond the last checkpoint: max {max(lost, default=0)}, mean "
          f"{sum(lost) / max(len(lost), 1):.2f}; trials losing more than one interval "
          f"({opts.save_steps} steps): {beyond}")
    print(f"corrupted files: {corrupted}; metrics tail cut (repaired): "
          f"{sum(t.metrics_tail_cut for t in results)}; cut-short checkpoint saves (skipped): "
          f"{sum(t.incomplete_saves for t in results)}; resumes that needed a choice: "
          f"{sum(t.needed_choice for t in results)}, of them killed before the first "
          f"checkpoint (said so, then started over): "
          f"{sum(t.no_checkpoint_yet for t in results)}")
    if diffs:
        print(f"final adapter vs the uninterrupted baseline: max |diff| {max(diffs):.2e}")
    print(f"time: a trial (kill + resume) took {mean_trial / total:.2f}× the baseline run "
          f"on average ({opts.jobs} side by side); load average {os.getloadavg()}")
    if not opts.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    goal = correct == len(results) and corrupted == 0 and beyond == 0
    print("goal met" if goal else "goal NOT met")
    return 0 if goal else 1


if __name__ == "__main__":
    raise SystemExit(main())
