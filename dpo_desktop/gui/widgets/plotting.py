"""pyqtgraph set-up that follows the application palette instead of fixed colours."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

pg.setConfigOptions(antialias=True)


def series_color(index: int) -> QColor:
    """Distinct hues that stay readable on light and dark backgrounds."""
    return pg.intColor(index, hues=7, values=1, maxValue=220, minValue=150)


def style_plot(widget: pg.PlotWidget, palette: QPalette) -> None:
    widget.setBackground(palette.color(QPalette.ColorRole.Base))
    text = palette.color(QPalette.ColorRole.Text)
    item = widget.getPlotItem()
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        axis.setPen(pg.mkPen(text))
        axis.setTextPen(pg.mkPen(text))
    item.titleLabel.setText(item.titleLabel.text, color=text)
    item.showGrid(x=True, y=True, alpha=0.15)


def new_plot(parent: QWidget, title: str, left: str = "", bottom: str = "") -> pg.PlotWidget:
    widget = pg.PlotWidget(parent)
    widget.setTitle(title)
    widget.setMenuEnabled(False)
    widget.setMinimumHeight(150)
    if left:
        widget.setLabel("left", left)
    if bottom:
        widget.setLabel("bottom", bottom)
    style_plot(widget, parent.palette())
    return widget


class EmptyNote:
    """A chart with nothing to draw shows a plain sentence instead of axes.

    An empty pyqtgraph plot shows made-up ranges (−400…400 "(x0.001)"), and one point gives
    a zero-width range; both look like data. ``update(False)`` hides the axes, the grid and
    the legend and centres the note; ``update(True)`` brings them back. ``y_range`` is kept
    for charts with a fixed scale (accuracy: 0–1).
    """

    def __init__(self, widget: pg.PlotWidget, text: str,
                 y_range: tuple[float, float] | None = None) -> None:
        self.widget = widget
        self.y_range = y_range
        self.item = pg.TextItem(text, anchor=(0.5, 0.5),
                                color=widget.palette().color(QPalette.ColorRole.PlaceholderText))
        self.item.setPos(0.5, 0.5)
        widget.addItem(self.item, ignoreBounds=True)
        self.empty: bool | None = None
        self.update(False)

    def update(self, has_data: bool, single_x: float | None = None) -> None:
        """``single_x``: the x of a lone point, so its range spans a step on either side."""
        plot = self.widget.getPlotItem()
        empty = not has_data
        if empty != self.empty:
            self.empty = empty
            for side in ("left", "bottom"):
                plot.showAxis(side, not empty)
            plot.showGrid(x=not empty, y=not empty, alpha=0.15)
            if plot.legend is not None:
                plot.legend.setVisible(not empty)
            self.item.setVisible(empty)
            plot.setMouseEnabled(x=not empty, y=not empty)
        if empty:
            plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
            return
        if single_x is not None:
            plot.setXRange(single_x - 1, single_x + 1, padding=0)
        else:
            plot.enableAutoRange(axis="x")
        if self.y_range is not None:
            plot.setYRange(*self.y_range)
        else:
            plot.enableAutoRange(axis="y")
