"""The argument map: each argument side by side with what answers it, as rows and as Markdown.

``side_rows`` is the one definition of the map's layout; the window's two-column view and the
GFM table of ``render_map`` (and of the classroom packet) are both drawn from it. Side A's cards
are always in the left column and side B's in the right one.
"""

from __future__ import annotations

from dataclasses import dataclass

from debateprep.exporters.mermaid import mermaid_blocks
from debateprep.records import CardKind, CardRecord, MotionBundle, Side
from debateprep.text import citations  # module import: citations itself imports markdown_text
from debateprep.text.bundleindex import BundleIndex, display_tag, side_label
from debateprep.text.markdown_text import document, escape_cell, escape_inline, heading, strong

UNANSWERED = "⚠ Unanswered"
NO_EVIDENCE = "⚠ No evidence"
# A fill-in cell for the worksheet: escaped underscores (a bare run of "_" would parse as
# emphasis) wrapped in a span the packet stylesheet makes tall enough to write in.
BLANK_LINE = "\\_" * 24
BLANK_CELL = '<span class="answer-blank">✎ Your answer:' + f"<br>{BLANK_LINE}" * 3 + "</span>"
LEGEND = (
    "Each numbered row sets an argument beside the counterarguments that answer it. "
    f"{UNANSWERED}: nobody answers the argument yet. "
    f"{NO_EVIDENCE}: no evidence card supports the claim."
)
WORKSHEET_LEGEND = (
    "Each numbered row sets an argument beside a blank cell: write in the counterarguments that "
    f"answer it, and the evidence that supports them. {NO_EVIDENCE}: no evidence card "
    "supports the claim."
)


@dataclass(frozen=True, slots=True)
class MapRow:
    """One row of the map: an argument (the anchor) and the answers around it.

    The anchor comes first in its side's cell. The other cells hold the counterarguments that
    answer it, then, alternating sides, the counterarguments answering those.
    """

    left: tuple[CardRecord, ...]  # side A's cards
    right: tuple[CardRecord, ...]  # side B's cards
    anchor_side: Side

    @property
    def anchor(self) -> CardRecord:
        return (self.left if self.anchor_side is Side.A else self.right)[0]

    def cell(self, side: Side) -> tuple[CardRecord, ...]:
        return self.left if side is Side.A else self.right


def _row(anchor: CardRecord, index: BundleIndex) -> MapRow:
    """Collect the chain of answers to ``anchor``, breadth first, each level in map order."""
    found = [anchor]
    seen = {anchor.id}
    frontier = [anchor]
    while frontier:
        next_frontier: list[CardRecord] = []
        for card in frontier:
            for answer in index.answered_by(card.id):
                # Arguments have rows of their own; evidence does not answer.
                if answer.kind is CardKind.COUNTERARGUMENT and answer.id not in seen:
                    seen.add(answer.id)
                    next_frontier.append(answer)
        found += next_frontier
        frontier = next_frontier
    return MapRow(
        left=tuple(card for card in found if card.side is Side.A),
        right=tuple(card for card in found if card.side is Side.B),
        anchor_side=anchor.side,
    )


def side_rows(bundle: MotionBundle) -> list[MapRow]:
    """The map's rows: side A's arguments in map order, then side B's."""
    index = BundleIndex.of(bundle)
    return [
        _row(card, index)
        for side in (Side.A, Side.B)
        for card in index.cards.values()
        if card.kind is CardKind.ARGUMENT and card.side is side
    ]


def _evidence_note(
    card: CardRecord, index: BundleIndex, cite_style: citations.CiteStyle = "debate"
) -> str:
    """``Evidence: Sessions 18; Kraychik``: the short cites backing a claim, once each."""
    cites = dict.fromkeys(
        citations.in_text_cite(index.cite_of(evidence), cite_style)
        for evidence in index.evidence_for(card.id)
    )
    return "Evidence: " + "; ".join(escape_inline(cite) for cite in cites) if cites else ""


def _claim(
    card: CardRecord,
    row: MapRow,
    index: BundleIndex,
    cite_style: citations.CiteStyle,
    number: int,
) -> str:
    """One claim in a cell: bold tag (and flag), what it answers when not the anchor, cites.

    The anchor carries the row's number, as the window's map does, so a packet's key and a
    student's answer can say "row 7".
    """
    tag = escape_cell(display_tag(card), bold=True)
    # An answer is marked as such, whichever column the anchor is in.
    head = f"{number}. {tag}" if card.id == row.anchor.id else "↩ *Answer:* " + tag
    if not index.evidence_for(card.id):
        head += " " + NO_EVIDENCE
    lines = [head]
    answered = index.answers(card.id)
    if card.id != row.anchor.id and row.anchor.id not in {other.id for other in answered}:
        lines.append(
            "*Answers:* " + "; ".join(escape_cell(display_tag(other)) for other in answered)
        )
    lines.append(_evidence_note(card, index, cite_style))
    return "<br>".join(line for line in lines if line)


def _cell(
    row: MapRow,
    side: Side,
    index: BundleIndex,
    blank_answers: bool,
    cite_style: citations.CiteStyle,
    number: int,
) -> str:
    if side is not row.anchor_side:
        if blank_answers:
            return BLANK_CELL
        if not row.cell(side):
            return UNANSWERED
    cards = (row.anchor,) if blank_answers else row.cell(side)
    return "<br><br>".join(_claim(card, row, index, cite_style, number) for card in cards)


def map_table(
    bundle: MotionBundle,
    *,
    blank_answers: bool = False,
    cite_style: citations.CiteStyle = "debate",
) -> list[str]:
    """The legend and the side-by-side GFM table, as Markdown blocks."""
    index = BundleIndex.of(bundle)
    side_a, side_b = (escape_cell(side_label(bundle.motion, side)) for side in (Side.A, Side.B))
    lines = [f"| {side_a} | {side_b} |", "| --- | --- |"]
    for number, row in enumerate(side_rows(bundle), start=1):
        left = _cell(row, Side.A, index, blank_answers, cite_style, number)
        right = _cell(row, Side.B, index, blank_answers, cite_style, number)
        lines.append(f"| {left} | {right} |")
    return [WORKSHEET_LEGEND if blank_answers else LEGEND, "\n".join(lines)]


def unlinked_counterarguments(
    bundle: MotionBundle, level: int = 2, *, cite_style: citations.CiteStyle = "debate"
) -> list[str]:
    """A section for counterarguments that appear in no row; empty when there are none."""
    index = BundleIndex.of(bundle)
    placed = {card.id for row in side_rows(bundle) for card in row.left + row.right}
    items = []
    for card in index.cards.values():
        if card.kind is CardKind.COUNTERARGUMENT and card.id not in placed:
            note = _evidence_note(card, index, cite_style) or NO_EVIDENCE
            side = escape_inline(side_label(bundle.motion, card.side))
            items.append(f"- {strong(display_tag(card))} ({side}) — {note}")
    if not items:
        return []
    return [heading(level, "Unlinked counterarguments"), "\n".join(items)]


def _evidence_cite(card: CardRecord, index: BundleIndex, cite_style: citations.CiteStyle) -> str:
    """The debate short cite; MLA and APA give the full entry (the map has no reference list)."""
    if cite_style == "debate":
        return escape_inline(citations.short_cite(index.cite_of(card)))
    return citations.format_cite(index.cite_of(card), cite_style) or escape_inline(
        citations.in_text_cite(index.cite_of(card), cite_style)
    )


def _evidence_list(
    bundle: MotionBundle, index: BundleIndex, cite_style: citations.CiteStyle
) -> list[str]:
    blocks = [heading(2, "Evidence")]
    for side in (Side.A, Side.B):
        items = [
            f"- {strong(display_tag(card))} — " + _evidence_cite(card, index, cite_style)
            for card in index.cards.values()
            if card.is_evidence and card.side is side
        ]
        if items:
            blocks += [heading(3, side_label(bundle.motion, side)), "\n".join(items)]
    return blocks if len(blocks) > 1 else []


def render_map(
    bundle: MotionBundle,
    blank_answers: bool = False,
    *,
    cite_style: citations.CiteStyle = "debate",
) -> str:
    """The argument map document; ``blank_answers`` leaves every answer cell to fill in."""
    index = BundleIndex.of(bundle)
    blocks = [
        heading(1, bundle.motion.resolution, "Untitled motion"),
        *map_table(bundle, blank_answers=blank_answers, cite_style=cite_style),
    ]
    if not blank_answers:
        blocks += unlinked_counterarguments(bundle, cite_style=cite_style)
    blocks += _evidence_list(bundle, index, cite_style)
    if not blank_answers:  # the diagram would give a worksheet's answers away
        blocks += mermaid_blocks(bundle)
    return document(blocks)
