"""How one card reads in a Markdown document: tag heading, cite line, quote, notes, answers.

Briefs and the packet's evidence appendix lay cards out the same way (Verbatim's tag / cite /
card text), so the pieces live here and both call them. Highlights are marked ``**bold**``:
valid CommonMark that renders everywhere, where ``<mark>`` and ``==...==`` do not; emphasis
and underline follow :mod:`debateprep.text.readmarks`.
"""

from __future__ import annotations

from debateprep.records import CardRecord
from debateprep.text import citations  # module import: citations itself imports markdown_text
from debateprep.text.bundleindex import BundleIndex, display_tag
from debateprep.text.markdown_text import escape_inline, heading, marked_paragraphs
from debateprep.text.readmarks import leveled_paragraphs

NO_CITATION = "⚠ No citation"


def tag_heading(card: CardRecord, level: int = 4) -> str:
    """The tag as a heading (Verbatim's Heading 4 by default)."""
    return heading(level, display_tag(card))


def cite_line(
    card: CardRecord, index: BundleIndex, cite_style: citations.CiteStyle = "debate"
) -> str:
    """The card's cite line (Verbatim's by default), or a warning when it has no citation."""
    return citations.format_cite(index.cite_of(card), cite_style) or NO_CITATION


def quote_block(card: CardRecord) -> str:
    """The quote as a blockquote, read-aloud levels marked, paragraph breaks kept.

    Empty when the card has no quote.
    """
    lines = leveled_paragraphs(card.quote, card.highlights)
    return "\n>\n".join("> " + line for line in lines)


def notes_blocks(card: CardRecord) -> list[str]:
    """The notes as paragraphs: the warrant of a claim; an italic "Note:" on evidence."""
    lines = marked_paragraphs(card.notes)
    if card.is_evidence and lines:
        lines[0] = "*Note:* " + lines[0]
    return lines


def answers_line(card: CardRecord, index: BundleIndex) -> str:
    """``*Answers:* <tag>; <tag>`` for a card that answers others, else empty."""
    answered = index.answers(card.id)
    if not answered:
        return ""
    return "*Answers:* " + "; ".join(escape_inline(display_tag(other)) for other in answered)


def card_blocks(
    card: CardRecord,
    index: BundleIndex,
    level: int = 4,
    *,
    with_tag: bool = True,
    cite_style: citations.CiteStyle = "debate",
) -> list[str]:
    """A whole card: tag, then cite and quote for evidence, notes, what it answers.

    ``with_tag=False`` leaves out the tag heading where the heading above already says it.
    """
    blocks = [tag_heading(card, level)] if with_tag else []
    if card.is_evidence:
        blocks += [cite_line(card, index, cite_style), quote_block(card)]
    blocks += notes_blocks(card)
    blocks.append(answers_line(card, index))
    return [block for block in blocks if block]
