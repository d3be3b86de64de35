"""core.gcpause: holds nest and overlap, the collector's own state is restored, and a
freeze asked for by any hold happens when the last one ends."""

from __future__ import annotations

import gc
import threading

import pytest

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


def test_without_an_owner_a_full_collection_runs_in_the_asking_thread() -> None:
    seen: list[int] = []

    def record(phase: str, info: dict[str, object]) -> None:
        if phase == "start":
            seen.append(threading.get_ident())

    gc.callbacks.append(record)
    try:
        thread = threading.Thread(target=gcpause.collect)
        thread.start()
        thread.join(5)
        assert seen and thread.ident in seen
    finally:
        gc.callbacks.remove(record)


def test_an_owner_keeps_the_collector_off_through_holds_and_collects_when_due() -> None:
    gcpause.hand_over_to_this_thread()
    try:
        assert not gc.isenabled() and gcpause.owner() == threading.get_ident()
        with gcpause.paused():
            pass
        assert not gc.isenabled()  # the hold's end does not switch automatic collection on
        gc.collect()
        assert gcpause.collect_due() is None  # nothing allocated since
        junk = [[i] for i in range(5_000)]
        with gcpause.paused():
            assert gcpause.collect_due() is None  # a hold is on: the owner waits too
        assert gcpause.collect_due() == 0 and junk
    finally:
        gcpause.take_back()
    assert gc.isenabled() and gcpause.owner() is None


def test_a_thread_asking_an_owner_that_never_ticks_goes_on_after_the_wait(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gcpause, "OWNER_WAIT_S", 0.2)
    gcpause.hand_over_to_this_thread()
    try:
        thread = threading.Thread(target=gcpause.collect)
        thread.start()
        thread.join(5)
        assert not thread.is_alive()
        assert gcpause.collect_due() == 2  # the request was still queued for the owner
    finally:
        gcpause.take_back()


def test_full_collections_follow_cpythons_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full collection only once a quarter as many objects as it kept last time reached
    the oldest generation: otherwise the UI thread would walk every object of torch and
    transformers every few seconds while a model trains."""
    thresholds = gc.get_threshold()
    gcpause.hand_over_to_this_thread()
    try:
        gc.set_threshold(100, 1, 1)
        monkeypatch.setattr(gcpause, "_long_lived_total", 10**9)
        monkeypatch.setattr(gcpause, "_long_lived_pending", 0)
        kept = []
        seen = set()
        for _ in range(12):
            kept.append([[i] for i in range(300)])
            seen.add(gcpause.collect_due())
        assert seen <= {0, 1, None} and 1 in seen  # generation 2 is due by count, not by rule
        assert gcpause._long_lived_pending > 0  # generation 1's survivors are counted
        assert gc.get_count()[2] > 1  # due by count all along
        monkeypatch.setattr(gcpause, "_long_lived_pending", 10**9 // 4)
        kept.append([[i] for i in range(300)])
        assert gcpause.collect_due() == 2
        assert gcpause._long_lived_pending == 0 and gcpause._long_lived_total > len(kept)
    finally:
        gc.set_threshold(*thresholds)
        gcpause.take_back()


def test_an_owner_that_leaves_during_a_hold_gets_the_collector_back_on_after_it() -> None:
    gcpause.hand_over_to_this_thread()
    try:
        with gcpause.paused():
            gcpause.take_back()
            assert not gc.isenabled()  # the hold still runs
        assert gc.isenabled()
    finally:
        gc.enable()
