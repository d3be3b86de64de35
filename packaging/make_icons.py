"""Render resources/icons/dpo-desktop.svg to the PNG sizes desktops ask for, and a Windows .ico.

Run it after editing the SVG: ``.venv/bin/python packaging/make_icons.py``. The outputs
are committed, so neither the app nor a build needs this script or Pillow. The .ico is
written by hand because it is only a small directory of PNG images (Vista and later
read PNG entries, and every size here is stored as PNG).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SVG = ICONS / "dpo-desktop.svg"
SIZES = (16, 32, 48, 64, 128, 256)


def render_pngs(svg: Path = SVG, out: Path = ICONS) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        path = out / f"dpo-desktop-{size}.png"
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"could not write {path}")
        written.append(path)
    return written


def write_ico(pngs: list[Path], target: Path) -> None:
    """ICONDIR, one ICONDIRENTRY per image (0 stands for 256 px), then the PNG bytes."""
    images = [(int(p.stem.rsplit("-", 1)[1]), p.read_bytes()) for p in pngs]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    target.write_bytes(header + entries + blobs)


def main() -> int:
    pngs = render_pngs()
    write_ico(pngs, ICONS / "dpo-desktop.ico")
    for path in [*pngs, ICONS / "dpo-desktop.ico"]:
        print(f"{path.relative_to(ICONS.parents[1])}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
