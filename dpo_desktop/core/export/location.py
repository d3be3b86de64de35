"""Where exports go by default: a folder the user can find, not the hidden data folder.

``Documents/DPO Desktop/exports/<run>`` on every platform (platformdirs knows where
Documents is on Windows, macOS and Linux, including a localized XDG folder). The
``DPO_DESKTOP_EXPORTS_DIR`` environment variable moves it (tests, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "DPO_DESKTOP_EXPORTS_DIR"


def default_exports_dir() -> Path:
    override = os.environ.get(ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "DPO Desktop" / "exports"


def default_export_folder(run_name: str) -> Path:
    """A new folder for one run's export: the run's name, then -2, -3 … if it is taken."""
    base = default_exports_dir()
    folder = base / run_name
    number = 2
    while folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        folder = base / f"{run_name}-{number}"
        number += 1
    return folder
