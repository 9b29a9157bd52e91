"""The "Link to…" dialog: pick the card to link with, by typing part of its tag.

The claims (arguments and counterarguments) of the card's motion are offered; opened from a
claim, so is its side's evidence, which then links the other way: the evidence supports the
claim (evidence is never a link's target, see :func:`link_ends`). They are read as titles
(id, kind, side, tag) in one light query and listed a page at a time, so a motion with
hundreds of claims opens the dialog at once. The link kind defaults the way a drop on the
card editor chooses it: evidence supports; a claim answers a claim of the other side and
supports one of its own. Tests replace :meth:`LinkPicker.ask` instead of driving the modal
dialog.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from debateprep.gui.cardmodels import CardLike, CardListModel
from debateprep.gui.controller import Controller
from debateprep.records import CardKind, LinkKind, Side
from debateprep.text.bundleindex import display_tag, side_label

if TYPE_CHECKING:
    from debateprep.facade.cards import CardTitle

logger = logging.getLogger(__name__)


def link_ends(source: CardLike, target: CardLike) -> tuple[int, int]:
    """(from, to) of a link between the card the picker was opened on and the one picked:
    evidence picked from a claim supports that claim; otherwise the card links to the pick."""
    if target.is_evidence and not source.is_evidence:
        return target.id, source.id
    return source.id, target.id


def link_picked(controller: Controller, card_id: int, picked: tuple[int, LinkKind]) -> bool:
    """Make the link the picker chose for ``card_id`` (one undo step); False if refused."""
    target_id, kind = picked
    cards = {card.id: card for card in controller.library.cards(ids=(card_id, target_id))}
    if card_id not in cards or target_id not in cards:
        controller.userError.emit("That card was deleted meanwhile; nothing was linked.")
        return False
    from_id, to_id = link_ends(cards[card_id], cards[target_id])
    return controller.link(from_id, to_id, kind) is not None


def default_link_kind(source: CardLike, target: CardLike) -> LinkKind:
    """How ``source`` most likely relates to ``target``: evidence supports; a claim answers
    the other side's claims and supports its own side's."""
    if source.is_evidence or source.side is target.side:
        return LinkKind.SUPPORTS
    return LinkKind.ANSWERS


class LinkPicker(QDialog):
    """Choose a target claim and a link kind for the card ``card_id``."""

    def __init__(self, controller: Controller, card_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkPicker")
        self.setAccessibleName("Link picker")
        self.controller = controller
        self.card = controller.library.card(card_id)
        self.setWindowTitle("Link card")

        self.model = CardListModel(self)
        self.model.set_rows(*self._claims())

        intro = QLabel(f"Link “{display_tag(self.card)}” to:", self)
        intro.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("linkSearch")
        self.search.setAccessibleName("Filter cards by tag")
        self.search.setPlaceholderText("Type part of a tag…")
        self.search.setClearButtonEnabled(True)
        self.list = QListView(self)
        self.list.setObjectName("linkCandidates")
        self.list.setAccessibleName("Cards to link to")
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.kind = QComboBox(self)
        self.kind.setObjectName("linkKind")
        self.kind.setAccessibleName("Link kind")
        self.kind.addItem("supports (backs the claim)", LinkKind.SUPPORTS.value)
        self.kind.addItem("answers (rebuts the claim)", LinkKind.ANSWERS.value)
        self.kind.setEnabled(not self.card.is_evidence)  # evidence can only support
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Link")

        form = QFormLayout()
        form.addRow("This card", self.kind)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 460)

        self.search.textChanged.connect(self._filter)
        self.list.selectionModel().selectionChanged.connect(self._selection_changed)
        self.list.doubleClicked.connect(lambda _index: self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._filter("")
        self.search.setFocus()

    def _claims(self) -> tuple[list[CardTitle], dict[Side, str]]:
        """The claims of the card's motion it may link to, and each side's short name."""
        library = self.controller.library
        motion_id = self.card.motion_id or self.controller.current_motion_id
        motion = library.motion(motion_id) if motion_id is not None else None
        names = {side: side_label(motion, side) if motion else side.value for side in Side}
        # Short side names ("Pro" from "Pro: for sanctuary policies") keep each line readable.
        short = {side: name.split(":")[0].strip() or name for side, name in names.items()}
        kinds = [CardKind.ARGUMENT, CardKind.COUNTERARGUMENT]
        if not self.card.is_evidence:
            kinds.append(CardKind.EVIDENCE)  # linking evidence needs no trip to its card
        titles = library.card_titles(motion_id=motion_id, kinds=kinds, exclude=(self.card.id,))
        # The other side's evidence cannot back this claim, so it is not offered.
        shown = [t for t in titles if not t.is_evidence or t.side is self.card.side]
        return shown, short

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        # Keep a row selected so Enter in the search box links to the best match.
        if not self.list.selectionModel().hasSelection() and self.model.rowCount() > 0:
            self.list.setCurrentIndex(self.model.index(0, 0))
        self._update_ok()

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        target = self.target()
        if target is not None:
            kind = default_link_kind(self.card, target)
            self.kind.setCurrentIndex(self.kind.findData(kind.value))
        # Evidence only supports, whichever end the picker was opened on.
        evidence = self.card.is_evidence or (target is not None and target.is_evidence)
        self.kind.setEnabled(not evidence)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.target() is not None)

    def target(self) -> CardLike | None:
        """The selected card, if it is still shown by the filter."""
        rows = self.list.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.card_at(rows[0].row())

    def select_card(self, card_id: int) -> bool:
        """Select a card the filter shows, however far down (False: not shown)."""
        row = self.model.row_of(card_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        return True

    def link_kind(self) -> LinkKind:
        return LinkKind(self.kind.currentData())

    def choice(self) -> tuple[int, LinkKind] | None:
        target = self.target()
        return None if target is None else (target.id, self.link_kind())

    @classmethod
    def ask(
        cls, controller: Controller, card_id: int, parent: QWidget | None = None
    ) -> tuple[int, LinkKind] | None:
        """The chosen target card and link kind, or None when the user cancels."""
        if controller.attempt(lambda: controller.library.card(card_id)) is None:
            return None  # the card is gone; the controller has told the user
        dialog = cls(controller, card_id, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.choice()
        finally:
            dialog.deleteLater()
