"""The folder layout LM Studio scans: ``models/<publisher>/<model>/<file>.gguf``.

We build it inside the export (as a hard link to the GGUF where the file system allows,
else a copy), so the user copies one folder into LM Studio's models directory.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

PUBLISHER = "dpo-desktop"
MODELS_DIRS = ("~/.lmstudio/models", "~/.cache/lm-studio/models")


def lmstudio_layout(export_dir: Path, gguf_path: Path, model_name: str) -> Path:
    """Place ``gguf_path`` at ``export_dir/lmstudio/dpo-desktop/<model>-GGUF/``; return it."""
    target_dir = export_dir / "lmstudio" / PUBLISHER / f"{model_name}-GGUF"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / gguf_path.name
    try:
        os.link(gguf_path, target)
    except OSError:
        shutil.copy2(gguf_path, target)
    return target


def lmstudio_models_dir() -> Path:
    """LM Studio's models folder on this machine (the newer location when neither exists)."""
    for candidate in MODELS_DIRS:
        path = Path(candidate).expanduser()
        if path.is_dir():
            return path
    return Path(MODELS_DIRS[0]).expanduser()
