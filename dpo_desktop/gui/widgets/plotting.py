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
