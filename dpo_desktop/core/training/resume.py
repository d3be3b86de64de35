"""What a run directory can be resumed from, told plainly, and the user's choice applied.

A run may stop anywhere: Stop, Quit, Ctrl-C (a checkpoint at that step), a crash or
``kill -9`` (the last periodic checkpoint), a power cut mid-write. :func:`inspect_run`
reads the folder without changing it and returns a :class:`ResumePlan`: the newest
checkpoint that is whole, what was found broken on the way, and whether the user must
choose between continuing from an older checkpoint and starting over. Nothing is ever
restarted silently; :func:`apply_choice` carries out the choice.

Problems are stable codes with parameters plus an English text (see ARCHITECTURE.md,
"Messages"); the GUI words them in the UI language from the code and parameters.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.events import EvalMetrics, Event, StepMetrics, event_from_dict
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP
from dpo_desktop.core.training.checkpoints import (
    ADAPTER_WEIGHTS,
    checkpoint_state,
    list_checkpoints,
    safetensors_problem,
)
from dpo_desktop.core.training.rundir import RunDir
from dpo_desktop.core.training.runs import is_stale, live_owner

ResumeChoice = Literal["ask", "last_good", "start_over"]


@dataclass(frozen=True)
class Problem:
    """One finding: a stable code, its parameters, and the English text."""

    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    template: str = ""  # the marked template behind ``message`` (core/i18n.py)

    @classmethod
    def of(cls, code: str, template: str, **params: Any) -> Problem:
        from dpo_desktop.core.i18n import render

        return cls(code, render(template, params), params, template)


@dataclass(frozen=True)
class ResumePlan:
    run_dir: Path
    checkpoint: Path | None  # the newest whole checkpoint (None: start over is the only way)
    checkpoint_step: int
    last_logged_step: int  # the highest step in metrics.jsonl
    damaged: tuple[Problem, ...] = ()  # newer than ``checkpoint``: resuming loses them
    notices: tuple[Problem, ...] = ()  # repaired or skipped on resume; nothing is lost
    in_use_pid: int | None = None  # a live process trains this run now

    @property
    def needs_choice(self) -> bool:
        """The user must decide: no checkpoint, or the newest one is damaged."""
        return self.checkpoint is None or bool(self.damaged)

    @property
    def steps_lost(self) -> int:
        return max(self.last_logged_step - self.checkpoint_step, 0)


# -------------------------------------------------------------------- checks

def metrics_tail_problem(path: Path) -> bool:
    """True when metrics.jsonl ends in a half-written line (a kill during an append)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            if size == 0:
                return False
            handle.seek(max(size - 65536, 0))
            tail = handle.read()
    except OSError:
        return False
    if not tail.endswith(b"\n"):
        return True
    last = tail.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        json.loads(last.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return True
    return False


def inspect_run(run_dir: str | Path) -> ResumePlan:
    """Read (never change) a run folder and say what a resume would start from."""
    folder = RunDir(run_dir)
    status = folder.read_status()
    in_use = live_owner(folder, status)
    notices: list[Problem] = []
    damaged: list[Problem] = []
    if is_stale(folder, status):
        notices.append(Problem.of(
            "stale_status",
            QT_TRANSLATE_NOOP("messages", "The run was interrupted: its status says “{status}”, "
                                          "but the process that trained it has ended."),
            status=str(status.get("status"))))
    if metrics_tail_problem(folder.metrics):
        notices.append(Problem.of(
            "metrics_truncated",
            QT_TRANSLATE_NOOP("messages", "The last line of metrics.jsonl was cut off; it is "
                                          "dropped."), file=str(folder.metrics)))
    good: tuple[int, Path] | None = None
    for step, path in list_checkpoints(folder.checkpoints):
        state, why = checkpoint_state(path)
        if state == "ok":
            good = (step, path)
            break
        if state == "incomplete":
            notices.append(Problem.of(
                "checkpoint_incomplete",
                QT_TRANSLATE_NOOP("messages", "{checkpoint} was being saved when the run "
                                              "stopped; it is skipped."),
                checkpoint=path.name, step=step))
        else:
            damaged.append(Problem.of(
                "checkpoint_damaged",
                QT_TRANSLATE_NOOP("messages", "{checkpoint} is damaged: {reason}."),
                checkpoint=path.name, step=step, reason=why))
    adapter = folder.adapter / ADAPTER_WEIGHTS[0]
    if adapter.is_file() and safetensors_problem(adapter):
        notices.append(Problem.of(
            "adapter_damaged",
            QT_TRANSLATE_NOOP("messages", "The saved adapter is damaged; it is written again "
                                          "when training ends."), file=str(adapter)))
    if good is None:
        damaged.append(Problem.of(
            "no_checkpoint",
            QT_TRANSLATE_NOOP("messages", "The run stopped before its first checkpoint was "
                                          "saved, so there is nothing to continue from.")))
    return ResumePlan(
        run_dir=folder.root, checkpoint=good[1] if good else None,
        checkpoint_step=good[0] if good else 0,
        last_logged_step=max((e.step for e in replay_events(folder.root)
                              if isinstance(e, StepMetrics)), default=0),
        damaged=tuple(damaged), notices=tuple(notices),
        in_use_pid=in_use)


def choice_needed_error(plan: ResumePlan) -> UserError:
    """The ``resume_choice`` error (message, hint for the CLI, params) when a resume needs a
    choice; the GUI asks instead (gui/resume_dialog.py)."""
    params: dict[str, Any] = {"run": plan.run_dir.name, "path": str(plan.run_dir),
                              "step": plan.checkpoint_step}
    start_over = QT_TRANSLATE_NOOP("messages", "Start it again from step 1: dpo-desktop train "
                                               "--resume {path} --start-over")
    if plan.checkpoint is None:
        why = next((p for p in plan.damaged if p.code == "checkpoint_damaged"), None)
        if why is None:
            return UserError.of(
                "resume_choice",
                QT_TRANSLATE_NOOP("messages", "The run “{run}” has no checkpoint to continue "
                                              "from: it stopped before its first save."),
                start_over, **params)
        return UserError.of(
            "resume_choice",
            QT_TRANSLATE_NOOP("messages", "The run “{run}” has no checkpoint to continue from "
                                          "({checkpoint} is damaged: {reason})."),
            start_over, checkpoint=why.params["checkpoint"], reason=why.params["reason"],
            **params)
    return UserError.of(
        "resume_choice",
        QT_TRANSLATE_NOOP("messages", "The run “{run}” has a damaged checkpoint: {damaged}."),
        QT_TRANSLATE_NOOP("messages", "Continue from step {step}: dpo-desktop train --resume "
                                      "{path} --from-last-good, or start over: dpo-desktop "
                                      "train --resume {path} --start-over"),
        damaged="; ".join(p.message.rstrip(".") for p in plan.damaged), **params)


# -------------------------------------------------------------------- applying

def repair_metrics(path: Path) -> None:
    """Drop a half-written last line, so the next append starts on a line of its own."""
    if not metrics_tail_problem(path):
        return
    data = path.read_bytes()
    body = data if not data.endswith(b"\n") else data.rstrip(b"\n")
    cut = body.rfind(b"\n")
    keep = body[:cut + 1] if cut >= 0 else b""
    from dpo_desktop.core.atomic import atomic_write_bytes

    atomic_write_bytes(path, keep)


def apply_choice(plan: ResumePlan, choice: Literal["last_good", "start_over"]) -> None:
    """Make the folder match the choice: newer broken checkpoints go (they would confuse
    the trainer's rotation); starting over also clears the adapter and the metrics (kept
    as metrics.previous.jsonl) while the data split and the "before" score stay."""
    folder = RunDir(plan.run_dir)
    repair_metrics(folder.metrics)
    if choice == "start_over":
        shutil.rmtree(folder.checkpoints, ignore_errors=True)
        folder.checkpoints.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(folder.adapter, ignore_errors=True)
        if folder.metrics.exists():
            folder.metrics.replace(folder.previous_metrics)
        results = folder.read_eval()
        if results.pop("after", None) is not None:
            results.pop("steps", None)
            folder.write_json(folder.eval_file, results)
        return
    for step, path in list_checkpoints(folder.checkpoints):
        if step > plan.checkpoint_step:
            shutil.rmtree(path, ignore_errors=True)


# -------------------------------------------------------------------- history

def replay_events(run_dir: str | Path, upto_step: int | None = None,
                  limit: int = 200_000) -> list[Event]:
    """The run's history from metrics.jsonl, as the charts should show it.

    A resume goes back to its checkpoint, so steps after it were logged twice; where a
    step number goes back, the earlier, abandoned steps from there on are dropped.
    ``upto_step`` cuts the history at a checkpoint about to be resumed from. Unreadable
    lines (a half-written last one) are skipped.
    """
    events: list[Event] = []
    step_at: list[tuple[int, int]] = []  # (step, index in events) of each StepMetrics
    try:
        handle = RunDir(run_dir).metrics.open(encoding="utf-8", errors="replace")
    except OSError:
        return events
    with handle:
        for line in handle:
            try:
                event = event_from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError):
                continue
            if isinstance(event, StepMetrics):
                while step_at and step_at[-1][0] >= event.step:
                    del events[step_at.pop()[1]:]
            events.append(event)
            if isinstance(event, StepMetrics):
                step_at.append((event.step, len(events) - 1))
            if len(events) >= limit:
                break
    if upto_step is not None:
        cut = next((i for s, i in step_at if s > upto_step), None)
        if cut is not None:
            del events[cut:]
        events = [e for e in events if not (isinstance(e, EvalMetrics) and e.label == "after")]
    return events

