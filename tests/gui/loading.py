"""Waiting for a data file to open: imports run off the UI thread, so a test starts one
and waits for ``DataDocument.import_finished`` (never a sleep)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

IMPORT_TIMEOUT_MS = 20_000


def opened(qtbot: Any, document: Any, start: Callable[[], object]) -> bool:
    """Run ``start`` (which opens a file into ``document``) and wait until the import is
    over; True when rows arrived, False when the file needs its columns chosen or cannot
    be used (the message is then on screen)."""
    with qtbot.waitSignal(document.import_finished, timeout=IMPORT_TIMEOUT_MS) as blocker:
        start()
    return bool(blocker.args[0])
