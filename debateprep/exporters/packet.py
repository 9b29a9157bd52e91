"""The classroom packet: sources, their texts, the argument map and the evidence, for a class.

Two variants: the teacher's copy shows every answer; the worksheet blanks the map's answer
cells and adds questions. The HTML packet is the same Markdown rendered by the ``markdown``
package inside a standalone, print-ready page; the stylesheet text is passed in by the caller
(which knows where resources live), so this module reads no files.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Literal

import markdown

from debateprep.exporters.argument_map import map_table, unlinked_counterarguments
from debateprep.exporters.packet_questions import questions_blocks, source_flag
from debateprep.progress import Report, ignore
from debateprep.records import CardRecord, MotionBundle, Side
from debateprep.text import citations  # module import: citations itself imports markdown_text
from debateprep.text.article_lines import visible_text
from debateprep.text.bundleindex import BundleIndex, display_tag, side_label
from debateprep.text.cardtext import cite_line, notes_blocks, quote_block, tag_heading
from debateprep.text.markdown_text import (
    collapse_whitespace,
    document,
    escape_inline,
    heading,
    paragraph_spans,
)
from debateprep.text.note_kinds import student_notes

Variant = Literal["teacher", "worksheet"]

_VARIANT_LINES: dict[str, str] = {
    "teacher": "**Teacher copy:** the argument map shows every answer, the evidence notes "
    "keep their *Answer:* coaching, and each question has a model answer.",
    "worksheet": "**Student worksheet:** fill in the blank cells of the argument map.",
}


def _sources(index: BundleIndex, cite_style: citations.CiteStyle) -> list[str]:
    items = [
        f"{n}. {citations.format_reference(index.sources[source_id], cite_style)}"
        + source_flag(index.sources[source_id])
        for source_id, n in index.source_numbers.items()
    ]
    return [heading(2, "Sources"), "\n".join(items) or "*No sources.*"]


def _source_texts(
    bundle: MotionBundle, index: BundleIndex, cite_style: citations.CiteStyle
) -> list[str]:
    blocks = [heading(2, "Source texts")]
    for source_id, n in index.source_numbers.items():
        source = index.sources[source_id]
        title = source.title if collapse_whitespace(source.title) else "Untitled source"
        blocks += [
            f"### {n}. {escape_inline(title)}",
            citations.format_cite(source.cite, cite_style),
        ]
        text = bundle.texts.get(source_id)
        if text is None:
            blocks.append("*The text of this source is not included.*")
            continue
        blocks += _visible_paragraphs(text, source.hidden)
    return blocks


def _visible_paragraphs(text: str, hidden: tuple[tuple[int, int], ...]) -> list[str]:
    """The numbered paragraphs a class reads: boilerplate lines (ads, captions, copyright)
    left out, and a paragraph that is all boilerplate skipped without renumbering the rest,
    so each card's "¶n" still points at the paragraph its quote is in."""
    lines = []
    for k, (start, end) in enumerate(paragraph_spans(text), start=1):
        paragraph = collapse_whitespace(visible_text(text, start, end, hidden))
        if paragraph:
            lines.append(f"**¶{k}** {escape_inline(paragraph)}")
    return lines


class _ParagraphFinder:
    """``paragraph_at`` for many cards: each source text is split into paragraphs once.

    Splitting the whole text again for every evidence card made the appendix cost
    cards x text length.
    """

    def __init__(self, texts: Mapping[int, str]) -> None:
        self._texts = texts
        self._ends: dict[int, list[int]] = {}

    def __call__(self, source_id: int, offset: int) -> int | None:
        ends = self._ends.get(source_id)
        if ends is None:
            spans = paragraph_spans(self._texts[source_id])
            ends = self._ends[source_id] = [end for _start, end in spans]
        # The first paragraph ending after the offset, as paragraph_at() finds it.
        found = bisect_right(ends, offset)
        return found if found < len(ends) else None


def _location(
    card: CardRecord, bundle: MotionBundle, index: BundleIndex, find: _ParagraphFinder
) -> str:
    """``*Source:* 2, ¶3``: where in the packet's source texts the quote starts."""
    if card.source_id is None or card.source_id not in index.source_numbers:
        return ""
    where = str(index.source_numbers[card.source_id])
    if card.source_id in bundle.texts and card.start is not None:
        paragraph = find(card.source_id, card.start)
        if paragraph is not None:
            where += f", ¶{paragraph + 1}"
    return "*Source:* " + where


def _appendix(
    bundle: MotionBundle, index: BundleIndex, variant: Variant, cite_style: citations.CiteStyle
) -> list[str]:
    find = _ParagraphFinder(bundle.texts)
    blocks = [heading(2, "Evidence appendix")]
    for side in (Side.A, Side.B):
        cards = [card for card in index.cards.values() if card.is_evidence and card.side is side]
        if not cards:
            continue
        blocks.append(heading(3, side_label(bundle.motion, side)))
        for card in cards:
            if variant == "worksheet":  # "Answer:" paragraphs coach the teacher only
                card = replace(card, notes=student_notes(card.notes))
            blocks += [
                tag_heading(card),
                cite_line(card, index, cite_style),
                quote_block(card),
                *notes_blocks(card),
                _location(card, bundle, index, find),
            ]
            supported = index.supports(card.id)
            # Which claim the evidence backs is part of the answers the worksheet asks for.
            if variant == "teacher" and supported:
                tags = "; ".join(escape_inline(display_tag(claim)) for claim in supported)
                blocks.append("*Supports:* " + tags)
    return blocks if len(blocks) > 1 else [blocks[0], "*No evidence cards yet.*"]


def render_packet_markdown(
    bundle: MotionBundle, variant: Variant, *, cite_style: citations.CiteStyle = "debate"
) -> str:
    """The packet as Markdown: the teacher's copy or the student worksheet."""
    if variant not in _VARIANT_LINES:
        raise ValueError(f"unknown packet variant {variant!r}")
    index = BundleIndex.of(bundle)
    worksheet = variant == "worksheet"
    motion = bundle.motion
    blocks = [
        heading(1, "Classroom packet: " + collapse_whitespace(motion.resolution)),
        _VARIANT_LINES[variant],
        "**Sides:** "
        + escape_inline(side_label(motion, Side.A))
        + " / "
        + escape_inline(side_label(motion, Side.B)),
        *_sources(index, cite_style),
        *_source_texts(bundle, index, cite_style),
        heading(2, "Argument map"),
        *map_table(bundle, blank_answers=worksheet, cite_style=cite_style),
    ]
    if not worksheet:
        blocks += unlinked_counterarguments(bundle, level=3, cite_style=cite_style)
    blocks += _appendix(bundle, index, variant, cite_style)
    blocks += questions_blocks(bundle, index, not worksheet, cite_style)
    return document(blocks)


def render_packet_html(
    bundle: MotionBundle,
    variant: Variant,
    css: str = "",
    markdown_text: str | None = None,
    *,
    cite_style: citations.CiteStyle = "debate",
    progress: Report | None = None,
) -> str:
    """The packet as a standalone HTML5 page with ``css`` (``resources/packet.css``) inlined.

    ``markdown_text`` is ``render_packet_markdown(bundle, variant, cite_style=...)`` when the
    caller already has it (rendering it is most of the work).
    """
    if markdown_text is None:
        markdown_text = render_packet_markdown(bundle, variant, cite_style=cite_style)
    return markdown_page(
        markdown_text,
        title="Classroom packet: " + collapse_whitespace(bundle.motion.resolution),
        css=css,
        body_class=f"packet packet-{variant}",
        progress=progress,
    )


# Converting a long packet in one markdown.markdown() call gives no chance to report progress
# or to stop; pieces of about this many characters are converted one after another instead.
CHUNK_CHARS = 64 * 1024
# Where a piece may end: before an ATX heading that follows a blank line. A heading closes
# every open block (paragraph, list, quote, table), so each piece converts exactly as it
# does inside the whole document (tests/exporters check the two agree).
_HEADING_START = re.compile(r"\n\n(?=#{1,6} )")


def markdown_chunks(markdown_text: str, size: int = CHUNK_CHARS) -> Iterator[str]:
    """``markdown_text`` in consecutive pieces of about ``size`` characters, cut only
    before headings."""
    start = 0
    for match in _HEADING_START.finditer(markdown_text):
        if match.start() - start >= size:
            yield markdown_text[start : match.start()]
            start = match.end()
    yield markdown_text[start:]


def markdown_page(
    markdown_text: str,
    *,
    title: str,
    css: str = "",
    body_class: str = "",
    progress: Report | None = None,
) -> str:
    """One of our Markdown exports as a standalone HTML5 page with ``css`` inlined.

    ``progress`` hears (characters converted, characters in all, "Formatting"), piece by
    piece; it may raise to stop.
    """
    report = progress or ignore
    total = len(markdown_text)
    converter = markdown.Markdown(extensions=["tables"], output_format="html")
    parts, done = [], 0
    report(0, total, "Formatting")
    for piece in markdown_chunks(markdown_text):
        parts.append(converter.reset().convert(piece))
        done += len(piece)
        report(done, total, "Formatting")
    body = "\n".join(part for part in parts if part)
    # The stylesheet is ours, but a "</style" in it would end the element early: defuse it.
    style = css.strip().replace("</", "<\\/")
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{style}\n</style>\n"
        "</head>\n"
        f'<body class="{html.escape(body_class)}">\n'
        f"{body}\n"
        "</body>\n"
        "</html>\n"
    )
