"""The pair editor's table: a virtualized model over draft rows, with each row's problems.

Only visible cells are ever asked for, so 100k rows scroll smoothly. Cells show the first
line of long text; editing gets the full text. Problems come from the last validation
(``set_issues``), shown as a tinted row, an icon and a tooltip with the reasons.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from dpo_desktop.core.data.editing import DraftRow
from dpo_desktop.core.data.types import FIELDS, Issue
from dpo_desktop.core.data.validation import is_blank
from dpo_desktop.gui.messages import translate_issue

Index = QModelIndex | QPersistentModelIndex
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_COLUMN = 0
DISPLAY_CHARS = 160
# Translucent tints read on light and dark palettes alike (never an opaque colour).
TINTS = {"error": QColor(220, 50, 47, 70), "warning": QColor(230, 160, 0, 60)}
# Roles as plain ints: a view asks for ~10 roles per cell on every paint, and comparing
# with the enum members costs more than the answer (100,000 rows repaint in ~20 ms).
_DISPLAY, _EDIT, _TOOLTIP, _BACKGROUND, _DECORATION = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.DecorationRole))
_SEVERITY = int(SEVERITY_ROLE)
_ROLES = frozenset((_DISPLAY, _EDIT, _TOOLTIP, _BACKGROUND, _DECORATION, _SEVERITY))


def _first_line(text: str) -> str:
    line, _, rest = text.partition("\n")
    if len(line) > DISPLAY_CHARS:
        return line[:DISPLAY_CHARS] + "…"
    return line + (" …" if rest else "")


class PairsTableModel(QAbstractTableModel):
    """Column 0 is the row's status; columns 1–4 are prompt, chosen, rejected, system."""

    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DraftRow] = []
        self._numbers: list[int] = []  # the row number the user sees (file row, then CSV row)
        self._issues: list[tuple[Issue, ...]] = []
        self._icons: dict[str, QIcon] = {}

    # -- contents ----------------------------------------------------------------
    def set_rows(self, rows: Sequence[DraftRow], numbers: Sequence[int] | None = None,
                 issues: Sequence[tuple[Issue, ...]] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._numbers = list(numbers) if numbers is not None else [
            i + 2 for i in range(len(self._rows))]
        self._issues = list(issues) if issues is not None else [()] * len(self._rows)
        self.endResetModel()

    def rows(self) -> list[DraftRow]:
        return list(self._rows)

    def contents(self) -> list[list[object]]:
        """The model's own lists (not copies): the owner can free them off the UI thread
        after :meth:`set_rows` has replaced them."""
        return [self._rows, self._numbers, self._issues]  # type: ignore[list-item]

    def set_issues(self, issues: Sequence[tuple[Issue, ...]], renumber: bool = True) -> None:
        """Problems from a validation of :meth:`rows`, one tuple per row, in order."""
        if len(issues) != len(self._rows):
            return  # a stale result: the rows changed while it was computed
        self._issues = list(issues)
        if renumber:
            self._numbers = [i + 2 for i in range(len(self._rows))]
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 4))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._rows) - 1)

    def severity(self, row: int) -> str:
        """"error", "warning", both, "" or "skipped" (a blank row: nothing to fix)."""
        issues = self._issues[row]
        if issues and all(is_blank(issue) for issue in issues):
            return "skipped"
        kinds = {issue.severity for issue in issues}
        return " ".join(k for k in ("error", "warning") if k in kinds)

    def issues(self, row: int) -> tuple[Issue, ...]:
        return self._issues[row]

    # -- Qt model API ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if int(role) != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(self._numbers[section]) if section < len(self._numbers) else None
        titles = (self.tr("Status"), self.tr("Prompt"), self.tr("Chosen (better)"),
                  self.tr("Rejected (worse)"), self.tr("System"))
        return titles[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        role = int(role)
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == _SEVERITY:
            return self.severity(row)
        if role == _TOOLTIP:
            issues = self._issues[row]
            return "\n".join(translate_issue(issue) for issue in issues) or None
        if role == _BACKGROUND:
            severity = self.severity(row)
            if not severity or severity == "skipped":
                return None
            return TINTS["error" if "error" in severity else "warning"]
        if column == STATUS_COLUMN:
            severity = self.severity(row)
            if role == _DISPLAY:
                if severity == "skipped":
                    return self.tr("blank")
                if "error" in severity:
                    return self.tr("excluded")
                return self.tr("warning") if severity else self.tr("ok")
            if role == _DECORATION and severity and severity != "skipped":
                return self._icon("error" if "error" in severity else "warning")
            return None
        text = self._rows[row][column - 1]
        if role == _DISPLAY:
            return _first_line(text)
        if role == _EDIT:
            return text
        return None

    def _icon(self, kind: str) -> QIcon:
        if kind not in self._icons:
            pixmap = (QStyle.StandardPixmap.SP_MessageBoxCritical if kind == "error"
                      else QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._icons[kind] = QApplication.style().standardIcon(pixmap)
        return self._icons[kind]

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() != STATUS_COLUMN:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole
                ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or \
                index.column() == STATUS_COLUMN:
            return False
        row = self._rows[index.row()]
        text = "" if value is None else str(value)
        if row[index.column() - 1] == text:
            return False
        self._rows[index.row()] = row._replace(**{FIELDS[index.column() - 1]: text})
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or not 0 <= row <= len(self._rows):
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        next_number = max(self._numbers, default=1) + 1
        self._rows[row:row] = [DraftRow() for _ in range(count)]
        self._numbers[row:row] = list(range(next_number, next_number + count))
        self._issues[row:row] = [()] * count
        self.endInsertRows()
        self.edited.emit()
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row:row + count]
        del self._numbers[row:row + count]
        del self._issues[row:row + count]
        self.endRemoveRows()
        self.edited.emit()
        return True


class IssueFilterProxy(QSortFilterProxyModel):
    """All rows, rows with errors, or rows with warnings.

    Filtering matches the severity role in C++ (no Python call per row when showing all).
    """

    MODES = ("all", "errors", "warnings")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(SEVERITY_ROLE)
        self.setFilterKeyColumn(STATUS_COLUMN)
        self._mode = "all"

    @property
    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        if mode not in self.MODES:
            raise ValueError(mode)
        self._mode = mode
        self.setFilterFixedString({"all": "", "errors": "error", "warnings": "warning"}[mode])
