"""JobRunner: the one way a page starts, cancels and finishes a long job."""

from __future__ import annotations

from typing import Any

from dpo_desktop.core.errors import Cancelled, JobControl, UserError
from dpo_desktop.gui.workers import JobRunner


def test_cancel_reaches_the_job_and_ends_as_cancelled(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    control = JobControl()
    outcomes: list[str] = []
    runner.done.connect(lambda _: outcomes.append("done"))
    runner.failed.connect(lambda _: outcomes.append("failed"))
    stops: list[object] = []
    runner.cancelled.connect(lambda stop: (outcomes.append("cancelled"), stops.append(stop)))
    assert not runner.cancel()  # nothing running yet

    def job(emit: Any) -> None:
        emit("started")
        assert control.wait_cancelled(30)  # a long job, until the UI cancels it
        control.raise_if_cancelled()

    runner.event.connect(lambda _: runner.cancel())
    with qtbot.waitSignals([runner.cancelled, runner.finished], timeout=10_000):
        assert runner.start(job, control) is control
    assert outcomes == ["cancelled"] and runner.cancel_requested
    assert len(stops) == 1 and isinstance(stops[0], Cancelled)
    assert not runner.is_running()


def test_a_new_job_gets_a_fresh_control_and_errors_stay_failures(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    with qtbot.waitSignal(runner.done, timeout=10_000) as blocker:
        first = runner.start(lambda emit: 42)
    assert blocker.args == [42] and not first.is_cancelled
    qtbot.waitUntil(lambda: not runner.is_running())

    def broken(emit: Any) -> None:
        raise UserError("x", "No.", "Hint.")

    cancelled: list[object] = []
    runner.cancelled.connect(cancelled.append)
    with qtbot.waitSignal(runner.failed, timeout=10_000) as failure:
        second = runner.start(broken)
    assert second is not first and isinstance(failure.args[0], UserError)
    assert cancelled == []
    qtbot.waitUntil(lambda: not runner.is_running())
    assert runner.shutdown()


def test_a_finished_job_hands_frozen_objects_back_to_the_collector(qtbot) -> None:  # type: ignore[no-untyped-def]
    """An import freezes what is alive (data_document.without_gc_pauses); a model alive
    then and dropped by a later job must still be freed by the cycle collector."""
    import gc
    import weakref

    class Model:
        pass

    model = Model()
    model.self_ref = model  # type: ignore[attr-defined]  # a cycle, as in real models
    alive = weakref.ref(model)
    gc.freeze()  # as after a big import
    try:
        del model
        gc.collect()
        assert alive() is not None  # frozen: the collector does not see it
        runner = JobRunner()
        with qtbot.waitSignal(runner.finished, timeout=10_000):
            runner.start(lambda emit: None)
        gc.collect()
        assert alive() is None
    finally:
        gc.unfreeze()
