"""The run directory: the one place a run's settings, data, metrics and results live.

Layout (see ARCHITECTURE.md): run.toml, data/, metrics.jsonl, checkpoints/, adapter/,
status.json, eval.json, plus run.lock and votes.jsonl. This class is the one place those
names are written down; :mod:`dpo_desktop.core.runs` reads runs for the people looking at
them. Writes are atomic or append-and-flush, so a killed process leaves a directory that
``--resume``, compare and export can still read.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import IO, Any, Literal

from dpo_desktop.core.atomic import atomic_write_text
from dpo_desktop.core.errors import from_os_error
from dpo_desktop.core.events import Event
from dpo_desktop.core.training.checkpoints import ADAPTER_CONFIG, last_good_checkpoint

Status = Literal["running", "paused", "completed", "cancelled", "failed"]


def default_runs_dir() -> Path:
    """``<user data dir>/runs``; ``DPO_DESKTOP_RUNS_DIR`` overrides it."""
    override = os.environ.get("DPO_DESKTOP_RUNS_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("dpo-desktop")) / "runs"


def new_run_name() -> str:
    """The name a run gets when none is given: ``run-YYYYMMDD-HHMMSS`` (local time)."""
    return time.strftime("run-%Y%m%d-%H%M%S")


def _read_object(path: Path) -> dict[str, Any]:
    """A JSON object from ``path``; empty when missing, half-written or not an object."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


class RunDir:
    """Paths and writers for one run directory."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).expanduser().resolve()
        self._metrics: IO[str] | None = None
        self._metrics_size = 0
        self.config = self.root / "run.toml"
        self.data = self.root / "data"
        self.train_data = self.data / "train.jsonl"
        self.eval_data = self.data / "eval.jsonl"
        self.report = self.data / "validation_report.json"
        self.metrics = self.root / "metrics.jsonl"
        self.previous_metrics = self.root / "metrics.previous.jsonl"  # kept by a start-over
        self.checkpoints = self.root / "checkpoints"
        self.adapter = self.root / "adapter"
        # Written last when the adapter is saved; export and compare need it (has_adapter).
        self.adapter_config = self.adapter / ADAPTER_CONFIG
        self.status_file = self.root / "status.json"
        self.eval_file = self.root / "eval.json"
        self.lock = self.root / "run.lock"  # see runlock.py: who trains this run now
        self.votes = self.root / "votes.jsonl"  # blind A/B votes from the Compare page

    def create(self) -> None:
        for folder in (self.root, self.data, self.checkpoints):
            folder.mkdir(parents=True, exist_ok=True)

    def has_run(self) -> bool:
        return self.config.is_file() or self.status_file.is_file()

    def has_adapter(self) -> bool:
        """A saved adapter that compare and export can load (its config names the base)."""
        return self.adapter_config.is_file()

    # -- status ---------------------------------------------------------------
    def write_status(self, status: Status, message: str = "", **extra: Any) -> None:
        payload = {"status": status, "message": message, "updated": time.time(), **extra}
        atomic_write_text(self.status_file, json.dumps(payload, ensure_ascii=False, indent=2))

    def read_status(self) -> dict[str, Any]:
        return _read_object(self.status_file)

    # -- metrics --------------------------------------------------------------
    def append_event(self, event: Event) -> None:
        """One JSON line per event, flushed at once so a crash loses nothing written.

        If the disk fails part-way (full, gone, locked), the half line is cut off again so
        the file still ends on a whole event, and the error names metrics.jsonl.
        """
        line = json.dumps(event.to_dict(), ensure_ascii=False) + "\n"
        try:
            if self._metrics is None:
                self._metrics = self.metrics.open("a", encoding="utf-8", newline="\n")
                self._metrics_size = self._metrics.tell()
            self._metrics.write(line)
            self._metrics.flush()
            self._metrics_size = self._metrics.tell()
        except OSError as exc:
            self._drop_partial_line()
            raise from_os_error(exc, self.metrics) from exc

    def _drop_partial_line(self) -> None:
        handle, self._metrics = self._metrics, None
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.close()
            with contextlib.suppress(OSError):
                os.truncate(self.metrics, self._metrics_size)

    def close(self) -> None:
        if self._metrics is not None:
            try:
                self._metrics.close()
            except OSError:  # a buffered line the disk refused: cut it, never raise here
                self._drop_partial_line()
            self._metrics = None

    # -- results --------------------------------------------------------------
    def write_json(self, path: Path, value: Any) -> None:
        atomic_write_text(path, json.dumps(value, ensure_ascii=False, indent=2))

    def read_eval(self) -> dict[str, Any]:
        return _read_object(self.eval_file)

    def last_checkpoint(self) -> Path | None:
        """The newest whole ``checkpoint-N`` folder (see checkpoints.checkpoint_state)."""
        return last_good_checkpoint(self.checkpoints)
