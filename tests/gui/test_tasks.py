"""gui.tasks: a pool job whose owner is deleted while it runs reports nothing and raises
nothing (it used to raise "Signal source has been deleted" inside the pool thread, which
pytest-qt caught as an error in tests/faults/test_gui.py now and then)."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject, QThreadPool
from pytestqt.qtbot import QtBot

from dpo_desktop.gui.tasks import ProgressRelay, run_in_pool


def test_a_job_outliving_its_owner_reports_nothing_and_raises_nothing(qtbot: QtBot) -> None:
    owner = QObject()
    seen: list[object] = []
    relay = ProgressRelay(owner, lambda done, total: seen.append((done, total)))
    owner_gone = threading.Event()

    def job() -> int:
        assert owner_gone.wait(5)
        relay.report(1, 2)  # from the pool thread, after the owner is gone
        return 42

    run_in_pool(owner, job, seen.append, seen.append)
    shiboken6.delete(owner)  # the window closed while the job ran
    assert not shiboken6.isValid(relay)
    owner_gone.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)  # any queued delivery would arrive here
    assert seen == []


def test_a_failing_job_outliving_its_owner_raises_nothing(qtbot: QtBot) -> None:
    owner = QObject()
    errors: list[BaseException] = []
    owner_gone = threading.Event()

    def job() -> None:
        assert owner_gone.wait(5)
        raise ValueError("too late")

    run_in_pool(owner, job, lambda _result: None, errors.append)
    shiboken6.delete(owner)
    owner_gone.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)
    assert errors == []


def test_a_job_whose_owner_lives_reports_progress_and_its_result(qtbot: QtBot) -> None:
    owner = QObject()
    progress: list[tuple[int, int]] = []
    results: list[object] = []
    relay = ProgressRelay(owner, lambda done, total: progress.append((done, total)))

    def job() -> int:
        relay.report(1, 2)
        return 42

    run_in_pool(owner, job, results.append)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert progress == [(1, 2)]
