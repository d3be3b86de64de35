"""Step 3, Train: settings (a preset plus the generated Advanced panel), the run controls,
and the live view (progress, charts, health hints, log).

The engine runs in a :class:`JobRunner` thread; its events arrive here as signals on the
UI thread and are buffered by the charts. Pause, resume and stop go through the
thread-safe :class:`TrainingControl`.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QElapsedTimer, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.config import (
    PRESETS,
    RunConfig,
    apply_preset,
    config_from_dict,
    config_to_dict,
)
from dpo_desktop.core.errors import UserError
from dpo_desktop.core.events import (
    EvalMetrics,
    Event,
    Failed,
    Finished,
    LogLine,
    MemorySample,
    PhaseChanged,
    StepMetrics,
)
from dpo_desktop.core.training.health import hints
from dpo_desktop.core.training.runs import has_adapter, new_run_name
from dpo_desktop.gui.errors import show_error
from dpo_desktop.gui.messages import (
    render,
    setting_help,
    translate_error,
    translate_finished,
    translate_log,
    translate_phase,
)
from dpo_desktop.gui.widgets.advanced_panel import AdvancedPanel
from dpo_desktop.gui.workers import JobRunner

LAZY_BUILD_MS = 200  # after the first paint: the page appears before pyqtgraph loads

if TYPE_CHECKING:
    from dpo_desktop.gui.data_document import DataDocument
    from dpo_desktop.gui.widgets.charts import TrainingCharts

DataSource = Callable[[], tuple[str, dict[str, str], str]]  # path, mapping, sheet
DEFAULT_PRESET = "quick test"


def format_seconds(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "—"
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TrainPage(QWidget):
    run_started = Signal(str)  # run directory
    run_finished = Signal(str, str)  # run directory, status (completed/cancelled/failed)
    navigate = Signal(str)  # a page name: "compare", "export", "runs"
    shape_changed = Signal(int, int, int)  # batch size, max length, LoRA rank

    def __init__(self, parent: QWidget | None = None, runs_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.runs_dir = runs_dir
        self.model_spec = "demo"
        self.model_label = "demo"
        self.data_source: DataSource = lambda: ("", {}, "")
        self.data_label = ""
        self.run_dir: Path | None = None
        self.status = "idle"
        self._phase_text = ""  # the phase the run is in, shown again after a pause
        self.control: Any = None
        self.steps: list[StepMetrics] = []
        self._phase_eta: float | None = None  # seconds left in a phase with progress
        self._phase_start: tuple[float, int] | None = None  # (monotonic time, done then)
        self.last_memory: MemorySample | None = None
        self.runner = JobRunner(self)
        self.runner.event.connect(self.handle_event)
        self.runner.done.connect(self._job_done)
        self.runner.failed.connect(self._job_crashed)
        self.runner.finished.connect(self._thread_ended)
        self._elapsed = QElapsedTimer()
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._build()
        self.set_preset(DEFAULT_PRESET)
        self._set_state("idle")

    # -- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        tr = self.tr
        layout = QVBoxLayout(self)
        self.inputs_label = QLabel()
        self.inputs_label.setWordWrap(True)
        layout.addWidget(self.inputs_label)

        settings = QHBoxLayout()
        form = QFormLayout()
        self.preset_combo = QComboBox()
        labels = {"quick test": tr("Quick test"), "balanced": tr("Balanced"),
                  "thorough": tr("Thorough")}
        for name in PRESETS:
            self.preset_combo.addItem(labels.get(name, name.capitalize()), name)
        self.preset_combo.addItem(tr("Custom"), "")
        self.preset_combo.setToolTip(tr("Starting points for the training settings: a quick "
                                        "test run, a balanced run, or a thorough one."))
        self.preset_combo.activated.connect(
            lambda: self.set_preset(self.preset_combo.currentData()))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(tr("date and time"))
        self.name_edit.setToolTip(setting_help("", "name"))
        form.addRow(tr("Preset:"), self.preset_combo)
        form.addRow(tr("Run name:"), self.name_edit)
        settings.addLayout(form)
        self.advanced_button = QPushButton(tr("Advanced settings"))
        self.advanced_button.setCheckable(True)
        settings.addWidget(self.advanced_button, 0, Qt.AlignmentFlag.AlignTop)
        settings.addStretch(1)
        buttons = QHBoxLayout()
        self.start_button = QPushButton(tr("Start training"))
        self.start_button.setDefault(True)
        self.pause_button = QPushButton(tr("Pause"))
        self.resume_button = QPushButton(tr("Resume"))
        self.stop_button = QPushButton(tr("Stop"))
        self.stop_button.setToolTip(tr("Finish the current step, save a checkpoint there and "
                                       "the adapter so far, and end the run. Continue it "
                                       "later from the Runs page."))
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.pause)
        self.resume_button.clicked.connect(self.resume)
        self.stop_button.clicked.connect(self.stop)
        for button in (self.start_button, self.pause_button, self.resume_button,
                       self.stop_button):
            buttons.addWidget(button)
        settings.addLayout(buttons)
        layout.addLayout(settings)

        self.advanced = AdvancedPanel()
        self.advanced.changed.connect(self._settings_edited)
        self.advanced_scroll = QScrollArea()
        self.advanced_scroll.setWidgetResizable(True)
        self.advanced_scroll.setWidget(self.advanced)
        self.advanced_scroll.setVisible(False)
        self.advanced_button.toggled.connect(self.advanced_scroll.setVisible)

        progress = QHBoxLayout()
        self.phase_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setFormat(tr("step %v of %m"))
        self.time_label = QLabel()
        progress.addWidget(self.phase_label, 1)
        progress.addWidget(self.progress, 2)
        progress.addWidget(self.time_label, 1)
        layout.addLayout(progress)

        self.hints_label = QLabel()
        self.hints_label.setWordWrap(True)
        self.hints_label.setVisible(False)
        layout.addWidget(self.hints_label)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.advanced_scroll)
        self.charts_holder = QWidget()
        holder = QVBoxLayout(self.charts_holder)
        holder.setContentsMargins(0, 0, 0, 0)
        self._charts: TrainingCharts | None = None
        splitter.addWidget(self.charts_holder)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(5000)
        self.log.setPlaceholderText(tr("Messages from the training run appear here."))
        splitter.addWidget(self.log)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 1)
        layout.addWidget(splitter, 1)

        self.next_row = QWidget()
        next_layout = QHBoxLayout(self.next_row)
        next_layout.setContentsMargins(0, 0, 0, 0)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.compare_button = QPushButton(tr("Compare answers →"))
        self.export_button = QPushButton(tr("Export →"))
        self.compare_button.clicked.connect(lambda: self.navigate.emit("compare"))
        self.export_button.clicked.connect(lambda: self.navigate.emit("export"))
        next_layout.addWidget(self.result_label, 1)
        next_layout.addWidget(self.compare_button)
        next_layout.addWidget(self.export_button)
        self.next_row.setVisible(False)
        layout.addWidget(self.next_row)

    @property
    def charts(self) -> TrainingCharts:
        """Built on first use: pyqtgraph stays off the start-up path."""
        if self._charts is None:
            from dpo_desktop.gui.widgets.charts import TrainingCharts

            self._charts = TrainingCharts(self.charts_holder)
            layout = self.charts_holder.layout()
            assert layout is not None
            layout.addWidget(self._charts)
        return self._charts

    def _build_charts(self) -> None:
        self.charts  # noqa: B018 - the property builds it

    def showEvent(self, event: QShowEvent) -> None:
        # Built just after the first paint, so showing the page never waits for pyqtgraph.
        QTimer.singleShot(LAZY_BUILD_MS, self, self._build_charts)
        super().showEvent(event)

    # -- inputs ------------------------------------------------------------------------
    def set_model(self, spec: str, label: str) -> None:
        self.model_spec, self.model_label = spec, label
        self._show_inputs()

    def set_data(self, document: DataDocument) -> None:
        """Train on the window's data set: its label shows here, and a run reads it
        (unsaved edits become a draft file first)."""
        self.data_source = document.training_source
        document.changed.connect(lambda _: self.set_data_label(document.describe()))
        document.dirty_changed.connect(lambda _: self.set_data_label(document.describe()))
        self.set_data_label(document.describe())

    def set_data_label(self, label: str) -> None:
        self.data_label = label
        self._show_inputs()

    def _show_inputs(self) -> None:
        self.inputs_label.setText(self.tr("Model: <b>{model}</b> · Data: <b>{data}</b>").format(
            model=self.model_label, data=self.data_label or self.tr("bundled English sample")))

    def set_preset(self, name: str) -> None:
        if not name:
            return
        try:
            base = self.advanced.config()
        except UserError:
            base = RunConfig()
        self.advanced.set_config(apply_preset(base, name))
        index = self.preset_combo.findData(name)
        self.preset_combo.setCurrentIndex(index)

    def emit_shape(self) -> None:
        """Tell the Model and Data pages the batch size, max length and rank in use."""
        with contextlib.suppress(UserError):
            config = self.advanced.config()
            self.shape_changed.emit(config.training.batch_size, config.training.max_length,
                                    config.lora.r)

    def _settings_edited(self) -> None:
        try:
            config = self.advanced.config()
        except UserError:
            return
        self.emit_shape()
        preset = self.preset_combo.currentData()
        if preset and apply_preset(config, preset) != config:
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(""))

    def settings(self) -> RunConfig:
        """The settings shown (without model and data); raises UserError if one is bad."""
        return self.advanced.config()

    def set_settings(self, config: RunConfig) -> None:
        self.advanced.set_config(config)

    def preset(self) -> str:
        """The preset the settings match, or "" for custom ones."""
        return str(self.preset_combo.currentData() or "")

    def save_settings(self, settings: QSettings) -> None:
        """The settings and preset shown, for the next session."""
        with contextlib.suppress(UserError):
            settings.setValue("train/settings", json.dumps(config_to_dict(self.settings())))
        settings.setValue("train/preset", self.preset())

    def restore_settings(self, settings: QSettings) -> None:
        raw = settings.value("train/settings")
        if isinstance(raw, str) and raw:
            with contextlib.suppress(UserError, ValueError, TypeError):
                self.set_settings(config_from_dict(json.loads(raw)))
        preset = settings.value("train/preset")
        if isinstance(preset, str):
            index = self.preset_combo.findData(preset)
            if index >= 0:  # only the badge: the restored values stay as they were
                self.preset_combo.setCurrentIndex(index)

    def build_config(self) -> RunConfig:
        config = self.settings()
        path, mapping, sheet = self.data_source()
        name = self.name_edit.text().strip() or new_run_name()
        output = str(self.runs_dir / name) if self.runs_dir else ""
        from dpo_desktop.core.config import validate

        return validate(replace(
            config, name=name, output_dir=output,
            model=replace(config.model, spec=self.model_spec),
            data=replace(config.data, path=path, mapping=tuple(mapping.items()), sheet=sheet)))

    # -- running ----------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.runner.is_running()

    def start(self) -> bool:
        if self.runner.is_running():
            return False
        try:
            config = self.build_config()
        except UserError as exc:
            show_error(self, exc, self.tr("Cannot start training"))
            return False
        from dpo_desktop.core.training.control import TrainingControl

        self.control = TrainingControl()
        control = self.control
        self._reset_view()
        self.run_dir = Path(config.output_dir) if config.output_dir else None
        self.log.appendPlainText(self.tr("Starting “{name}” with {model}.").format(
            name=config.name, model=self.model_label))

        def job(emit: Callable[[Event], None]) -> Any:
            from dpo_desktop.core.training import Engine

            return Engine(control).run(config, emit)

        self._set_state("running")
        self.runner.start(job, control)
        self.run_started.emit(str(self.run_dir or ""))
        return True

    def resume_run(self, run_dir: Path) -> bool:
        """Continue a stopped or interrupted run from its newest whole checkpoint.

        When it has none, or the newest is damaged, the user chooses first (continue from
        an older one, or start over); the charts show the whole run so far, replayed from
        metrics.jsonl up to the step the run continues from.
        """
        if self.runner.is_running():
            return False
        from dpo_desktop.core.training.control import TrainingControl
        from dpo_desktop.core.training.resume import inspect_run, replay_events
        from dpo_desktop.gui.resume_dialog import ask_resume_choice

        try:
            plan = inspect_run(run_dir)
        except OSError as exc:  # an unreadable run folder: say so, never a traceback
            show_error(self, exc, self.tr("Cannot continue the run"))
            return False
        choice = ask_resume_choice(self, plan)
        if choice is None:
            return False
        self.control = TrainingControl()
        control = self.control
        self._reset_view()
        self.run_dir = Path(run_dir)
        self.log.appendPlainText(self.tr("Resuming {run}.").format(run=Path(run_dir).name))
        if choice != "start_over":
            self._replay(replay_events(run_dir, upto_step=plan.checkpoint_step))

        def job(emit: Callable[[Event], None]) -> Any:
            from dpo_desktop.core.training import Engine

            return Engine(control).resume(run_dir, emit, choice)

        self._set_state("running")
        self.runner.start(job, control)
        return True

    def _replay(self, events: list[Event]) -> None:
        """Show a resumed run's history: charts, step list and progress as they were."""
        self.charts.add_all(events)
        self.steps = [e for e in events if isinstance(e, StepMetrics)]
        if self.steps:
            last = self.steps[-1]
            self.progress.setRange(0, max(last.max_steps, 1))
            self.progress.setValue(last.step)

    def pause(self) -> None:
        if self.control is not None and self.status == "running":
            self.control.pause()
            self._set_state("paused")
            self.log.appendPlainText(self.tr("Pausing after the current step…"))

    def resume(self) -> None:
        if self.control is not None and self.status == "paused":
            self.control.resume()
            self._set_state("running")
            self.log.appendPlainText(self.tr("Resumed."))

    def stop(self, quick: bool = False) -> None:
        """Stop after the current step with a checkpoint there. ``quick`` (to close the
        app) skips the held-out "after" check; it runs when the run is continued."""
        if self.control is not None and self.runner.is_running():
            self.control.stop(quick=quick)
            self._set_state("stopping")
            self.log.appendPlainText(self.tr("Stopping after the current step; a checkpoint "
                                             "is saved there…"))

    def _reset_view(self) -> None:
        self._phase_text = self.tr("Starting…")
        self.steps = []
        self._phase_eta = None
        self._phase_start = None
        self.last_memory = None
        self.charts.reset()
        self.log.clear()
        self.progress.setRange(0, 0)
        self.hints_label.setVisible(False)
        self.next_row.setVisible(False)
        self._elapsed.start()
        self._clock.start()
        self._tick()

    def _set_state(self, status: str) -> None:
        self.status = status
        running = status in ("running", "paused", "stopping")
        self.start_button.setEnabled(not running)
        self.pause_button.setEnabled(status == "running")
        self.resume_button.setEnabled(status == "paused")
        self.stop_button.setEnabled(status in ("running", "paused"))
        self.advanced.setEnabled(not running)
        self.preset_combo.setEnabled(not running)
        self.name_edit.setEnabled(not running)
        if status == "idle":
            self.phase_label.setText(self.tr("Ready. The quick test preset trains {steps} "
                                             "steps.").format(
                steps=PRESETS["quick test"]["max_steps"]))
        elif status == "paused":
            self.phase_label.setText(self.tr("Paused after the current step (memory stays "
                                             "reserved)."))
        elif status == "running":  # after a pause: the phase it was in, not "Paused…"
            self.phase_label.setText(self._phase_text)
        elif status == "stopping":
            self.phase_label.setText(self.tr("Stopping after the current step…"))

    # -- events ------------------------------------------------------------------------
    def handle_event(self, event: Event) -> None:
        """Every engine event arrives here on the UI thread."""
        self.charts.add(event)
        if isinstance(event, PhaseChanged):
            text = translate_phase(event.phase, event.message)
            self._phase_text = text
            if self.status != "paused":  # when stopping, "Saving…" etc. say what it does
                self.phase_label.setText(text)
            if event.total is None or not event.current:  # progress updates stay out
                self.log.appendPlainText(text)
            self._phase_progress(event)
        elif isinstance(event, StepMetrics):
            self.steps.append(event)
            self._phase_eta = None
            self.progress.setFormat(self.tr("step %v of %m"))
            self.progress.setRange(0, max(event.max_steps, 1))
            self.progress.setValue(event.step)
            self._tick(event)
            self._update_hints()
        elif isinstance(event, MemorySample):
            self.last_memory = event
        elif isinstance(event, EvalMetrics):
            if event.rewards_accuracy is not None:
                self.log.appendPlainText(self.tr(
                    "Held-out preference accuracy ({label}): {acc:.0%}").format(
                    label={"before": self.tr("before training"),
                           "after": self.tr("after training")}.get(event.label, event.label),
                    acc=event.rewards_accuracy))
        elif isinstance(event, LogLine):
            self.log.appendPlainText(translate_log(
                event.code, event.message, event.template, event.params))
        elif isinstance(event, Finished):
            text = translate_finished(event.status, event.message)
            self.log.appendPlainText(text)
            self.result_label.setText(text)
        elif isinstance(event, Failed):
            self.log.appendPlainText(self.tr("Failed: {message}").format(
                message=translate_error(event)[0]))

    def _phase_progress(self, event: PhaseChanged) -> None:
        """A determinate bar (with an ETA) for a phase that reports done of total, such as
        the held-out evaluation; a busy bar for one that does not."""
        now = time.monotonic()
        if event.total is None or event.total <= 0:
            self._phase_eta = None
            self._phase_start = None
            if event.phase != "training":
                self.progress.setRange(0, 0)
            return
        if event.phase == "evaluating":
            self.progress.setFormat(self.tr("held-out pair %v of %m"))
        else:
            self.progress.setFormat("%p%")
        if not event.current or self._phase_start is None:
            self._phase_start = (now, event.current or 0)
        self.progress.setRange(0, event.total)
        self.progress.setValue(min(event.current or 0, event.total))
        started, first = self._phase_start
        done = (event.current or 0) - first
        self._phase_eta = None if done <= 0 else max(
            0.0, (now - started) / done * (event.total - (event.current or 0)))
        self._tick()

    def _tick(self, event: StepMetrics | None = None) -> None:
        last = event or (self.steps[-1] if self.steps else None)
        elapsed = self._elapsed.elapsed() / 1000 if self._elapsed.isValid() else 0
        eta = last.eta_seconds if last else None
        if self._phase_eta is not None:
            eta = self._phase_eta
        speed = last.tokens_per_second if last else None
        text = self.tr("Elapsed {elapsed} · ETA {eta}").format(
            elapsed=format_seconds(elapsed), eta=format_seconds(eta))
        if speed:
            text += self.tr(" · {speed:.0f} tokens/s").format(speed=speed)
        self.time_label.setText(text)

    def _update_hints(self) -> None:
        found = hints(self.steps, self.last_memory)
        self.hints_label.setVisible(bool(found))
        self.hints_label.setText("\n".join("⚠ " + render(h.template, h.params) for h in found))

    def _job_done(self, result: Any) -> None:
        status = getattr(result, "status", "failed")
        run_dir = getattr(result, "run_dir", None) or self.run_dir
        self.run_dir = Path(run_dir) if run_dir else None
        failure = getattr(result, "failure", None)
        if status == "failed":
            if failure is not None:
                show_error(self, failure, self.tr("Training failed"))
            self.result_label.setText(translate_error(failure)[0] if failure is not None
                                      else getattr(result, "message", ""))
            self.phase_label.setText(self.tr("Training failed."))
        else:
            self.phase_label.setText(self.tr("Finished.") if status == "completed"
                                     else self.tr("Stopped."))
            ready = has_adapter(self.run_dir)
            self.compare_button.setEnabled(ready)
            self.export_button.setEnabled(ready)
            self.next_row.setVisible(True)
        self._finished_status = status

    def _job_crashed(self, exc: BaseException) -> None:
        self._finished_status = "failed"
        show_error(self, exc, self.tr("Training failed"))

    def _thread_ended(self) -> None:
        self._clock.stop()
        self.charts.redraw()
        self._set_state("idle")
        self.phase_label.setText({"completed": self.tr("Finished."),
                                  "cancelled": self.tr("Stopped."),
                                  }.get(getattr(self, "_finished_status", ""),
                                        self.tr("Training failed.")))
        self.run_finished.emit(str(self.run_dir or ""), getattr(self, "_finished_status",
                                                                "failed"))
        self.control = None

    def shutdown(self, msecs: int = 120_000) -> bool:
        """Stop a run quickly (a checkpoint, no "after" check) and wait for its thread."""
        if self.control is not None:
            self.control.stop(quick=True)
        return self.runner.wait(msecs)
