"""Send to Brief (the backtick key, Card > Send to Brief): a card goes to a brief of its side.

The target is the brief open in the builder when its side is the card's, else the motion's
first brief of that side; the card goes into the builder's selected block, else the brief's
last block (a block “Cards” is made when there is none). A card is never put in the other
side's brief. With no brief of its side, the status bar offers a button that starts one with
the card in it (a second backtick takes the offer): nothing blocks the window. The status bar
says where the card went.

The backtick is a plain character, so :class:`TextKeyGuard` hands it to a focused text field
(Qt's ShortcutOverride protocol): typing a backtick in a field types it and sends nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStatusBar,
    QTextEdit,
)

from debateprep.gui.brief_view import BriefView
from debateprep.gui.briefmodels import LEVEL_ROLE
from debateprep.records import BriefRecord, CardRecord, SectionLevel
from debateprep.text.bundleindex import short_side_name

SEND_KEY = Qt.Key.Key_QuoteLeft
MESSAGE_MS = 8000


def is_text_field(widget: QObject | None) -> bool:
    """A widget where a typed character goes into editable text."""
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, QAbstractSpinBox)


class TextKeyGuard(QObject):
    """Installed on the application: a backtick in a text field is typed, not a shortcut."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and is_text_field(watched):
            assert isinstance(event, QKeyEvent)
            if event.key() == SEND_KEY and not event.modifiers():
                event.accept()  # the field wants the key: no shortcut fires, it is typed
                return True
        return super().eventFilter(watched, event)


class BriefSender(QObject):
    """Sends the current card to a brief of its side and says where it went."""

    def __init__(self, view: BriefView, status: QStatusBar) -> None:
        super().__init__(view)
        self.view, self.status = view, status
        self.controller = view.controller
        self.offer = QPushButton(status)
        self.offer.setObjectName("startBriefButton")
        self.offer.hide()
        self.offer.clicked.connect(self._start)
        status.addPermanentWidget(self.offer)
        self._pending: CardRecord | None = None

    def send(self, card_id: int | None) -> bool:
        if self.offer.isVisible() and self._pending is not None and self._pending.id == card_id:
            self._start()  # a second ` takes the offer: no trip to the status bar
            return True
        self.offer.hide()
        if card_id is None:
            self.status.showMessage("Open a card first, then send it to a brief.", MESSAGE_MS)
            return False
        card = self.controller.attempt(lambda: self.controller.library.card(card_id))
        if card is None:
            return False
        brief, section_id = self._target(card)
        if brief is None:
            return self._offer(card)
        sent = self.controller.send_card(card.id, brief.id, section_id)
        if sent is None:
            return False
        self._shown(sent[0], sent[1], card.id)
        return True

    def _target(self, card: CardRecord) -> tuple[BriefRecord | None, int | None]:
        """The brief (and selected block, if any) a card of this side goes to."""
        motion_id = card.motion_id or self.controller.current_motion_id
        open_brief = self.view.model.brief()
        if open_brief is not None and (open_brief.side, open_brief.motion_id) == (
            card.side,
            motion_id,
        ):
            index = self.view.tree.currentIndex()
            section = self.view._selected_place()
            is_block = index.isValid() and index.siblingAtColumn(0).parent().isValid()
            is_block = is_block or index.data(LEVEL_ROLE) == SectionLevel.BLOCK
            return open_brief, section[0] if section is not None and is_block else None
        briefs = self.controller.library.briefs(motion_id) if motion_id is not None else []
        same_side = [brief for brief in briefs if brief.side == card.side]
        return (same_side[0] if same_side else None), None

    def _offer(self, card: CardRecord) -> bool:
        motion = self.view._motion
        side = motion.side_name(card.side) if motion is not None else card.side.value
        self._pending = card
        # Starter sides read "Con: against …": the button names the short part, its tip all.
        self.offer.setText(f"Start a {short_side_name(side)[:24]} brief with it")
        self.offer.setToolTip(f"Start a brief for {side} with this card in it")
        self.offer.show()
        self.status.showMessage(f"No brief for {side} yet: press ` again to start one.", MESSAGE_MS)
        return False

    def _start(self) -> None:
        card, self._pending = self._pending, None
        self.offer.hide()
        if card is None:
            return
        motion = self.view._motion
        # "Con brief": the chooser adds the whole side name beside it.
        title = (
            f"{short_side_name(motion.side_name(card.side))} brief" if motion is not None else ""
        )
        brief = self.controller.start_brief_with(card.side, card.id, title)
        if brief is not None:
            self._shown(brief, brief.sections[-1].id, card.id)

    def _shown(self, brief: BriefRecord, section_id: int, card_id: int) -> None:
        self.view.select_brief(brief.id)
        self.view._select_after_refresh = (section_id, card_id)
        self.view.refresh()
        block = next((s.title for s in brief.sections if s.id == section_id), "")
        self.status.showMessage(f"Sent to {brief.title} › {block}", MESSAGE_MS)
