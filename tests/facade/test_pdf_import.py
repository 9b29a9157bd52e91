"""Importing a PDF through the library: pages stored, cards cite their pages in every export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from debateprep.facade.library import Library
from debateprep.records import ImportStatus

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return Path(shutil.copyfile(FIXTURES / "report.pdf", tmp_path / "report.pdf"))


def test_a_card_across_a_page_break_cites_both_pages_in_markdown(
    empty_library: Library, report: Path
) -> None:
    library = empty_library
    outcome = library.import_document(report)
    assert outcome.status is ImportStatus.IMPORTED and outcome.source is not None
    source = library.source(outcome.source.id)
    assert source.page_labels == ("1", "2") and source.page_starts[0] == 0
    text = library.source_text(source.id)
    page_two = source.page_starts[1]
    start = text.rindex("Counties with written policies", 0, page_two)
    end = page_two + len("found unlawful")
    motion = library.create_motion("Counties should honour detainers", "Pro", "Con")
    card = library.cut_card(
        source.id,
        start,
        end,
        tag="Holds without policies are unlawful",
        side="B",
        motion_id=motion.id,
    )
    assert card.quote == text[start:end]  # quote integrity: the stored text at the span
    assert card.cite.pages == "pp. 1–2"
    assert library.card(card.id).cite.pages == "pp. 1–2"
    brief = library.create_brief(motion.id, "B", "Detainers")
    library.send_to_brief(card.id, brief.id)
    exported = library.export_brief(report.parent / "brief.md", brief_id=brief.id)
    assert "Center for Border Policy" not in exported.read_text(encoding="utf-8")
    assert "pp. 1–2" in exported.read_text(encoding="utf-8")
    mla = library.render_map(motion.id, cite_style="mla")
    assert "1–2" in mla
    apa, _html = library.render_packet(motion.id, cite_style="apa")
    assert "pp. 1–2" in apa
    one_page = library.cut_card(
        source.id,
        page_two + 1,
        page_two + 40,
        tag="Second page only",
        side="B",
        motion_id=motion.id,
    )
    assert one_page.cite.pages == "p. 2"


def test_printed_page_numbers_reach_the_cite(empty_library: Library, tmp_path: Path) -> None:
    path = Path(shutil.copyfile(FIXTURES / "law_review.pdf", tmp_path / "law_review.pdf"))
    outcome = empty_library.import_document(path)
    assert outcome.source is not None
    source = empty_library.source(outcome.source.id)
    assert source.page_labels == ("1043", "1044", "1045", "1046")
    start = source.page_starts[2] + 5
    card = empty_library.cut_card(source.id, start, start + 30, tag="Third page", side="A")
    assert card.cite.pages == "p. 1045"
    listed = empty_library.cards()
    assert [found.cite.pages for found in listed] == ["p. 1045"]


def test_a_text_source_has_no_pages_and_replacing_a_pdf_text_drops_them(
    empty_library: Library, report: Path
) -> None:
    plain = empty_library.add_source("A plain pasted article about detainers.")
    card = empty_library.cut_card(plain.id, 0, 7, tag="Plain", side="A")
    assert card.cite.pages == "" and plain.page_starts == ()
    outcome = empty_library.import_document(report)
    assert outcome.source is not None
    changed = empty_library.set_source_text(outcome.source.id, "New text entirely.")
    assert changed.page_starts == () and changed.page_labels == ()
