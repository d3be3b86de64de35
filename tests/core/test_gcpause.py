"""core.gcpause: holds nest and overlap, the collector's own state is restored, and a
freeze asked for by any hold happens when the last one ends."""

from __future__ import annotations

import gc
import threading

from dpo_desktop.core import gcpause


def test_nested_holds_restore_the_collector_once_the_last_ends() -> None:
    assert gc.isenabled()
    with gcpause.paused():
        assert not gc.isenabled()
        with gcpause.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer hold still runs
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with gcpause.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_holds_from_threads_and_a_freeze_at_the_end() -> None:
    gc.unfreeze()
    started, release = threading.Event(), threading.Event()

    def other() -> None:
        with gcpause.paused(freeze_after=True):
            started.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    try:
        with gcpause.paused():
            thread.start()
            assert started.wait(5)
        assert not gc.isenabled()  # the thread's hold is still on
        assert gc.get_freeze_count() == 0
        marker = [object()]  # alive at the freeze
        release.set()
        thread.join(5)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0 and marker
    finally:
        release.set()
        thread.join(5)
        gc.unfreeze()
        gc.enable()


def test_an_exception_still_ends_the_hold() -> None:
    try:
        with gcpause.paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()
