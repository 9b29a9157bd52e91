"""Property tests: whatever users type, exports stay well-formed and inert.

Hypothesis replaces every tag, note, quote, highlight, source title, side name and the
resolution of the sample bundle with arbitrary text (leaning on Markdown and HTML syntax and
classic injection strings), and drops arbitrary links. The map must stay a two-column table
with one row per argument, the brief must show each tag as its heading, and no rendered export
(Markdown through Python-Markdown, or the HTML packet) may contain anything executable.
"""

from __future__ import annotations

from dataclasses import replace

from exporter_html import assert_inert, assert_two_column_tables, render
from exporter_samples import sample_brief, sample_bundle
from hypothesis import given, settings
from hypothesis import strategies as st

from debateprep.exporters import render_brief, render_map, render_packet_html, side_rows
from debateprep.records import CardKind, Highlight, LinkRecord, MotionBundle, ReadLevel
from debateprep.text.bundleindex import display_tag
from debateprep.text.markdown_text import collapse_whitespace

BASE = sample_bundle()
ARGUMENTS = sum(card.kind is CardKind.ARGUMENT for card in BASE.cards)

NASTY = st.sampled_from(
    [
        "|", "\n", "\r\n", "\n\n", "`", "``", "#", "# ", "*", "**", "_", "---", "- ", "1. ",
        "> ", "<", ">", "&", "\\", "[", "]", "~~", "^", ":", "=", " ",
        "<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
        "<!-- -->", "<a href='javascript:alert(1)'>x</a>", "&lt;script&gt;", "javascript:",
        "<https://evil.example>", "![i](javascript:alert(1))", "[r]: javascript:alert(1)",
    ]
)  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=20), st.lists(st.one_of(NASTY, st.text(max_size=3)), max_size=6).map("".join)
)
SPANS = st.lists(
    st.builds(Highlight, st.integers(-1, 40), st.integers(-1, 40), st.sampled_from(ReadLevel)),
    max_size=3,
).map(tuple)


@st.composite
def bundles(draw: st.DrawFn, *, card_text: bool = True) -> MotionBundle:
    """The sample with hostile tags, motion and links; with ``card_text`` also notes, quotes,
    highlights and source titles (the map shows none of them, so its test skips the cost).
    """
    cards = tuple(
        replace(
            card,
            tag=draw(TEXT),
            **({"notes": draw(TEXT)} if card_text else {}),
            **(
                {"quote": draw(TEXT), "highlights": draw(SPANS)}
                if card_text and card.is_evidence
                else {}
            ),
        )
        for card in BASE.cards
    )
    sources = tuple(
        replace(source, title=draw(TEXT)) if card_text else source for source in BASE.sources
    )
    motion = replace(BASE.motion, resolution=draw(TEXT), side_a=draw(TEXT), side_b=draw(TEXT))
    links = tuple(link for link in BASE.links if draw(st.booleans()))
    return replace(BASE, motion=motion, cards=cards, sources=sources, links=links)


@settings(max_examples=500, deadline=None)  # issue 5: at least 500 in CI
@given(bundles(card_text=False), st.booleans())
def test_map_stays_a_two_column_inert_table(bundle: MotionBundle, blank: bool) -> None:
    page = assert_inert(render(render_map(bundle, blank_answers=blank)))
    assert_two_column_tables(page, rows=ARGUMENTS)
    assert len(side_rows(bundle)) == ARGUMENTS


@settings(max_examples=120, deadline=None)
@given(bundles())
def test_brief_is_inert_and_shows_every_tag(bundle: MotionBundle) -> None:
    brief = sample_brief()
    page = assert_inert(render(render_brief(brief, bundle)))
    shown = [
        collapse_whitespace(display_tag(bundle.card(card_id)))
        for section in brief.sections
        for card_id in section.card_ids
        if card_id != 999
    ]
    assert [text for level, text in page.headings if level == "h4"] == shown


@settings(max_examples=60, deadline=None)
@given(bundles(), st.sampled_from(["teacher", "worksheet"]))
def test_html_packet_is_inert(bundle: MotionBundle, variant: str) -> None:
    # The source texts are fixed (and checked in test_export_validity): leave them out here,
    # where rendering them would only spend time.
    bundle = replace(bundle, texts={})
    page = assert_inert(render_packet_html(bundle, variant))  # type: ignore[arg-type]
    assert_two_column_tables(page, rows=ARGUMENTS)


@settings(max_examples=20, deadline=None)
@given(st.permutations(BASE.links))
def test_link_order_never_changes_an_export(links: list[LinkRecord]) -> None:
    shuffled = replace(BASE, links=tuple(links))
    assert render_map(shuffled) == render_map(BASE)
    assert render_brief(sample_brief(), shuffled) == render_brief(sample_brief(), BASE)
    assert render_packet_html(shuffled, "teacher") == render_packet_html(BASE, "teacher")
