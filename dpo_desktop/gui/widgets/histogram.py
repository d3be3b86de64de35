"""Token-length histogram: bars up to the max length in one colour, the cut ones in
another, and a line at the limit."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from dpo_desktop.core.tokens import LengthStats
from dpo_desktop.gui.widgets.plotting import EmptyNote, new_plot, series_color, style_plot


class TokenHistogram(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QVBoxLayout

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot = new_plot(self, self.tr("Tokens per pair"), left=self.tr("pairs"),
                             bottom=self.tr("tokens (prompt + longer answer)"))
        self.plot.setMinimumHeight(140)
        layout.addWidget(self.plot)
        self.limit_line = pg.InfiniteLine(angle=90, movable=False,
                                          pen=pg.mkPen(series_color(1), width=2))
        self.plot.addItem(self.limit_line)
        self.bars: list[pg.BarGraphItem] = []
        self.stats: LengthStats | None = None
        self.note = EmptyNote(self.plot, self.tr("No token lengths yet"))
        self.limit_line.setVisible(False)

    def set_stats(self, stats: LengthStats | None) -> None:
        self.stats = stats
        for item in self.bars:
            self.plot.removeItem(item)
        self.bars = []
        has_data = stats is not None and bool(stats.lengths)
        self.note.update(has_data)
        self.limit_line.setVisible(has_data)
        if stats is None or not has_data:
            return
        edges, counts = stats.histogram()
        limit = stats.max_length
        fits = [(a, b, c) for a, b, c in zip(edges, edges[1:], counts) if b <= limit]
        cut = [(a, b, c) for a, b, c in zip(edges, edges[1:], counts) if b > limit]
        for group, color in ((fits, self.palette().color(self.palette().ColorRole.Highlight)),
                             (cut, QColor(220, 50, 47, 200))):
            if group:
                item = pg.BarGraphItem(x0=[g[0] for g in group], x1=[g[1] for g in group],
                                       height=[g[2] for g in group], brush=color, pen=None)
                self.plot.addItem(item)
                self.bars.append(item)
        self.limit_line.setValue(limit)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            style_plot(self.plot, self.palette())
            self.set_stats(self.stats)
        super().changeEvent(event)
