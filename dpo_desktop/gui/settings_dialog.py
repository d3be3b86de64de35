"""File → Settings: the UI language and whether the first-run guide opens at start-up.

Both are stored in QSettings. A new language applies when the app starts again: the
pages build their texts once, and a restart is simpler and more reliable for people than
a half-retranslated window.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop.core.errors import UserError
from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP
from dpo_desktop.gui import i18n
from dpo_desktop.gui.errors import show_error

GUIDE_KEY = "guide/show_at_start"


def guide_at_start() -> bool:
    """Whether the guide opens at start-up (default: until it has been seen once)."""
    value = QSettings().value(GUIDE_KEY, None)
    if value is None:
        return True
    return str(value).lower() in ("true", "1")


def set_guide_at_start(show: bool) -> bool:
    """Store the choice; False when the settings file could not be written."""
    settings = QSettings()
    settings.setValue(GUIDE_KEY, bool(show))
    settings.sync()
    return settings.status() == QSettings.Status.NoError


def settings_not_saved() -> UserError:
    """Qt reports no reason (full disk, read-only, locked or missing folder look alike), so
    the message names the file and the usual fixes."""
    file = QSettings().fileName()
    return UserError.of(
        "settings_not_saved",
        QT_TRANSLATE_NOOP("messages", "The settings could not be saved to “{file}”."),
        QT_TRANSLATE_NOOP("messages", "Check that its folder exists and can be written to, and "
                                      "that the disk is not full; until then the choices apply "
                                      "only until the app closes."), file=file)


class SettingsDialog(QDialog):
    """Language (System default, English, 日本語) and the start-up guide."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._language_before = i18n.chosen_language()
        self.language_combo = QComboBox()
        system = i18n.LANGUAGES[i18n.system_language()]
        self.language_combo.addItem(self.tr("Same as the computer ({language})").format(
            language=system), "")
        for code, name in i18n.LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(self._language_before)))
        self.language_combo.setToolTip(self.tr("The language of menus, buttons and messages. "
                                               "The command line always uses English."))
        self.guide_box = QCheckBox(self.tr("Show the getting-started guide when the app "
                                           "starts"))
        self.guide_box.setChecked(guide_at_start())
        self.restart_label = QLabel(self.tr("The new language is used the next time you start "
                                            "DPO Desktop."))
        self.restart_label.setWordWrap(True)
        # Its room is kept while hidden, so showing it never squeezes it (clipped at the
        # top and bottom in a dialog already laid out without it).
        policy = self.restart_label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.restart_label.setSizePolicy(policy)
        self.restart_label.setVisible(False)
        self.language_combo.currentIndexChanged.connect(self._language_changed)

        form = QFormLayout()
        form.addRow(self.tr("Language:"), self.language_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.guide_box)
        layout.addWidget(self.restart_label)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def language(self) -> str:
        return str(self.language_combo.currentData() or "")

    def _language_changed(self) -> None:
        self.restart_label.setVisible(self.language() != self._language_before)
        if self.height() < self.sizeHint().height():
            self.adjustSize()

    def accept(self) -> None:
        saved = i18n.set_chosen_language(self.language())
        saved = set_guide_at_start(self.guide_box.isChecked()) and saved
        if not saved:  # stay open: the user can try again or cancel
            show_error(self, settings_not_saved(), self.tr("Cannot save the settings"))
            return
        super().accept()

    def language_changed(self) -> bool:
        """Whether the stored language differs from the one when the dialog opened."""
        return i18n.chosen_language() != self._language_before


def show_settings(parent: QWidget | None = None) -> SettingsDialog:
    """Open the dialog modally; returns it (its choices are saved on OK)."""
    dialog = SettingsDialog(parent)
    dialog.exec()
    return dialog
