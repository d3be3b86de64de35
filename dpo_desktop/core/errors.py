"""User-facing errors.

Every problem a user can fix is raised as a :class:`UserError` with a stable ``code``
(so the GUI can show a translated text), an English ``message`` that names the file,
row or setting, and a ``hint`` that says how to fix it. Anything else is a bug.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class UserError(Exception):
    """A problem the user can fix; shown without a traceback."""

    def __init__(
        self,
        code: str,
        message: str,
        hint: str = "",
        *,
        detail: str = "",
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.detail = detail
        self.params: dict[str, Any] = dict(params or {})

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class DataFileError(UserError):
    """A data file that cannot be used at all (as opposed to rows with problems)."""
