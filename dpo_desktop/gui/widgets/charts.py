"""The live training charts: loss (with eval points), reward accuracy, reward margin,
memory, and throughput.

Events are buffered as they arrive and drawn by a QTimer at about 8 Hz, so a burst of
events costs one redraw, not one per event. The same widget rebuilds a finished run's
charts from its ``metrics.jsonl`` on the Runs page.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from dpo_desktop.core.events import EvalMetrics, Event, MemorySample, StepMetrics
from dpo_desktop.gui.widgets.plotting import EmptyNote, new_plot, series_color, style_plot

REDRAW_MS = 125
GIB = 1024**3


MIN_CHART_WIDTH = 260  # below this a title such as "Throughput (tokens/s)" is cut off


class TrainingCharts(QWidget):
    def __init__(self, parent: QWidget | None = None, empty_text: str | None = None) -> None:
        super().__init__(parent)
        grid = self.grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        tr = self.tr
        self.loss_plot = new_plot(self, tr("Loss"), bottom=tr("step"))
        self.accuracy_plot = new_plot(self, tr("Reward accuracy"), bottom=tr("step"))
        self.margin_plot = new_plot(self, tr("Reward margin"), bottom=tr("step"))
        self.memory_plot = new_plot(self, tr("Memory (GiB)"), bottom=tr("step"))
        self.speed_plot = new_plot(self, tr("Throughput (tokens/s)"), bottom=tr("step"))
        self.plots = (self.loss_plot, self.accuracy_plot, self.margin_plot, self.memory_plot,
                      self.speed_plot)
        self.columns = 0
        self._arrange(3)
        for plot in (self.loss_plot, self.memory_plot):
            plot.addLegend(offset=(-5, 5))

        pen = pg.mkPen(series_color(0), width=2)
        self.loss_curve = self.loss_plot.plot(pen=pen, name=tr("train"))
        self.eval_points = self.loss_plot.plot(
            pen=None, symbol="o", symbolSize=8, symbolBrush=series_color(2), name=tr("eval"))
        self.accuracy_curve = self.accuracy_plot.plot(pen=pen)
        self.eval_accuracy = self.accuracy_plot.plot(pen=None, symbol="o", symbolSize=8,
                                                     symbolBrush=series_color(2))
        self.margin_curve = self.margin_plot.plot(pen=pen)
        self.allocated_curve = self.memory_plot.plot(pen=pen, name=tr("allocated"))
        self.reserved_curve = self.memory_plot.plot(pen=pg.mkPen(series_color(4), width=2),
                                                    name=tr("reserved"))
        self.total_line = pg.InfiniteLine(angle=0, movable=False,
                                          pen=pg.mkPen(series_color(1), style=pg.QtCore.Qt
                                                       .PenStyle.DashLine))
        self.total_line.setVisible(False)
        self.memory_plot.addItem(self.total_line)
        self.speed_curve = self.speed_plot.plot(pen=pen)
        waiting = empty_text or tr("Appears once training starts")
        self.notes = {plot: EmptyNote(plot, waiting, (0, 1) if plot is self.accuracy_plot
                                      else None)
                      for plot in (self.loss_plot, self.accuracy_plot, self.margin_plot,
                                   self.memory_plot, self.speed_plot)}

        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        self._timer.start()
        self.redraws = 0
        self.reset()

    def reset(self) -> None:
        self.steps: list[float] = []
        self.loss: list[float] = []
        self.accuracy: list[tuple[float, float]] = []
        self.margin: list[tuple[float, float]] = []
        self.eval_loss: list[tuple[float, float]] = []
        self.eval_acc: list[tuple[float, float]] = []
        self.memory: list[tuple[float, float, float | None]] = []
        self.speed: list[tuple[float, float]] = []
        self.device_total: int | None = None
        self._last_step = 0.0
        self._dirty = True

    # -- feeding -------------------------------------------------------------------
    def add(self, event: Event) -> None:
        """Buffer one event; the timer draws it."""
        if isinstance(event, StepMetrics):
            step = float(event.step)
            self._last_step = step
            self.steps.append(step)
            self.loss.append(event.loss)
            if event.rewards_accuracy is not None:
                self.accuracy.append((step, event.rewards_accuracy))
            if event.rewards_margin is not None:
                self.margin.append((step, event.rewards_margin))
            if event.tokens_per_second is not None:
                self.speed.append((step, event.tokens_per_second))
        elif isinstance(event, EvalMetrics):
            step = float(event.step)
            if event.loss is not None:
                self.eval_loss.append((step, event.loss))
            if event.rewards_accuracy is not None:
                self.eval_acc.append((step, event.rewards_accuracy))
        elif isinstance(event, MemorySample):
            reserved = None if event.reserved is None else event.reserved / GIB
            self.memory.append((self._last_step, event.allocated / GIB, reserved))
            if event.total:
                self.device_total = event.total
        else:
            return
        self._dirty = True

    def add_all(self, events: Iterable[Event]) -> None:
        for event in events:
            self.add(event)
        self.redraw()

    # -- drawing -------------------------------------------------------------------
    def redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self.redraws += 1
        self.loss_curve.setData(self.steps, self.loss)
        self._points(self.eval_points, self.eval_loss)
        self._points(self.accuracy_curve, self.accuracy)
        self._points(self.eval_accuracy, self.eval_acc)
        self._points(self.margin_curve, self.margin)
        self._points(self.speed_curve, self.speed)
        self.allocated_curve.setData([m[0] for m in self.memory], [m[1] for m in self.memory])
        reserved = [(m[0], m[2]) for m in self.memory if m[2] is not None]
        self._points(self.reserved_curve, reserved)
        if self.device_total:
            self.total_line.setValue(self.device_total / GIB)
            self.total_line.setVisible(True)
        else:
            self.total_line.setVisible(False)
        xs = {self.loss_plot: self.steps,
              self.accuracy_plot: [p[0] for p in self.accuracy + self.eval_acc],
              self.margin_plot: [p[0] for p in self.margin],
              self.memory_plot: [m[0] for m in self.memory],
              self.speed_plot: [p[0] for p in self.speed]}
        for plot, note in self.notes.items():
            steps = set(xs[plot])
            note.update(bool(steps), next(iter(steps)) if len(steps) == 1 else None)

    @staticmethod
    def _points(curve: pg.PlotDataItem, points: list[tuple[float, float]]) -> None:
        curve.setData([p[0] for p in points], [p[1] for p in points])

    def point_counts(self) -> dict[str, int]:
        """How many points each drawn series holds (what the user sees; for tests)."""
        def count(curve: pg.PlotDataItem) -> int:
            x, _ = curve.getData()
            return 0 if x is None else len(x)

        return {"loss": count(self.loss_curve), "eval": count(self.eval_points),
                "accuracy": count(self.accuracy_curve), "margin": count(self.margin_curve),
                "memory": count(self.allocated_curve), "speed": count(self.speed_curve)}

    def _arrange(self, columns: int) -> None:
        """Three charts a row when there is room, else two (a narrow Runs page)."""
        if columns == self.columns:
            return
        self.columns = columns
        for plot in self.plots:
            self.grid.removeWidget(plot)
        for i, plot in enumerate(self.plots):
            self.grid.addWidget(plot, i // columns, i % columns)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(3 if event.size().width() >= 3 * MIN_CHART_WIDTH else 2)
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            for plot in (self.loss_plot, self.accuracy_plot, self.margin_plot, self.memory_plot,
                         self.speed_plot):
                style_plot(plot, self.palette())
        super().changeEvent(event)
