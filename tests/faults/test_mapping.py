"""The one OSError → message mapping (core/errors.py) and its GUI translations."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from dpo_desktop.core.errors import OS_ERROR_TEXTS, UserError, drive_of, from_os_error
from dpo_desktop.gui import messages
from tests.faults.inject import CODES, KINDS, make_error


@pytest.mark.parametrize("kind", KINDS)
def test_each_fault_names_the_file_and_the_fix(kind: str, tmp_path: Path) -> None:
    target = tmp_path / "runs" / "r1" / "status.json"
    error = from_os_error(make_error(kind, None), target)
    assert isinstance(error, UserError) and isinstance(error, OSError)
    assert error.code == CODES[kind]
    assert str(target) in error.message and error.hint
    assert error.params["file"] == str(target) and error.params["folder"] == str(target.parent)


def test_disk_full_names_the_drive_to_free() -> None:
    error = from_os_error(OSError(errno.ENOSPC, "No space left on device"), Path("/tmp/x.gguf"))
    assert error.params["drive"] == drive_of(Path("/tmp/x.gguf"))
    assert f"Free some space on {error.params['drive']}" in error.hint
    assert drive_of(Path("C:/Users/a/runs/x")) == "C:" or not Path("C:/x").drive


def test_windows_lock_and_disk_full_codes() -> None:
    locked = PermissionError(errno.EACCES, "in use", "x")
    locked.winerror = 32  # type: ignore[attr-defined]
    assert from_os_error(locked).code == "file_locked"
    plain = PermissionError(errno.EACCES, "denied", "x")
    assert from_os_error(plain).code == "permission_denied"
    assert from_os_error(OSError(errno.EIO, "I/O error"), "x").code == "disk_error"
    assert from_os_error(OSError(errno.EDQUOT, "quota"), "x").code == "disk_full"
    assert from_os_error(OSError(errno.EISDIR, "Is a directory"), "x").code == "save_failed"


def test_temporaries_are_named_by_what_they_become(tmp_path: Path) -> None:
    tmp = tmp_path / ".status.json.k2j3_x.tmp"
    error = from_os_error(PermissionError(errno.EACCES, "denied", str(tmp)))
    assert error.params["file"] == str(tmp_path / "status.json")
    partial = tmp_path / ".export.partial-1a2b3c4d" / "merged" / "model.safetensors"
    error = from_os_error(OSError(errno.EROFS, "ro", str(partial)))
    assert error.params["file"] == str(tmp_path / "export" / "merged" / "model.safetensors")
    # a rename or copy names its destination second: that is the file being written
    rename = OSError(errno.EACCES, "denied", str(tmp), None, str(tmp_path / "a.csv"))
    assert from_os_error(rename).params["file"] == str(tmp_path / "a.csv")


def test_every_code_carries_its_marked_templates(tmp_path: Path) -> None:
    """The GUI translates the templates the error carries (no table of its own to drift)."""
    error = from_os_error(make_error("disk_full", None), tmp_path / "x.csv")
    assert (error.template, error.hint_template) == OS_ERROR_TEXTS["disk_full"]
    for code, (message, hint) in OS_ERROR_TEXTS.items():
        assert "{file}" in message and hint, code


@pytest.mark.parametrize("kind", KINDS)
def test_japanese_message_for_each_fault(kind: str, japanese_app: None, tmp_path: Path) -> None:
    error = from_os_error(make_error(kind, None), tmp_path / "データ.csv")
    message, hint = messages.translate_error(error)
    assert message != error.message and "データ.csv" in message
    assert hint != error.hint and hint


@pytest.fixture
def japanese_app(qapp: object) -> object:
    from dpo_desktop.gui import i18n

    assert i18n.install(qapp, "ja") == "ja"  # type: ignore[arg-type]
    yield
    i18n.uninstall(qapp)  # type: ignore[arg-type]
