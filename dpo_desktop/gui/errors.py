"""Errors as dialogs: a message, a hint and a "Show Details…" box, never a raw traceback."""

from __future__ import annotations

import traceback

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from dpo_desktop.core.errors import UserError, from_os_error
from dpo_desktop.core.events import Failed
from dpo_desktop.gui.messages import translate_error


def describe(error: BaseException | Failed) -> tuple[str, str, str]:
    """``(message, hint, detail)`` for any error the GUI may meet, in the UI language.

    An OSError that reached the GUI unmapped (a write site outside ``core.atomic``) gets
    the same plain message as everywhere else, from ``core.errors.from_os_error``.
    """
    if isinstance(error, OSError) and not isinstance(error, UserError):
        error = from_os_error(error)
    if isinstance(error, UserError | Failed):
        message, hint = translate_error(error)
        return message, hint, error.detail
    detail = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return (QCoreApplication.translate("errors",
                                       "Something went wrong that DPO Desktop did not expect."),
            QCoreApplication.translate(
                "errors", "Try again. If it keeps happening, report it with the details below."),
            detail)


def show_error(parent: QWidget | None, error: BaseException | Failed, title: str = ""
               ) -> QMessageBox:
    """Open a non-blocking warning dialog for ``error`` and return it."""
    message, hint, detail = describe(error)
    title = title or QCoreApplication.translate("errors", "DPO Desktop")
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("errorDialog")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if hint:
        box.setInformativeText(hint)
    if detail:
        box.setDetailedText(detail)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box
