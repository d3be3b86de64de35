"""Help → About: version, licence rows checked against package metadata, and the icons."""

from __future__ import annotations

import struct

from PySide6.QtCore import QSize

from dpo_desktop import __version__
from dpo_desktop.core.resources import resources_dir
from dpo_desktop.gui.about import COMPONENTS, AboutDialog, app_icon, metadata_licence


def rows(dialog: AboutDialog) -> dict[str, list[str]]:
    table = dialog.licence_table
    return {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 4)]
            for r in range(table.rowCount())}


def test_about_shows_version_and_every_licence(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert __version__ in dialog.version_label.text()
    table = rows(dialog)
    assert len(table) == len(COMPONENTS)
    assert table["Qt / PySide6"][1] == "LGPL-3.0"
    assert table["SmolLM2-135M-Instruct (demo model)"][1] == "Apache-2.0"
    assert table["PyTorch"][1] == "BSD-3-Clause"
    # Installed packages show their version and what their own metadata declares.
    assert table["trl"][0] and table["trl"][2] == "Apache-2.0"
    assert "LGPL-3.0" in table["Qt / PySide6"][2]
    assert table["gguf-py"][2] == "MIT License"  # only a classifier says it
    dialog.close()


def test_metadata_licence_of_a_missing_package_is_empty() -> None:
    assert metadata_licence("surely-not-an-installed-distribution") == ""


def test_icon_files_and_ico_directory() -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert not icon.pixmap(QSize(32, 32)).isNull()
    data = (resources_dir() / "icons" / "dpo-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, 6)
    sizes = [struct.unpack_from("<B", data, 6 + 16 * i)[0] or 256 for i in range(count)]
    assert sizes == [16, 32, 48, 64, 128, 256]
    first_offset = struct.unpack_from("<I", data, 6 + 12)[0]
    assert data[first_offset:first_offset + 8] == b"\x89PNG\r\n\x1a\n"
