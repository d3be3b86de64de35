"""Before Qt starts on Linux: are the system libraries its X11 (xcb) platform needs there?

A fresh Debian or Ubuntu lacks several of them (libxcb-cursor0, libxcb-icccm4,
libxcb-keysyms1 …), and Qt's own error names only the first one it misses and then aborts.
We try to load each library the xcb platform plugin links against, and when any is
missing print the one ``apt`` or ``dnf`` line that installs them all, and exit cleanly.

The list is the plugin's ``NEEDED`` entries (``readelf -d libqxcb.so libQt6XcbQpa.so.6
libQt6Gui.so.6``) with the package that ships each library on Debian/Ubuntu and on Fedora.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# soname: (Debian/Ubuntu package, Fedora package)
LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
}

Loader = Callable[[str], object]


def uses_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will start its X11 platform: Linux, and no other platform asked for."""
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip().lower()
    if chosen:
        return chosen.startswith("xcb")
    return not env.get("WAYLAND_DISPLAY")  # a Wayland session uses Qt's wayland plugin


def missing_libraries(loader: Loader | None = None) -> list[str]:
    load = loader or ctypes.CDLL
    missing = []
    for soname in LIBRARIES:
        try:
            load(soname)
        except OSError:
            missing.append(soname)
    return missing


def _distro(os_release: Path) -> str:
    try:
        text = os_release.read_text(encoding="utf-8").lower()
    except OSError:
        return ""
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    ids = " ".join(fields.get(key, "").strip('"') for key in ("id", "id_like"))
    if any(name in ids.split() for name in ("debian", "ubuntu")):
        return "apt"
    if any(name in ids.split() for name in ("fedora", "rhel", "centos")):
        return "dnf"
    return ""


def install_lines(missing: list[str], os_release: Path = Path("/etc/os-release")) -> list[str]:
    apt = sorted({LIBRARIES[name][0] for name in missing})
    dnf = sorted({LIBRARIES[name][1] for name in missing})
    lines = {"apt": f"sudo apt-get install -y {' '.join(apt)}",
             "dnf": f"sudo dnf install -y {' '.join(dnf)}"}
    kind = _distro(os_release)
    return [lines[kind]] if kind else [lines["apt"] + "    # Debian, Ubuntu",
                                       lines["dnf"] + "    # Fedora"]


def check(env: Mapping[str, str] | None = None, loader: Loader | None = None,
          os_release: Path = Path("/etc/os-release")) -> str | None:
    """None when Qt can start; else the message to print (and exit) instead of starting it."""
    env = os.environ if env is None else env
    if not uses_xcb(env):
        return None
    missing = missing_libraries(loader)
    if not missing:
        return None
    return ("DPO Desktop cannot open its window: this system lacks libraries that Qt's X11 "
            "support needs:\n  " + ", ".join(missing) + "\nInstall them with:\n  "
            + "\n  ".join(install_lines(missing, os_release))
            + "\nthen start DPO Desktop again. (The command-line tools work without them: "
            "dpo-desktop --help.)")
