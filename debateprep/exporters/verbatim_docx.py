"""A brief as a Verbatim-compatible Word file (.docx), the format debaters already work in.

Verbatim's hierarchy is Pocket / Hat / Block / Tag = Heading 1 / 2 / 3 / 4: each brief section
is a heading of its level (pocket, hat or block), each card's tag a Heading 4, and the brief's
title a Title paragraph above them with the motion and side. The cite is a
paragraph of its own whose author's last name and date carry the bold 13 pt "Cite" character
style; the card text follows with Verbatim's three read-aloud levels: underlined words in the
"Underline" character style, emphasised ones in "Emphasis" (bold and underlined), highlighted
ones yellow (w:highlight) and, unless emphasised, underlined too; the rest at normal size. A
claim's warrant, an evidence card's notes and the "Answers:" line go in an "Analytic"
paragraph style, so nothing but card text sits under a cite and the importer can tell a card
from an analytic.

Same input, same bytes: no timestamps in the document properties and fixed dates on every ZIP
entry. Text XML cannot hold (control characters, unpaired surrogates) is replaced, never a crash;
:func:`word_safe` says exactly how, so callers can predict what a reader finds.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import CharacterStyle, ParagraphStyle
from docx.text.paragraph import Paragraph

from debateprep.exporters.word_text import clip, one_line, paragraph_spans, segments, word_safe
from debateprep.records import BriefRecord, CardRecord, Highlight, MotionBundle, ReadLevel
from debateprep.text import citations  # module import: citations itself imports markdown_text
from debateprep.text.bundleindex import BundleIndex, display_tag, side_label
from debateprep.text.cardtext import NO_CITATION
from debateprep.text.markdown_text import collapse_whitespace

CITE_STYLE = "Cite"
UNDERLINE_STYLE = "Underline"
EMPHASIS_STYLE = "Emphasis"
ANALYTIC_STYLE = "Analytic"
HIGHLIGHT = WD_COLOR_INDEX.YELLOW
_HIGHLIGHT_VALUE = "yellow"  # HIGHLIGHT as WordprocessingML writes it
# Verbatim's names for Heading 1-4, added as aliases so its style pickers find them, and the
# sizes Verbatim gives them (its template is bold black text throughout, no theme colours).
HEADING_ALIASES = {1: "Pocket", 2: "Hat", 3: "Block", 4: "Tag"}
_HEADING_SIZES = {1: 26, 2: 22, 3: 16, 4: 13}
_CITE_SIZE = 13
# Every ZIP entry gets this date: the earliest a ZIP can hold, so the file never depends on
# the time it was written.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class _Writer:
    """One Word document being filled, with the styles Verbatim users expect."""

    def __init__(self) -> None:
        self.doc: DocxDocument = Document()
        styles = self.doc.styles
        self.headings: dict[int, ParagraphStyle] = {}
        for level, alias in HEADING_ALIASES.items():
            style = styles[f"Heading {level}"]
            assert isinstance(style, ParagraphStyle)
            _verbatim_heading(style, alias, _HEADING_SIZES[level])
            self.headings[level] = style
        self.normal = styles["Normal"]
        default_font = styles["Default Paragraph Font"]
        self.cite = styles.add_style(CITE_STYLE, WD_STYLE_TYPE.CHARACTER)
        assert isinstance(self.cite, CharacterStyle)
        self.cite.base_style = default_font
        self.cite.font.bold = True
        self.cite.font.size = Pt(_CITE_SIZE)
        self.cite.quick_style = True
        self.underline = styles.add_style(UNDERLINE_STYLE, WD_STYLE_TYPE.CHARACTER)
        assert isinstance(self.underline, CharacterStyle)
        self.underline.base_style = default_font
        self.underline.font.underline = True
        self.underline.quick_style = True
        self._emphasis: CharacterStyle | None = None  # added on first use: older files unchanged
        self.analytic = styles.add_style(ANALYTIC_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(self.analytic, ParagraphStyle)
        self.analytic.base_style = self.normal
        self.analytic.quick_style = True

    def heading(self, level: int, text: str, fallback: str) -> None:
        paragraph = self.doc.add_paragraph(style=self.headings[level])
        paragraph.add_run(one_line(text, fallback))

    def title(self, text: str, fallback: str) -> None:
        # Word's Title style, not a heading: Verbatim's navigation pane lists only headings.
        paragraph = self.doc.add_paragraph(style=self.doc.styles["Title"])
        paragraph.add_run(one_line(text, fallback))

    def plain(self, text: str) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=self.normal)
        paragraph.add_run(word_safe(text)[0])
        return paragraph

    def cite_line(self, parts: citations.StyledText) -> None:
        """The cite paragraph: bold spans in the Cite style, italic spans in italics."""
        paragraph = self.doc.add_paragraph(style=self.normal)
        text, bold = word_safe(parts.text, parts.bold)
        italic = word_safe(parts.text, parts.italic)[1]
        if not text:
            text, bold, italic = NO_CITATION, ((0, len(NO_CITATION)),), ()
        for start, end, on in segments(len(text), {"bold": bold, "italic": italic}):
            _add_run(
                paragraph,
                text[start:end],
                style=self.cite if "bold" in on else None,
                italic="italic" in on,
            )

    @property
    def emphasis(self) -> CharacterStyle:
        """Verbatim's "Emphasis": bold and underlined, added the first time a card uses it."""
        if self._emphasis is None:
            # Word's template already has an italic "Emphasis": Verbatim redefines it.
            styles = self.doc.styles
            if EMPHASIS_STYLE in [style.name for style in styles]:
                style = styles[EMPHASIS_STYLE]
            else:
                style = styles.add_style(EMPHASIS_STYLE, WD_STYLE_TYPE.CHARACTER)
            assert isinstance(style, CharacterStyle)
            style.base_style = styles["Default Paragraph Font"]
            style.font.italic = False
            style.font.bold = True
            style.font.underline = True
            style.quick_style = True
            self._emphasis = style
        return self._emphasis

    def card_text(self, quote: str, highlights: Sequence[Highlight]) -> None:
        """The quote, one Word paragraph per blank-line paragraph, read-aloud levels marked."""
        text = word_safe(quote)[0]
        levels = {
            level: word_safe(quote, [(m.start, m.end) for m in highlights if m.level is level])[1]
            for level in ReadLevel
        }
        for start, end in paragraph_spans(text):
            paragraph = self.doc.add_paragraph(style=self.normal)
            layers = {level.value: clip(spans, start, end) for level, spans in levels.items()}
            for s, e, on in segments(end - start, layers):
                style = None
                if ReadLevel.EMPHASIS in on:
                    style = self.emphasis
                elif ReadLevel.UNDERLINE in on or ReadLevel.HIGHLIGHT in on:
                    style = self.underline
                _add_run(
                    paragraph,
                    text[start + s : start + e],
                    style=style,
                    highlight=ReadLevel.HIGHLIGHT in on,
                )

    def analytic_text(self, text: str, lead: str = "") -> None:
        """Notes as Analytic paragraphs; ``lead`` ("Answers:") in italics before the first."""
        text = word_safe(text.strip())[0]
        for index, (start, end) in enumerate(paragraph_spans(text)):
            paragraph = self.doc.add_paragraph(style=self.analytic)
            if lead and index == 0:
                paragraph.add_run(lead + " ").italic = True
            paragraph.add_run(text[start:end])

    def save(self, title: str, subject: str) -> bytes:
        _set_properties(self.doc, title, subject)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _repack(buffer.getvalue())


_TEXT_PIECES = re.compile("(\t|\n)")


def _add_run(
    paragraph: Paragraph,
    text: str,
    *,
    style: CharacterStyle | None = None,
    italic: bool = False,
    highlight: bool = False,
) -> None:
    """Append a run built straight as XML.

    python-docx's ``add_run`` plus ``run.style`` and ``font.highlight_color`` look up the
    default style and the schema order on every call: a long quote with thousands of
    read-aloud parts took many seconds. The children go in the schema's order (rStyle, i,
    highlight; t, tab, br), which is also what python-docx writes.
    """
    run = OxmlElement("w:r")
    if style is not None or italic or highlight:
        properties = OxmlElement("w:rPr")
        if style is not None:
            properties.append(OxmlElement("w:rStyle", {qn("w:val"): style.style_id}))
        if italic:
            properties.append(OxmlElement("w:i"))
        if highlight:
            properties.append(OxmlElement("w:highlight", {qn("w:val"): _HIGHLIGHT_VALUE}))
        run.append(properties)
    for piece in _TEXT_PIECES.split(text):
        if piece == "\t":
            run.append(OxmlElement("w:tab"))
        elif piece == "\n":
            run.append(OxmlElement("w:br"))
        elif piece:
            element = OxmlElement("w:t")
            element.text = piece
            if piece != piece.strip():
                # Word drops edge spaces from a w:t unless told to keep them.
                element.set(qn("xml:space"), "preserve")
            run.append(element)
    paragraph._p.append(run)


def _verbatim_heading(style: ParagraphStyle, alias: str, size: int) -> None:
    """Dress a built-in heading as Verbatim's: bold black, its size, shown in the gallery."""
    style.hidden = False
    style.unhide_when_used = False
    style.quick_style = True
    style.font.bold = True
    style.font.italic = False
    style.font.cs_italic = False
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    aliases = OxmlElement("w:aliases")
    aliases.set(qn("w:val"), alias)
    # The schema puts w:aliases right after w:name.
    style.element.name.addnext(aliases)


def _set_properties(doc: DocxDocument, title: str, subject: str) -> None:
    """Title and subject from the brief; no creation or change time, so output is repeatable."""
    properties = doc.core_properties
    properties.title = word_safe(title)[0][:255]
    properties.subject = word_safe(subject)[0][:255]
    properties.author = "DebatePrep"
    properties.last_modified_by = "DebatePrep"
    properties.comments = ""
    properties.revision = 1
    element = properties._element
    for name in ("created", "modified", "lastPrinted"):
        for child in element.findall(f"{{http://purl.org/dc/terms/}}{name}"):
            element.remove(child)
        for child in element.findall(qn(f"cp:{name}")):
            element.remove(child)


def _repack(data: bytes) -> bytes:
    """The same package with every entry dated ``_ZIP_DATE``: python-docx stamps the clock."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info))
    return out.getvalue()


def render_brief_docx(
    brief: BriefRecord, bundle: MotionBundle, *, cite_style: citations.CiteStyle = "debate"
) -> bytes:
    """The brief as a Verbatim-style .docx; cards missing from the bundle are left out.

    The brief's title is a Title paragraph with the motion and side below it; each section is
    Heading 1, 2 or 3 by its level (pocket, hat, block) and each card's tag Heading 4 (a
    section opened by its own claim states the tag once, as in the Markdown brief). Cites are
    in ``cite_style``.
    """
    index = BundleIndex.of(bundle)
    writer = _Writer()
    writer.title(brief.title, "Untitled brief")
    writer.plain("Motion: " + collapse_whitespace(bundle.motion.resolution))
    writer.plain("Side: " + collapse_whitespace(side_label(bundle.motion, brief.side)))
    for section in brief.sections:
        writer.heading(section.level.value, section.title, "Untitled section")
        for position, card_id in enumerate(section.card_ids):
            card = index.cards.get(card_id)
            if card is None:
                continue
            repeated = position == 0 and not card.is_evidence and card.tag == section.title
            _card(writer, card, index, with_tag=not repeated, cite_style=cite_style)
    return writer.save(brief.title or "Untitled brief", bundle.motion.resolution)


def _card(
    writer: _Writer,
    card: CardRecord,
    index: BundleIndex,
    *,
    with_tag: bool,
    cite_style: citations.CiteStyle,
) -> None:
    """Tag, then cite and card text for evidence; notes and answers as analytics."""
    if with_tag:
        writer.heading(4, display_tag(card), "Untitled card")
    if card.is_evidence:
        writer.cite_line(citations.cite_parts(index.cite_of(card), cite_style))
        writer.card_text(card.quote, card.highlights)
    if card.notes.strip():
        writer.analytic_text(card.notes)
    answered = index.answers(card.id)
    if answered:
        tags = "; ".join(collapse_whitespace(display_tag(other)) for other in answered)
        writer.analytic_text(tags, lead="Answers:")
