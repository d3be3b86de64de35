"""Check there is room for the export before spending minutes on it.

The estimate counts parameters from the base model's safetensors headers (no weights are
read), then sizes the merged copy, the GGUF and, for LM Studio, a possible second GGUF.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP

# Bytes per weight of each GGUF type (block bytes / block values).
_GGUF_BYTES_PER_WEIGHT = {"f16": 2.0, "bf16": 2.0, "q8_0": 34 / 32, "q4_0": 18 / 32,
                          "q5_0": 22 / 32, "q5_1": 24 / 32,
                          # K mixes: upper bounds, for models whose rows fall back (576 wide)
                          "q6_k": 34 / 32, "q5_k_m": 0.85, "q4_k_m": 0.8}
MARGIN_BYTES = 64 * 1024 * 1024


def count_parameters(model_dir: Path) -> int | None:
    """Parameters in the safetensors files of ``model_dir``; None when it has none."""
    from safetensors import safe_open

    files = sorted(model_dir.glob("*.safetensors"))
    if not files:
        return None
    total = 0
    for path in files:
        with safe_open(str(path), framework="pt") as handle:
            for name in handle.keys():  # noqa: SIM118 - safe_open is not a mapping
                count = 1
                for dim in handle.get_slice(name).get_shape():
                    count *= int(dim)
                total += count
    return total


def estimate_bytes(parameters: int, *, merge_dtype: str, gguf_type: str | None,
                   lmstudio: bool) -> int:
    merged = parameters * (4 if merge_dtype == "float32" else 2)
    gguf = int(parameters * _GGUF_BYTES_PER_WEIGHT[gguf_type]) if gguf_type else 0
    return merged + gguf * (2 if lmstudio else 1) + MARGIN_BYTES


def _existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path


def human(nbytes: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(nbytes) < 1024 or unit == "TB":
            return f"{nbytes:.0f} {unit}" if unit == "B" else f"{nbytes:.1f} {unit}"
        nbytes /= 1024
    return f"{nbytes:.1f} TB"


def check_free_space(out_dir: Path, needed: int) -> None:
    """Raise a UserError when the disk that will hold ``out_dir`` has less than ``needed``."""
    where = _existing(out_dir.parent)
    free = shutil.disk_usage(where).free
    if free < needed:
        raise UserError.of(
            "export_disk_full",
            QT_TRANSLATE_NOOP("messages", "The export needs about {needed_text} but only "
                                          "{free_text} is free on the disk holding {where}."),
            QT_TRANSLATE_NOOP("messages", "Free some space or choose another --out folder on a "
                                          "larger disk."),
            needed=needed, free=free, needed_text=human(needed), free_text=human(free),
            where=str(where))
