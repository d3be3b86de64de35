"""What a finished run directory tells the export: the adapter, its base, and the facts
for the model card. Every piece but the adapter is optional; missing ones are left out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP, Text
from dpo_desktop.core.training.rundir import RunDir


@dataclass(frozen=True)
class DataFile:
    name: str
    sha256: str
    rows: int


@dataclass(frozen=True)
class RunInfo:
    run_dir: Path
    adapter_dir: Path
    base_model: str  # as written in adapter_config.json (a local folder, normally)
    adapter_config: dict[str, Any]
    settings_toml: str | None = None
    data_files: tuple[DataFile, ...] = ()
    eval: dict[str, Any] | None = None
    last_step: dict[str, Any] | None = None
    status: dict[str, Any] | None = None
    warnings: tuple[Text, ...] = field(default_factory=tuple)  # marked notes (core/i18n.py)

    @property
    def name(self) -> str:
        return self.run_dir.name


def _sha256_and_rows(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    rows = 0
    with path.open("rb") as handle:
        for line in handle:
            digest.update(line)
            rows += bool(line.strip())
    return digest.hexdigest(), rows


def _read_json(path: Path, warnings: list[Text]) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        warnings.append(Text(QT_TRANSLATE_NOOP(
            "messages", "{file} could not be read ({reason}); it is left out of the card"),
            (("file", path.name), ("reason", str(exc)))))
        return None
    return value if isinstance(value, dict) else None


def _last_step(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    last = None
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                event = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash
            if isinstance(event, dict) and event.get("event") == "StepMetrics":
                last = event
    return last


def read_run(run_dir: str | Path) -> RunInfo:
    """Read ``run_dir``; raise a UserError when it has no usable adapter."""
    folder = RunDir(run_dir)
    root, adapter, config_path = folder.root, folder.adapter, folder.adapter_config
    if not root.is_dir():
        raise UserError.of(
            "export_no_run", QT_TRANSLATE_NOOP("messages", "The run folder {run} does not exist."),
            QT_TRANSLATE_NOOP("messages", "Give the folder of a finished training run (it holds "
                                          "“adapter/”)."), run=str(root))
    if not folder.has_adapter():
        raise UserError.of(
            "export_no_adapter",
            QT_TRANSLATE_NOOP("messages", "{run} has no adapter/adapter_config.json."),
            QT_TRANSLATE_NOOP("messages", "Export needs a finished (or stopped) run whose adapter "
                                          "was saved."), run=str(root))
    warnings: list[Text] = []
    adapter_config = _read_json(config_path, warnings) or {}
    base = str(adapter_config.get("base_model_name_or_path") or "")
    if not base:
        raise UserError.of(
            "export_no_base",
            QT_TRANSLATE_NOOP("messages", "adapter_config.json does not name its base model."),
            QT_TRANSLATE_NOOP("messages", "Set base_model_name_or_path in "
                                          "adapter/adapter_config.json."))
    toml_path = folder.config
    data_files = []
    if folder.data.is_dir():
        for path in sorted(folder.data.glob("*.jsonl")):
            digest, rows = _sha256_and_rows(path)
            data_files.append(DataFile(path.name, digest, rows))
    return RunInfo(
        run_dir=root, adapter_dir=adapter, base_model=base, adapter_config=adapter_config,
        settings_toml=toml_path.read_text(encoding="utf-8") if toml_path.is_file() else None,
        data_files=tuple(data_files),
        eval=_read_json(folder.eval_file, warnings),
        last_step=_last_step(folder.metrics),
        status=_read_json(folder.status_file, warnings),
        warnings=tuple(warnings),
    )
