"""dpo_desktop.core must never import Qt: the CLI, torchrun workers and tests depend on it."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import dpo_desktop.core

FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph", "qtpy")
CORE = Path(dpo_desktop.core.__file__).parent


def test_no_qt_import_statements_in_core() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(CORE)}: {n}" for n in names
                          if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_importing_every_core_module_pulls_in_no_qt() -> None:
    """Blocks Qt in sys.modules, then imports every core module in a fresh interpreter."""
    modules = [m.name for m in pkgutil.walk_packages([str(CORE)], "dpo_desktop.core.")]
    code = (
        "import sys\n"
        f"for name in {FORBIDDEN!r}: sys.modules[name] = None\n"
        "import importlib\n"
        f"for module in {modules!r}: importlib.import_module(module)\n"
        f"loaded = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} "
        "and sys.modules[m] is not None]\n"
        "assert not loaded, loaded\n"
        "print('ok', len(" + repr(modules) + "))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
