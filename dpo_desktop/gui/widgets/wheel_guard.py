"""Spin boxes and combo boxes take the mouse wheel only when they have the focus.

Scrolling a page of settings must scroll the page: a wheel turn that happens to pass over
an editor must not silently change a seed from 42 to 38. An unfocused editor hands the
wheel event to the scroll area around it (explicitly: Qt 6 does not pass a synthesized
wheel event on to parents, and doing it ourselves behaves the same for both kinds). The
editors get their focus by a click or Tab (not by the wheel), after which the wheel adjusts
them as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget


class WheelGuard(QObject):
    """The event filter; one instance serves every guarded editor under its parent."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget)
                and not watched.hasFocus()):
            area = _scroll_area_around(watched)
            if area is None:
                event.ignore()  # no scroll area: let Qt offer it to the parents
            else:
                QCoreApplication.sendEvent(area.viewport(), event)
                event.accept()  # handled: Qt must not pass it on a second time
            return True
        return super().eventFilter(watched, event)


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QComboBox):
            return parent
        parent = parent.parentWidget()
    return None


def guard_wheel(root: QWidget) -> WheelGuard:
    """Guard every spin box and combo box under ``root`` (call once its editors exist)."""
    guard = root.findChild(WheelGuard, "wheel_guard")
    if guard is None:
        guard = WheelGuard(root)
        guard.setObjectName("wheel_guard")
    editors: list[QWidget] = [*root.findChildren(QAbstractSpinBox), *root.findChildren(QComboBox)]
    for editor in editors:
        editor.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # click or Tab, never the wheel
        editor.removeEventFilter(guard)
        editor.installEventFilter(guard)
    return guard
