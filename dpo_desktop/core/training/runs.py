"""The runs folder, read for the people looking at runs: one summary per run directory.

:class:`~dpo_desktop.core.training.rundir.RunDir` names a run's files and writes them;
this module answers what the Runs page, the Compare and Export pages and
``dpo-desktop runs`` ask of a run: is it one, what state is it in (an *interrupted* run
is offered to continue), how did held-out accuracy move, does it have an adapter to
compare or export, and which held-out prompts can be tried. Everything here reads only,
and tolerates half-written or foreign folders: a folder that is not a run is skipped, a
file that cannot be read counts as absent.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpo_desktop.core.training.rundir import RunDir, default_runs_dir, new_run_name
from dpo_desktop.core.training.runlock import owner_alive, read_lock

__all__ = [
    "CONTINUABLE", "INTERRUPTED", "RunSummary", "default_runs_dir", "delete_run", "has_adapter",
    "held_out_prompts", "is_interrupted", "list_runs", "live_owner", "new_run_name",
    "summarize",
]

INTERRUPTED = ("running", "paused")  # statuses that say a process is training the run now
CONTINUABLE = (*INTERRUPTED, "cancelled", "failed")  # `train --resume` may go on from these
MAX_HELD_OUT_PROMPTS = 50


@dataclass(frozen=True)
class RunSummary:
    """One run as a list shows it. ``model`` is the spec from run.toml (``demo`` for the
    embedded model); the GUI and the CLI word it themselves."""

    path: Path
    name: str
    model: str
    updated: float
    status: str  # running | paused | completed | cancelled | failed | unknown
    message: str
    accuracy_before: float | None
    accuracy_after: float | None
    interrupted: bool = False  # its process is gone, or it was stopped by Quit / Ctrl-C
    has_adapter: bool = False

    @property
    def can_continue(self) -> bool:
        """Offer "Continue training": the run did not complete (resume then says whether a
        checkpoint is there, or whether another process is training it now)."""
        return self.status in CONTINUABLE

    @property
    def state(self) -> str:
        """The status to show: ``interrupted`` wins over what status.json still says."""
        return "interrupted" if self.interrupted else self.status

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "path": str(self.path), "model": self.model,
                "updated": self.updated, "status": self.state, "message": self.message,
                "accuracy_before": self.accuracy_before, "accuracy_after": self.accuracy_after,
                "has_adapter": self.has_adapter}


def has_adapter(run_dir: str | os.PathLike[str] | None) -> bool:
    """The one test of "this run can be compared and exported" (see RunDir.has_adapter)."""
    return run_dir is not None and RunDir(run_dir).has_adapter()


def live_owner(folder: RunDir, status: Mapping[str, Any]) -> int | None:
    """The PID of the process training the run right now: only when its status says it
    is training and the process in run.lock is still alive (see runlock.owner_alive)."""
    if status.get("status") not in INTERRUPTED:
        return None
    lock = read_lock(folder.lock)
    pid = lock.get("pid")
    return pid if isinstance(pid, int) and owner_alive(lock) else None


def is_stale(folder: RunDir, status: Mapping[str, Any]) -> bool:
    """The status says "running" or "paused", but the process that trained it has ended
    (a crash, a kill, a power cut: however recent)."""
    return status.get("status") in INTERRUPTED and live_owner(folder, status) is None


def is_interrupted(run_dir: str | os.PathLike[str],
                   status: Mapping[str, Any] | None = None) -> bool:
    """A run to offer to continue: its status is stale (see :func:`is_stale`), or it was
    stopped by Quit or Ctrl-C to be continued later."""
    folder = RunDir(run_dir)
    status = folder.read_status() if status is None else status
    if status.get("status") in INTERRUPTED:
        return is_stale(folder, status)
    return status.get("status") == "cancelled" and bool(status.get("continue_later"))


def _model_spec(folder: RunDir) -> str:
    try:
        from dpo_desktop.core.config import tomllib

        data = tomllib.loads(folder.config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    model = data.get("model")
    return str(model.get("spec", "")) if isinstance(model, dict) else ""


def _accuracy(value: Any) -> float | None:
    if isinstance(value, dict) and isinstance(value.get("accuracy"), int | float):
        return float(value["accuracy"])
    return None


def summarize(run_dir: str | os.PathLike[str]) -> RunSummary | None:
    """The run in ``run_dir``, or None when the folder holds no run."""
    folder = RunDir(run_dir)
    status = folder.read_status()
    if not status and not folder.config.is_file():
        return None
    evaluation = folder.read_eval()
    try:
        updated = float(status.get("updated") or folder.root.stat().st_mtime)
    except (OSError, TypeError, ValueError):
        updated = 0.0
    return RunSummary(path=Path(run_dir), name=folder.root.name, model=_model_spec(folder),
                      updated=updated, status=str(status.get("status", "unknown")),
                      message=str(status.get("message", "")),
                      accuracy_before=_accuracy(evaluation.get("before")),
                      accuracy_after=_accuracy(evaluation.get("after")),
                      interrupted=is_interrupted(folder.root, status),
                      has_adapter=folder.has_adapter())


def list_runs(runs_dir: str | os.PathLike[str] | None) -> list[RunSummary]:
    """Every run in ``runs_dir``, newest first (none when the folder does not exist)."""
    if runs_dir is None:
        return []
    root = Path(runs_dir)
    try:
        children = [c for c in root.iterdir() if c.is_dir() and not c.name.startswith(".")]
    except OSError:
        return []
    runs = [summarize(child) for child in children]
    return sorted((r for r in runs if r is not None), key=lambda r: r.updated, reverse=True)


def delete_run(run_dir: str | os.PathLike[str], runs_dir: str | os.PathLike[str]) -> None:
    """Delete a run folder, refusing anything outside the runs folder."""
    run, root = Path(run_dir).resolve(), Path(runs_dir).resolve()
    if run.parent != root or not run.is_dir():
        raise ValueError(f"{run} is not a run in {root}")
    shutil.rmtree(run)


def held_out_prompts(run_dir: str | os.PathLike[str],
                     limit: int = MAX_HELD_OUT_PROMPTS) -> list[str]:
    """The last user turn of each held-out pair (data/eval.jsonl), without repeats, for
    quick picks on the Compare page; empty when the file is missing or unreadable."""
    prompts: list[str] = []
    try:
        with RunDir(run_dir).eval_data.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                users = [m["content"] for m in record.get("prompt", []) if m.get("role") == "user"]
                if users and users[-1] not in prompts:
                    prompts.append(users[-1])
                if len(prompts) >= limit:
                    break
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return prompts
