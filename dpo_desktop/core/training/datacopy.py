"""The run trains on its own copy of the data, in ``data/``; this module says so.

When a run starts, the pairs it uses are written to ``data/train.jsonl`` and
``data/eval.jsonl``, and the original file's size, time and hash go to
``data/source.json``. Editing, moving or deleting the original file while the run is
going, or before a resume, therefore changes nothing in the run. These log lines tell
the user that plainly, and on resume whether the original has changed or gone since.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from dpo_desktop.core.atomic import atomic_write_text
from dpo_desktop.core.events import LogLine
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP

SOURCE_FILE = "source.json"


def _fingerprint(path: Path) -> dict[str, Any] | None:
    try:
        stat = path.stat()
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return {"path": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "sha256": digest.hexdigest()}


def record_source(data_dir: Path, source: Path) -> LogLine:
    """Note what ``source`` was when the run copied it; the line to show the user."""
    source = source.expanduser().resolve()
    info = _fingerprint(source)
    if info is not None:
        atomic_write_text(data_dir / SOURCE_FILE, json.dumps(info, ensure_ascii=False, indent=2))
    return LogLine.of("info", "data_copied", QT_TRANSLATE_NOOP(
        "messages", "The run uses its own copy of the data ({folder}); editing or deleting {file} "
                    "now does not change this run."), folder=str(data_dir), file=source.name)


def check_source(data_dir: Path) -> LogLine:
    """On resume: the run continues on its copy; say whether the original changed or went."""
    try:
        info = json.loads((data_dir / SOURCE_FILE).read_text(encoding="utf-8"))
        original = Path(str(info["path"]))
    except (OSError, ValueError, KeyError, TypeError):
        return LogLine.of("info", "data_resume_copy", QT_TRANSLATE_NOOP(
            "messages", "Resuming with the run's own copy of the data ({folder})."),
            folder=str(data_dir))
    if not original.is_file():
        return LogLine.of("warning", "data_source_gone", QT_TRANSLATE_NOOP(
            "messages", "{file} is no longer at {where}; the run continues with its own copy of "
                        "the data ({folder})."),
            file=original.name, where=str(original.parent), folder=str(data_dir))
    now = _fingerprint(original)
    if now is None or now["sha256"] != info.get("sha256"):
        return LogLine.of("warning", "data_source_changed", QT_TRANSLATE_NOOP(
            "messages", "{file} has changed since the run started; the run continues with the "
                        "copy it started with ({folder}). Start a new run to train on the new "
                        "version."), file=original.name, folder=str(data_dir))
    return LogLine.of("info", "data_resume_copy", QT_TRANSLATE_NOOP(
        "messages", "Resuming with the run's own copy of the data ({folder}); {file} is "
                    "unchanged."), folder=str(data_dir), file=original.name)
