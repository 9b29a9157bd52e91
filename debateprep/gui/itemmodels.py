"""Item models over plain records: a generic table base, the library's source table, and
the tree of motions and their briefs.

A model only adapts records the facade already loaded (no SQL from ``data()``). ``set_rows``
keeps views' selections when only values change (the common case after an edit) and resets
only when the rows themselves change. A table sorts its own records (one key per row, then
Python's sort) rather than leaving it to a QSortFilterProxyModel, which would call ``data()``
twice per comparison: a second for 5,000 sources. :class:`FilterProxy` only filters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from debateprep.records import BriefRecord, MotionRecord, SourceRecord
from debateprep.text.plural import plural

logger = logging.getLogger(__name__)


class HasId(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=HasId)

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record's id (int)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a key a QSortFilterProxyModel compares
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3  # the text a filter box matches against

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header and how to read a record for display, sorting and tooltips."""

    header: str
    display: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None  # defaults to the casefolded display text
    align_right: bool = False


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table of records with named columns; subclasses give the columns."""

    columns: Sequence[Column[R]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._row_of: dict[int, int] = {}  # record id -> row
        self._filter_texts: dict[int, str] = {}  # record id -> text, built when first asked
        self._sort: tuple[int, Qt.SortOrder] | None = None  # the order asked for by sort()

    # -- our API ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[R]) -> None:
        new_rows = self._sorted(list(rows))
        self._filter_texts = {}
        if [self.record_id(r) for r in new_rows] == [self.record_id(r) for r in self._rows]:
            # Same rows in the same order: update in place so selections survive.
            self._rows = new_rows
            if new_rows:
                last = self.index(len(new_rows) - 1, len(self.columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._rows = new_rows
        self._index_rows()
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_record(self, row: int) -> R:
        return self._rows[row]

    def row_of(self, record_id: int) -> int | None:
        return self._row_of.get(record_id)

    def record_id(self, record: R) -> int:
        return record.id

    def tooltip(self, record: R, column: int) -> str | None:
        return None

    def filter_text(self, record: R) -> str:
        return " ".join(column.display(record) for column in self.columns)

    def _index_rows(self) -> None:
        self._row_of = {self.record_id(record): row for row, record in enumerate(self._rows)}

    def _sort_key(self, column: int) -> Callable[[R], Any]:
        spec = self.columns[column]
        if spec.sort_key is not None:
            return spec.sort_key
        return lambda record: spec.display(record).casefold()

    def _sorted(self, rows: list[R]) -> list[R]:
        if self._sort is None:
            return rows
        column, order = self._sort
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=self._sort_key(column), reverse=descending)

    # -- Qt's model API --------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the records by a column (stable), keeping persistent indexes on their rows."""
        if not 0 <= column < len(self.columns):
            self._sort = None
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old_ids = [self.record_id(record) for record in self._rows]
        self._rows = self._sorted(self._rows)
        self._index_rows()
        old = self.persistentIndexList()
        new = [self.index(self._row_of[old_ids[index.row()]], index.column()) for index in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].header
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        record = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return self.record_id(record)
        if role == SORT_ROLE:
            if column.sort_key is not None:
                return column.sort_key(record)
            return column.display(record).casefold()
        if role == FILTER_ROLE:
            # A filter box asks for every row on each keystroke: build each text once.
            key = self.record_id(record)
            text = self._filter_texts.get(key)
            if text is None:
                text = self._filter_texts[key] = self.filter_text(record)
            return text
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class FilterProxy(QSortFilterProxyModel):
    """Filters a record table's rows and hands sorting to the table itself (see above)."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)


def _cards(source: SourceRecord) -> str:
    return str(source.card_count)


class SourceTableModel(RecordTableModel[SourceRecord]):
    """The library's sources: title, outlet, date and how many cards quote each."""

    TITLE, OUTLET, DATE, CARDS = range(4)
    columns = (
        Column[SourceRecord]("Title", lambda s: s.title),
        # An em dash says "unknown" where a blank cell would look like a glitch.
        Column[SourceRecord]("Outlet", lambda s: s.outlet or "—", lambda s: s.outlet.casefold()),
        Column[SourceRecord]("Date", lambda s: s.date or "—", lambda s: s.date),
        Column[SourceRecord]("Cards", _cards, lambda s: s.card_count, align_right=True),
    )

    def tooltip(self, record: SourceRecord, column: int) -> str | None:
        lines = [record.title]
        who = ", ".join(part for part in (record.author, record.qualifications) if part)
        lines.append(who or "Author unknown")
        if record.outlet or record.date:
            lines.append(" · ".join(part for part in (record.outlet, record.date) if part))
        noun = "card quotes" if record.card_count == 1 else "cards quote"
        lines.append(f"{record.card_count} {noun} this source")
        return "\n".join(lines)

    def filter_text(self, record: SourceRecord) -> str:
        return " ".join(
            (
                record.title,
                record.author,
                record.qualifications,
                record.outlet,
                record.date,
                record.lean,
            )
        )


KIND_ROLE = Qt.ItemDataRole.UserRole + 4  # MOTION or BRIEF in the motion tree
MOTION, BRIEF = "motion", "brief"


class MotionBriefModel(QAbstractItemModel):
    """A two-level tree: each motion, and under it the briefs written for it.

    An index's internal id is 0 for a motion and the motion's row + 1 for a brief, so the
    tree needs no node objects.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._motions: list[MotionRecord] = []
        self._briefs: dict[int, list[BriefRecord]] = {}
        self._current: int | None = None

    def set_data(
        self,
        motions: Sequence[MotionRecord],
        briefs: Sequence[BriefRecord],
        current_motion_id: int | None,
    ) -> None:
        by_motion: dict[int, list[BriefRecord]] = {m.id: [] for m in motions}
        for brief in briefs:
            if brief.motion_id in by_motion:
                by_motion[brief.motion_id].append(brief)
        same_shape = self._shape(motions, by_motion) == self._shape(self._motions, self._briefs)
        if not same_shape:
            self.beginResetModel()
        self._motions, self._briefs, self._current = list(motions), by_motion, current_motion_id
        if not same_shape:
            self.endResetModel()
            return
        # Same items: update in place so the view keeps its selection and expansion.
        if self._motions:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._motions) - 1, 0))
        for row, motion in enumerate(self._motions):
            children = self._briefs[motion.id]
            if children:
                parent = self.index(row, 0)
                self.dataChanged.emit(
                    self.index(0, 0, parent), self.index(len(children) - 1, 0, parent)
                )

    @staticmethod
    def _shape(
        motions: Sequence[MotionRecord], briefs: dict[int, list[BriefRecord]]
    ) -> list[tuple[int, list[int]]]:
        return [(m.id, [b.id for b in briefs.get(m.id, [])]) for m in motions]

    def motion_id_of(self, index: AnyIndex) -> int | None:
        """The motion an index shows, or the motion its brief belongs to."""
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self._motions[row].id if 0 <= row < len(self._motions) else None

    def index_of(self, kind: str, item_id: int) -> QModelIndex:
        for row, motion in enumerate(self._motions):
            if kind == MOTION and motion.id == item_id:
                return self.index(row, 0)
            for child, brief in enumerate(self._briefs[motion.id]):
                if kind == BRIEF and brief.id == item_id:
                    return self.index(child, 0, self.index(row, 0))
        return QModelIndex()

    # -- Qt's model API --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._motions)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(self._briefs[self._motions[parent.row()].id])

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != 0:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._motion_data(self._motions[index.row()], role)
        motion = self._motions[index.internalId() - 1]
        return self._brief_data(motion, self._briefs[motion.id][index.row()], role)

    def _motion_data(self, motion: MotionRecord, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return motion.resolution.removeprefix("Resolved:").strip() or motion.resolution
        if role == Qt.ItemDataRole.ToolTipRole:
            current = " (the current motion)" if motion.id == self._current else ""
            return f"{motion.resolution}{current}\nA: {motion.side_a}\nB: {motion.side_b}"
        if role == Qt.ItemDataRole.FontRole and motion.id == self._current:
            font = QFont()
            font.setBold(True)
            return font
        if role == ID_ROLE:
            return motion.id
        if role == KIND_ROLE:
            return MOTION
        return None

    def _brief_data(self, motion: MotionRecord, brief: BriefRecord, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return brief.title
        if role == Qt.ItemDataRole.ToolTipRole:
            cards = sum(len(section.card_ids) for section in brief.sections)
            return (
                f"{brief.title}\nSide {brief.side.value}: {motion.side_name(brief.side)}\n"
                f"{plural(len(brief.sections), 'section')}, {plural(cards, 'card')}"
            )
        if role == ID_ROLE:
            return brief.id
        if role == KIND_ROLE:
            return BRIEF
        return None
