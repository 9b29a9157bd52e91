"""Every export of the sample bundle renders to well-formed, inert HTML that shows user text.

Rendered as the packet renders it (Python-Markdown with GFM tables): map tables keep one header
row and two cells per row, no element or attribute could run code, and the hostile strings
planted in the sample appear to the reader as literal text.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from exporter_html import assert_inert, assert_two_column_tables, render
from exporter_samples import HOSTILE, sample_brief

from debateprep.exporters import (
    render_brief,
    render_map,
    render_packet_html,
    render_packet_markdown,
)
from debateprep.records import CardKind, MotionBundle

MARKDOWN_EXPORTS: dict[str, Callable[[MotionBundle], str]] = {
    "brief": lambda bundle: render_brief(sample_brief(), bundle),
    "map": render_map,
    "map worksheet": lambda bundle: render_map(bundle, blank_answers=True),
    "packet teacher": lambda bundle: render_packet_markdown(bundle, "teacher"),
    "packet worksheet": lambda bundle: render_packet_markdown(bundle, "worksheet"),
}
# Which hostile strings each export carries (the brief does not quote the reader comment...).
CARRIES: dict[str, tuple[str, ...]] = {
    "brief": HOSTILE,
    "map": HOSTILE[:1],
    "map worksheet": HOSTILE[:1],
    "packet teacher": HOSTILE,
    "packet worksheet": HOSTILE,
}


def _arguments(bundle: MotionBundle) -> int:
    return sum(card.kind is CardKind.ARGUMENT for card in bundle.cards)


@pytest.mark.parametrize("name", sorted(MARKDOWN_EXPORTS))
def test_markdown_export_renders_inert_and_literal(name: str, bundle: MotionBundle) -> None:
    page = assert_inert(render(MARKDOWN_EXPORTS[name](bundle)))
    for hostile in CARRIES[name]:
        assert hostile in page.text
    if name != "brief":
        assert_two_column_tables(page, rows=_arguments(bundle))
    else:
        assert not page.tables


@pytest.mark.parametrize("variant", ["teacher", "worksheet"])
def test_html_packet_is_a_complete_inert_page(
    variant: str, bundle: MotionBundle, packet_css: str
) -> None:
    html = render_packet_html(bundle, variant, packet_css)  # type: ignore[arg-type]
    assert html.startswith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    assert html.endswith("</body>\n</html>\n")
    assert f"<style>\n{packet_css.strip()}\n</style>" in html
    page = assert_inert(html)
    assert page.elements.count("html") == page.elements.count("body") == 1
    assert page.elements.count("title") == page.elements.count("style") == 1
    assert_two_column_tables(page, rows=_arguments(bundle))
    for hostile in HOSTILE:
        assert hostile in page.text


def test_hostile_resolution_stays_text_in_the_html_title(bundle: MotionBundle) -> None:
    motion = bundle.motion
    hostile = MotionBundle(
        motion=type(motion)(motion.id, "</title><script>alert(1)</script>", "A", "B"),
        cards=bundle.cards,
        links=bundle.links,
        sources=bundle.sources,
        texts=bundle.texts,
    )
    html = render_packet_html(hostile, "teacher")
    assert "<title>Classroom packet: &lt;/title&gt;&lt;script&gt;" in html
    assert_inert(html)
