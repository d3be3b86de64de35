"""The mouse wheel scrolls a settings page; it never changes an editor it passes over."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QSpinBox

from dpo_desktop.core.config import RunConfig
from dpo_desktop.gui.widgets.advanced_panel import AdvancedPanel


def _wheel(widget, notches: int) -> None:  # type: ignore[no-untyped-def]
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_does_not_change_an_unfocused_spin_box(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = AdvancedPanel()
    panel.set_config(RunConfig())
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(panel)
    scroll.resize(500, 200)  # much shorter than the panel: there is something to scroll
    qtbot.addWidget(scroll)
    scroll.show()
    qtbot.waitExposed(scroll)
    seed = panel.findChild(QSpinBox, "training.seed")
    combo = next(iter(panel.findChildren(QComboBox)))
    assert seed is not None and seed.value() == 42
    scroll.ensureWidgetVisible(seed)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0
    before_scroll = bar.value()
    before_combo = combo.currentIndex()

    _wheel(seed, 3)
    _wheel(combo, 3)
    assert seed.value() == 42
    assert combo.currentIndex() == before_combo
    assert bar.value() != before_scroll  # the wheel went to the scroll area instead
    assert seed.focusPolicy() == Qt.FocusPolicy.StrongFocus

    scroll.activateWindow()
    seed.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(seed.hasFocus)
    _wheel(seed, 1)
    assert seed.value() == 43  # once clicked into, the wheel edits it as usual
