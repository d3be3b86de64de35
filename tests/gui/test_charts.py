"""Empty charts say so in words instead of showing made-up axes (−400…400, "x0.001")."""

from __future__ import annotations

from dpo_desktop.core.events import StepMetrics
from dpo_desktop.core.tokens import LengthStats
from dpo_desktop.gui.widgets.charts import TrainingCharts
from dpo_desktop.gui.widgets.histogram import TokenHistogram


def test_empty_training_charts_show_a_placeholder(qtbot) -> None:  # type: ignore[no-untyped-def]
    charts = TrainingCharts()
    qtbot.addWidget(charts)
    charts.redraw()
    for plot, note in charts.notes.items():
        item = plot.getPlotItem()
        assert note.item.isVisible() and not item.getAxis("left").isVisible(), plot
    charts.add_all([StepMetrics(step=1, max_steps=20, epoch=0.1, loss=0.69,
                                rewards_accuracy=0.5, rewards_margin=0.0)])
    loss = charts.loss_plot.getPlotItem()
    assert not charts.notes[charts.loss_plot].item.isVisible()
    assert loss.getAxis("left").isVisible() and loss.getAxis("bottom").isVisible()
    low, high = loss.viewRange()[0]
    assert (low, high) == (0.0, 2.0)  # a lone step 1 gets a step either side, not ±400
    accuracy = charts.accuracy_plot.getPlotItem()
    assert accuracy.viewRange()[1][0] <= 0.0 and accuracy.viewRange()[1][1] >= 1.0
    assert charts.notes[charts.speed_plot].item.isVisible()  # no tokens/s yet: still empty


def test_empty_histogram_shows_a_placeholder(qtbot) -> None:  # type: ignore[no-untyped-def]
    histogram = TokenHistogram()
    qtbot.addWidget(histogram)
    assert histogram.note.item.isVisible() and not histogram.limit_line.isVisible()
    histogram.set_stats(LengthStats((10, 20, 300), 256))
    assert not histogram.note.item.isVisible() and histogram.limit_line.isVisible()
    histogram.set_stats(None)
    assert histogram.note.item.isVisible()
