"""The Qt-free translation marker for core's user-facing text.

Core speaks English, but every sentence a user may read is written as a *template* with
named placeholders (``"There is no file at {file}."``) and marked with
:func:`QT_TRANSLATE_NOOP`. The marker returns the text unchanged, so core never needs
Qt; ``scripts/update_translations.py`` runs lupdate over core as well as gui, which finds
the marked templates by that name, so they land in the ``.ts`` file under the context
``messages``. The GUI translates the template and fills in the parameters that came with
the error, issue or log line; nothing ever parses English text back into values.

Write each template once, where the message is raised, and carry ``code``, ``template``
and ``params`` with it (see :meth:`dpo_desktop.core.errors.UserError.of`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CONTEXT = "messages"  # the lupdate context of every core template


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate finds
    """Marks ``text`` for translation in ``context``; returns it unchanged (a template)."""
    return text


def render(template: str, params: Mapping[str, Any]) -> str:
    """``template`` filled from ``params``; the bare template when a placeholder is missing.

    A message must always reach the user, so a template and parameters that do not fit
    (a bug) degrade to the unfilled text rather than raising inside an error handler.
    """
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
