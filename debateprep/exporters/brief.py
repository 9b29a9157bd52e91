"""A brief as Markdown: one side's cards, sectioned, in Verbatim's heading hierarchy.

``#`` the motion, ``##`` the brief, ``###`` its sections, ``####`` each card's tag (Verbatim's
Pocket / Hat / Block / Tag), then a numbered reference list of the sources the evidence quotes.
"""

from __future__ import annotations

from debateprep.records import BriefRecord, MotionBundle, SourceRecord
from debateprep.text import citations  # module import: citations itself imports markdown_text
from debateprep.text.bundleindex import BundleIndex, side_label
from debateprep.text.cardtext import card_blocks
from debateprep.text.markdown_text import document, escape_inline, heading


def _references(quoted: list[SourceRecord], cite_style: citations.CiteStyle) -> list[str]:
    if not quoted:
        return []
    items = [
        f"{n}. {citations.format_reference(source, cite_style)}"
        for n, source in enumerate(quoted, 1)
    ]
    return [heading(2, citations.REFERENCES_HEADING[cite_style]), "\n".join(items)]


def render_brief(
    brief: BriefRecord, bundle: MotionBundle, *, cite_style: citations.CiteStyle = "debate"
) -> str:
    """The brief's Markdown, cites in ``cite_style``; cards missing from the bundle are left out."""
    index = BundleIndex.of(bundle)
    blocks = [
        heading(1, bundle.motion.resolution, "Untitled motion"),
        "**Side:** " + escape_inline(side_label(bundle.motion, brief.side)),
        heading(2, brief.title, "Untitled brief"),
    ]
    quoted: dict[int, SourceRecord] = {}  # by first appearance
    for section in brief.sections:
        blocks.append(heading(3, section.title, "Untitled section"))
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
