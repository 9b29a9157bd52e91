"""The side-by-side argument map as a standalone SVG picture, drawn without Qt.

The rows are :func:`side_rows`, the same layout as the Markdown map and the window's map:
side A's cards in the left column, side B's in the right one, each argument beside the
counterarguments that answer it. Every answer carries an arrow across the gutter to the card
it answers. Text is wrapped here, by widths estimated from DejaVu Sans metrics (the widest of
the fonts named, so estimates err on the roomy side); nothing depends on the fonts installed,
so the same bundle always gives the same bytes. Only SVG Tiny 1.2 features are used (no
markers, no CSS, no text wrapping by the viewer) so Qt's renderer draws it as a browser does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from debateprep.exporters.argument_map import NO_EVIDENCE, UNANSWERED, MapRow, side_rows
from debateprep.records import CardKind, CardRecord, MotionBundle, Side
from debateprep.text import citations  # module import: citations itself imports markdown_text
from debateprep.text.bundleindex import BundleIndex, display_tag, side_label
from debateprep.text.markdown_text import collapse_whitespace

WIDTH = 1000
MARGIN = 24
GUTTER = 56  # room between the columns for the answer arrows
COLUMN = (WIDTH - 2 * MARGIN - GUTTER) / 2
PAD = 10  # inside a card's box
CARD_GAP = 10
ROW_GAP = 16

FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
INK = "#1a1a1a"
MUTED = "#5f6368"
FLAG = "#b3261e"  # warnings also start with "⚠", so colour is not the only signal
RULE = "#c8c8c8"
SIDE_COLOURS = {Side.A: ("#1f5fa8", "#eef4fb"), Side.B: ("#9a4a12", "#fbf2ea")}


@dataclass(frozen=True, slots=True)
class _Style:
    size: float
    bold: bool = False
    italic: bool = False
    colour: str = INK

    @property
    def line_height(self) -> float:
        return round(self.size * 1.3, 1)


TITLE = _Style(20, bold=True)
HEADER = _Style(15, bold=True)
TAG = _Style(14.5, bold=True)
LABEL = _Style(11.5, italic=True, colour=MUTED)
NOTE = _Style(12, colour=MUTED)
WARNING = _Style(12, colour=FLAG)
LEGEND = _Style(12, colour=MUTED)

# Advance widths of ASCII 32..126 in thousandths of an em, DejaVu Sans Book and Bold.
_REGULAR = (
    "318 401 460 838 636 950 780 275 390 390 500 838 318 361 318 337 636 636 636 636 636 636 "
    "636 636 636 636 337 337 838 838 838 531 1000 684 686 698 770 632 575 775 752 295 295 656 "
    "557 863 748 787 603 787 695 635 611 732 684 989 685 611 685 390 337 390 838 500 500 613 "
    "635 550 635 615 352 635 634 278 278 579 278 974 634 612 635 635 411 521 392 634 592 818 "
    "592 592 525 636 337 636 838"
)
_BOLD = (
    "348 456 521 838 696 1002 872 306 457 457 523 838 380 415 380 365 696 696 696 696 696 696 "
    "696 696 696 696 400 400 838 838 838 580 1000 774 762 734 830 683 683 821 837 372 372 775 "
    "637 995 837 850 733 850 770 720 682 812 774 1103 771 724 725 457 365 457 838 500 500 675 "
    "716 593 716 678 435 716 712 343 343 665 343 1042 712 687 716 716 493 595 478 712 652 924 "
    "645 652 582 712 365 712 838"
)
_WIDTHS = {
    False: tuple(int(width) for width in _REGULAR.split()),
    True: tuple(int(width) for width in _BOLD.split()),
}
_OTHER_WIDTH = {False: 640, True: 700}  # a typical letter, for scripts the table lacks
# Characters XML 1.0 forbids even as references: C0 controls but tab, newline and carriage
# return, the non-characters U+FFFE/U+FFFF and lone surrogates. Wrapped text is already
# collapsed, but tooltips (<title>) carry tags as typed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _char_width(ch: str, bold: bool) -> int:
    """Thousandths of an em: the table for ASCII, the base letter for accented ones."""
    code = ord(ch)
    if 32 <= code < 127:
        return _WIDTHS[bold][code - 32]
    if unicodedata.combining(ch):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    base = unicodedata.normalize("NFKD", ch)[:1]
    if base and base != ch and 32 <= ord(base) < 127:
        return _WIDTHS[bold][ord(base) - 32]
    return _OTHER_WIDTH[bold]


def text_width(text: str, style: _Style) -> float:
    """The estimated width of one line of ``text`` in pixels (italics as wide as upright)."""
    return sum(_char_width(ch, style.bold) for ch in text) * style.size / 1000


def wrap(text: str, width: float, style: _Style) -> list[str]:
    """Greedy word wrap of collapsed ``text`` to ``width``; a word too long for a line
    (a URL) is cut between characters. Blank text gives no lines."""
    lines: list[str] = []
    line = ""
    for word in collapse_whitespace(text).split(" "):
        if not word:
            continue
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, style) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while text_width(word, style) > width:
            cut = 1
            while cut < len(word) and text_width(word[: cut + 1], style) <= width:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _xml(text: str) -> str:
    """Text for XML content or a double-quoted attribute."""
    text = _NOT_XML.sub("", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _n(value: float) -> str:
    """A coordinate, rounded so output does not depend on float noise."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass
class _Canvas:
    """SVG elements in drawing order."""

    elements: list[str] = field(default_factory=list)

    def text(self, x: float, y: float, line: str, style: _Style, anchor: str = "") -> None:
        attributes = f'x="{_n(x)}" y="{_n(y)}" font-size="{_n(style.size)}"'
        if style.bold:
            attributes += ' font-weight="bold"'
        if style.italic:
            attributes += ' font-style="italic"'
        if style.colour != INK:
            attributes += f' fill="{style.colour}"'
        if anchor:
            attributes += f' text-anchor="{anchor}"'
        self.elements.append(f"<text {attributes}>{_xml(line)}</text>")

    def lines(self, x: float, top: float, lines: list[str], style: _Style) -> float:
        """Draw ``lines`` from ``top`` down; returns the y below the last one."""
        for line in lines:
            # The baseline sits about 0.8 em below the top of a line box.
            self.text(x, top + style.line_height * 0.78, line, style)
            top += style.line_height
        return top

    def rect(self, x: float, y: float, w: float, h: float, **attributes: str) -> None:
        extra = "".join(
            f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items()
        )
        self.elements.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}"{extra}/>'
        )


@dataclass(frozen=True, slots=True)
class _Block:
    """A card laid out in a column: its lines by style, and its height."""

    card: CardRecord | None  # None: the "Unanswered" placeholder
    parts: tuple[tuple[_Style, tuple[str, ...]], ...]
    height: float


def _card_block(
    card: CardRecord, row: MapRow, index: BundleIndex, style: citations.CiteStyle
) -> _Block:
    inner = COLUMN - 2 * PAD
    anchor = card.id == row.anchor.id
    label = "Argument" if anchor else "↩ Answer"
    if card.kind is CardKind.COUNTERARGUMENT and anchor:
        label = "Counterargument"
    parts: list[tuple[_Style, tuple[str, ...]]] = [
        (LABEL, tuple(wrap(label, inner, LABEL))),
        (TAG, tuple(wrap(display_tag(card), inner, TAG))),
    ]
    cites = dict.fromkeys(
        citations.in_text_cite(index.cite_of(evidence), style)
        for evidence in index.evidence_for(card.id)
    )
    if cites:
        parts.append((NOTE, tuple(wrap("Evidence: " + "; ".join(cites), inner, NOTE))))
    else:
        parts.append((WARNING, tuple(wrap(NO_EVIDENCE, inner, WARNING))))
    height = 2 * PAD + sum(style.line_height * len(lines) for style, lines in parts)
    return _Block(card, tuple(parts), height)


def _unanswered_block() -> _Block:
    inner = COLUMN - 2 * PAD
    parts = (
        (WARNING, tuple(wrap(UNANSWERED, inner, WARNING))),
        (NOTE, tuple(wrap("No counterargument answers this yet.", inner, NOTE))),
    )
    return _Block(None, parts, 2 * PAD + sum(s.line_height * len(ls) for s, ls in parts))


def _column_x(side: Side) -> float:
    return MARGIN if side is Side.A else MARGIN + COLUMN + GUTTER


def _draw_block(
    canvas: _Canvas, block: _Block, side: Side, top: float, anchor: bool, row_number: int
) -> None:
    x = _column_x(side)
    stroke, tint = SIDE_COLOURS[side]
    if block.card is None:
        canvas.rect(
            x, top, COLUMN, block.height, rx="6", fill="#ffffff", stroke=FLAG,
            stroke_width="1", stroke_dasharray="5 4",
        )  # fmt: skip
    else:
        # A counterargument answering two arguments sits in two rows: ids name the row too.
        canvas.elements.append(f'<g id="row{row_number}-card{block.card.id}">')
        canvas.elements.append(f"<title>{_xml(display_tag(block.card))}</title>")
        canvas.rect(
            x, top, COLUMN, block.height, rx="6", fill=tint if anchor else "#ffffff",
            stroke=stroke, stroke_width="2" if anchor else "1",
        )  # fmt: skip
    y = top + PAD
    for style, lines in block.parts:
        y = canvas.lines(x + PAD, y, list(lines), style)
    if block.card is not None:
        canvas.elements.append("</g>")


def _arrow(canvas: _Canvas, start: tuple[float, float], end: tuple[float, float]) -> None:
    """A line with a filled head at ``end`` (SVG Tiny has no markers)."""
    (x1, y1), (x2, y2) = start, end
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1.0)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    size, half = 9.0, 4.5
    bx, by = x2 - ux * size, y2 - uy * size
    canvas.elements.append(
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(bx)}" y2="{_n(by)}" '
        f'stroke="{MUTED}" stroke-width="1.5"/>'
    )
    points = [(x2, y2), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)]
    canvas.elements.append(
        '<polygon points="'
        + " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        + f'" fill="{MUTED}"/>'
    )


def _draw_row(
    canvas: _Canvas,
    row: MapRow,
    row_number: int,
    index: BundleIndex,
    top: float,
    style: citations.CiteStyle,
) -> float:
    """Draw one row from ``top``; returns the y below it."""
    placed: dict[int, tuple[Side, float, float]] = {}  # card id -> side, top, height
    bottoms = []
    for side in (Side.A, Side.B):
        cards = row.cell(side)
        blocks = (
            [_card_block(card, row, index, style) for card in cards]
            if cards
            else [_unanswered_block()]
        )
        y = top
        for block in blocks:
            anchor = block.card is not None and block.card.id == row.anchor.id
            _draw_block(canvas, block, side, y, anchor, row_number)
            if block.card is not None:
                placed[block.card.id] = (side, y, block.height)
            y += block.height + CARD_GAP
        bottoms.append(y - CARD_GAP)
    arrows = [
        (card_id, target.id)
        for card_id in placed
        for target in index.answers(card_id)
        if target.id in placed
    ]
    answering = {card_id for card_id, _target in arrows}
    for card_id, target_id in arrows:
        side, card_top, _ = placed[card_id]
        target_side, target_top, _ = placed[target_id]
        # From the answer's edge facing the gutter, at its tag's first line, to the answered
        # card's facing edge: at the same height, or one line lower when that card is an
        # answer too, so an arrow leaving it and one arriving do not meet in one point.
        x1 = _column_x(side) + (COLUMN if side is Side.A else 0)
        x2 = _column_x(target_side) + (COLUMN if target_side is Side.A else 0)
        offset = PAD + LABEL.line_height + TAG.line_height / 2
        lower = TAG.line_height if target_id in answering else 0
        _arrow(canvas, (x1, card_top + offset), (x2, target_top + offset + lower))
    return max(bottoms)


def _unlinked(bundle: MotionBundle, index: BundleIndex, rows: list[MapRow]) -> list[str]:
    placed = {card.id for row in rows for card in row.left + row.right}
    return [
        f"{display_tag(card)} ({side_label(bundle.motion, card.side)})"
        for card in index.cards.values()
        if card.kind is CardKind.COUNTERARGUMENT and card.id not in placed
    ]


def render_map_svg(bundle: MotionBundle, *, cite_style: citations.CiteStyle = "debate") -> str:
    """The motion's argument map as an SVG document (UTF-8 text, deterministic)."""
    index = BundleIndex.of(bundle)
    rows = side_rows(bundle)
    canvas = _Canvas()
    full = WIDTH - 2 * MARGIN
    resolution = bundle.motion.resolution
    title = resolution if collapse_whitespace(resolution) else "Untitled motion"
    y = canvas.lines(MARGIN, MARGIN, wrap(title, full, TITLE), TITLE) + 4
    legend = (
        "Each row sets an argument beside the counterarguments that answer it; "
        "arrows run from an answer to the card it answers."
    )
    y = canvas.lines(MARGIN, y, wrap(legend, full, LEGEND), LEGEND) + 10
    header_lines = {side: wrap(side_label(bundle.motion, side), COLUMN - 2 * PAD, HEADER)
                    for side in (Side.A, Side.B)}  # fmt: skip
    header_height = 2 * 8 + HEADER.line_height * max(map(len, header_lines.values()))
    for side, lines in header_lines.items():
        stroke, tint = SIDE_COLOURS[side]
        canvas.rect(_column_x(side), y, COLUMN, header_height, fill=tint, stroke=stroke)
        canvas.lines(_column_x(side) + PAD, y + 8, lines, _Style(HEADER.size, True, False, stroke))
    y += header_height + ROW_GAP
    if not rows:
        y = canvas.lines(MARGIN, y, ["No arguments yet."], NOTE) + ROW_GAP
    for row_number, row in enumerate(rows, start=1):
        y = _draw_row(canvas, row, row_number, index, y, cite_style) + ROW_GAP / 2
        canvas.elements.append(
            f'<line x1="{MARGIN}" y1="{_n(y)}" x2="{WIDTH - MARGIN}" y2="{_n(y)}" '
            f'stroke="{RULE}" stroke-width="1"/>'
        )
        y += ROW_GAP / 2
    unlinked = _unlinked(bundle, index, rows)
    if unlinked:
        y = canvas.lines(MARGIN, y + 4, ["Unlinked counterarguments"], HEADER) + 2
        for item in unlinked:
            y = canvas.lines(MARGIN, y, wrap("• " + item, full, NOTE), NOTE)
    height = y + MARGIN
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
        f'width="{WIDTH}" height="{_n(height)}" viewBox="0 0 {WIDTH} {_n(height)}">\n'
        f"<title>{_xml('Argument map: ' + collapse_whitespace(title))}</title>\n"
        f'<rect x="0" y="0" width="{WIDTH}" height="{_n(height)}" fill="#ffffff"/>\n'
        f'<g font-family="{FONT}" fill="{INK}">\n' + "\n".join(canvas.elements) + "\n</g>\n"
        "</svg>\n"
    )
