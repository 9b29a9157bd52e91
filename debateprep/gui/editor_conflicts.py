"""The card editor when a save is refused because somebody else saved the card since the
editor showed it: ask Keep Mine / Take Theirs (``conflict_dialog``) and carry the answer out
as an undo step (``card_saves``).

Take Theirs shows their card; its undo puts back the text the user had typed and not saved
(tag, labels, notes, cite fields that differ from theirs), marked as edited, so leaving the
field saves it, now over their version. A refused mark, kind or side change has no typed text
to bring back: taking theirs then simply shows theirs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from debateprep.errors import ConflictError
from debateprep.gui.card_parts import CITE_FIELDS
from debateprep.gui.conflict_dialog import Choice, ConflictDialog
from debateprep.records import CardRecord

if TYPE_CHECKING:
    from debateprep.gui.card_editor import CardEditor

# The editor's typed text by field: "tag", "labels", "notes", and "cite_<name>" per cite field.
Typed = dict[str, str]


class EditorConflicts:
    """Resolves the card editor's refused saves."""

    def __init__(self, editor: CardEditor) -> None:
        self.editor = editor

    def resolve(self, conflict: ConflictError[Any], text: str, changes: dict[str, Any]) -> bool:
        """Ask, then keep mine (True when saved) or take theirs (False)."""
        theirs = conflict.theirs
        assert isinstance(theirs, CardRecord)  # the editor's saves are card edits
        # What the user typed: fields that differ from the card as the editor showed it.
        loaded = shown(self.editor.card) if self.editor.card is not None else {}
        typed = {name: value for name, value in self.typed().items() if value != loaded.get(name)}
        choice = ConflictDialog.ask(conflict, self.editor)
        controller = self.editor.controller
        if choice is Choice.KEEP_MINE:

            def again(newer: ConflictError[Any]) -> bool:
                return self.resolve(newer, text, changes)

            return controller.keep_mine(theirs.id, text, conflict, changes, on_conflict=again)
        unsaved = {name: value for name, value in typed.items() if value != shown(theirs)[name]}
        if not unsaved:
            self.show_stored(theirs.id)  # nothing typed to bring back: no undo step
            return False
        controller.take_theirs(
            text, lambda: self.show_stored(theirs.id), lambda: self.show_unsaved(theirs.id, unsaved)
        )
        return False

    def typed(self) -> Typed:
        """What the editor's text fields hold now (saved or not)."""
        editor = self.editor
        values = {
            "tag": editor.tag.text(),
            "labels": editor.labels.text(),
            "notes": editor.notes.toPlainText(),
        }
        if editor.card is not None and editor.card.is_evidence:
            values.update({f"cite_{n}": edit.text() for n, edit in editor.evidence.cite.items()})
        return values

    def show_stored(self, card_id: int) -> None:
        """The card as stored now in the editor, dropping typed text (Take Theirs)."""
        editor = self.editor
        if editor.card is None or editor.card.id != card_id:
            editor.controller.open_card(card_id)  # the window shows it where it belongs
        if editor.card is None or editor.card.id != card_id:
            editor.load(card_id)
        editor.show_stored()

    def show_unsaved(self, card_id: int, unsaved: Typed) -> None:
        """The stored card with the user's unsaved text back in its fields (undo of Take
        Theirs); the first such field gets the focus, so leaving it saves it."""
        self.show_stored(card_id)
        editor = self.editor
        lines = {"tag": editor.tag, "labels": editor.labels}
        lines.update({f"cite_{n}": edit for n, edit in editor.evidence.cite.items()})
        first: QWidget | None = None
        for name, value in unsaved.items():
            if name == "notes":
                editor.notes.setPlainText(value)
                editor.notes.document().setModified(True)
                first = first or editor.notes
            elif name in lines:
                lines[name].setText(value)
                lines[name].setModified(True)
                first = first or lines[name]
        if first is not None:
            first.setFocus()


def shown(card: CardRecord) -> Typed:
    """How the editor's text fields show a stored card (``EditorConflicts.typed``'s terms)."""
    values = {"tag": card.tag, "labels": ", ".join(card.labels), "notes": card.notes}
    values.update({f"cite_{name}": getattr(card.cite, name) for name, _label in CITE_FIELDS})
    return values
