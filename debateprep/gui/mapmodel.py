"""The argument map's table model: one row per claim, each side's claims in its column.

The rows are built off the GUI thread by :func:`debateprep.gui.maprows.build_map` (plain
records, no Qt), so a motion with hundreds of arguments never stalls the window; the
"Unplaced" heading row spans both columns (the view sets the span). :class:`MapModel` only
shows what it is handed and never reads the library, so ``data()`` costs no SQL. Dragging
a row's cards onto another row asks for a reorder (``reorderRequested``), which the view hands
to the controller; drags leaving the map carry the card-ids MIME type of :mod:`debateprep.gui.mime`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from debateprep.exporters.argument_map import NO_EVIDENCE, UNANSWERED, MapRow
from debateprep.gui.cardmodels import card_kind_name
from debateprep.gui.maprows import MapCell, MapClaim, MapData, RowInfo, RowKind, build_map
from debateprep.gui.mime import CARD_IDS_MIME, card_ids_from_mime, card_ids_mime
from debateprep.records import Side

# Re-exported: the delegate and the view take the map's records from here.
__all__ = ["MapCell", "MapClaim", "MapData", "MapModel", "RowInfo", "RowKind", "build_map"]

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_USER = Qt.ItemDataRole.UserRole

# Clear of cardmodels' roles (UserRole + 1 and + 3), so no two card roles ever clash.
CardIdsRole = _USER + 2  # list[int]: the cards in a map cell, in the order shown
CellRole = _USER + 4  # MapCell: a map cell's claims, for the map's delegate to draw
FlagsRole = _USER + 5  # list[str]: the warnings a map cell shows
OpenCardRole = _USER + 6  # int: the card a click on a map cell opens


class MapModel(QAbstractTableModel):
    """The side-by-side map: one row per argument, side A's cards left, side B's right.

    Dropping a row's cards onto another row asks, through ``reorderRequested``, for the
    dragged argument to take that row's place among its side's arguments; the view hands
    the new order to the controller, so the model itself never edits anything.
    """

    reorderRequested = Signal(list, int)  # the side's argument ids in new order, the moved one

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: Sequence[MapRow | None] = ()
        self._cells: Sequence[tuple[MapCell, MapCell]] = ()
        self._infos: Sequence[RowInfo] = ()
        # Each row's argument number (1, 2, ...; 0 for other rows), counted once per map: the
        # row header asks for every row's label, and counting per ask was quadratic.
        self._numbers: list[int] = []
        self._where: dict[int, tuple[int, int]] = {}  # card id -> (row, column) showing it
        self._headers = ("Side A", "Side B")

    def set_headers(self, side_a: str, side_b: str) -> None:
        self._headers = (side_a, side_b)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)

    def set_map(self, data: MapData) -> None:
        """Show a map built by :func:`build_map` (the view builds it on a worker thread)."""
        self.beginResetModel()
        self._rows, self._cells, self._infos = data.rows, data.cells, data.infos
        self._numbers, count = [], 0
        for info in data.infos:
            count += info.kind is RowKind.ARGUMENT
            self._numbers.append(count if info.kind is RowKind.ARGUMENT else 0)
        self._where = {}
        for row, pair in enumerate(data.cells):
            for column, cell in enumerate(pair):
                for claim in cell.claims:
                    self._where.setdefault(claim.card.id, (row, column))
        self.endResetModel()

    def position_of(self, card_id: int) -> tuple[int, int] | None:
        """The (row, column) of the first cell showing this card, if any."""
        return self._where.get(card_id)

    def map_row(self, row: int) -> MapRow | None:
        """The row's claims (None for the "Unplaced" heading row or past the end)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_info(self, row: int) -> RowInfo | None:
        return self._infos[row] if 0 <= row < len(self._infos) else None

    def heading_rows(self) -> list[int]:
        return [n for n, info in enumerate(self._infos) if info.kind is RowKind.HEADING]

    def unplaced_count(self) -> int:
        return sum(info.kind is RowKind.UNPLACED for info in self._infos)

    def _argument_rows(self, side: Side) -> list[int]:
        """The top rows of this side's arguments, the only rows a drag reorders."""
        return [
            n
            for n, (row, info) in enumerate(zip(self._rows, self._infos, strict=True))
            if row is not None and info.kind is RowKind.ARGUMENT and row.anchor_side is side
        ]

    def cell(self, row: int, column: int) -> MapCell | None:
        if 0 <= row < len(self._cells) and column in (0, 1):
            return self._cells[row][column]
        return None

    def anchor_ids(self, side: Side) -> list[int]:
        """This side's arguments in map order."""
        return [row.anchor.id for n in self._argument_rows(side) if (row := self._rows[n])]

    def unanswered_count(self) -> int:
        return sum(1 for pair in self._cells for cell in pair if cell.unanswered)

    def without_evidence_count(self) -> int:
        return sum(flag == NO_EVIDENCE for pair in self._cells for c in pair for flag in c.flags)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        shown = role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        if orientation == Qt.Orientation.Horizontal and section in (0, 1) and shown:
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return self._row_label(section)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.ToolTipRole:
            info = self.row_info(section)
            if info is not None and info.openable:
                verb = "hide" if info.opened else "show"
                return f"Click or press + / − to {verb} the answers to its answers as rows"
        return None

    def _row_label(self, section: int) -> str | None:
        """Argument rows are numbered; opened answers are indented arrows; ▸/▾ open/close."""
        info = self.row_info(section)
        if info is None or info.kind is RowKind.HEADING:
            return None
        if info.kind is RowKind.ARGUMENT:
            label = str(self._numbers[section])
        else:
            label = "  " * info.depth + "↳" if info.kind is RowKind.ANSWER else "•"
        if info.openable:
            label += " ▾" if info.opened else " ▸"
        return label

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index.row(), index.column()) if index.isValid() else None
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if cell.unanswered:
                return UNANSWERED
            if not cell.claims:
                return cell.note
            return "\n\n".join("\n".join(claim.lines()) for claim in cell.claims)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell)
        if role == CellRole:
            return cell
        if role == CardIdsRole:
            return [claim.card.id for claim in cell.claims]
        if role == FlagsRole:
            return cell.flags
        if role == OpenCardRole:
            return cell.open_card
        return None

    @staticmethod
    def _tooltip(cell: MapCell) -> str:
        if cell.unanswered:
            return "Nobody answers this argument yet. Select it and press Ctrl+R to answer it."
        if not cell.claims:
            return cell.note
        names = [f"{card_kind_name(c.card)}: {c.card.tag}" for c in cell.claims]
        return "\n".join([*names, "Click to open; drag onto another row to reorder."])

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops between rows
        if self.map_row(index.row()) is None:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren  # the heading
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags |= Qt.ItemFlag.ItemIsDropEnabled | Qt.ItemFlag.ItemNeverHasChildren
        cell = self.cell(index.row(), index.column())
        if cell is not None and cell.claims:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    # -- drag and drop ---------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [CARD_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = [card_id for index in indexes for card_id in self.data(index, CardIdsRole) or ()]
        return card_ids_mime(list(dict.fromkeys(ids)))

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self._moved_anchor(data) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        onto = parent.isValid()
        moved = self._moved_anchor(data)
        order = self.reordered(moved, parent.row() if onto else row, onto=onto)
        if order is None or moved is None:
            return False
        self.reorderRequested.emit(order, moved)
        return True

    def _moved_anchor(self, data: QMimeData) -> int | None:
        """The first argument of this map among the dropped cards, if any."""
        anchors = set(self.anchor_ids(Side.A) + self.anchor_ids(Side.B))
        return next((i for i in card_ids_from_mime(data) if i in anchors), None)

    def reordered(
        self, anchor_id: int | None, target_row: int, *, onto: bool = True
    ) -> list[int] | None:
        """Its side's argument ids with ``anchor_id`` moved to map row ``target_row``.

        ``onto`` an argument row of the same side: take that row's place. Otherwise insert
        before ``target_row`` (-1 or past the end: at the end); a row of the other side (or an
        opened answer's or unplaced row) clamps to that end of the dragged argument's side,
        since sides never mix. None: no change.
        """
        side = next(
            (s for s in Side if anchor_id is not None and anchor_id in self.anchor_ids(s)), None
        )
        if side is None or anchor_id is None:
            return None
        side_rows = self._argument_rows(side)
        order = self.anchor_ids(side)
        old = order.index(anchor_id)
        if onto and target_row in side_rows:
            new = side_rows.index(target_row)
        else:
            if not 0 <= target_row <= len(self._rows):
                target_row = len(self._rows)
            new = sum(1 for n in side_rows if n < target_row)
            if new > old:
                new -= 1  # the dragged row no longer sits above the gap
        order.insert(new, order.pop(old))
        return None if order == self.anchor_ids(side) else order
