"""The argument map's table model: one row per argument, each side's claims in its column.

The cells are built off the GUI thread by :func:`build_map` (plain records, no Qt), so a
motion with hundreds of arguments never stalls the window; :class:`MapModel` only shows what
it is handed and never reads the library, so ``data()`` costs no SQL. Dragging a row's cards
onto another row asks for a reorder (``reorderRequested``), which the view hands to the
controller; drags leaving the map carry the card-ids MIME type of :mod:`debateprep.gui.mime`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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
from debateprep.gui.mime import CARD_IDS_MIME, card_ids_from_mime, card_ids_mime
from debateprep.records import CardRecord, Side
from debateprep.text.bundleindex import BundleIndex, display_tag

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_USER = Qt.ItemDataRole.UserRole

# Clear of cardmodels' roles (UserRole + 1 and + 3), so no two card roles ever clash.
CardIdsRole = _USER + 2  # list[int]: the cards in a map cell, in the order shown
CellRole = _USER + 4  # MapCell: a map cell's claims, for the map's delegate to draw
FlagsRole = _USER + 5  # list[str]: the warnings a map cell shows
OpenCardRole = _USER + 6  # int: the card a click on a map cell opens


@dataclass(frozen=True, slots=True)
class MapClaim:
    """One claim as a map cell shows it."""

    card: CardRecord
    is_anchor: bool
    evidence: int  # evidence cards supporting it
    answers: tuple[str, ...] = ()  # tags it answers, when that is not the row's anchor

    def lines(self) -> list[str]:
        head = display_tag(self.card) if self.is_anchor else f"↩ Answer: {display_tag(self.card)}"
        lines = [head]
        if self.answers:
            lines.append("Answers: " + "; ".join(self.answers))
        lines.append(f"{self.evidence} evidence" if self.evidence else NO_EVIDENCE)
        return lines


@dataclass(frozen=True, slots=True)
class MapCell:
    """A map cell: its side's claims of the row, or the flagged gap beside an anchor."""

    claims: tuple[MapClaim, ...]
    unanswered: bool  # the empty cell beside an anchor nobody answers yet
    open_card: int  # what a click opens: the anchor if here, else the first card

    @property
    def flags(self) -> list[str]:
        flags = [UNANSWERED] if self.unanswered else []
        return flags + [NO_EVIDENCE] * sum(1 for c in self.claims if not c.evidence)


def _cell(
    row: MapRow, side: Side, index: BundleIndex | None, evidence: Callable[[int], int]
) -> MapCell:
    anchor = row.anchor
    claims = []
    for card in row.cell(side):
        answered = index.answers(card.id) if index else ()
        answers: tuple[str, ...] = ()
        if card.id != anchor.id and anchor.id not in {other.id for other in answered}:
            answers = tuple(display_tag(other) for other in answered)
        claims.append(MapClaim(card, card.id == anchor.id, evidence(card.id), answers))
    unanswered = side is not row.anchor_side and not claims
    opens = anchor.id if side is row.anchor_side or not claims else claims[0].card.id
    return MapCell(tuple(claims), unanswered, opens)


@dataclass(frozen=True, slots=True)
class MapData:
    """Everything the map shows, built off the GUI thread (no Qt here): rows and their cells."""

    rows: tuple[MapRow, ...] = ()
    cells: tuple[tuple[MapCell, MapCell], ...] = ()


def build_map(
    rows: Sequence[MapRow],
    index: BundleIndex | None = None,
    evidence_counts: Mapping[int, int] | None = None,
) -> MapData:
    """The map's cells for these rows. Answers come from ``index`` (of the same bundle);
    evidence counts from ``evidence_counts`` when given (a claim bundle holds no evidence),
    else from ``index``."""
    if evidence_counts is not None:
        counts = evidence_counts

        def evidence(card_id: int) -> int:
            return counts.get(card_id, 0)

    else:

        def evidence(card_id: int) -> int:
            return len(index.evidence_for(card_id)) if index else 0

    cells = tuple(
        (_cell(row, Side.A, index, evidence), _cell(row, Side.B, index, evidence)) for row in rows
    )
    return MapData(tuple(rows), cells)


class MapModel(QAbstractTableModel):
    """The side-by-side map: one row per argument, side A's cards left, side B's right.

    Dropping a row's cards onto another row asks, through ``reorderRequested``, for the
    dragged argument to take that row's place among its side's arguments; the view hands
    the new order to the controller, so the model itself never edits anything.
    """

    reorderRequested = Signal(list, int)  # the side's argument ids in new order, the moved one

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: Sequence[MapRow] = ()
        self._cells: Sequence[tuple[MapCell, MapCell]] = ()
        self._where: dict[int, tuple[int, int]] = {}  # card id -> (row, column) showing it
        self._headers = ("Side A", "Side B")

    def set_headers(self, side_a: str, side_b: str) -> None:
        self._headers = (side_a, side_b)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)

    def set_rows(self, rows: Sequence[MapRow], index: BundleIndex | None = None) -> None:
        """Show these rows; ``index`` (of the same bundle) supplies evidence counts."""
        self.set_map(build_map(rows, index))

    def set_map(self, data: MapData) -> None:
        """Show a map built by :func:`build_map` (the view builds it on a worker thread)."""
        self.beginResetModel()
        self._rows, self._cells = data.rows, data.cells
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
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def cell(self, row: int, column: int) -> MapCell | None:
        if 0 <= row < len(self._cells) and column in (0, 1):
            return self._cells[row][column]
        return None

    def anchor_ids(self, side: Side) -> list[int]:
        return [row.anchor.id for row in self._rows if row.anchor_side is side]

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
            return str(section + 1) if 0 <= section < len(self._rows) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index.row(), index.column()) if index.isValid() else None
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if cell.unanswered:
                return UNANSWERED
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
            return "Nobody answers this argument yet. Click to open the argument."
        names = [f"{card_kind_name(c.card)}: {c.card.tag}" for c in cell.claims]
        return "\n".join([*names, "Click to open; drag onto another row to reorder."])

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops between rows
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
        anchors = {row.anchor.id for row in self._rows}
        return next((i for i in card_ids_from_mime(data) if i in anchors), None)

    def reordered(
        self, anchor_id: int | None, target_row: int, *, onto: bool = True
    ) -> list[int] | None:
        """Its side's argument ids with ``anchor_id`` moved to map row ``target_row``.

        ``onto`` a row of the same side: take that row's place. Otherwise insert before
        ``target_row`` (-1 or past the end: at the end); a row of the other side clamps to
        that end of the dragged argument's side, since sides never mix. None: no change.
        """
        moved = next((row for row in self._rows if row.anchor.id == anchor_id), None)
        if moved is None:
            return None
        side = moved.anchor_side
        side_rows = [n for n, row in enumerate(self._rows) if row.anchor_side is side]
        order = self.anchor_ids(side)
        old = order.index(moved.anchor.id)
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
