"""The UI language: which one to use, and installing its translators and font.

English is the source language (the strings in the code). Japanese comes from
``resources/i18n/dpo_desktop_ja.qm`` (compiled from the ``.ts`` by
``scripts/update_translations.py``) plus Qt's own ``qtbase_ja.qm`` for the standard
dialogs. The language follows the OS locale unless Settings stores a choice; a change
applies on the next start.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from dpo_desktop.core.resources import resources_dir

LANGUAGES: dict[str, str] = {"en": "English", "ja": "日本語"}  # native names: never translated
SETTINGS_KEY = "ui/language"  # "" (or missing): follow the OS
APP_CATALOG = "dpo_desktop"
# Japanese UI fonts, best first: Windows, macOS, then Linux (fonts-noto-cjk, IPA, Takao).
JAPANESE_FONTS = ("Yu Gothic UI", "Meiryo UI", "Meiryo", "Hiragino Sans",
                  "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", "Noto Sans JP",
                  "Source Han Sans JP", "IPAexGothic", "IPAGothic", "TakaoPGothic",
                  "VL PGothic")

_installed: list[QTranslator] = []
_original_font: QFont | None = None


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def qm_path(language: str) -> Path:
    return i18n_dir() / f"{APP_CATALOG}_{language}.qm"


def system_language() -> str:
    """``"ja"`` when the OS locale is Japanese, else ``"en"``."""
    return "ja" if QLocale.system().language() == QLocale.Language.Japanese else "en"


def chosen_language() -> str:
    """The language stored in Settings, or ``""`` to follow the OS."""
    value = QSettings().value(SETTINGS_KEY, "")
    return value if isinstance(value, str) and value in LANGUAGES else ""


def set_chosen_language(language: str) -> bool:
    """Store ``language`` (a key of :data:`LANGUAGES`, or ``""`` for the OS default);
    False when the settings file could not be written."""
    settings = QSettings()
    settings.setValue(SETTINGS_KEY, language if language in LANGUAGES else "")
    settings.sync()
    return settings.status() == QSettings.Status.NoError


def effective_language() -> str:
    return chosen_language() or system_language()


def current_language() -> str:
    """The language of the translators installed now."""
    return "ja" if any(getattr(t, "ui_language", "") == "ja" for t in _installed) else "en"


class AppTranslator(QTranslator):
    """The app's catalog, with a fallback to the empty context.

    ``pyside6-lupdate`` files ``tr("…")`` calls made through a local alias
    (``tr = self.tr``) under an empty context, while at run time ``self.tr`` asks with the
    class name. Looking in the empty context too makes both spellings work.
    """

    def __init__(self, language: str, parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self.ui_language = language

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        found = super().translate(context, source, disambiguation, n)
        if not found and context:
            found = super().translate("", source, disambiguation, n)
        # None becomes a null QString: "not found here", so Qt asks the next translator and
        # falls back to the source text. An empty str would mean "translated to nothing".
        return found or None


def install(app: QCoreApplication | None = None, language: str | None = None) -> str:
    """Install the translators (and font) for ``language``, default :func:`effective_language`.

    Replaces whatever an earlier call installed, so tests can switch back and forth.
    Returns the language now in use (``"en"`` when the catalog is missing).
    """
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication first")
    uninstall(app)
    wanted = language or effective_language()
    used = "en"
    if wanted != "en":
        translator = AppTranslator(wanted, app)
        if translator.load(str(qm_path(wanted))):
            app.installTranslator(translator)
            _installed.append(translator)
            used = wanted
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            qt_translator = QTranslator(app)
            if qt_translator.load(f"qtbase_{wanted}", qt_dir):
                app.installTranslator(qt_translator)
                _installed.append(qt_translator)
    QLocale.setDefault(QLocale(QLocale.Language.Japanese if used == "ja"
                               else QLocale.Language.English))
    if isinstance(app, QGuiApplication):
        apply_font(app, used)
    return used


def uninstall(app: QCoreApplication | None = None) -> None:
    """Remove the translators :func:`install` added (back to the English source strings)."""
    app = app or QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
        translator.deleteLater()
    if isinstance(app, QGuiApplication):
        apply_font(app, "en")


def japanese_font_family(families: list[str] | None = None) -> str:
    """The best installed family with Japanese glyphs, or ``""`` when there is none."""
    available = families if families is not None else QFontDatabase.families(
        QFontDatabase.WritingSystem.Japanese)
    for name in JAPANESE_FONTS:
        if name in available:
            return name
    return available[0] if available else ""


def apply_font(app: QGuiApplication, language: str) -> None:
    """For Japanese, switch to a Japanese-capable family when the default one has no
    Japanese glyphs (keeping its size); for English, restore the original font."""
    global _original_font
    if _original_font is None:
        _original_font = QFont(app.font())
    if language != "ja":
        if app.font() != _original_font:
            app.setFont(_original_font)
        return
    default = _original_font.family()
    japanese = QFontDatabase.families(QFontDatabase.WritingSystem.Japanese)
    if default in japanese:
        return
    family = japanese_font_family(japanese)
    if family:
        font = QFont(_original_font)
        font.setFamilies([family, *_original_font.families()])
        app.setFont(font)
