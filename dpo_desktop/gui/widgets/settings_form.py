"""One editor per settings field, built from the field's metadata (``core/limits.py``).

The Advanced panel (``RunConfig``), the Compare page (``GenerationSettings``) and Make
pairs (``PairSettings``) all build their editors here: a combo box for ``choices``, a check
box for a flag, a spin box bounded by the field's ``low``/``high`` for a whole number or a
stepped decimal, and a line edit (scientific notation allowed) for other decimals such as
a learning rate. No page writes a range of its own; validation stays in core (the
settings dataclass or ``config.validate``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from dpo_desktop.core.limits import Limits, limits_of

INT_CEILING = 2**31 - 1  # the largest value a QSpinBox holds: "no upper limit"


def int_range(limits: Limits) -> tuple[int, int]:
    low = -INT_CEILING if limits.low is None else math.ceil(limits.low) + int(limits.low_open)
    high = INT_CEILING if limits.high is None else \
        math.floor(limits.high) - int(limits.high_open)
    return low, high


def float_range(limits: Limits, decimals: int) -> tuple[float, float]:
    """Closed bounds for a spin box showing ``decimals`` digits: an open bound moves in
    by one shown step (top-p above 0 becomes 0.01)."""
    unit = 10.0 ** -decimals
    low = -1e9 if limits.low is None else limits.low + (unit if limits.low_open else 0.0)
    high = 1e9 if limits.high is None else limits.high - (unit if limits.high_open else 0.0)
    return low, high


def editor_for(owner: Any, name: str, value: Any, parent: QWidget | None = None,
               labels: Mapping[str, str] | None = None) -> QWidget:
    """An editor for field ``name`` of the settings dataclass ``owner``, showing ``value``.

    ``labels`` names the choices of a combo box for the user (the value is item data).
    """
    limits = limits_of(owner, name)
    if limits.choices:
        combo = QComboBox(parent)
        for choice in limits.choices:
            combo.addItem((labels or {}).get(choice, choice), choice)
        set_value(combo, value)
        return combo
    if isinstance(value, bool):
        box = QCheckBox(parent)
        box.setChecked(value)
        return box
    if isinstance(value, int):
        spin = QSpinBox(parent)
        spin.setRange(*int_range(limits))
        spin.setValue(value)
        return spin
    if isinstance(value, float) and limits.decimals is not None:
        double = QDoubleSpinBox(parent)
        double.setDecimals(limits.decimals)
        double.setRange(*float_range(limits, limits.decimals))
        if limits.step is not None:
            double.setSingleStep(limits.step)
        double.setValue(value)
        return double
    line = QLineEdit(parent)
    if isinstance(value, float):
        validator = QDoubleValidator(line)
        validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
        if limits.low is not None:
            validator.setBottom(limits.low)
        if limits.high is not None:
            validator.setTop(limits.high)
        line.setValidator(validator)
    set_value(line, value)
    return line


def set_value(editor: QWidget, value: Any) -> None:
    """Show ``value`` in an editor made by :func:`editor_for`."""
    if isinstance(editor, QComboBox):
        index = editor.findData(value)
        editor.setCurrentIndex(index if index >= 0 else max(0, editor.findText(str(value))))
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QSpinBox):
        editor.setValue(int(value))
    elif isinstance(editor, QDoubleSpinBox):
        editor.setValue(float(value))
    elif isinstance(editor, QLineEdit):
        editor.setText(", ".join(value) if isinstance(value, tuple) else
                       (f"{value:g}" if isinstance(value, float) else str(value)))


def value_of(editor: QWidget) -> Any:
    """The value shown by a combo box, check box or spin box (line edits are parsed by
    their owner, which knows the field's type)."""
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
        return editor.value()
    raise TypeError(f"no value of {type(editor).__name__}")
