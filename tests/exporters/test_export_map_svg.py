"""The map picture: a golden SVG, valid XML, every card drawn, hostile text inert, text fits."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from golden_support import Golden

from debateprep.exporters import side_rows
from debateprep.exporters.map_svg import COLUMN, PAD, TAG, render_map_svg, text_width, wrap
from debateprep.records import CardKind, MotionBundle
from debateprep.text.bundleindex import display_tag

SVG = "{http://www.w3.org/2000/svg}"


def test_map_svg_matches_golden_file(bundle: MotionBundle, golden: Golden) -> None:
    golden("map.svg", render_map_svg(bundle))


def test_map_svg_is_valid_xml_with_every_card(bundle: MotionBundle) -> None:
    root = ET.fromstring(render_map_svg(bundle).encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    assert root.attrib["viewBox"] == f"0 0 {root.attrib['width']} {root.attrib['height']}"
    titles = [element.text or "" for element in root.iter(f"{SVG}title")]
    placed = {card.id: card for row in side_rows(bundle) for card in row.left + row.right}
    for card in placed.values():
        assert display_tag(card) in titles
    drawn = " ".join(element.text or "" for element in root.iter(f"{SVG}text"))
    unlinked = [
        card for card in bundle.cards
        if card.kind is CardKind.COUNTERARGUMENT and card.id not in placed
    ]  # fmt: skip
    for card in unlinked:
        assert display_tag(card) in drawn
    # Everything drawn stays on the canvas.
    for element in root.iter(f"{SVG}rect"):
        x, y = float(element.attrib["x"]), float(element.attrib["y"])
        assert x >= 0 and x + float(element.attrib["width"]) <= width
        assert y >= 0 and y + float(element.attrib["height"]) <= height
    ids = [element.attrib["id"] for element in root.iter() if "id" in element.attrib]
    assert len(ids) == len(set(ids))


def test_map_svg_keeps_hostile_text_inert(bundle: MotionBundle) -> None:
    text = render_map_svg(bundle)
    root = ET.fromstring(text.encode("utf-8"))
    assert not [element for element in root.iter() if "script" in element.tag.lower()]
    assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "href" not in text and "<image" not in text and "url(" not in text


def test_map_svg_draws_an_arrow_per_answer_in_a_row(bundle: MotionBundle) -> None:
    root = ET.fromstring(render_map_svg(bundle).encode("utf-8"))
    arrows = len(list(root.iter(f"{SVG}polygon")))
    links = {(link.from_id, link.to_id) for link in bundle.links if link.kind == "answers"}
    expected = sum(
        1
        for row in side_rows(bundle)
        for card in row.left + row.right
        for other in row.left + row.right
        if (card.id, other.id) in links
    )
    assert arrows == expected > 0


def test_map_svg_is_deterministic_and_follows_the_cite_style(bundle: MotionBundle) -> None:
    assert render_map_svg(bundle) == render_map_svg(replace(bundle, links=bundle.links[::-1]))
    assert "Evidence: Okafor 19" in render_map_svg(bundle)
    assert "Evidence: Okafor &amp; Chen, 2019" in render_map_svg(bundle, cite_style="apa")
    assert "Evidence: Okafor and Chen" in render_map_svg(bundle, cite_style="mla")


def test_map_svg_of_an_empty_motion(bundle: MotionBundle) -> None:
    empty = replace(bundle, cards=(), links=())
    root = ET.fromstring(render_map_svg(empty).encode("utf-8"))
    assert "No arguments yet." in [element.text for element in root.iter(f"{SVG}text")]


@pytest.mark.parametrize(
    "text",
    [
        "Sanctuary policies release dangerous criminals back into the community.",
        "https://example.org/a/very/long/path/that/cannot/break/at/a/space/anywhere/at/all",
        "ＣＪＫ全角文字の長いタグはどこでも折り返す必要があります" * 3,
        "e\u0301t\u00e9 " * 40,
    ],
)
def test_wrap_fits_the_column(text: str) -> None:
    width = COLUMN - 2 * PAD
    lines = wrap(text, width, TAG)
    assert lines and all(text_width(line, TAG) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_wrap_of_blank_text_is_empty() -> None:
    assert wrap(" \n\t", 100, TAG) == []
