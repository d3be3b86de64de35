"""Atomic file writes: a temporary file in the same folder, then a rename.

A crash or a full disk therefore never leaves a half-written file where a good one was,
and the temporary file has a hidden name (``.name.XXXX.tmp``), so nothing half-written
ever looks finished. This is the one write helper: every OSError it meets becomes the
plain ``WriteError`` of :func:`dpo_desktop.core.errors.from_os_error`, naming the file.

:func:`atomic_dir` does the same for a folder that is written by a library in many
files (``save_pretrained``): written beside, renamed into place when complete.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from dpo_desktop.core.errors import from_os_error

# A virus scanner or search indexer opens a new file for a moment; on Windows the rename
# then fails with a sharing violation. Such a lock clears by itself, so try a few times.
LOCK_RETRIES = 5
LOCK_RETRY_SECONDS = 0.05


def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """``os.replace``, retried briefly while another program holds the file."""
    for attempt in range(LOCK_RETRIES + 1):
        try:
            os.replace(source, target)
            return
        except OSError as exc:
            transient = from_os_error(exc).code == "file_locked" or (
                os.name == "nt" and isinstance(exc, PermissionError))
            if not transient or attempt == LOCK_RETRIES:
                raise
            time.sleep(LOCK_RETRY_SECONDS * (attempt + 1))


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8",
                newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a temporary sibling of ``path`` for writing; rename it over ``path`` on success.

    ``mode`` is "w" (text) or "wb" (bytes; ``encoding`` and ``newline`` are ignored).
    """
    target = Path(path)
    binary = "b" in mode
    tmp_name: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent)
        with os.fdopen(fd, mode, encoding=None if binary else encoding,
                       newline=None if binary else newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        replace(tmp_name, target)
    except BaseException as exc:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise from_os_error(exc, target) from exc
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    with atomic_open(path, "w", encoding=encoding, newline="") as handle:
        handle.write(text)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_open(path, "wb") as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_dir(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a hidden sibling folder to fill; on success it replaces ``path`` as a whole.

    An old ``path`` is moved aside first (Windows cannot rename onto a folder) and deleted
    once the new one is in place. On any error the partial folder is removed, the old one
    is left as it was, and an OSError becomes a ``WriteError`` naming ``path``.
    """
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial-{uuid.uuid4().hex[:8]}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.mkdir()
        yield partial
        old: Path | None = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
            replace(target, old)
        try:
            replace(partial, target)
        except BaseException:
            if old is not None:  # put the complete old folder back
                with contextlib.suppress(OSError):
                    os.replace(old, target)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException as exc:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(exc, OSError):
            raise from_os_error(exc, target) from exc
        raise
