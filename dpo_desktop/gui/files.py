"""Opening a folder in the system's file manager, with a way to tell when that failed.

``QDesktopServices.openUrl`` returns False (and Qt prints "Unable to detect a launcher")
on a desktop without xdg-open or a file manager; the caller then shows the path instead,
so a click never silently does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

Opener = Callable[[QUrl], bool]


def open_folder(path: Path, opener: Opener | None = None) -> bool:
    """True when a file manager was started for ``path``."""
    if not path.exists():
        return False
    return bool((opener or QDesktopServices.openUrl)(QUrl.fromLocalFile(str(path))))
