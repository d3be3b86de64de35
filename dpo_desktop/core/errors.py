"""User-facing errors.

Every problem a user can fix is raised as a :class:`UserError` with a stable ``code``
(so the GUI can show a translated text), an English ``message`` that names the file,
row or setting, and a ``hint`` that says how to fix it. Anything else is a bug.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from dpo_desktop.core.i18n import QT_TRANSLATE_NOOP


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
        # The marked English templates behind message and hint ("" when the text was
        # written without one); the GUI translates these and fills in ``params``.
        self.template = ""
        self.hint_template = ""

    @classmethod
    def of(cls: type[_E], code: str, template: str, hint_template: str = "", *,
           detail: str = "", **params: Any) -> _E:
        """The error built from marked templates (``QT_TRANSLATE_NOOP``) and their params.

        This is how new errors are raised: the English text is rendered here from the
        template, and the template travels with the error so the GUI can translate it.
        """
        from .i18n import render

        error = cls(code, render(template, params), render(hint_template, params),
                    detail=detail, params=params)
        error.template = template
        error.hint_template = hint_template
        return error

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


_E = TypeVar("_E", bound=UserError)


class DataFileError(UserError):
    """A data file that cannot be used at all (as opposed to rows with problems)."""


# ------------------------------------------------------------------ jobs: cancel and pause
#
# Every long core call (train, make pairs, generate, download, export) takes one
# ``JobControl``; the caller (a GUI page through ``JobRunner.cancel()``, the CLI on
# Ctrl-C) cancels it from any thread, and the job checks it at its own safe points.
# A job either returns its result or raises a ``UserError``; a cancel is the UserError
# ``Cancelled``. Two documented kinds of "stop" return instead of raising, because what
# was made is worth keeping as a result: training's stop saves the adapter and returns
# a ``cancelled`` RunResult, and an answer cut short returns its text so far, marked.


class Cancelled(UserError):
    """The user cancelled the job; what the job keeps (or removes) is in its docstring.

    ``params`` say what was kept, so a caller can tell the user without asking the job.
    """

    def __init__(self, message: str = "Cancelled.", hint: str = "", *,
                 code: str = "cancelled", params: Mapping[str, Any] | None = None) -> None:
        super().__init__(code, message, hint, params=params)

    @classmethod
    def of(cls, code: str, template: str, hint_template: str = "", *, detail: str = "",
           **params: Any) -> Cancelled:
        from .i18n import render

        error = cls(render(template, params), render(hint_template, params), code=code,
                    params=params)
        error.template, error.hint_template, error.detail = template, hint_template, detail
        return error


class JobControl:
    """Cancel (and, where a job supports it, pause) one running job; thread-safe.

    Any thread may call :meth:`cancel`, :meth:`pause` and :meth:`resume`; the job calls
    :meth:`raise_if_cancelled` or reads :attr:`is_cancelled` between units of work, and
    :meth:`wait_if_paused` where pausing makes sense (training: between steps). Pausing
    blocks the job's own thread, so whatever it holds (GPU memory) stays held.
    """

    def __init__(self) -> None:
        import threading

        self._cancelled = threading.Event()
        self._running = threading.Event()  # set = not paused
        self._running.set()

    def cancel(self) -> None:
        self._cancelled.set()
        self._running.set()  # a paused job must wake up to stop

    @property
    def is_cancelled(self) -> bool:
        return self._cancelled.is_set()

    def raise_if_cancelled(self) -> None:
        if self.is_cancelled:
            raise Cancelled()

    def pause(self) -> None:
        if not self._cancelled.is_set():
            self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def is_paused(self) -> bool:
        return not self._running.is_set()

    def wait_if_paused(self, poll_seconds: float = 0.5) -> None:
        """Block while paused; return at once when running or cancelled."""
        while not self._running.wait(poll_seconds):
            if self._cancelled.is_set():
                return

    def wait_cancelled(self, seconds: float) -> bool:
        """Sleep up to ``seconds``, waking early on a cancel; True when cancelled."""
        return self._cancelled.wait(seconds)


# ------------------------------------------------------------------ OSError → UserError
#
# The one place where an operating-system error met while writing (or reading) a file
# becomes a message a user can act on. Every write site either goes through
# ``core.atomic`` (which calls :func:`write_error`) or lets the OSError reach its job's
# boundary (training engine, export, CLI, GUI), which calls :func:`from_os_error`.
# The templates are marked, so the GUI translates them with the same params.

_WINDOWS_LOCKED = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION

# code -> (English message template, English hint template); params: file, folder, drive.
OS_ERROR_TEXTS: dict[str, tuple[str, str]] = {
    "disk_full": (
        QT_TRANSLATE_NOOP("messages", "There is not enough free space on {drive} to write "
                                      "“{file}”."),
        QT_TRANSLATE_NOOP("messages", "Free some space on {drive} (empty the recycle bin, "
                                      "delete old runs or exports), or choose a folder on another "
                                      "disk, then try again.")),
    "read_only": (
        QT_TRANSLATE_NOOP("messages", "“{file}” cannot be written: {folder} is on a read-only "
                                      "disk."),
        QT_TRANSLATE_NOOP("messages", "Choose a folder on a disk you can write to (a USB stick "
                                      "or SD card may have its write-protect switch on), then try "
                                      "again.")),
    "folder_missing": (
        QT_TRANSLATE_NOOP("messages", "The folder {folder} is no longer there, so “{file}” could "
                                      "not be written."),
        QT_TRANSLATE_NOOP("messages", "Reconnect the disk that holds it (a USB or network "
                                      "drive), or choose another folder, then try again.")),
    "permission_denied": (
        QT_TRANSLATE_NOOP("messages", "DPO Desktop is not allowed to write “{file}”."),
        QT_TRANSLATE_NOOP("messages", "Choose a folder you can write to (for example in your "
                                      "Documents), or ask your administrator for access, then try "
                                      "again.")),
    "file_locked": (
        QT_TRANSLATE_NOOP("messages", "“{file}” is in use by another program."),
        QT_TRANSLATE_NOOP("messages", "Close the program that has it open (Excel, an editor, a "
                                      "backup or antivirus scan), then try again.")),
    "disk_error": (
        QT_TRANSLATE_NOOP("messages", "The disk reported an error while writing “{file}”."),
        QT_TRANSLATE_NOOP("messages", "Check that the disk or USB cable is connected firmly, "
                                      "then try again; if it repeats, copy your work to another "
                                      "disk.")),
    "save_failed": (
        QT_TRANSLATE_NOOP("messages", "“{file}” could not be written: {reason}."),
        QT_TRANSLATE_NOOP("messages", "Choose a folder you can write to, and check that the "
                                      "disk is not full.")),
}


def _errno_code(exc: OSError) -> str:
    import errno

    number = exc.errno
    if getattr(exc, "winerror", None) in _WINDOWS_LOCKED or number in (
            errno.EBUSY, getattr(errno, "ETXTBSY", -1)):
        return "file_locked"
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or getattr(
            exc, "winerror", None) in (39, 112):  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
        return "disk_full"
    if number == errno.EROFS:
        return "read_only"
    if number == errno.ENOENT or isinstance(exc, FileNotFoundError):
        return "folder_missing"
    if number in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        return "permission_denied"
    if number == errno.EIO:
        return "disk_error"
    return "save_failed"


def drive_of(path: Path) -> str:
    """Where the space would have to be freed: ``C:`` on Windows, the mount point elsewhere."""
    import os

    if path.drive:
        return path.drive
    current = path
    while not current.exists() and current != current.parent:
        current = current.parent
    try:
        while not os.path.ismount(current) and current != current.parent:
            current = current.parent
    except OSError:
        return str(path.anchor or path)
    return str(current)


def newest_file(folder: str | os.PathLike[str]) -> Path:
    """The most recently written file under ``folder`` (else ``folder``).

    A full disk met inside a library's save (``write()`` names no file) hit the file
    being written, which is the newest one: this names it for the user.
    """
    best: tuple[int, Path] | None = None
    try:
        for child in Path(folder).rglob("*"):
            if child.is_file():
                stamp = child.stat().st_mtime_ns
                if best is None or stamp >= best[0]:
                    best = (stamp, child)
    except OSError:
        pass
    return best[1] if best else Path(folder)


def from_os_error(exc: OSError, path: str | os.PathLike[str] | None = None) -> UserError:
    """The ``UserError`` for ``exc`` met while writing ``path`` (else ``exc.filename``).

    ``exc.filename`` wins when the OS names a file (it is the one that failed); ``path``
    covers a plain ``write()`` that hit a full disk, which names none.
    """
    if isinstance(exc, UserError):  # already mapped (a subclass that is both)
        return exc
    # filename2 is the destination of a rename, link or copy: the file being written.
    named = next((name for name in (exc.filename2, exc.filename)
                  if isinstance(name, str | os.PathLike)), None)
    if named is not None and path is not None and Path(path).is_relative_to(named):
        named = None  # the OS named a folder on the way (e.g. creating it): name the file
    raw = Path(os.fspath(named if named is not None else (path if path is not None else "?")))
    target = _visible(raw)
    code = _errno_code(exc)
    params = {"file": str(target), "folder": str(target.parent), "drive": drive_of(target),
              "reason": (exc.strerror or str(exc)).rstrip(".")}
    message, hint = OS_ERROR_TEXTS[code]
    error = WriteError.of(code, message, hint, detail=f"{type(exc).__name__}: {exc}", **params)
    error.errno = exc.errno
    return error


def _visible(path: Path) -> Path:
    """The path the user knows: an atomic write's hidden temporaries (``.name.abc123.tmp``,
    ``.name.partial-1a2b3c4d``) are named by what they become."""
    import re

    def plain(part: str) -> str:
        for pattern in (r"\.(.+)\.[^.]+\.tmp", r"\.(.+)\.partial-[0-9a-f]+"):
            match = re.fullmatch(pattern, part)
            if match:
                return match.group(1)
        return part

    parts = path.parts
    if not parts:
        return path
    return Path(*(plain(part) for part in parts))


class WriteError(UserError, OSError):
    """A file could not be written (or read) because of the disk, a lock or permissions.

    ``code`` is one of :data:`OS_ERROR_TEXTS`; ``params`` holds file, folder, drive, reason.
    It is an OSError too (with the original ``errno``), so a best-effort write guarded by
    ``except OSError`` still catches it, and a UserError, so every job boundary shows it.
    """
