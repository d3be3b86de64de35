"""Is a ``checkpoint-N`` folder whole? The checks a resume relies on.

Plain functions over paths, with no knowledge of the rest of the run directory, so that
:class:`~dpo_desktop.core.training.rundir.RunDir` and :mod:`resume` can both use them
without importing each other.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import Literal

from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP, Text

# What a checkpoint needs so that a resume continues exactly: the adapter, the optimizer
# and scheduler, the RNG and the trainer's own state (written last by the trainer).
OPTIMIZER = "optimizer.pt"
SCHEDULER = "scheduler.pt"
TRAINER_STATE = "trainer_state.json"
ADAPTER_WEIGHTS = ("adapter_model.safetensors", "model.safetensors")
ADAPTER_CONFIG = "adapter_config.json"  # PEFT's, in every adapter folder (final or checkpoint)


def safetensors_problem(path: Path) -> str | None:
    """Why ``path`` is not a whole safetensors file, or None when its header and size agree.

    Checks the 8-byte header length, the JSON header, and that the tensors' byte ranges
    end exactly at the end of the file: a cut-off or overwritten file fails one of these.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
            if len(head) < 8:
                return "too short"
            (length,) = struct.unpack("<Q", head)
            if length <= 0 or 8 + length > size:
                return "bad header length"
            header = json.loads(handle.read(length).decode("utf-8"))
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    except (ValueError, UnicodeDecodeError):
        return "bad header"
    if not isinstance(header, dict):
        return "bad header"
    end = 0
    for name, info in header.items():
        if name == "__metadata__":
            continue
        offsets = info.get("data_offsets") if isinstance(info, dict) else None
        if not (isinstance(offsets, list) and len(offsets) == 2
                and all(isinstance(x, int) for x in offsets) and 0 <= offsets[0] <= offsets[1]):
            return "bad header"
        end = max(end, offsets[1])
    return None if 8 + length + end == size else "size does not match its header"


MISSING = QT_TRANSLATE_NOOP("messages", "{file} is missing")


def checkpoint_state(folder: Path) -> tuple[Literal["ok", "incomplete", "damaged"], Text]:
    """``ok``; ``incomplete`` (a save cut short: the trainer writes its state file last);
    or ``damaged`` (the state file is there, so the save finished, but a part is missing
    or broken), with what is wrong (a marked part of a sentence; ``str()`` is English)."""
    try:
        state = json.loads((folder / TRAINER_STATE).read_text(encoding="utf-8"))
        if not isinstance(state, dict):
            raise ValueError
    except (OSError, ValueError):
        return "incomplete", Text(QT_TRANSLATE_NOOP("messages", "{file} is missing or cut off"),
                                  (("file", TRAINER_STATE),))
    for name in (OPTIMIZER, SCHEDULER):
        if not (folder / name).is_file() or (folder / name).stat().st_size == 0:
            return "damaged", Text(MISSING, (("file", name),))
    if not any(folder.glob("rng_state*.pth")):
        return "damaged", Text(MISSING, (("file", "rng_state.pth"),))
    weights = [folder / n for n in ADAPTER_WEIGHTS if (folder / n).is_file()]
    if not weights:
        return "damaged", Text(MISSING, (("file", ADAPTER_WEIGHTS[0]),))
    why = safetensors_problem(weights[0])
    if why:
        return "damaged", Text(QT_TRANSLATE_NOOP("messages", "{file} is damaged ({reason})"),
                               (("file", weights[0].name), ("reason", why)))
    return "ok", Text("")


def list_checkpoints(folder: Path) -> list[tuple[int, Path]]:
    """The ``checkpoint-N`` folders in ``folder`` (a run's ``checkpoints/``), newest first."""
    if not folder.is_dir():
        return []
    found = []
    for child in folder.iterdir():
        match = re.fullmatch(r"checkpoint-(\d+)", child.name)
        if match and child.is_dir():
            found.append((int(match.group(1)), child))
    return sorted(found, reverse=True)


def last_good_checkpoint(folder: Path) -> Path | None:
    """The newest whole checkpoint in ``folder`` (a run's ``checkpoints/``), if any."""
    for _, path in list_checkpoints(folder):
        if checkpoint_state(path)[0] == "ok":
            return path
    return None
