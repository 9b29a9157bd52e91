"""The Verbatim .docx brief (issue 6, part 1): golden dumps, structure as Verbatim expects it,
Verbatim's styles, repeatable bytes, and hostile text that XML cannot hold.

The golden files keep a dump of the document (see ``tests/docx_support.py``), not its bytes,
so a diff shows what changed. Refresh them on purpose with::

    DEBATEPREP_UPDATE_GOLDEN=1 python -m pytest tests/exporters/test_export_verbatim_docx.py
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import replace

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from docx.text.paragraph import Paragraph
from docx_support import dump_docx
from exporter_samples import sample_brief
from golden_support import Golden

from debateprep.exporters.verbatim_docx import one_line, render_brief_docx, word_safe
from debateprep.facade.library import Library
from debateprep.importers.verbatim_docx import parse_verbatim_docx
from debateprep.records import (
    BriefRecord,
    BriefSectionRecord,
    CardKind,
    CardRecord,
    Cite,
    Highlight,
    MotionBundle,
    Side,
    SourceRecord,
)
from debateprep.text.bundleindex import BundleIndex, display_tag
from debateprep.text.cardtext import NO_CITATION
from debateprep.text.citations import CiteStyle, cite_parts, debate_cite, last_name, short_year

SAMPLE_BRIEF_EVIDENCE = (14, 15, 16, 14)  # the sample brief's evidence, in brief order


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Where Word paragraphs begin and end in a quote: the export splits at each "\\n\\n"."""
    spans, start = [], 0
    for piece in text.split("\n\n"):
        spans.append((start, start + len(piece)))
        start += len(piece) + 2
    return spans


def _style_id(paragraph: Paragraph) -> str | None:
    """The paragraph's style id; None is Normal. (``paragraph.style`` resolves the default
    style on every call, seconds over a long quote.)"""
    style: str | None = paragraph._p.style
    return style


def check_structure(data: bytes, brief: BriefRecord, bundle: MotionBundle) -> int:
    """Every evidence card of the brief, in order: its tag as a Heading 4, the debate cite in
    the very next paragraph with the Cite style on exactly the last name and the year, then
    the card text whose underlined, highlighted runs are exactly the read-aloud parts.

    Returns how many cards it checked.
    """
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    index = BundleIndex.of(bundle)
    position = 0
    checked = 0
    for section in brief.sections:
        for card_id in section.card_ids:
            card = index.cards.get(card_id)
            if card is None or not card.is_evidence:
                continue
            tag = one_line(display_tag(card), "Untitled card")
            while not (
                _style_id(paragraphs[position]) == "Heading4" and paragraphs[position].text == tag
            ):
                position += 1
            cite = index.cite_of(card)
            parts = cite_parts(cite, "debate")
            text, bold = word_safe(parts.text, parts.bold)
            line = paragraphs[position + 1]
            assert _style_id(line) is None  # Normal
            cited = [run.text for run in line.runs if run.element.style == "Cite"]
            if text:
                assert line.text == text
                assert cited == [text[start:end] for start, end in bold]
                if cite.speaker:
                    # "Thomas **Homan**, …, quoted in **Kraychik 17**": the speaker leads.
                    assert cited[0].endswith(last_name(cite.speaker))
                    assert last_name(cite.author) in cited[1]
                elif last_name(cite.author):
                    assert cited[0].endswith(last_name(cite.author))
                if short_year(cite.date):
                    assert cited[-1].endswith(short_year(cite.date))
            else:
                assert line.text == NO_CITATION and cited == [NO_CITATION]
            body = []
            position += 2
            while position < len(paragraphs) and _style_id(paragraphs[position]) is None:
                body.append(paragraphs[position])
                position += 1
            quote, read = word_safe(card.quote, [(m.start, m.end) for m in card.highlights])
            assert "\n\n".join(paragraph.text for paragraph in body) == quote
            marked = [
                run.text
                for paragraph in body
                for run in paragraph.runs
                if run.font.highlight_color is not None or run.element.style is not None
            ]
            for paragraph in body:
                for run in paragraph.runs:
                    assert run.font.size is None  # unread text stays at normal size
                    if run.font.highlight_color is not None:
                        assert run.font.highlight_color == WD_COLOR_INDEX.YELLOW
                        assert run.element.style == "Underline"
            wanted = [
                quote[max(s, start) : min(e, end)]
                for start, end in _paragraph_spans(quote)
                for s, e in read
                if max(s, start) < min(e, end)
            ]
            assert marked == wanted
            checked += 1
    return checked


def test_sample_brief_matches_golden_dump(bundle: MotionBundle, golden: Golden) -> None:
    golden("brief_verbatim.txt", dump_docx(render_brief_docx(sample_brief(), bundle)))


def test_starter_brief_matches_golden_dump(starter_library: Library, golden: Golden) -> None:
    motion = starter_library.default_motion()
    brief = starter_library.outline_brief(motion.id, "A")
    golden("brief_verbatim_starter.txt", dump_docx(starter_library.render_brief_docx(brief)))


def test_every_tag_cite_and_highlight_where_it_belongs(bundle: MotionBundle) -> None:
    brief = sample_brief()
    assert check_structure(render_brief_docx(brief, bundle), brief, bundle) == 4


@pytest.mark.parametrize("side", ["A", "B"])
def test_starter_briefs_have_every_card_in_place(starter_library: Library, side: str) -> None:
    motion = starter_library.default_motion()
    brief = starter_library.outline_brief(motion.id, side)
    cards = {card_id for section in brief.sections for card_id in section.card_ids}
    bundle = starter_library.motion_bundle(motion.id, extra_card_ids=cards)
    data = starter_library.render_brief_docx(brief)
    index = BundleIndex.of(bundle)
    evidence = sum(
        index.cards[card_id].is_evidence for s in brief.sections for card_id in s.card_ids
    )
    assert check_structure(data, brief, bundle) == evidence > 10


def test_verbatim_styles(bundle: MotionBundle) -> None:
    styles = docx.Document(io.BytesIO(render_brief_docx(sample_brief(), bundle))).styles
    cite = styles["Cite"]
    assert cite.type == WD_STYLE_TYPE.CHARACTER
    assert cite.base_style.name == "Default Paragraph Font"
    assert cite.font.bold is True and cite.font.size.pt == 13
    underline = styles["Underline"]
    assert underline.type == WD_STYLE_TYPE.CHARACTER and underline.font.underline is True
    for level, alias in enumerate(("Pocket", "Hat", "Block", "Tag"), start=1):
        heading = styles[f"Heading {level}"]
        aliases = heading.element.find(docx.oxml.ns.qn("w:aliases"))
        assert aliases.get(docx.oxml.ns.qn("w:val")) == alias
        outline = heading.element.pPr.find(docx.oxml.ns.qn("w:outlineLvl"))
        assert outline.get(docx.oxml.ns.qn("w:val")) == str(level - 1)
        assert heading.font.bold is True and not heading.font.italic


def test_same_input_same_bytes(bundle: MotionBundle) -> None:
    brief = sample_brief()
    first = render_brief_docx(brief, bundle)
    shuffler = random.Random(6)
    for _ in range(3):
        links = list(bundle.links)
        shuffler.shuffle(links)
        assert render_brief_docx(brief, replace(bundle, links=tuple(links))) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    properties = docx.Document(io.BytesIO(first)).core_properties
    assert properties.created is None and properties.modified is None
    assert properties.title == brief.title and properties.author == "DebatePrep"


@pytest.mark.parametrize("style", ["mla", "apa"])
def test_other_cite_styles_use_italics_not_the_cite_style(
    bundle: MotionBundle, style: CiteStyle
) -> None:
    brief = sample_brief()
    document = docx.Document(io.BytesIO(render_brief_docx(brief, bundle, cite_style=style)))
    paragraphs = document.paragraphs
    index = BundleIndex.of(bundle)
    card = index.cards[14]
    tag = next(i for i, p in enumerate(paragraphs) if p.text == card.tag)
    line = paragraphs[tag + 1]
    parts = cite_parts(index.cite_of(card), style)
    assert line.text == parts.text
    assert [run.text for run in line.runs if run.italic] == [
        parts.text[start:end] for start, end in parts.italic
    ]
    assert not [run for run in line.runs if run.style.name == "Cite"]


def test_word_safe_replaces_what_xml_cannot_hold_and_moves_spans() -> None:
    text = "a\r\nb\rc\x00d\ud800e\ufffe\x0b\tf\n"
    safe, spans = word_safe(text, [(0, 4), (3, 5), (2, 3), (5, 8)])
    assert safe == "a\nb\nc\ufffdd\ufffde\ufffd\ufffd\tf\n"
    assert spans == ((0, 3), (2, 4), (4, 7))  # (2, 3) held only the "\n" of "\r\n": gone
    assert safe[0:3] == "a\nb" and safe[4:7] == "c\ufffdd"
    assert word_safe("plain") == ("plain", ())


def _hostile_bundle(bundle: MotionBundle) -> tuple[BriefRecord, MotionBundle]:
    """The sample bundle plus cards whose text, cite and tag hold what XML cannot."""
    nasty = "\x00\x01\x08\x0b\x0c\x1f\ud800\udfff\ufffe\uffff"
    long_quote = " ".join(f"w{n}" for n in range(20_000))
    quote = f"Bad {nasty} chars\r\nand\r\n\r\nmore {nasty} here"
    cards = (
        CardRecord(
            id=100,
            kind=CardKind.EVIDENCE,
            side=Side.B,
            tag=f"Tag {nasty} <w:p/>",
            motion_id=1,
            source_id=9,
            start=0,
            end=len(quote),
            quote=quote,
            highlights=(Highlight(0, 6), Highlight(15, 26), Highlight(30, 36)),
            cite=Cite(author=f"Ann {nasty} Lee", date=f"2020 {nasty}", title=f"T {nasty}"),
            notes=f"Notes {nasty}",
        ),
        CardRecord(
            id=101,
            kind=CardKind.EVIDENCE,
            side=Side.B,
            tag="A very long quote",
            motion_id=1,
            source_id=9,
            start=0,
            end=len(long_quote),
            quote=long_quote,
            highlights=tuple(Highlight(n, n + 2) for n in range(0, len(long_quote) - 2, 97)),
        ),
        CardRecord(
            id=102,
            kind=CardKind.EVIDENCE,
            side=Side.B,
            tag="No citation at all",
            motion_id=1,
            source_id=10,
            start=0,
            end=5,
            quote="Quote",
        ),
    )
    sources = (
        SourceRecord(id=9, title=f"Source {nasty}"),
        SourceRecord(id=10, title=""),
    )
    hostile = replace(
        bundle,
        motion=replace(bundle.motion, resolution=f"Resolved {nasty}", side_b=nasty),
        cards=bundle.cards + cards,
        sources=bundle.sources + sources,
    )
    brief = BriefRecord(
        id=1,
        motion_id=1,
        side=Side.B,
        title=f"Brief {nasty}",
        sections=(BriefSectionRecord(id=1, title=f"Block {nasty}", card_ids=(100, 101, 102)),),
    )
    return brief, hostile


def test_hostile_text_is_replaced_not_fatal(bundle: MotionBundle) -> None:
    brief, hostile = _hostile_bundle(bundle)
    data = render_brief_docx(brief, hostile)
    assert check_structure(data, brief, hostile) == 3
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "\ufffd" in text and "\x00" not in text and "\ud800" not in text
    assert NO_CITATION in text
    assert render_brief_docx(brief, hostile) == data


def test_our_export_reads_back_exactly(bundle: MotionBundle) -> None:
    brief = sample_brief()
    document = parse_verbatim_docx(render_brief_docx(brief, bundle), "brief.docx")
    index = BundleIndex.of(bundle)
    assert document.title == brief.title  # the Title paragraph, not the first heading
    assert document.skipped == 4  # claims: a tag, notes and "Answers:" but no cite
    assert len(document.cards) == len(SAMPLE_BRIEF_EVIDENCE)
    for card_id, found in zip(SAMPLE_BRIEF_EVIDENCE, document.cards, strict=True):
        card = index.cards[card_id]
        assert found.tag == card.tag
        assert found.cite_exact
        assert debate_cite(found.cite) == debate_cite(index.cite_of(card))
        assert cite_parts(found.cite, "debate") == cite_parts(index.cite_of(card), "debate")
        assert found.quote == card.quote
        assert found.highlights == card.highlights
        assert found.notes == card.notes
        assert document.text[found.start : found.end] == found.quote
