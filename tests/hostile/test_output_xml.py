"""XML-based exports take any Unicode text (issue 10): SVG map, PNG map, Word brief, PDF.

A tag holding a C0 control character made the SVG map invalid XML and the PNG export crash.
Hypothesis puts arbitrary text (st.text(), plus the characters XML 1.0 forbids, lone
surrogates included) into every field those exports show.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debateprep.exporters.map_svg import render_map_svg
from debateprep.exporters.verbatim_docx import render_brief_docx
from debateprep.facade.library import Library
from debateprep.records import BriefRecord, Cite, MotionBundle

FORBIDDEN = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]]
FORBIDDEN += ["\ufffe", "\uffff", "\ud800", "\udfff", "\x7f", "\x85", "\u2028", "\u202e"]
TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(FORBIDDEN), st.text(max_size=3)), max_size=8).map("".join),
)


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MotionBundle, BriefRecord]]:
    folder = tmp_path_factory.mktemp("xml")
    with Library.open(folder / "library.db") as library:
        motion = library.default_motion()
        brief = library.outline_brief(motion.id, "A")
        cards = {card_id for section in brief.sections for card_id in section.card_ids}
        yield library.motion_bundle(motion.id, extra_card_ids=cards), brief


@st.composite
def hostile(draw: st.DrawFn, bundle: MotionBundle) -> MotionBundle:
    """``bundle`` with arbitrary text in the motion, every tag and note, and every cite.

    A pool of drawn texts is dealt round the fields: drawing one text per field of every
    card of the starter map (82 cards) outgrew what Hypothesis can generate per example.
    """
    pool = draw(st.lists(TEXT, min_size=1, max_size=16))
    dealt = iter(range(10**9))

    def text() -> str:
        return pool[next(dealt) % len(pool)]

    motion = replace(bundle.motion, resolution=text(), side_a=text(), side_b=text())
    cards = tuple(
        replace(
            card,
            tag=text(),
            notes=text(),
            cite=Cite(author=text(), date=text(), title=text()),
        )
        for card in bundle.cards
    )
    sources = tuple(replace(source, title=text()) for source in bundle.sources)
    return replace(bundle, motion=motion, cards=cards, sources=sources)


def _parses(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_map_svg_is_xml_whatever_the_text(
    starter: tuple[MotionBundle, BriefRecord], data: st.DataObject
) -> None:
    bundle = data.draw(hostile(starter[0]))
    root = _parses(render_map_svg(bundle))
    assert root.tag.endswith("svg")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_map_png_renders_whatever_the_text(
    qapp: object, starter: tuple[MotionBundle, BriefRecord], data: st.DataObject
) -> None:
    from debateprep.render.map_png import render_map_image

    bundle = data.draw(hostile(starter[0]))
    image = render_map_image(render_map_svg(bundle), scale=0.5)
    assert not image.isNull() and image.width() == 500


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_word_brief_opens_whatever_the_text(
    starter: tuple[MotionBundle, BriefRecord], data: st.DataObject
) -> None:
    bundle, brief = starter
    hostile_bundle = data.draw(hostile(bundle))
    brief = replace(brief, title=data.draw(TEXT))
    document = docx.Document(io.BytesIO(render_brief_docx(brief, hostile_bundle)))
    assert document.paragraphs


def test_svg_and_png_exports_of_a_library_with_control_characters(
    qapp: object, tmp_path: Path
) -> None:
    """The case from the issue, end to end: a tag with C0 characters, exported as SVG/PNG."""
    from debateprep.render.map_png import write_map_png

    with Library.open(tmp_path / "lib" / "library.db") as library:
        motion = library.default_motion()
        library.create_card(
            "argument", "A", "Bell\x07 tab\x01 esc\x1b[2J vt\x0b ff\x0c end", motion_id=motion.id
        )
        library.edit_motion(motion.id, resolution="Resolved:\x00 nul\x1f")
        svg = library.render_map_as(motion.id, "svg")
        root = _parses(svg)
        assert any("Bell" in (element.text or "") for element in root.iter())
        out = library.export_map_as(tmp_path / "map.svg", "svg")
        _parses(out.read_text(encoding="utf-8"))
        png = write_map_png(svg, tmp_path / "map.png", library_db=library.path)
        assert png.read_bytes().startswith(b"\x89PNG")
        docx_out = library.export_brief_docx(tmp_path / "brief.docx", motion_id=motion.id)
        assert docx.Document(str(docx_out)).paragraphs


def test_pdf_metadata_is_xml_whatever_the_title(qapp: object) -> None:
    import datetime
    import uuid

    from debateprep.render.pdf_export import _xmp

    xmp = _xmp("a\x01b\ufffe<c>&", datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC), uuid.uuid4())
    start, end = xmp.index(b"<x:xmpmeta"), xmp.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    root = ET.fromstring(xmp[start:end])
    assert "ab<c>&" in "".join(root.itertext())
