"""The "Link to…" dialog: pick the claim a card supports or answers, by typing part of its tag.

Only claims (arguments and counterarguments) of the card's motion are offered, since evidence
is never a link's target. They are read as titles (id, kind, side, tag) in one light query and
listed a page at a time, so a motion with hundreds of claims opens the dialog at once. The link
kind defaults the way a drop on the card editor chooses it: evidence supports; a claim answers
a claim of the other side and supports one of its own. Tests replace :meth:`LinkPicker.ask`
instead of driving the modal dialog.
"""

from __future__ import annotations

import logging

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

from debateprep.facade.cards import CardTitle
from debateprep.gui.cardmodels import CardLike, CardListModel
from debateprep.gui.controller import Controller
from debateprep.records import CardKind, LinkKind, Side
from debateprep.text.bundleindex import display_tag, side_label

logger = logging.getLogger(__name__)


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
        claims = library.card_titles(
            motion_id=motion_id,
            kinds=(CardKind.ARGUMENT, CardKind.COUNTERARGUMENT),
            exclude=(self.card.id,),
        )
        return claims, short

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
