"""List models over card records: a card's links, and a filterable list of cards.

Each model is a thin adapter: it is handed plain records (``set_rows``) and never reads the
library itself, so ``data()`` costs no SQL. Cards leave every model by drag as the card-ids
MIME type of :mod:`debateprep.gui.mime`, which the brief builder and the card editor accept.
The card list can hold thousands of cards: it filters them itself and hands them to its view
a page at a time (``canFetchMore``/``fetchMore``), so a view never lays out every row. The
argument map's table model lives in :mod:`debateprep.gui.mapmodel`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from debateprep.gui.mime import CARD_IDS_MIME, card_ids_mime
from debateprep.records import CardRecord, LinkKind, LinkRecord, Side
from debateprep.text.bundleindex import UNTITLED, display_tag

if TYPE_CHECKING:
    from debateprep.facade.cards import CardTitle

logger = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_USER = Qt.ItemDataRole.UserRole

# The map's roles (UserRole + 2, + 4..6) live in mapmodel; these numbers stay clear of them.
CardIdRole = _USER + 1  # int: the card a list row stands for (the other card, for a link)
TagRole = _USER + 3  # str: the card's tag alone, what the link picker filters on


# What a list row may stand for: a full record, or a title from the light listing.
# A string: CardTitle comes from the facade, which the window loads after its first paint.
CardLike: TypeAlias = "CardRecord | CardTitle"


def card_kind_name(card: CardLike) -> str:
    return card.kind.value.capitalize()


def title_text(card: CardLike) -> str:
    """The card's tag for display, or a placeholder when it is blank (as ``display_tag``)."""
    return card.tag if card.tag.split() else UNTITLED


# -- a card's links ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One of a card's links, seen from that card: ``other`` is the card at the far end."""

    link: LinkRecord
    other: CardRecord
    outgoing: bool  # True when the shown card is the link's "from" end

    @property
    def label(self) -> str:
        tag = display_tag(self.other)
        if self.link.kind is LinkKind.SUPPORTS:
            return f"supports → {tag}" if self.outgoing else f"supported by ← {tag}"
        return f"answers → {tag}" if self.outgoing else f"answered by ← {tag}"


# Outgoing links first (what this card does), then what points at it.
_LINK_ORDER = {
    (LinkKind.SUPPORTS, True): 0,
    (LinkKind.ANSWERS, True): 1,
    (LinkKind.ANSWERS, False): 2,
    (LinkKind.SUPPORTS, False): 3,
}


def link_rows(
    card_id: int, links: Sequence[LinkRecord], cards: dict[int, CardRecord]
) -> list[LinkRow]:
    """The card's links as rows, grouped by kind and direction; links to unknown cards skipped."""
    rows: list[LinkRow] = []
    for link in links:
        outgoing = link.from_id == card_id
        other = cards.get(link.to_id if outgoing else link.from_id)
        if other is not None:
            rows.append(LinkRow(link, other, outgoing))
    return sorted(rows, key=lambda row: (_LINK_ORDER[row.link.kind, row.outgoing], row.link.id))


class _CardRowsModel(QAbstractListModel):
    """A list whose rows each stand for one card; drags carry the cards' ids."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def _set(self, rows: Sequence[Any]) -> None:
        if list(rows) == self._rows:
            return  # an unrelated refresh: keep the selection where it is
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _card(self, row: Any) -> CardLike:
        raise NotImplementedError

    def _text(self, row: Any) -> str:
        raise NotImplementedError

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not (index.isValid() and 0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        card = self._card(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{card_kind_name(card)}: {card.tag}"
        if role == CardIdRole:
            return card.id
        if role == TagRole:
            return card.tag
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def mimeTypes(self) -> list[str]:
        return [CARD_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = [self.data(index, CardIdRole) for index in indexes]
        return card_ids_mime(list(dict.fromkeys(i for i in ids if i is not None)))

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


class CardLinksModel(_CardRowsModel):
    """The links of the card shown in the editor, one line each ("supports → tag")."""

    def set_rows(self, rows: Sequence[LinkRow]) -> None:
        self._set(rows)

    def row_at(self, row: int) -> LinkRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _card(self, row: LinkRow) -> CardRecord:
        return row.other

    def _text(self, row: LinkRow) -> str:
        return row.label


class CardListModel(_CardRowsModel):
    """Cards as "Side · kind — tag" lines (the link picker's list), filtered by tag.

    It holds every card it is given (light titles are enough) but lets its view have them a
    page at a time: the view asks for more as it scrolls, so a list of thousands opens at
    once. Filtering is done here, over all the cards: a proxy model would only see the rows
    already fetched.
    """

    PAGE = 100

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._side_names = {Side.A: "A", Side.B: "B"}
        self._all: list[CardLike] = []
        self._folded: list[str] = []  # casefolded tags, parallel to _all
        self._matches: list[CardLike] = []  # the cards passing the filter; _rows is a prefix
        self._filter = ""

    def set_rows(
        self, cards: Sequence[CardLike], side_names: dict[Side, str] | None = None
    ) -> None:
        if side_names is not None:
            self._side_names = dict(side_names)
        self._all = list(cards)
        self._folded = [card.tag.casefold() for card in self._all]
        self._refilter()

    def set_filter(self, text: str) -> None:
        """Show only cards whose tag contains ``text`` (case-insensitive; blank: all)."""
        wanted = " ".join(text.split()).casefold()
        if wanted != self._filter:
            self._filter = wanted
            self._refilter()

    def _refilter(self) -> None:
        wanted = self._filter
        if wanted:
            matches = [c for c, tag in zip(self._all, self._folded, strict=True) if wanted in tag]
        else:
            matches = list(self._all)
        self.beginResetModel()
        self._matches = matches
        self._rows = matches[: self.PAGE]
        self.endResetModel()

    def match_count(self) -> int:
        """Cards passing the filter, fetched by the view or not."""
        return len(self._matches)

    def card_at(self, row: int) -> CardLike | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, card_id: int) -> int | None:
        """The row of a card passing the filter, fetching the pages up to it; None if none."""
        match = next((n for n, card in enumerate(self._matches) if card.id == card_id), None)
        if match is not None and match >= len(self._rows):
            self._fetch(match + 1)
        return match

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and len(self._rows) < len(self._matches)

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if not parent.isValid():
            self._fetch(len(self._rows) + self.PAGE)

    def _fetch(self, count: int) -> None:
        start, end = len(self._rows), min(count, len(self._matches))
        if end <= start:
            return
        self.beginInsertRows(_ROOT, start, end - 1)
        self._rows = self._matches[:end]
        self.endInsertRows()

    def _card(self, row: CardLike) -> CardLike:
        return row

    def _text(self, row: CardLike) -> str:
        side = self._side_names.get(row.side, row.side.value)
        return f"{side} · {row.kind.value} — {title_text(row)}"
