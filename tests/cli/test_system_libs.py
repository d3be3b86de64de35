"""`make run` (and the bundle) on a Linux without Qt's xcb libraries: one clear message with
the exact install line, a clean exit, and Qt never started."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dpo_desktop.cli import main, system_libs

GONE = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


def fresh_debian_loader(name: str) -> object:
    if name in GONE:
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")
    return object()


def os_release(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "os-release"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_libraries_give_the_exact_apt_line(tmp_path: Path) -> None:
    debian = os_release(tmp_path, 'ID=debian\nVERSION_ID="12"\n')
    message = system_libs.check({"DISPLAY": ":0"}, fresh_debian_loader, debian)
    assert message is not None
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4, libxcb-keysyms.so.1" in message
    assert "sudo apt-get install -y libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1\n" in message
    assert "dnf" not in message
    fedora = os_release(tmp_path, 'ID=fedora\n')
    message = system_libs.check({"DISPLAY": ":0"}, fresh_debian_loader, fedora)
    assert message is not None
    assert "sudo dnf install -y xcb-util-cursor xcb-util-keysyms xcb-util-wm" in message
    unknown = os_release(tmp_path, "ID=something\n")
    message = system_libs.check({}, fresh_debian_loader, unknown)
    assert message is not None and "apt-get" in message and "dnf" in message


def test_nothing_missing_or_not_xcb_means_no_message() -> None:
    assert system_libs.check({"DISPLAY": ":0"}, lambda name: object()) is None
    assert system_libs.check({"QT_QPA_PLATFORM": "offscreen"}, fresh_debian_loader) is None
    assert system_libs.check({"WAYLAND_DISPLAY": "wayland-0"}, fresh_debian_loader) is None
    assert system_libs.uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not system_libs.uses_xcb({}, "win32")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is Linux-only")
def test_this_machine_has_what_the_tests_need() -> None:
    # QtGui itself (loaded by every GUI test) needs these; a real load, no stand-in.
    present = set(system_libs.LIBRARIES) - set(system_libs.missing_libraries())
    assert {"libEGL.so.1", "libfontconfig.so.1", "libxkbcommon.so.0"} <= present


def test_gui_command_exits_cleanly_before_qt(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(system_libs.ctypes, "CDLL", fresh_debian_loader)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delitem(sys.modules, "dpo_desktop.gui.app", raising=False)
    assert main(["gui"]) == 2
    err = capsys.readouterr().err
    assert "cannot open its window" in err and "libxcb-cursor0" in err
    assert "dpo_desktop.gui.app" not in sys.modules  # Qt's app was never started
