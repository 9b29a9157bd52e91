"""The card editor: every field of one card, saved as soon as the user finishes a field.

Each finished edit that changes a value is one ``controller.edit_card`` call, hence one undo
step (no Save button); a refused edit reloads the stored card so a field never shows what was
not saved. Evidence quotes are read-only, since a quote only changes by re-cutting it in the
reader; the user selects words and marks them read-aloud. Dropping cards on the editor links
them to its card.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSignalBlocker, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from debateprep.errors import ConflictError, UserError
from debateprep.gui import card_parts
from debateprep.gui.card_drops import CardDrops
from debateprep.gui.card_parts import EvidencePart, LinksPart, NotesEdit, set_line
from debateprep.gui.cardmodels import card_kind_name, link_rows
from debateprep.gui.controller import CARDS, LINKS, MOTIONS, SOURCES, Controller
from debateprep.gui.editor_conflicts import EditorConflicts
from debateprep.gui.link_picker import LinkPicker, link_picked
from debateprep.gui.narrow import fit_combos
from debateprep.records import CardKind, CardRecord, ReadLevel, Side
from debateprep.text.bundleindex import side_label
from debateprep.text.readmarks import clear_levels, toggle_level

logger = logging.getLogger(__name__)


class CardEditor(CardDrops):
    """Shows and edits the card ``load`` was given; "No card selected" until then."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardEditor")
        self.setAccessibleName("Card editor")
        self.setAcceptDrops(True)
        self.controller = controller
        self.card: CardRecord | None = None
        self.version: int | None = None  # the version of the card as the fields show it
        # A save refused as somebody else saved the card since it was shown: keep or take.
        self.conflicts = EditorConflicts(self)
        self._build_fields()
        self._build_layout()
        for child in self.findChildren(QWidget):
            child.installEventFilter(self)  # card drops on text fields link, not paste
        controller.changed.connect(self._on_changed)
        self._show_card(None)

    def _build_fields(self) -> None:
        """Every field's widget, wired to the slot that saves it."""
        self.empty = QLabel(card_parts.EMPTY_TEXT, self)
        self.empty.setObjectName("cardEditorEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.heading = QLabel(self)
        self.heading.setObjectName("cardHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.tag = self._line("cardTag", "Tag", self._tag_done)
        self._back_to: QWidget | None = None
        self.tag.returnPressed.connect(self._tag_entered)
        self.tag.setPlaceholderText("One line: what the card proves")
        self.kind = QComboBox(self)
        self.kind.setObjectName("cardKind")
        self.kind.setAccessibleName("Kind")
        for kind in (CardKind.ARGUMENT, CardKind.COUNTERARGUMENT):
            self.kind.addItem(kind.value, kind.value)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.evidence_kind = QLabel("evidence", self)
        self.evidence_kind.setObjectName("cardEvidenceKind")
        self.side = QComboBox(self)
        self.side.setObjectName("cardSide")
        self.side.setAccessibleName("Side")
        for side in Side:
            self.side.addItem(f"Side {side.value}", side.value)
        fit_combos(self.kind, self.side)  # long side names must not widen it
        self.side.currentIndexChanged.connect(self._side_changed)
        self.labels = self._line("cardLabels", "Labels", self._labels_done)
        self.labels.setPlaceholderText("comma, separated, labels")
        self.notes = NotesEdit(self)
        self.notes.setObjectName("cardNotes")
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Warrant, context, how to use it…")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(110)
        self.notes.editingFinished.connect(self._notes_done)
        self.evidence = EvidencePart(self)
        self.evidence.markRequested.connect(self.mark_read_aloud)
        self.evidence.sourceRequested.connect(self.show_in_source)
        self.evidence.citeFinished.connect(self._cite_done)
        self.links = LinksPart(self)
        self.links.openRequested.connect(self.controller.open_card)
        self.links.linkRequested.connect(self.link_to)
        self.links.unlinkRequested.connect(self.unlink_selected)

    def _build_layout(self) -> None:
        """The fields top to bottom in a scroll area, stacked with the "No card" label."""
        kind_row = QHBoxLayout()
        kind_row.setContentsMargins(0, 0, 0, 0)
        kind_row.addWidget(self.kind, 1)
        kind_row.addWidget(self.evidence_kind, 1)
        top = card_parts.narrow_form()
        top.addRow("&Tag", self.tag)
        top.addRow("Kind", kind_row)
        top.addRow("&Side", self.side)
        bottom = card_parts.narrow_form()
        bottom.addRow("&Labels", self.labels)
        bottom.addRow("&Notes", self.notes)

        form = QWidget(self)
        layout = QVBoxLayout(form)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.evidence)
        layout.addLayout(bottom)
        layout.addWidget(self.links)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    def sizeHint(self) -> QSize:
        return QSize(340, 520)  # a docked column wide enough for the cite labels

    def _line(self, name: str, accessible: str, slot: Any) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.editingFinished.connect(slot)
        return edit

    # -- showing a card --------------------------------------------------------------------

    def load(self, card_id: int | None) -> None:
        """Show this card (None: the empty state), saving any field still being edited."""
        if self.card is not None and card_id != self.card.id:
            self.commit_pending()
        card = self._fetch(card_id) if card_id is not None else None
        self._show_card(card, force=True)

    def show_stored(self) -> None:
        """Show the card as stored now, every field replaced (typed text dropped)."""
        if self.card is not None:
            self._show_card(self._fetch(self.card.id), force=True)

    def refresh(self) -> None:
        """Re-read the shown card and its links; a field being typed in is left alone."""
        if self.card is not None:
            self._show_card(self._fetch(self.card.id))

    def focus_tag(self) -> None:
        """Put the cursor in Tag with its text selected for typing over; Enter then goes
        back to where the student was (the reader, the map) so the next key works there."""
        if QApplication.activePopupWidget() is not None:
            # Cut from the reader's context menu: focus once the menu has closed.
            QTimer.singleShot(0, self.focus_tag)
            return
        before = QApplication.focusWidget()
        self._back_to = before if before is not None and not self.isAncestorOf(before) else None
        self.tag.setFocus()
        self.tag.selectAll()

    def _tag_entered(self) -> None:
        back, self._back_to = self._back_to, None
        if back is not None and back.isVisible():
            # After the key is handled, so the tag is saved by editingFinished first.
            QTimer.singleShot(0, lambda: back.setFocus(Qt.FocusReason.OtherFocusReason))

    def _fetch(self, card_id: int) -> CardRecord | None:
        try:
            return self.controller.library.card(card_id)
        except UserError:  # deleted, or its creation undone
            return None

    def _on_changed(self, topic: str) -> None:
        if topic in (CARDS, LINKS, MOTIONS, SOURCES):
            self.refresh()

    def _show_card(self, card: CardRecord | None, force: bool = False) -> None:
        same = card is not None and self.card is not None and self.card.id == card.id
        if force or not same or not self._typing():
            # The version saves are based on: not moved by a refresh while the user types,
            # so their save over a change made meanwhile is refused, not silently won.
            self.version = card.version if card is not None else None
        self.card = card
        self.links.link_button.setEnabled(card is not None)
        if card is None:
            self.links.set_rows([])
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentIndex(1)
        self.heading.setText(self._heading(card))
        set_line(self.tag, card.tag, force)
        self.tag.setToolTip(card.tag)  # a long tag does not fit a narrow dock
        set_line(self.labels, ", ".join(card.labels), force)
        if force or not (self.notes.hasFocus() and self.notes.document().isModified()):
            if self.notes.toPlainText() != card.notes:
                self.notes.setPlainText(card.notes)
            self.notes.document().setModified(False)
        # Showing a stored value is not an edit: keep the combos' signals quiet meanwhile.
        with QSignalBlocker(self.kind), QSignalBlocker(self.side):
            self.kind.setVisible(not card.is_evidence)
            self.evidence_kind.setVisible(card.is_evidence)
            self.kind.setCurrentIndex(max(0, self.kind.findData(card.kind.value)))
            self._fill_sides(card)
        self.evidence.setVisible(card.is_evidence)
        if card.is_evidence:
            self.evidence.show_card(card, force)
        self._load_links(card)

    def _typing(self) -> bool:
        """A field holds typed text a refresh leaves alone (see ``set_line``)."""
        lines = (self.tag, self.labels, *self.evidence.cite.values())
        if any(line.hasFocus() and line.isModified() for line in lines):
            return True
        return self.notes.hasFocus() and self.notes.document().isModified()

    def _heading(self, card: CardRecord) -> str:
        heading = f"{card_kind_name(card)} card {card.id}"
        if card.source_id is not None:
            try:
                heading += f" — from “{self.controller.library.source(card.source_id).title}”"
            except UserError:
                heading += " — its source is missing"
        return heading

    def _fill_sides(self, card: CardRecord) -> None:
        motion_id = card.motion_id or self.controller.current_motion_id
        try:
            motion = self.controller.library.motion(motion_id) if motion_id else None
        except UserError:
            motion = None
        for row, side in enumerate(Side):
            self.side.setItemText(row, side_label(motion, side) if motion else f"Side {side}")
        self.side.setCurrentIndex(self.side.findData(card.side.value))

    def _load_links(self, card: CardRecord) -> None:
        links = self.controller.library.links(card.id)
        others: dict[int, CardRecord] = {}
        for link in links:
            other = self._fetch(link.to_id if link.from_id == card.id else link.from_id)
            if other is not None:
                others[other.id] = other
        self.links.set_rows(link_rows(card.id, links, others))

    # -- saving fields ---------------------------------------------------------------------

    def _save(self, text: str, **changes: Any) -> bool:
        card = self.card
        if card is None:
            return False

        def resolve(conflict: ConflictError[Any]) -> bool:
            return self.conflicts.resolve(conflict, text, changes)

        # Based on the version shown: a save over somebody else's newer change is refused.
        if self.controller.edit_card(
            card.id, text, expected_version=self.version, on_conflict=resolve, **changes
        ):
            return True
        self._show_card(self._fetch(card.id), force=True)  # refused: show what is stored
        return False

    # Each handler marks its field finished first, so the refresh that follows a save (or a
    # no-op) shows the stored, cleaned-up value even while the field keeps the focus.

    def _tag_done(self) -> None:
        card = self.card
        if card is not None:
            self.tag.setModified(False)
            if " ".join(self.tag.text().split()) != card.tag:
                self._save("Edit tag", tag=self.tag.text())
            else:
                set_line(self.tag, card.tag, force=True)

    def _labels_done(self) -> None:
        card = self.card
        if card is not None:
            self.labels.setModified(False)
            parts = self.labels.text().split(",")
            if tuple(sorted({" ".join(p.split()).lower() for p in parts} - {""})) != card.labels:
                self._save("Edit labels", labels=parts)
            else:
                set_line(self.labels, ", ".join(card.labels), force=True)

    def _notes_done(self) -> None:
        card = self.card
        self.notes.document().setModified(False)
        if card is not None and self.notes.toPlainText().strip() != card.notes:
            self._save("Edit notes", notes=self.notes.toPlainText())

    def _cite_done(self) -> None:
        card = self.card
        if card is not None and card.is_evidence:
            cite = self.evidence.cite_value()
            self.evidence.mark_cite_finished()
            if cite != card.cite:
                self._save("Edit cite", cite=cite)
            else:
                self.evidence.show_card(card, force=True)

    def _kind_changed(self, _row: int) -> None:
        kind = self.kind.currentData()
        if self.card is not None and not self.card.is_evidence and kind != self.card.kind.value:
            self._save("Change kind", kind=kind)

    def _side_changed(self, _row: int) -> None:
        side = self.side.currentData()
        if self.card is not None and side != self.card.side.value:
            self._save("Change side", side=side)

    def commit_pending(self) -> None:
        """Save fields changed but not yet left (before another card is shown; the window
        calls it before closing the library)."""
        if self.card is None:
            return
        if self.notes.document().isModified():
            self._notes_done()
        if self.tag.isModified():
            self._tag_done()
        if self.labels.isModified():
            self._labels_done()
        if self.card is not None and self.card.is_evidence and self.evidence.cite_modified():
            self._cite_done()

    def mark_read_aloud(self, level: str = ReadLevel.HIGHLIGHT.value) -> bool:
        """Toggle a read-aloud level (or, for "clear", every level) on the selected words."""
        card = self.card
        span = self.evidence.selected_span(card.quote) if card and card.is_evidence else None
        if card is None or span is None:
            return False
        if level == "clear":
            return self._save("Clear marks", highlights=clear_levels(card.highlights, *span))
        marks, added = toggle_level(card.highlights, *span, ReadLevel(level))
        name = "read-aloud" if level == ReadLevel.HIGHLIGHT else level
        return self._save(f"Mark {name}" if added else f"Unmark {name}", highlights=marks)

    def show_in_source(self) -> None:
        card = self.card
        if card is not None and card.source_id is not None:
            self.controller.show_source(card.source_id, card.start or 0, card.end or 0)

    def unlink_selected(self) -> bool:
        """Remove the link selected in the links list (Card > Unlink)."""
        row = self.links.selected_row() if self.card is not None else None
        if row is None:
            return False
        link = row.link
        return self.controller.unlink(link.from_id, link.to_id, link.kind, link.version)

    def link_to(self) -> bool:
        """Ask the link picker for a target: this card supports or answers it."""
        if self.card is None:
            return False
        self.commit_pending()
        picked = LinkPicker.ask(self.controller, self.card.id, self)
        if picked is None or self.card is None:
            return False
        return link_picked(self.controller, self.card.id, picked)
