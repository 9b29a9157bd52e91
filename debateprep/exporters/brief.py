"""A brief as Markdown: one side's cards, sectioned, in Verbatim's heading hierarchy.

The brief's title, motion and side are front lines (bold paragraphs, not headings), so the
headings are exactly Verbatim's Pocket / Hat / Block / Tag: ``#`` pockets, ``##`` hats, ``###``
blocks (each section at its own level), ``####`` each card's tag; then, as its own ``#`` part,
a numbered reference list of the sources the evidence quotes.
"""

from __future__ import annotations

from debateprep.records import BriefRecord, MotionBundle, SourceRecord
from debateprep.text import citations  # module import: citations itself imports markdown_text
from debateprep.text.bundleindex import BundleIndex, side_label
from debateprep.text.cardtext import card_blocks
from debateprep.text.markdown_text import (
    STRONG,
    collapse_whitespace,
    document,
    escape_inline,
    heading,
)


def _references(quoted: list[SourceRecord], cite_style: citations.CiteStyle) -> list[str]:
    if not quoted:
        return []
    items = [
        f"{n}. {citations.format_reference(source, cite_style)}"
        for n, source in enumerate(quoted, 1)
    ]
    return [heading(1, citations.REFERENCES_HEADING[cite_style]), "\n".join(items)]


def front_lines(brief: BriefRecord, bundle: MotionBundle) -> list[str]:
    """The brief's title, motion and side as bold-led paragraphs above the first heading."""
    return [
        f"{STRONG}{escape_inline(collapse_whitespace(brief.title) or 'Untitled brief')}{STRONG}",
        "**Motion:** " + escape_inline(collapse_whitespace(bundle.motion.resolution) or "Untitled"),
        "**Side:** " + escape_inline(side_label(bundle.motion, brief.side)),
    ]


def render_brief(
    brief: BriefRecord, bundle: MotionBundle, *, cite_style: citations.CiteStyle = "debate"
) -> str:
    """The brief's Markdown, cites in ``cite_style``; cards missing from the bundle are left out."""
    index = BundleIndex.of(bundle)
    blocks = front_lines(brief, bundle)
    quoted: dict[int, SourceRecord] = {}  # by first appearance
    for section in brief.sections:
        blocks.append(heading(section.level.value, section.title, "Untitled section"))
        for position, card_id in enumerate(section.card_ids):
            card = index.cards.get(card_id)
            if card is None:
                continue
            # A section opened by its own claim (the default outline) states the tag once.
            repeated = position == 0 and not card.is_evidence and card.tag == section.title
            blocks += card_blocks(card, index, with_tag=not repeated, cite_style=cite_style)
            source = index.source_of(card)
            if card.is_evidence and source is not None:
                quoted.setdefault(source.id, source)
    blocks += _references(list(quoted.values()), cite_style)
    return document(blocks)
