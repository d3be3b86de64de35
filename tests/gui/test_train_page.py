"""The Train page: generated settings, the worker thread and charts, run controls, and
closing the window while training. The engine here is a double that replays recorded
events (see fake_engine.py); test_real_training.py runs the real one."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QMessageBox, QSpinBox

from dpo_desktop.core.config import SECTIONS, RunConfig
from dpo_desktop.core.errors import UserError
from dpo_desktop.core.events import StepMetrics
from dpo_desktop.gui.widgets.advanced_panel import OWNED_ELSEWHERE, AdvancedPanel
from dpo_desktop.gui.workers import JobRunner
from tests.gui.events import recorded_run
from tests.gui.fake_engine import FakeEngine


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeEngine]]:
    import dpo_desktop.core.training as training

    FakeEngine.reset()
    monkeypatch.setattr(training, "Engine", FakeEngine)
    yield FakeEngine
    FakeEngine.steps.release(1000)


def test_advanced_panel_is_generated_from_config_help(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = AdvancedPanel()
    qtbot.addWidget(panel)
    config = RunConfig()
    expected = {(s, f.name): f for s in SECTIONS for f in dataclasses.fields(getattr(config, s))
                if (s, f.name) not in OWNED_ELSEWHERE}
    assert set(panel.editors) == set(expected)
    for key, field in expected.items():
        editor, label = panel.editors[key], panel.labels[key]
        assert editor.toolTip() == field.metadata["help"] == label.toolTip()
        value = getattr(getattr(config, key[0]), key[1])
        if field.metadata.get("choices"):
            assert isinstance(editor, QComboBox)
        elif isinstance(value, bool):
            assert isinstance(editor, QCheckBox)
        elif isinstance(value, int):
            assert isinstance(editor, QSpinBox)
        else:
            assert isinstance(editor, QLineEdit)
    panel.set_config(config)
    assert panel.config() == config
    panel.editors[("training", "learning_rate")].setText("2e-4")  # type: ignore[attr-defined]
    panel.editors[("lora", "target_modules")].setText("q_proj, v_proj")  # type: ignore[attr-defined]
    changed = panel.config()
    assert changed.training.learning_rate == 2e-4
    assert changed.lora.target_modules == ("q_proj", "v_proj")
    panel.editors[("training", "beta")].setText("")  # type: ignore[attr-defined]
    with pytest.raises(UserError, match=r"training\.beta"):
        panel.config()


def test_presets_fill_the_settings_and_badges_follow(window) -> None:  # type: ignore[no-untyped-def]
    page = window.train_page
    assert page.settings().training.max_steps == 10  # "quick test" by default
    page.set_preset("thorough")
    assert page.settings().training.max_length == 1024
    assert window.data_page._max_length == 1024
    assert window.model_page._shape["max_length"] == 1024
    page.advanced.editors[("training", "beta")].setText("0.3")  # not a preset setting
    assert page.preset_combo.currentData() == "thorough"
    page.advanced.editors[("training", "max_length")].setValue(300)
    assert page.preset_combo.currentData() == ""  # now custom
    assert window.model_page._shape["max_length"] == 300


def test_worker_thread_events_reach_the_charts(qtbot) -> None:  # type: ignore[no-untyped-def]
    from dpo_desktop.gui.widgets.charts import TrainingCharts

    charts = TrainingCharts()
    qtbot.addWidget(charts)
    runner = JobRunner()
    runner.event.connect(charts.add)
    events = recorded_run(steps=12)
    received: list[Any] = []
    runner.event.connect(received.append)

    def job(emit: Any) -> str:
        for event in events:
            emit(event)
        return "done"

    with qtbot.waitSignals([runner.done, runner.finished], timeout=10_000):
        runner.start(job)
    assert received == events
    assert not runner.is_running()
    qtbot.waitUntil(lambda: charts.point_counts()["loss"] == 12, timeout=2000)
    assert charts.point_counts() == {"loss": 12, "eval": 1, "accuracy": 12, "margin": 12,
                                     "memory": 12, "speed": 12}
    assert charts.redraws <= 3  # buffered: a burst of 40 events is not 40 redraws


def test_worker_errors_come_back_as_a_signal(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()

    def job(emit: Any) -> None:
        raise UserError("x", "No.", "Hint.")

    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.start(job)
    qtbot.waitUntil(lambda: not runner.is_running())
    assert isinstance(blocker.args[0], UserError)


def test_start_pause_resume_stop(qtbot, window, fake_engine) -> None:  # type: ignore[no-untyped-def]
    page = window.train_page
    window.show_page("train")
    assert page.start()
    config = fake_engine.configs and fake_engine.configs[0]
    qtbot.waitUntil(lambda: bool(fake_engine.configs), timeout=5000)
    config = fake_engine.configs[0]
    assert config.model.spec == "demo" and config.training.max_steps == 10
    assert config.output_dir.startswith(str(window.runs_dir))
    assert not page.start_button.isEnabled() and page.pause_button.isEnabled()
    fake_engine.steps.release(3)
    qtbot.waitUntil(lambda: len(page.steps) == 3, timeout=5000)
    page.pause()
    assert page.status == "paused" and page.resume_button.isEnabled()
    fake_engine.steps.release(2)  # permits are there, but the run is paused
    qtbot.waitUntil(lambda: page.control.pause_requested, timeout=1000)
    page.resume()
    qtbot.waitUntil(lambda: len(page.steps) == 5, timeout=5000)
    assert page.progress.value() == 5 and page.progress.maximum() == 12
    qtbot.waitUntil(lambda: page.charts.point_counts()["loss"] == 5, timeout=2000)
    with qtbot.waitSignal(page.run_finished, timeout=10_000) as blocker:
        page.stop()
    assert blocker.args[1] == "cancelled"
    assert page.start_button.isEnabled() and not page.next_row.isHidden()
    assert window.compare_page.run_dir is not None


def test_health_hints_appear_for_a_stuck_loss(qtbot, window, fake_engine) -> None:  # type: ignore[no-untyped-def]
    fake_engine.events = recorded_run(steps=12, stuck=True)
    try:
        page = window.train_page
        page.start()
        with qtbot.waitSignal(page.run_finished, timeout=10_000):
            fake_engine.steps.release(12)
        assert "stuck at 0.693" in page.hints_label.text()
    finally:
        fake_engine.events = recorded_run()


def test_health_hints_are_shown_in_japanese(qtbot, window, qapp) -> None:  # type: ignore[no-untyped-def]
    """The rules live in core (codes + marked templates); the page words them in the UI
    language with the hint's parameters."""
    import math

    from dpo_desktop.gui import i18n

    assert i18n.install(qapp, "ja") == "ja"
    try:
        page = window.train_page
        for n in range(1, 13):
            page.handle_event(StepMetrics(step=n, max_steps=100, epoch=0.0, loss=math.log(2),
                                          rewards_accuracy=0.5, rewards_margin=0.0))
        assert page.hints_label.text().startswith("⚠ 12 ステップ経っても損失が 0.693 のまま")
    finally:
        i18n.uninstall(qapp)


def test_closing_while_training_asks_then_stops_and_waits(qtbot, window, fake_engine,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    window.show()
    qtbot.waitExposed(window)
    page = window.train_page
    page.start()
    fake_engine.steps.release(2)
    qtbot.waitUntil(lambda: len(page.steps) == 2, timeout=5000)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent: Any, title: str, text: str, *args: Any) -> Any:
        asked.append(title)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    window.close()
    assert window.isVisible() and page.is_running()  # "No": keep training
    with qtbot.waitSignal(page.run_finished, timeout=10_000) as blocker:
        window.close()  # "Yes": stop, wait for the run to end, then close
    assert blocker.args[1] == "cancelled"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert asked == ["Training is running"] * 2
    assert not page.is_running()


def test_held_out_evaluation_shows_a_determinate_bar_with_an_eta(qtbot) -> None:  # type: ignore[no-untyped-def]
    import time

    from dpo_desktop.core.events import PhaseChanged
    from dpo_desktop.gui.pages.train_page import TrainPage

    page = TrainPage()
    qtbot.addWidget(page)
    message = "Measuring held-out preference accuracy after training…"
    page.handle_event(PhaseChanged("loading_model", "Loading demo…"))
    assert page.progress.maximum() == 0  # no done/total: a busy bar
    page.handle_event(PhaseChanged("evaluating", message, current=0, total=11))
    assert (page.progress.minimum(), page.progress.maximum()) == (0, 11)
    assert page.progress.value() == 0
    time.sleep(0.05)
    page.handle_event(PhaseChanged("evaluating", message, current=4, total=11))
    assert page.progress.value() == 4
    assert page.progress.text() == "held-out pair 4 of 11"
    assert "ETA —" not in page.time_label.text()  # an estimate from the pairs done so far
    assert page.log.toPlainText().count(message) == 1  # progress updates stay out of the log
    page.handle_event(StepMetrics(step=1, max_steps=20, epoch=0.1, loss=0.69))
    assert page.progress.text() == "step 1 of 20"
