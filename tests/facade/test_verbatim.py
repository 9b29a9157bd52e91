"""Verbatim .docx through the facade (issue 6, parts 1 and 2): export a brief, import it into a
fresh library and get the same tags, cites, quotes, highlights and notes back, every quote
verifying against the imported source; a Verbatim-style file imports; bad files change nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx_support import build_hostile_library, verbatim_file

from debateprep.errors import UserError
from debateprep.exporters.verbatim_docx import one_line, word_safe
from debateprep.facade.library import Library
from debateprep.facade.validation import check_highlights
from debateprep.records import BriefRecord, Highlight, ImportStatus, Side
from debateprep.text.bundleindex import BundleIndex, display_tag
from debateprep.text.citations import debate_cite

Expected = tuple[str, str, str, tuple[Highlight, ...], str]


def _expected(library: Library, brief: BriefRecord) -> list[Expected]:
    """(tag, debate cite, quote, highlights, notes) of the brief's evidence as a Word file
    holds them: text XML cannot hold replaced, line ends made "\\n" (see ``word_safe``)."""
    ids = {card_id for section in brief.sections for card_id in section.card_ids}
    index = BundleIndex.of(library.motion_bundle(brief.motion_id, extra_card_ids=ids))
    expected = []
    for section in brief.sections:
        for card_id in section.card_ids:
            card = index.cards[card_id]
            if not card.is_evidence:
                continue
            quote, read = word_safe(card.quote, [(m.start, m.end) for m in card.highlights])
            expected.append(
                (
                    one_line(display_tag(card), "Untitled card"),
                    word_safe(debate_cite(index.cite_of(card)))[0],
                    quote,
                    check_highlights(quote, read),
                    word_safe(card.notes)[0].strip(),
                )
            )
    return expected


def _round_trip(
    library: Library, brief: BriefRecord, fresh: Library, tmp_path: Path, name: str
) -> None:
    out = library.export_brief_docx(tmp_path / name, brief_id=brief.id or None, side=brief.side)
    motion = fresh.create_motion(f"Imported {name}", "Pro", "Con")
    result = fresh.import_verbatim(out, motion_id=motion.id, side="Con")
    assert result.status is ImportStatus.IMPORTED
    got = [
        (card.tag, debate_cite(card.cite), card.quote, card.highlights, card.notes)
        for card in result.cards
    ]
    assert got == _expected(library, brief)
    assert all(card.side is Side.B and card.motion_id == motion.id for card in result.cards)
    assert fresh.verify() == []
    assert result.brief is not None
    assert result.brief.title == one_line(brief.title, "Untitled brief")
    cards_in_brief = [card_id for section in result.brief.sections for card_id in section.card_ids]
    assert cards_in_brief == [card.id for card in result.cards]


@pytest.mark.parametrize("side", ["A", "B"])
def test_starter_briefs_round_trip(
    starter_library: Library, empty_library: Library, tmp_path: Path, side: str
) -> None:
    brief = starter_library.outline_brief(starter_library.default_motion().id, side)
    _round_trip(starter_library, brief, empty_library, tmp_path, f"starter-{side}.docx")


def test_hostile_library_round_trips(
    empty_library: Library, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with Library.open(tmp_path_factory.mktemp("hostile") / "h.db", starter=False) as hostile:
        _motion, brief = build_hostile_library(hostile)
        _round_trip(hostile, brief, empty_library, tmp_path, "hostile.docx")
    imported = empty_library.cards(kind="evidence")
    assert max(len(card.quote) for card in imported) > 100_000
    assert any("\ufffd" in card.quote for card in imported)


def test_a_verbatim_file_imports_as_cards_with_a_brief(
    empty_library: Library, tmp_path: Path
) -> None:
    motion = empty_library.create_motion("Resolved: sanctuary", "Aff", "Neg")
    path = verbatim_file(tmp_path / "aff.docx")
    result = empty_library.import_verbatim(path, motion_id=motion.id, side="Aff")
    assert result.skipped == 2 and len(result.cards) == 3
    assert "imported 3 cards" in result.message and "2 tags" in result.message
    assert result.source is not None and result.source.title == "Sanctuary file"
    assert result.source.origin == "aff.docx"
    assert empty_library.verify() == []
    assert result.brief is not None and result.brief.title == "AFF – Trust"
    assert [section.title for section in result.brief.sections] == [
        "1AC – Community trust",
        "1AC – Cooperation",
    ]
    # The short-form cite was a guess: the line as written is kept in the notes.
    assert "Cite as written: Hale 18 [Marcus Hale" in result.cards[2].notes
    assert "Cite as written" not in result.cards[0].notes
    hits = empty_library.search("residents report crimes", doc_types=["card"])
    assert [hit.id for hit in hits][:1] == [result.cards[0].id]


def test_import_without_a_motion_and_again(empty_library: Library, tmp_path: Path) -> None:
    path = verbatim_file(tmp_path / "aff.docx")
    result = empty_library.import_verbatim(path)
    assert result.brief is None
    assert all(card.motion_id is None and card.side is Side.A for card in result.cards)
    before = empty_library.counts(), empty_library._store.change_counter()
    again = empty_library.import_verbatim(path)
    assert again.status is ImportStatus.DUPLICATE and "already in the library" in again.message
    assert (empty_library.counts(), empty_library._store.change_counter()) == before


def test_bad_files_change_nothing(starter_library: Library, tmp_path: Path) -> None:
    before = starter_library.counts(), starter_library._store.change_counter()
    notes = tmp_path / "notes.docx"
    notes.write_text("plain text", encoding="utf-8")
    for path in (notes, tmp_path / "gone.docx", tmp_path):
        with pytest.raises(UserError):
            starter_library.import_verbatim(path)
    with pytest.raises(UserError, match="no motion with id 99"):
        starter_library.import_verbatim(verbatim_file(tmp_path / "a.docx"), motion_id=99)
    with pytest.raises(UserError, match="Unknown side"):
        starter_library.import_verbatim(tmp_path / "a.docx", side="X")
    assert (starter_library.counts(), starter_library._store.change_counter()) == before


def test_export_writes_a_stored_brief_or_an_outline(
    starter_library: Library, tmp_path: Path
) -> None:
    motion = starter_library.default_motion()
    brief = starter_library.create_brief(motion.id, "B", "Neg case", outline=True)
    stored = starter_library.export_brief_docx(tmp_path / "neg.docx", brief_id=brief.id)
    outline = starter_library.export_brief_docx(tmp_path / "out" / "neg.docx", side="B")
    assert stored.read_bytes().startswith(b"PK\x03\x04")
    # Same cards and sections; only the title differs.
    assert stored.read_bytes() != outline.read_bytes()
    mla = starter_library.export_brief_docx(tmp_path / "mla.docx", side="B", cite_style="mla")
    assert mla.read_bytes() != outline.read_bytes()


def test_export_refusals(starter_library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(UserError, match="is a folder"):
        starter_library.export_brief_docx(folder)
    with pytest.raises(UserError, match="Unknown citation style"):
        starter_library.export_brief_docx(folder / "b.docx", cite_style="chicago")  # type: ignore[arg-type]
    with pytest.raises(UserError, match="no brief with id 42"):
        starter_library.export_brief_docx(folder / "b.docx", brief_id=42)
    assert list(folder.iterdir()) == []
