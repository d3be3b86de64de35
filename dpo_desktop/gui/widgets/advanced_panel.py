"""The "Advanced" settings, generated from RunConfig's fields and their help text.

Nothing here lists settings by hand: each field of the ``model``, ``data``, ``training``
and ``lora`` sections becomes an editor chosen by its type (a combo box when the field
declares ``choices``, a spin box bounded by its ``low``/``high``; see
``settings_form``), labelled from its name, with the field's help text as tooltip, so
the GUI, the CLI ``--help`` and the TOML file never drift apart. Labels and tooltips go
through ``gui.messages`` (keyed ``section.field``), which translates them and falls back to
the core help text. Settings that other pages own (the model, the data file and its
mapping) are left out.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.config import SECTIONS, RunConfig, validate
from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP
from dpo_desktop.gui.messages import section_title, setting_help, setting_label
from dpo_desktop.gui.widgets.settings_form import editor_for, set_value, value_of
from dpo_desktop.gui.widgets.wheel_guard import guard_wheel

OWNED_ELSEWHERE = {("model", "spec"), ("data", "path"), ("data", "mapping"), ("data", "sheet")}


class AdvancedPanel(QWidget):
    """Editors for every tunable RunConfig field; ``changed`` fires on any edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[tuple[str, str], QWidget] = {}
        self.labels: dict[tuple[str, str], QLabel] = {}
        self._base = RunConfig()
        layout = QVBoxLayout(self)
        for section in SECTIONS:
            fields = [f for f in dataclasses.fields(getattr(self._base, section))
                      if (section, f.name) not in OWNED_ELSEWHERE]
            if not fields:
                continue
            box = QGroupBox(section_title(section), self)
            form = QFormLayout(box)
            for item in fields:
                key = (section, item.name)
                owner = getattr(self._base, section)
                editor = self._editor(owner, item, getattr(owner, item.name))
                help_text = setting_help(section, item.name)
                editor.setToolTip(help_text)
                editor.setObjectName(f"{section}.{item.name}")
                label = QLabel(setting_label(section, item.name), box)
                label.setToolTip(help_text)
                label.setBuddy(editor)
                form.addRow(label, editor)
                self.editors[key] = editor
                self.labels[key] = label
            layout.addWidget(box)
        layout.addStretch(1)
        guard_wheel(self)  # it lives in a scroll area: the wheel scrolls, it never edits

    def _editor(self, owner: Any, item: dataclasses.Field[Any], value: Any) -> QWidget:
        # Generated from the field's metadata (type, choices, low/high): no range here.
        editor = editor_for(owner, item.name, value, self)
        if isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(self.changed)
        elif isinstance(editor, QCheckBox):
            editor.toggled.connect(self.changed)
        elif isinstance(editor, QSpinBox):
            editor.valueChanged.connect(self.changed)
        elif isinstance(editor, QLineEdit):
            editor.textChanged.connect(self.changed)
        return editor

    # -- values ----------------------------------------------------------------------
    def set_config(self, config: RunConfig) -> None:
        self._base = config
        for (section, name), editor in self.editors.items():
            value = getattr(getattr(config, section), name)
            editor.blockSignals(True)
            set_value(editor, value)
            editor.blockSignals(False)
        self.changed.emit()

    def config(self) -> RunConfig:
        """The settings shown, on top of the last config given; raises UserError if bad."""
        sections: dict[str, dict[str, Any]] = {s: {} for s in SECTIONS}
        for (section, name), editor in self.editors.items():
            current = getattr(getattr(self._base, section), name)
            sections[section][name] = self._read(editor, current, f"{section}.{name}")
        config = self._base
        replaced = {s: dataclasses.replace(getattr(config, s), **values)
                    for s, values in sections.items() if values}
        return validate(dataclasses.replace(config, **replaced))

    @staticmethod
    def _read(editor: QWidget, current: Any, setting: str) -> Any:
        if not isinstance(editor, QLineEdit):
            return value_of(editor)
        text = editor.text().strip()
        if isinstance(current, tuple):
            return tuple(part.strip() for part in text.split(",") if part.strip())
        if isinstance(current, float):
            try:
                value = float(text.replace(",", "."))
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                # The same template as the core's check; the error dialog translates it.
                raise UserError.of(
                    "bad_setting",
                    QT_TRANSLATE_NOOP("messages", "Setting {setting}: “{value}” is not a number."),
                    QT_TRANSLATE_NOOP("messages", "Write a number such as 0.1 or 5e-4."),
                    setting=setting, value=text)
            return value
        return text
