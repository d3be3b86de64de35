"""Stopping, quitting and continuing runs in the window, with the real engine on the tiny
model: Stop at step 3 then Continue goes on at step 4 with the whole chart history; Quit
saves a checkpoint and closes within seconds; the next start offers the run; a damaged
checkpoint asks before going back. Plus the status line after Pause / Resume."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from transformers import TrainerCallback

from dpo_desktop.core.events import StepMetrics
from dpo_desktop.core.resources import sample_path
from tests.gui.fake_engine import FakeEngine
from tests.gui.loading import opened
from tests.gui.test_runs_page import make_run


class At(TrainerCallback):
    """Calls ``action`` at the end of a step (a test hook on the real trainer)."""

    def __init__(self, step: int, action: Any) -> None:
        self.step, self.action = step, action

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if state.global_step == self.step:
            self.action()


def _setup(qtbot: Any, window: Any, tiny_model: Path, max_steps: int, save_steps: int) -> Any:
    window.model_page.use_local(str(tiny_model))
    assert opened(qtbot, window.document,
                  lambda: window.open_data_file(sample_path("support_en.csv")))
    page = window.train_page
    window.show_page("train")
    editors = page.advanced.editors
    editors[("training", "max_steps")].setValue(max_steps)
    editors[("training", "batch_size")].setValue(2)
    editors[("training", "max_length")].setValue(64)
    editors[("training", "save_steps")].setValue(save_steps)
    editors[("data", "eval_fraction")].setText("0.06")
    return page


def _status(run: Path) -> dict[str, Any]:
    try:
        value = json.loads((run / "status.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def test_stop_at_step_3_then_continue_goes_on_at_step_4(qtbot, window, tiny_model: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import dpo_desktop.core.training as training

    class PauseAtThree(training.Engine):  # type: ignore[name-defined, misc]
        def __init__(self, control: Any) -> None:
            super().__init__(control, [At(3, control.pause)])

    window.show()
    qtbot.waitExposed(window)
    page = _setup(qtbot, window, tiny_model, max_steps=5, save_steps=50)
    page.name_edit.setText("stop-at-3")
    run = window.runs_dir / "stop-at-3"
    monkeypatch.setattr(training, "Engine", PauseAtThree)
    assert page.start()
    qtbot.waitUntil(lambda: _status(run).get("status") == "paused", timeout=300_000)
    with qtbot.waitSignal(page.run_finished, timeout=300_000) as blocker:
        page.stop_button.click()
    assert blocker.args[1] == "cancelled", page.log.toPlainText()
    # no periodic checkpoint yet (every 50 steps): the stop saved one at step 3
    assert sorted(p.name for p in (run / "checkpoints").glob("checkpoint-*")) == ["checkpoint-3"]
    monkeypatch.undo()

    runs = window.runs_page
    window.show_page("runs")
    assert runs.select_run(run) and runs.resume_button.isEnabled()
    with qtbot.waitSignal(page.run_finished, timeout=300_000) as blocker:
        runs.resume_button.click()
        assert window.current_page() == "train"
        # the chart history is back before the first new step arrives
        assert page.charts.point_counts()["loss"] == 3 and page.progress.value() == 3
    assert blocker.args[1] == "completed", page.log.toPlainText()
    assert "checkpoint-3" in page.log.toPlainText()
    assert [s.step for s in page.steps] == [1, 2, 3, 4, 5]
    qtbot.waitUntil(lambda: page.charts.point_counts()["loss"] == 5, timeout=5000)
    state = json.loads((run / "checkpoints" / "checkpoint-5" / "trainer_state.json")
                       .read_text(encoding="utf-8"))
    assert [entry["step"] for entry in state["log_history"] if "loss" in entry] == [
        1, 2, 3, 4, 5]


def test_quit_while_training_saves_and_closes_within_seconds(qtbot, window,  # type: ignore[no-untyped-def]
                                                             tiny_model: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    window.show()
    qtbot.waitExposed(window)
    page = _setup(qtbot, window, tiny_model, max_steps=500, save_steps=400)
    page.name_edit.setText("quit-run")
    run = window.runs_dir / "quit-run"
    assert page.start()
    qtbot.waitUntil(lambda: len(page.steps) >= 1, timeout=300_000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    started = time.monotonic()
    window.close()
    # a functional bound on closing, not a speed benchmark: the "after" check is skipped
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    elapsed = time.monotonic() - started
    print(f"quit closed the window {elapsed:.1f} s after the close request")  # shown with -s
    assert elapsed < 10
    assert not page.is_running()
    status = _status(run)
    assert status["status"] == "cancelled" and status["continue_later"] is True
    step = status["steps"]
    assert (run / "checkpoints" / f"checkpoint-{step}" / "optimizer.pt").is_file()
    assert "after" not in json.loads((run / "eval.json").read_text(encoding="utf-8"))
    assert not (run / "run.lock").exists()

    # the next start offers to continue it
    from dpo_desktop.gui.main_window import MainWindow

    again = MainWindow(runs_dir=window.runs_dir)
    qtbot.addWidget(again)
    resumed: list[str] = []
    monkeypatch.setattr(again.train_page, "resume_run",
                        lambda path: resumed.append(str(path)) or True)
    assert again.offer_interrupted_run() and resumed == [str(run)]
    assert again.runs_page.runs[0].interrupted


def test_a_crash_is_offered_at_once_and_a_no_is_remembered(qtbot, window,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    run = make_run(window.runs_dir, "killed", "running")  # updated just now
    lock = {"pid": 2**22 + 7, "identity": "gone", "started": time.time()}  # no such process
    (run / "run.lock").write_text(json.dumps(lock), encoding="utf-8")
    answers = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: answers.pop(0))
    assert not window.offer_interrupted_run() and answers == []  # asked at once: no 120 s
    assert not window.offer_interrupted_run()  # "No" is remembered: not asked again
    window.runs_page.refresh()
    assert window.runs_page.table.item(0, 3).text() == "interrupted"


def test_a_live_run_is_not_offered(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from dpo_desktop.core.training.runlock import write_lock

    run = make_run(window.runs_dir, "live", "running", time.time() - 3600)
    write_lock(run / "run.lock")  # this process trains it
    assert not window.offer_interrupted_run()


def test_a_damaged_checkpoint_asks_before_going_back(qtbot, window, tiny_model: Path,  # type: ignore[no-untyped-def]
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from dpo_desktop.core.config import (
        DataSettings,
        LoraSettings,
        ModelSettings,
        RunConfig,
        TrainingSettings,
    )
    from dpo_desktop.core.training import Engine, TrainingControl

    run = window.runs_dir / "damaged"
    control = TrainingControl()
    config = RunConfig(output_dir=str(run), model=ModelSettings(spec=str(tiny_model)),
                       data=DataSettings(eval_fraction=0.0),
                       training=TrainingSettings(max_steps=4, batch_size=2, max_length=64,
                                                 save_steps=2, warmup_ratio=0.0),
                       lora=LoraSettings(r=4, alpha=8))
    assert Engine(control, [At(3, control.stop)]).run(config).status == "cancelled"
    (run / "checkpoints" / "checkpoint-3" / "optimizer.pt").unlink()

    asked: list[Any] = []

    def cancel(box: QMessageBox) -> int:
        asked.append((box.text(), [b.text() for b in box.buttons()]))
        box.button(QMessageBox.StandardButton.Cancel).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", cancel)
    page = window.train_page
    assert not page.resume_run(run)  # cancelled: nothing started, nothing changed
    text, buttons = asked[0]
    assert "damaged" in text and "optimizer.pt" in text
    assert "Continue from step 2" in buttons and "Start over" in buttons
    assert (run / "checkpoints" / "checkpoint-3").is_dir() and not page.is_running()

    def go_back(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == "Continue from step 2").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", go_back)
    with qtbot.waitSignal(page.run_finished, timeout=300_000) as blocker:
        assert page.resume_run(run)
    assert blocker.args[1] == "completed", page.log.toPlainText()
    assert [s.step for s in page.steps] == [1, 2, 3, 4]  # 1-2 replayed, 3-4 trained again
    assert "checkpoint-3 is damaged" in page.log.toPlainText()


def test_the_status_line_follows_pause_and_resume(qtbot, window,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import dpo_desktop.core.training as training

    FakeEngine.reset()
    monkeypatch.setattr(training, "Engine", FakeEngine)
    page = window.train_page
    try:
        assert page.start()
        FakeEngine.steps.release(2)
        qtbot.waitUntil(lambda: len(page.steps) == 2, timeout=5000)
        training_text = page.phase_label.text()
        page.pause()
        assert "Paused" in page.phase_label.text()
        page.resume()
        assert page.phase_label.text() == training_text and "Paused" not in training_text
        with qtbot.waitSignal(page.run_finished, timeout=10_000):
            page.stop()
    finally:
        FakeEngine.steps.release(1000)
    assert isinstance(page.steps[-1], StepMetrics)


def test_ctrl_c_in_the_terminal_quits_with_a_quick_stop(qtbot, window,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import signal

    import dpo_desktop.core.training as training
    from dpo_desktop.gui.app import install_interrupt_handler

    FakeEngine.reset()
    monkeypatch.setattr(training, "Engine", FakeEngine)
    asked: list[Any] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a))
    window.show()
    qtbot.waitExposed(window)
    page = window.train_page
    previous = signal.getsignal(signal.SIGINT)
    try:
        install_interrupt_handler(window)
        assert page.start()
        FakeEngine.steps.release(2)
        qtbot.waitUntil(lambda: len(page.steps) == 2, timeout=5000)
        control = page.control
        with qtbot.waitSignal(page.run_finished, timeout=10_000) as blocker:
            os.kill(os.getpid(), signal.SIGINT)
        assert blocker.args[1] == "cancelled" and control.quick_stop
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
        assert asked == []  # Ctrl-C does not ask
    finally:
        signal.signal(signal.SIGINT, previous)
        FakeEngine.steps.release(1000)
