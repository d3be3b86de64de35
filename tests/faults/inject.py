"""Fault injection at the write primitives, so every write site meets the same faults.

``Fault(kind, needle)`` patches what Python, safetensors and torch use to write files
(``open``/``io.open``/``os.fdopen``/``os.open``/``os.sendfile``, ``os.replace``/``rename``/
``link``/``mkdir``,
``safetensors.torch.save_file``, ``torch.save``) and makes every write whose path contains
``needle`` fail the way a real PC fails:

- ``disk_full``: ENOSPC part-way: half of the first write reaches the file, then the
  error (with no file name, like a real ``write()``);
- ``read_only``: EROFS on creating or replacing the file (a write-protected USB stick);
- ``vanished``: ENOENT, the folder is gone (a USB or network drive unplugged);
- ``permission``: EACCES (tests run as root, where chmod would not stop a write);
- ``locked``: what Windows raises when another program holds the file open (a
  PermissionError with winerror 32, "being used by another process").

Reads are never faulted, so what was complete before can be checked afterwards.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

KINDS = ("disk_full", "read_only", "vanished", "permission", "locked")
# What the user is told for each kind (the code of core.errors.from_os_error).
CODES = {"disk_full": "disk_full", "read_only": "read_only", "vanished": "folder_missing",
         "permission": "permission_denied", "locked": "file_locked"}


def make_error(kind: str, path: str | None) -> OSError:
    if kind == "disk_full":
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if kind == "read_only":
        return OSError(errno.EROFS, os.strerror(errno.EROFS), path)
    if kind == "vanished":
        return FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)
    if kind == "permission":
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
    if kind == "locked":
        exc = PermissionError(errno.EACCES, "The process cannot access the file because it is "
                                            "being used by another process", path)
        exc.winerror = 32  # type: ignore[attr-defined]  # as Windows sets it
        return exc
    raise ValueError(kind)


def _writable(mode: str) -> bool:
    return any(flag in mode for flag in "wax+")


class _HalfWriter:
    """A file object whose first write stops half-way with ENOSPC, like a filling disk."""

    def __init__(self, real: Any, fault: Fault, path: str) -> None:
        self._real, self._fault, self._path = real, fault, path

    def write(self, data: Any) -> int:
        half = data[: max(1, len(data) // 2)] if len(data) else data
        self._real.write(half)
        with suppress(OSError):
            self._real.flush()
        self._fault.hits.append(self._path)
        raise make_error("disk_full", None)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def close(self) -> None:
        with suppress(OSError):
            self._real.close()

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._real)


class Fault:
    """Make writes under ``needle`` fail with ``kind``; ``hits`` lists the paths hit."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, kind: str, needle: str | Path,
                 times: int | None = None) -> None:
        """``times``: the fault clears after that many hits (a virus scan that ends)."""
        assert kind in KINDS, kind
        self.kind, self.needle, self.times = kind, str(needle), times
        self.hits: list[str] = []
        self._mp = monkeypatch
        self.active = True
        self._install()

    def matches(self, path: Any) -> bool:
        if not self.active or isinstance(path, int):
            return False
        try:
            return self.needle in os.fspath(path)
        except TypeError:
            return False

    def _raise(self, path: Any) -> None:
        self.hits.append(os.fspath(path))
        if self.times is not None and len(self.hits) >= self.times:
            self.active = False
        raise make_error(self.kind, os.fspath(path))

    # -- patches -----------------------------------------------------------------------
    def _install(self) -> None:
        mp = self._mp
        real_open, real_fdopen, real_os_open = builtins.open, os.fdopen, os.open
        real_replace, real_rename, real_link = os.replace, os.rename, os.link
        real_mkdir, real_sendfile = os.mkdir, os.sendfile
        fault = self

        def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if _writable(mode) and fault.matches(file):
                if fault.kind == "disk_full":
                    return _HalfWriter(real_open(file, mode, *args, **kwargs), fault,
                                       os.fspath(file))
                fault._raise(file)
            return real_open(file, mode, *args, **kwargs)

        def fake_fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real_fdopen(fd, mode, *args, **kwargs)
            if _writable(mode) and fault.kind == "disk_full":
                try:
                    name = os.readlink(f"/proc/self/fd/{fd}")
                except OSError:
                    name = ""
                if fault.matches(name):
                    return _HalfWriter(handle, fault, name)
            return handle

        def fake_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if (flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)) and fault.kind != "disk_full" \
                    and fault.matches(path):
                fault._raise(path)
            return real_os_open(path, flags, *args, **kwargs)

        def fake_replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if fault.kind != "disk_full" and fault.matches(dst):
                fault._raise(dst)
            real_replace(src, dst, *args, **kwargs)

        def fake_rename(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if fault.kind != "disk_full" and fault.matches(dst):
                fault._raise(dst)
            real_rename(src, dst, *args, **kwargs)

        def fake_link(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if fault.matches(dst):
                if fault.kind == "disk_full":  # a hard link takes no space: as on a USB
                    raise OSError(errno.EPERM, os.strerror(errno.EPERM), dst)  # FAT disk
                fault._raise(dst)
            real_link(src, dst, *args, **kwargs)

        def fake_sendfile(out_fd: int, in_fd: int, offset: Any, count: int) -> int:
            if fault.kind == "disk_full":  # shutil's fast copy on Linux, past write()
                try:
                    name = os.readlink(f"/proc/self/fd/{out_fd}")
                except OSError:
                    name = ""
                if fault.matches(name):
                    real_sendfile(out_fd, in_fd, offset, max(1, count // 2))
                    fault.hits.append(name)
                    raise make_error("disk_full", None)
            return real_sendfile(out_fd, in_fd, offset, count)

        def fake_mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
            if fault.kind != "disk_full" and fault.matches(path):
                fault._raise(path)
            real_mkdir(path, *args, **kwargs)

        mp.setattr(builtins, "open", fake_open)
        mp.setattr(io, "open", fake_open)
        mp.setattr(os, "fdopen", fake_fdopen)
        mp.setattr(os, "open", fake_os_open)
        mp.setattr(os, "replace", fake_replace)
        mp.setattr(os, "rename", fake_rename)
        mp.setattr(os, "link", fake_link)
        mp.setattr(os, "mkdir", fake_mkdir)
        mp.setattr(os, "sendfile", fake_sendfile)
        self._patch_tensor_savers()

    def _patch_tensor_savers(self) -> None:
        """safetensors and torch write from Rust/C++, past ``open``: wrap them by name."""
        fault = self
        if "safetensors.torch" in sys.modules:
            import safetensors.torch as st

            real_save_file, to_bytes = st.save_file, st.save

            def fake_save_file(tensors: Any, filename: Any, metadata: Any = None) -> None:
                if fault.matches(filename):
                    if fault.kind == "disk_full":
                        data = to_bytes(tensors, metadata=metadata)
                        with builtins.open(os.fspath(filename), "wb") as handle:
                            handle.write(data)  # the patched open: half, then ENOSPC
                    fault._raise(filename)
                real_save_file(tensors, filename, metadata=metadata)

            self._everywhere(real_save_file, fake_save_file)
        if "torch" in sys.modules:
            import torch

            real_save = torch.save

            def fake_save(obj: Any, f: Any, *args: Any, **kwargs: Any) -> None:
                if isinstance(f, str | os.PathLike) and fault.matches(f):
                    if fault.kind == "disk_full":
                        buffer = io.BytesIO()
                        real_save(obj, buffer, *args, **kwargs)
                        with builtins.open(os.fspath(f), "wb") as handle:
                            handle.write(buffer.getvalue())
                    fault._raise(f)
                real_save(obj, f, *args, **kwargs)

            self._everywhere(real_save, fake_save)

    def _everywhere(self, real: Callable[..., Any], fake: Callable[..., Any]) -> None:
        """Replace ``real`` in every loaded module that imported it by name."""
        for module in list(sys.modules.values()):
            namespace = getattr(module, "__dict__", None)
            if not isinstance(namespace, dict):
                continue
            for name, value in list(namespace.items()):
                if value is real:
                    self._mp.setattr(module, name, fake)


def visible_leftovers(folder: Path) -> list[Path]:
    """Files or folders a user would take for finished work: everything not hidden."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob("*") if not any(
        part.startswith(".") for part in p.relative_to(folder).parts))


def hidden_leftovers(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(".*")) if folder.exists() else []
