"""Import contracts (ARCHITECTURE.md): core never imports gui or cli, gui never imports
cli, core never imports Qt (also tests/test_core_is_qt_free.py, which imports it for
real), and there are no import circles among dpo_desktop's modules. Every import counts:
module level, inside functions, and under TYPE_CHECKING (see tests/import_contracts.py
for what "imports" means, package __init__ files included).

Each contract is also run on a small package written to tmp_path with one deliberate
violation, so a checker that stopped seeing violations would fail here.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.import_contracts import Import, cycles, forbidden, imports

ROOT = Path(__file__).resolve().parents[1]
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "qtpy")
# (importers, what they must not import)
LAYERS = (
    ("dpo_desktop.core", ("dpo_desktop.gui", "dpo_desktop.cli")),
    ("dpo_desktop.gui", ("dpo_desktop.cli",)),
    ("dpo_desktop.core", QT),
)


def _show(found: list[Import]) -> list[str]:
    return [str(i) for i in found]


@pytest.fixture(scope="module")
def graph() -> list[Import]:
    return imports(ROOT, "dpo_desktop")


def test_the_checker_sees_the_package(graph: list[Import]) -> None:
    """Guards against a checker that passes because it reads nothing."""
    edges = {(i.importer, i.target) for i in graph}
    assert ("dpo_desktop.gui.pages.runs_page", "dpo_desktop.core.training.runs") in edges
    assert ("dpo_desktop.cli.runs", "dpo_desktop.core.training.runs") in edges  # in a function
    assert ("dpo_desktop.cli.runs", "dpo_desktop.core.training") in edges  # its __init__ runs
    assert len({i.importer for i in graph}) > 100


@pytest.mark.parametrize(("importers", "targets"), LAYERS,
                         ids=["core-not-gui-or-cli", "gui-not-cli", "core-not-qt"])
def test_layers(graph: list[Import], importers: str, targets: tuple[str, ...]) -> None:
    assert _show(forbidden(graph, importers, targets)) == []


def test_no_import_circles(graph: list[Import]) -> None:
    assert cycles(graph) == []


# ------------------------------------------------- each contract fails on a violation

def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    """A throwaway ``dpo_desktop`` tree: ``files`` maps paths inside it to source."""
    for name, source in files.items():
        path = tmp_path / "dpo_desktop" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    for folder in (tmp_path / "dpo_desktop").rglob("*"):
        if folder.is_dir() and not (folder / "__init__.py").exists():
            (folder / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "dpo_desktop" / "__init__.py").touch()
    return tmp_path


CLEAN = {
    "core/events.py": "import json\n",
    "core/runs.py": "from dpo_desktop.core import events\n",
    "gui/page.py": "from dpo_desktop.core.runs import events\nfrom PySide6 import QtCore\n",
    "cli/main.py": "from dpo_desktop.core import runs\n",
}


@pytest.mark.parametrize(("name", "source", "contract"), [
    ("core/bad.py", "from dpo_desktop.gui.page import x\n", 0),
    ("core/bad.py", "def later():\n    import dpo_desktop.cli.main\n", 0),
    ("core/bad.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                    "    from ..gui import page\n", 0),
    ("gui/bad.py", "from dpo_desktop.cli import main\n", 1),
    ("core/bad.py", "def plot():\n    from PySide6.QtCore import QObject\n", 2),
    ("core/bad.py", "import pyqtgraph as pg\n", 2),
], ids=["core-imports-gui", "core-imports-cli-in-a-function", "core-imports-gui-for-typing",
        "gui-imports-cli", "core-imports-qt-in-a-function", "core-imports-pyqtgraph"])
def test_each_layer_contract_fails_on_a_violation(tmp_path: Path, name: str, source: str,
                                                 contract: int) -> None:
    importers, targets = LAYERS[contract]
    clean = imports(_package(tmp_path, CLEAN), "dpo_desktop")
    assert all(forbidden(clean, a, b) == [] for a, b in LAYERS)
    found = forbidden(imports(_package(tmp_path, {name: source}), "dpo_desktop"),
                      importers, targets)
    assert found and {i.importer for i in found} == {"dpo_desktop." + name[:-3].replace("/", ".")}


@pytest.mark.parametrize(("files", "circle"), [
    ({"core/a.py": "from dpo_desktop.core import b\n", "core/b.py": "from . import a\n"},
     ["dpo_desktop.core.a", "dpo_desktop.core.b"]),
    ({"core/a.py": "import dpo_desktop.core.b\n",
      "core/b.py": "def f():\n    from dpo_desktop.core.a import x\n"},
     ["dpo_desktop.core.a", "dpo_desktop.core.b"]),
    # core/runs.py imports core/training/rundir.py, which runs core/training/__init__.py,
    # which imports engine.py, which imports core/runs.py: a circle through an __init__.
    ({"core/runs.py": "from dpo_desktop.core.training.rundir import RunDir\n",
      "core/training/__init__.py": "from dpo_desktop.core.training.engine import Engine\n",
      "core/training/rundir.py": "RunDir = object\n",
      "core/training/engine.py": "from dpo_desktop.core.runs import x\n"},
     ["dpo_desktop.core.runs", "dpo_desktop.core.training", "dpo_desktop.core.training.engine"]),
], ids=["module-level", "function-level", "through-a-package-init"])
def test_the_circle_contract_fails_on_a_circle(tmp_path: Path, files: dict[str, str],
                                               circle: list[str]) -> None:
    assert cycles(imports(_package(tmp_path / "clean", CLEAN), "dpo_desktop")) == []
    assert cycles(imports(_package(tmp_path / "bad", {**CLEAN, **files}), "dpo_desktop")) == [
        circle]


def test_a_package_init_that_re_exports_its_own_modules_is_no_circle(tmp_path: Path) -> None:
    """``core/export/__init__`` imports ``pipeline``, which imports ``core.export.x``:
    Python has started ``core.export`` before ``pipeline`` runs, so that is no circle."""
    root = _package(tmp_path, {
        "core/export/__init__.py": "from dpo_desktop.core.export.pipeline import run\n",
        "core/export/pipeline.py": "from dpo_desktop.core.export import types\n",
        "core/export/types.py": "NAMES = ()\n"})
    assert cycles(imports(root, "dpo_desktop")) == []
