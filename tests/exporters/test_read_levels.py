"""Verbatim's three read-aloud levels (underline, emphasis, highlight) through storage, the
Markdown convention, the .docx round trip and the packet HTML that PDFs print."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from exporter_samples import sample_brief, sample_bundle
from test_export_verbatim_docx import SAMPLE_BRIEF_EVIDENCE

from debateprep.errors import UserError
from debateprep.exporters.verbatim_docx import EMPHASIS_STYLE, render_brief_docx
from debateprep.facade.library import Library
from debateprep.importers.verbatim_docx import parse_verbatim_docx
from debateprep.records import CardRecord, Highlight, MotionBundle, ReadLevel
from debateprep.storage.convert import dump_highlights, load_highlights
from debateprep.text.cardtext import quote_block
from debateprep.text.readmarks import clear_levels, toggle_level

U, E, H = ReadLevel.UNDERLINE, ReadLevel.EMPHASIS, ReadLevel.HIGHLIGHT


def test_old_pairs_read_as_highlights_and_highlights_stay_pairs() -> None:
    marks = load_highlights('[[0, 4], [5, 9, "emphasis"], [2, 7, "underline"]]')
    assert marks == (Highlight(0, 4, H), Highlight(5, 9, E), Highlight(2, 7, U))
    assert json.loads(dump_highlights(marks)) == [[0, 4], [5, 9, "emphasis"], [2, 7, "underline"]]
    assert dump_highlights((Highlight(1, 3),)) == "[[1, 3]]"  # stored exactly as before levels


def test_levels_are_validated_merged_per_level_and_undoable(empty_library: Library) -> None:
    source = empty_library.add_source("One two three four five six seven.", title="Levels")
    card = empty_library.cut_card(source.id, 0, 34, tag="T", side="A")
    edited = empty_library.edit_card(
        card.id, highlights=[(0, 3, "underline"), (2, 7, "underline"), (4, 7, "emphasis"), (8, 13)]
    )
    assert edited.highlights == (Highlight(0, 7, U), Highlight(4, 7, E), Highlight(8, 13, H))
    assert empty_library.card(card.id).highlights == edited.highlights
    with pytest.raises(UserError, match="Unknown read-aloud level"):
        empty_library.edit_card(card.id, highlights=[(0, 3, "bold")])
    with pytest.raises(UserError, match="outside the quote"):
        empty_library.edit_card(card.id, highlights=[(0, 99, "emphasis")])


def test_toggle_and_clear_work_level_by_level() -> None:
    marks = [Highlight(0, 10, U), Highlight(2, 4, H)]
    toggled, added = toggle_level(marks, 5, 8, E)
    assert added and toggled == [Highlight(0, 10, U), Highlight(2, 4, H), Highlight(5, 8, E)]
    untoggled, added = toggle_level(toggled, 2, 4, H)
    assert not added and untoggled == [Highlight(0, 10, U), Highlight(5, 8, E)]
    assert clear_levels(toggled, 3, 6) == [
        Highlight(0, 3, U),
        Highlight(2, 3, H),
        Highlight(6, 8, E),
        Highlight(6, 10, U),
    ]


def _card(marks: tuple[Highlight, ...]) -> CardRecord:
    bundle = sample_bundle()
    first = next(card for card in bundle.cards if card.is_evidence)
    return replace(first, highlights=marks)


def test_markdown_convention() -> None:
    quote = "The plan saves lives and costs little."
    card = replace(_card(()), quote=quote)
    card = replace(card, highlights=(Highlight(0, 8, U), Highlight(9, 14, E), Highlight(15, 20, H)))
    assert quote_block(card) == "> <ins>The plan</ins> *saves* **lives** and costs little."
    # Only highlights: exactly the bold of before levels existed.
    assert quote_block(replace(card, highlights=(Highlight(15, 20, H),))) == (
        "> The plan saves **lives** and costs little."
    )


def _levelled_bundle() -> tuple[MotionBundle, CardRecord]:
    bundle = sample_bundle()
    first = bundle.card(SAMPLE_BRIEF_EVIDENCE[0])
    size = len(first.quote)
    third = size // 3
    marks = (
        Highlight(0, third, U),
        Highlight(third + 1, 2 * third, E),
        Highlight(third + 3, third + 6, H),  # highlighted inside emphasis
        Highlight(2 * third + 1, size - 1, H),
    )
    card = replace(first, highlights=marks)
    cards = tuple(card if c.id == first.id else c for c in bundle.cards)
    return replace(bundle, cards=cards), card


def test_docx_uses_verbatim_styles_and_reads_back_every_level() -> None:
    bundle, card = _levelled_bundle()
    data = render_brief_docx(sample_brief(), bundle)
    styles = {style.name for style in docx.Document(io.BytesIO(data)).styles}
    assert {EMPHASIS_STYLE, "Underline"} <= styles
    document = parse_verbatim_docx(data, "brief.docx")
    found = next(found for found in document.cards if found.quote == card.quote.strip())
    assert found.highlights == card.highlights


def test_docx_emphasis_is_verbatims_bold_underline_not_words_italic() -> None:
    bundle, _card = _levelled_bundle()
    data = render_brief_docx(sample_brief(), bundle)
    emphasis = docx.Document(io.BytesIO(data)).styles[EMPHASIS_STYLE]
    assert emphasis.font.bold and emphasis.font.underline and not emphasis.font.italic


def test_library_round_trip_keeps_levels(empty_library: Library, tmp_path: Path) -> None:
    library = empty_library
    motion = library.create_motion("Levels", "Pro", "Con")
    source = library.add_source("Alpha beta gamma delta epsilon zeta.", title="S", author="Ann Lee")
    card = library.cut_card(source.id, 0, 36, tag="Tag", side="A", motion_id=motion.id)
    marks = [(0, 5, "underline"), (6, 10, "emphasis"), (11, 16, "highlight")]
    card = library.edit_card(card.id, highlights=marks)
    brief = library.create_brief(motion.id, "A", "Brief")
    section = library.add_brief_section(brief.id, "Block")
    library.add_to_brief(section.sections[-1].id, card.id)
    out = library.export_brief_docx(tmp_path / "b.docx", brief_id=brief.id, side="A")
    fresh = Library.open(tmp_path / "fresh" / "library.db")
    try:
        other = fresh.create_motion("Imported", "Pro", "Con")
        result = fresh.import_verbatim(out, motion_id=other.id, side="Pro")
        assert [found.highlights for found in result.cards] == [card.highlights]
    finally:
        fresh.close()
