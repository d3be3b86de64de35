"""A small import-contract checker over a package's source (AST only: nothing is imported).

What counts as an import of module M by module I:
- every ``import`` and ``from ... import`` statement in I, wherever it stands: at module
  level, inside a function (it runs when the function is called), or under
  ``if TYPE_CHECKING:`` (a dependency of the design even when it never runs);
- ``from pkg import name`` imports ``pkg.name`` when that is a module, else ``pkg``;
- importing ``a.b.c`` also runs the ``__init__`` of ``a`` and ``a.b``, so those packages
  count as imported too, except the packages that contain I itself (Python has already
  started them before I runs). This is what catches a circle through a package
  ``__init__`` that re-exports its modules.
Imports made by computed names (``importlib.import_module(f"...{name}")``) are invisible.

The test (tests/test_import_contracts.py) runs these checks on dpo_desktop/ and on small
synthetic packages with a deliberate violation, so each contract is shown to fail.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Import:
    importer: str  # the module that imports
    name: str  # the absolute name as imported (a module, or a package's attribute)
    target: str | None  # the package's own module that runs, None for an outside one
    line: int

    def __str__(self) -> str:
        return f"{self.importer} (line {self.line}) imports {self.target or self.name}"


def modules(root: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """``{dotted name: (file, is_package)}`` for every .py file under ``root/package``."""
    found: dict[str, tuple[Path, bool]] = {}
    for path in sorted((root / package).rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def _absolute(node: ast.Import | ast.ImportFrom, importer: str, is_package: bool,
              known: dict[str, tuple[Path, bool]]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        here = importer.split(".") if is_package else importer.split(".")[:-1]
        here = here[:len(here) - (node.level - 1)]
        base = ".".join([*here, base] if base else here)
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
            for alias in node.names]


def _own(name: str, known: dict[str, tuple[Path, bool]]) -> str | None:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(root: Path, package: str) -> list[Import]:
    """Every import in the package, resolved as the module docstring says."""
    known = modules(root, package)
    found: list[Import] = []
    for importer, (path, is_package) in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for name in _absolute(node, importer, is_package, known):
                target = _own(name, known)
                found.append(Import(importer, name, target, node.lineno))
                if target is None:
                    continue
                parts = target.split(".")
                for i in range(1, len(parts)):
                    parent = ".".join(parts[:i])
                    if parent in known and not (importer == parent
                                                or importer.startswith(parent + ".")):
                        found.append(Import(importer, parent, parent, node.lineno))
    return found


def _inside(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def forbidden(found: Iterable[Import], importers: str, targets: Iterable[str]) -> list[Import]:
    """Imports from modules under ``importers`` of any name under one of ``targets``
    (this package's modules or outside ones, such as ``PySide6``)."""
    targets = tuple(targets)
    return [i for i in found if _inside(i.importer, importers)
            and any(_inside(i.target or i.name, t) for t in targets)]


def cycles(found: Iterable[Import]) -> list[list[str]]:
    """The import circles among the package's own modules: each strongly connected group
    of two or more modules, sorted (a module naming itself is no circle)."""
    graph: dict[str, set[str]] = {}
    for i in found:
        if i.target is not None and i.target != i.importer:
            graph.setdefault(i.importer, set()).add(i.target)
            graph.setdefault(i.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:  # Tarjan's algorithm, iteratively (no recursion limit)
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)
