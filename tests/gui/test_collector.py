"""gui.collector: cyclic garbage, widgets included, is collected on the UI thread only,
never in a job's worker thread, and full collections a job asks for run there too."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from dpo_desktop.core import gcpause
from dpo_desktop.gui.workers import JobRunner


@pytest.fixture
def collections() -> Iterator[list[tuple[int, int]]]:
    """(thread ident, generation) of every collection while the test runs."""
    seen: list[tuple[int, int]] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append((threading.get_ident(), info["generation"]))

    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)


class Page:
    """A page in a reference cycle, as a lambda connected back to its page makes one."""

    def __init__(self, deleted_on: list[int]) -> None:
        self.widget = QWidget()
        self.widget.destroyed.connect(lambda: deleted_on.append(threading.get_ident()),
                                      Qt.ConnectionType.DirectConnection)
        self.me = self


def _allocate(kept: list[Any]) -> Any:
    def job(emit: Any) -> int:
        # Far past generation 0's threshold: CPython by itself would collect in this
        # thread. Kept alive afterwards, so generation 0 stays due until the UI collects.
        kept.append([[i] for i in range(200_000)])
        return threading.get_ident()

    return job


def test_a_widget_in_cyclic_garbage_dies_on_the_ui_thread_not_in_the_job(
        qtbot, collections: list[tuple[int, int]]) -> None:  # type: ignore[no-untyped-def]
    ui = threading.get_ident()
    assert not gc.isenabled() and gcpause.owner() == ui
    gc.collect()
    deleted_on: list[int] = []
    page = Page(deleted_on)
    alive = weakref.ref(page)
    del page
    collections.clear()
    runner, kept = JobRunner(), []
    with qtbot.waitSignal(runner.done, timeout=20_000) as job:
        runner.start(_allocate(kept))
    worker = job.args[0]
    assert worker != ui
    qtbot.waitUntil(lambda: alive() is None, timeout=5_000)  # the timer's collection
    assert deleted_on == [ui]
    assert collections and {thread for thread, _ in collections} == {ui}
    qtbot.waitUntil(lambda: not runner.is_running())


def test_a_full_collection_asked_for_by_a_job_runs_on_the_ui_thread(
        qtbot, collections: list[tuple[int, int]]) -> None:  # type: ignore[no-untyped-def]
    ui = threading.get_ident()
    deleted_on: list[int] = []
    page = Page(deleted_on)
    del page
    collections.clear()
    runner = JobRunner()
    with qtbot.waitSignal(runner.done, timeout=20_000) as job:
        runner.start(lambda emit: (gcpause.collect(), threading.get_ident())[1])
    assert job.args[0] != ui
    assert (ui, 2) in collections and {thread for thread, _ in collections} == {ui}
    assert deleted_on == [ui]
    qtbot.waitUntil(lambda: not runner.is_running())


def test_stopping_gives_collection_back_to_cpython(qtbot) -> None:  # type: ignore[no-untyped-def]
    from dpo_desktop.gui.collector import UiThreadCollector

    # The test's own collector (tests/conftest.py) is running; a second one nests as the
    # app's and the tests' would not, so stop the test's view by checking a fresh one.
    extra = UiThreadCollector()
    assert not gc.isenabled()
    extra.stop()
    assert gc.isenabled() and gcpause.owner() is None
    gcpause.hand_over_to_this_thread()  # back to what the test's collector expects
