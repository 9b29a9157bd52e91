"""The brief builder's tree model: sections at the top, their cards underneath.

An adapter over one ``BriefRecord`` and the ``CardRecord`` values it names. Drag and drop is
translated into controller calls (one undoable facade action each) instead of editing rows in
place: the controller's ``changed("briefs")`` then reloads the model from the library, so the
tree always shows what is stored.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from debateprep.gui.controller import Controller
from debateprep.gui.mime import CARD_IDS_MIME, card_ids_from_mime, card_ids_mime
from debateprep.records import BriefRecord, BriefSectionRecord, CardRecord, SectionLevel

logger = logging.getLogger(__name__)

# Cards dragged inside the brief: [[section id, card id], ...] so a drop knows where from.
BRIEF_ITEMS_MIME = "application/x-debateprep-brief-items"
SECTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CARD_ID_ROLE = Qt.ItemDataRole.UserRole + 2  # None on section rows
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 3  # a section row's SectionLevel; None on cards

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Section / card", "Kind")
KIND_NAMES = {"argument": "Argument", "counterargument": "Answer", "evidence": "Evidence"}
# internalId of a top-level (section) row; a card row stores its section's row + 1.
_TOP = 0


class BriefTreeModel(QAbstractItemModel):
    """Sections as top-level rows, cards as their children; drops call the controller."""

    def __init__(self, controller: Controller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._brief: BriefRecord | None = None
        self._cards: dict[int, CardRecord] = {}

    # -- our API ---------------------------------------------------------------------------

    def set_brief(self, brief: BriefRecord | None, cards: Mapping[int, CardRecord]) -> None:
        self.beginResetModel()
        self._brief = brief
        self._cards = dict(cards)
        self.endResetModel()

    def brief(self) -> BriefRecord | None:
        return self._brief

    @property
    def sections(self) -> tuple[BriefSectionRecord, ...]:
        return self._brief.sections if self._brief is not None else ()

    def section_index(self, section_id: int) -> QModelIndex:
        for row, section in enumerate(self.sections):
            if section.id == section_id:
                return self.index(row, 0)
        return QModelIndex()

    def card_index(self, section_id: int, card_id: int) -> QModelIndex:
        parent = self.section_index(section_id)
        if parent.isValid():
            card_ids = self.sections[parent.row()].card_ids
            if card_id in card_ids:
                return self.index(card_ids.index(card_id), 0, parent)
        return QModelIndex()

    def place(self, index: Index) -> tuple[int, int | None] | None:
        """(section id, card id or None) of a row, or None for the root."""
        if not index.isValid():
            return None
        return index.data(SECTION_ID_ROLE), index.data(CARD_ID_ROLE)

    # -- structure -------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.sections)
        if parent.column() != 0 or parent.internalId() != _TOP:
            return 0  # cards have no children; only column 0 holds children
        return len(self.sections[parent.row()].card_ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    # -- content ---------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            return self._section_data(self.sections[index.row()], index.column(), role)
        section = self.sections[index.internalId() - 1]
        card_id = section.card_ids[index.row()]
        return self._card_data(section, card_id, index.column(), role)

    def _section_data(self, section: BriefSectionRecord, column: int, role: int) -> Any:
        count = len(section.card_ids)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return section.title
            cards = f"{count} card{'s' if count != 1 else ''}"
            # Blocks hold the cards; a pocket or hat says what it is.
            return (
                cards if section.level is SectionLevel.BLOCK else f"{section.level.label}, {cards}"
            )
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{section.title}\nDrop cards here to add them to this section."
        if role == SECTION_ID_ROLE:
            return section.id
        if role == LEVEL_ROLE:
            return section.level
        return None

    def _card_data(self, section: BriefSectionRecord, card_id: int, column: int, role: int) -> Any:
        card = self._cards.get(card_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if card is None:
                return f"(card {card_id} is missing)" if column == 0 else ""
            return card.tag if column == 0 else KIND_NAMES.get(card.kind.value, card.kind.value)
        if role == Qt.ItemDataRole.ToolTipRole and card is not None:
            lines = [card.tag]
            if card.cite.author or card.cite.date:
                lines.append(" ".join(p for p in (card.cite.author, card.cite.date) if p))
            if card.quote:
                quote = card.quote if len(card.quote) <= 300 else card.quote[:300] + "…"
                lines.append(f"“{quote}”")
            return "\n".join(lines)
        if role == SECTION_ID_ROLE:
            return section.id
        if role == CARD_ID_ROLE:
            return card_id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            # Dropping below the last section appends to it (see _target).
            return Qt.ItemFlag.ItemIsDropEnabled if self.sections else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() == _TOP:
            return flags | Qt.ItemFlag.ItemIsDropEnabled
        # Cards are not drop targets themselves: dropping between them gives the position.
        return flags | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemNeverHasChildren

    # -- drag and drop ---------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [BRIEF_ITEMS_MIME, CARD_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        places: list[tuple[int, int]] = []
        for index in indexes:
            place = self.place(index)
            if place is not None and place[1] is not None and place not in places:
                places.append((place[0], place[1]))
        data = card_ids_mime([card_id for _section, card_id in places])
        data.setData(BRIEF_ITEMS_MIME, json.dumps(places).encode("utf-8"))
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def _target(self, row: int, parent: Index) -> tuple[int, int] | None:
        """(section id, position) a drop at (row, parent) lands on, or None."""
        if not self.sections:
            return None
        if not parent.isValid():
            # Between sections or below them all: the end of the section above the gap.
            above = len(self.sections) - 1 if row < 0 else max(row - 1, 0)
            section = self.sections[above]
            return section.id, len(section.card_ids)
        if parent.internalId() != _TOP:
            # Dropped onto a card: just before it, in its section.
            section = self.sections[parent.internalId() - 1]
            return section.id, parent.row()
        section = self.sections[parent.row()]
        return section.id, len(section.card_ids) if row < 0 else row

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not (data.hasFormat(BRIEF_ITEMS_MIME) or data.hasFormat(CARD_IDS_MIME)):
            return False
        return self._target(row, parent) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        target = self._target(row, parent)
        if target is None:
            return False
        section_id, position = target
        moves = _brief_items(data)
        if moves:
            return self._move(moves, section_id, position)
        card_ids = card_ids_from_mime(data)
        if not card_ids:
            return False
        return self.add_cards(card_ids, section_id, position)

    def _move(self, moves: list[tuple[int, int]], to_section: int, position: int) -> bool:
        known = {section.id: section.card_ids for section in self.sections}
        if to_section not in known:
            return False
        # Skip what cannot move: unknown items, or a card the target section already holds.
        moves = [
            (s, c)
            for s, c in moves
            if c in known.get(s, ()) and (s == to_section or c not in known[to_section])
        ]
        done = False
        # The first move is based on the brief as shown (refused if changed meanwhile); the
        # rest follow the order it left.
        version = self._brief.version if self._brief is not None else None
        with _one_undo_step(self._controller, "Move in brief", len(moves)):
            for from_section, card_id in moves:
                place = position
                if from_section == to_section:
                    old = known[from_section].index(card_id)
                    if old < position:
                        place -= 1  # the card leaves its old slot first
                    if old == place:
                        position = old + 1
                        continue  # dropped where it already is
                if self._controller.move_in_brief(
                    from_section, card_id, to_section, place, None if done else version
                ):
                    done = True
                    known = self._stored_sections()
                    # The next dragged card goes right after this one.
                    position = known.get(to_section, ()).index(card_id) + 1
                elif not done:
                    break  # refused as shown (changed meanwhile?): the view reloads first
        return done

    def add_cards(self, card_ids: list[int], section_id: int, position: int) -> bool:
        """Add cards (skipping any the section holds) as one undo step."""
        present = next((s.card_ids for s in self.sections if s.id == section_id), ())
        wanted = [card_id for card_id in dict.fromkeys(card_ids) if card_id not in present]
        if not wanted:
            already = "That card is" if len(card_ids) == 1 else "Those cards are"
            self._controller.userError.emit(f"{already} already in this section.")
            return False
        done = False
        version = self._brief.version if self._brief is not None else None  # as in _move
        with _one_undo_step(self._controller, "Add to brief", len(wanted)):
            for offset, card_id in enumerate(wanted):
                based_on = None if done else version
                if self._controller.add_to_brief(section_id, card_id, position + offset, based_on):
                    done = True
                elif not done:
                    break  # as in _move
        return done

    def _stored_sections(self) -> dict[int, tuple[int, ...]]:
        # The view reloads this model a moment later; a multi-card drop needs the order now.
        brief_id = self._brief.id if self._brief is not None else 0
        brief = self._controller.attempt(lambda: self._controller.library.brief(brief_id))
        return {s.id: s.card_ids for s in brief.sections} if brief is not None else {}


@contextmanager
def _one_undo_step(controller: Controller, text: str, count: int) -> Iterator[None]:
    """Group several controller edits into one undo step (a lone edit needs no macro)."""
    if count <= 1:
        yield
        return
    controller.undo_stack.beginMacro(text)
    try:
        yield
    finally:
        controller.undo_stack.endMacro()


def _brief_items(data: QMimeData) -> list[tuple[int, int]]:
    if not data.hasFormat(BRIEF_ITEMS_MIME):
        return []
    try:
        raw = json.loads(bytes(data.data(BRIEF_ITEMS_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    return [
        (int(pair[0]), int(pair[1]))
        for pair in raw
        if isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, int) for v in pair)
    ]
