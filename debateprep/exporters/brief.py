"""A brief as Markdown: one side's cards, sectioned, in Verbatim's heading hierarchy.

``#`` the motion, ``##`` the brief, ``###`` its sections, ``####`` each card's tag (Verbatim's
Pocket / Hat / Block / Tag), then a numbered reference list of the sources the evidence quotes.
"""

from __future__ import annotations

from debateprep import citations  # module import: citations itself imports markdown_text
from debateprep.exporters.bundleindex import BundleIndex, side_label
from debateprep.exporters.cardtext import card_blocks
from debateprep.exporters.markdown_text import document, escape_inline, heading
from debateprep.records import BriefRecord, MotionBundle, SourceRecord


def _references(quoted: list[SourceRecord]) -> list[str]:
    if not quoted:
        return []
    items = [f"{n}. {citations.full_reference(source)}" for n, source in enumerate(quoted, 1)]
    return [heading(2, "References"), "\n".join(items)]


def render_brief(brief: BriefRecord, bundle: MotionBundle) -> str:
    """The brief's Markdown; cards missing from the bundle are left out."""
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
            blocks += card_blocks(card, index, with_tag=not repeated)
            source = index.source_of(card)
            if card.is_evidence and source is not None:
                quoted.setdefault(source.id, source)
    blocks += _references(list(quoted.values()))
    return document(blocks)
