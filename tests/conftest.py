"""Shared test set-up: Qt runs offscreen, and user folders point into a temp dir."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def collect_on_the_ui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Qt tests collect garbage as the app does, on the UI thread only (gui.collector).

    Set up before ``qtbot``, so torn down after it: the test's closed widgets are then
    collected here, on the UI thread, and not later in some worker thread of another
    test (that crashed a CI run inside an export's QThread)."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        return
    request.getfixturevalue("qapp")
    from dpo_desktop.gui.collector import UiThreadCollector

    collector = UiThreadCollector()
    try:
        yield
    finally:
        collector.stop()
        collector.deleteLater()
