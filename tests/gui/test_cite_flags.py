"""Cite flags in the window: the card editor's gap note and speaker fields, the map's count."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from debateprep.gui.colours import AA, contrast
from debateprep.gui.controller import Controller
from debateprep.gui.map_delegate import cell_html
from debateprep.gui.maprows import MapCell, MapClaim
from debateprep.records import CardKind, CardRecord, Side
from tests.gui.starter_cards import card_id
from tests.gui.windows import open_editor

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

# A starter evidence card, named by words of its tag (ids shift when the starter map changes).
EVIDENCE = "Sanctuary cities are safer"


def test_gap_note_names_what_the_cite_lacks_and_reads(controller: Controller, qtbot: QtBot) -> None:
    # The bundled sources all carry dates now: cut from a source that has every field but one.
    text = "Trust in the police rose after the city stopped asking about status."
    source = controller.library.add_source(
        text, title="Trust survey", author="Ana Ruiz", qualifications="Professor of Law"
    )
    card = controller.cut_card(source.id, 0, len(text), tag="Trust rose", side=Side.A)
    assert card is not None
    editor = open_editor(controller, qtbot, card.id)
    note = editor.evidence.gap_note
    assert note.isVisible() and note.text() == "cite incomplete: no date"
    colour = QColor(note.styleSheet().removeprefix("color: "))
    background = note.palette().color(QPalette.ColorRole.Window)
    assert contrast(colour, background) >= AA
    assert controller.edit_card(card.id, cite=replace(card.cite, author=""))
    editor.load(card.id)
    assert note.text() == "cite incomplete: no author, no date"  # every gap, in a fixed order
    full = replace(card.cite, author="Ana Ruiz", date="2018")
    assert controller.edit_card(card.id, cite=full)
    editor.load(card.id)
    assert not note.isVisible()


def test_speaker_fields_edit_as_one_undo_step(controller: Controller, qtbot: QtBot) -> None:
    evidence = card_id(controller.library, EVIDENCE)
    editor = open_editor(controller, qtbot, evidence)
    speaker = editor.evidence.cite["speaker"]
    quals = editor.evidence.cite["speaker_quals"]
    assert speaker.accessibleName() == "Speaker" and quals.accessibleName() == "Speaker quals"
    before = controller.library.card(evidence).speaker
    speaker.setText("Eric Garcetti")
    speaker.setModified(True)
    speaker.editingFinished.emit()
    assert controller.library.card(evidence).speaker == "Eric Garcetti"
    controller.undo_stack.undo()
    assert controller.library.card(evidence).speaker == before


def test_map_line_counts_incomplete_cites() -> None:
    card = CardRecord(id=1, kind=CardKind.ARGUMENT, side=Side.A, tag="Trust")
    claim = MapClaim(card, True, 2, incomplete=1)
    assert claim.lines()[-1] == "2 evidence · 1 cite incomplete"
    html = cell_html(MapCell((claim,), False, 1), "#555555", "#b3261e")
    assert '2 evidence</span> · <span style="color:#b3261e">1 cite incomplete</span>' in html
    assert MapClaim(card, True, 2).lines()[-1] == "2 evidence"
