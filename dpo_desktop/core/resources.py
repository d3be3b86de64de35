"""Where the bundled resources (sample data, icons, translations) live.

They sit beside the package in a source checkout or editable install, and under
``sys._MEIPASS`` in a PyInstaller bundle.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    candidates = [Path(__file__).resolve().parents[2] / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def sample_path(name: str) -> Path:
    """A bundled sample data set, e.g. ``support_en.csv``."""
    return resources_dir() / "samples" / name
