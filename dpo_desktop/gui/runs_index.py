"""Reading the runs folder for the Runs page: one summary per run directory.

Plain Python over the run-directory layout (status.json, run.toml, eval.json,
metrics.jsonl), tolerant of half-written or foreign folders.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dpo_desktop.core.events import Event
from dpo_desktop.core.training.resume import is_interrupted, replay_events


@dataclass(frozen=True)
class RunSummary:
    path: Path
    name: str
    model: str
    updated: float
    status: str
    message: str
    accuracy_before: float | None
    accuracy_after: float | None
    interrupted: bool = False  # its process is gone, or it was stopped by Quit / Ctrl-C

    @property
    def has_adapter(self) -> bool:
        return (self.path / "adapter" / "adapter_config.json").is_file()


def _json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _model(run: Path) -> str:
    try:
        from dpo_desktop.core.config import tomllib

        data = tomllib.loads((run / "run.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    spec = str(data.get("model", {}).get("spec", ""))
    if spec == "demo":
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("runs", "SmolLM2-135M (demo)")
    return spec


def _accuracy(value: Any) -> float | None:
    if isinstance(value, dict) and isinstance(value.get("accuracy"), int | float):
        return float(value["accuracy"])
    return None


def summarize(run: Path) -> RunSummary | None:
    status = _json(run / "status.json")
    if not status and not (run / "run.toml").is_file():
        return None
    evaluation = _json(run / "eval.json")
    try:
        updated = float(status.get("updated") or run.stat().st_mtime)
    except OSError:
        updated = 0.0
    return RunSummary(path=run, name=run.name, model=_model(run), updated=updated,
                      status=str(status.get("status", "unknown")),
                      message=str(status.get("message", "")),
                      accuracy_before=_accuracy(evaluation.get("before")),
                      accuracy_after=_accuracy(evaluation.get("after")),
                      interrupted=is_interrupted(run, status))


def list_runs(runs_dir: Path) -> list[RunSummary]:
    """Every run in ``runs_dir``, newest first."""
    if not runs_dir.is_dir():
        return []
    runs = [summarize(child) for child in runs_dir.iterdir()
            if child.is_dir() and not child.name.startswith(".")]
    return sorted((r for r in runs if r is not None), key=lambda r: r.updated, reverse=True)


def read_events(run: Path, limit: int = 200_000) -> list[Event]:
    """The run's history from ``metrics.jsonl``, each step once (see replay_events)."""
    return replay_events(run, limit=limit)


def delete_run(run: Path, runs_dir: Path) -> None:
    """Delete a run folder, refusing anything outside the runs folder."""
    run, runs_dir = run.resolve(), runs_dir.resolve()
    if run.parent != runs_dir or not run.is_dir():
        raise ValueError(f"{run} is not a run in {runs_dir}")
    shutil.rmtree(run)
