"""Shared helpers for the Verbatim .docx tests (issue 6, parts 1 and 2).

``dump_docx`` turns a Word file into reviewable text (one line per paragraph: its style, then
each run's text and formatting), the form the golden files keep. ``build_hostile_library``
fills a library, through the facade, with text XML cannot hold, Windows line ends, empty
paragraphs, cites full of commas and quotes, and a very long quote. ``verbatim_file`` writes a
Word file the way Verbatim lays one out (its style names and aliases, Cite, Underline and
Emphasis character styles, highlighting, a hyperlink in a cite, a tracked deletion).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.styles.style import CharacterStyle, ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from debateprep.facade.library import Library
from debateprep.records import BriefRecord, MotionRecord


def _run_line(run: Run) -> str:
    marks = []
    style = run.style
    if style is not None and style.name != "Default Paragraph Font":
        marks.append(str(style.name))
    for name in ("bold", "italic", "underline"):
        if getattr(run, name):
            marks.append(name)
    if run.font.highlight_color is not None:
        marks.append(f"highlight={run.font.highlight_color.name}")
    text = json.dumps(run.text, ensure_ascii=False)
    return f"{text}[{','.join(marks)}]" if marks else text


def _style_line(style: CharacterStyle | ParagraphStyle) -> str:
    base = style.base_style.name if style.base_style is not None else "-"
    font = style.font
    size = font.size.pt if font.size is not None else "-"
    aliases = style.element.find(qn("w:aliases"))
    alias = aliases.get(qn("w:val")) if aliases is not None else "-"
    return (
        f"style {style.name!r} ({style.type.name.lower()}): based on {base!r}, alias {alias}, "
        f"bold={font.bold}, italic={font.italic}, underline={font.underline}, size={size}"
    )


def dump_docx(data: bytes) -> str:
    """The document's styles of interest, then one line per paragraph with its runs."""
    document = docx.Document(io.BytesIO(data))
    lines = []
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Cite", "Underline"):
        style = document.styles[name]
        assert isinstance(style, CharacterStyle | ParagraphStyle)
        lines.append(_style_line(style))
    lines.append("")
    for paragraph in document.paragraphs:
        runs = " ".join(_run_line(run) for run in paragraph.runs)
        style_name = paragraph.style.name if paragraph.style is not None else "-"
        lines.append(f"{style_name}: {runs}".rstrip())
    return "\n".join(lines) + "\n"


# --- A library full of hostile text ------------------------------------------------------

# Characters XML 1.0 cannot hold, and some it can but that trip up careless code.
CONTROL = "\x00\x01\x07\x08\x0e\x1f"
ODD = "\x7f\x85\u2028\ufeff\ufffe\uffff"
LONG_WORDS = 30_000  # about 200,000 characters in one quote


def build_hostile_library(library: Library) -> tuple[MotionRecord, BriefRecord]:
    """A motion with a stored brief of hostile evidence cards and claims, on side A."""
    motion = library.create_motion(
        f"Resolved: <w:body/> & {CONTROL} {ODD} ]]> 🙂", "Pro <x>", f"Con {CONTROL}"
    )
    # A small vocabulary: thirty thousand distinct words would cost the search index, not us.
    long_text = " ".join(f"word{index % 97}" for index in range(LONG_WORDS))
    text = (
        f"Opening with control characters: bell{CONTROL} and odd ones {ODD} here.\r\n"
        "\r\n"
        "Windows line\r\nends, a lone\rreturn, tabs\tinside, emoji 🙂, RTL שלום, "
        'XML <w:t>]]>&amp;</w:t> and "quotes".\n'
        "\n\n\n"
        "After an empty paragraph, the card goes on.\n\n"
        f"{long_text}\n\n"
        "The end."
    )
    source = library.add_source(
        text,
        title='He said "no," then left <w:t/>',
        author="Zoë O’Brien-Smith Jr.",
        qualifications='Professor, "Dept." of <Law> & Order',
        date="March 7, 2018",
        outlet="The <Daily> & Co.",
        url="https://example.com/a,b?c=d&e=<f>",
        accessed="May 1, 2024",
    )
    plain = library.add_source(
        "A second source whose cite is only a title. It has one sentence worth quoting.",
        title="Only a title",
    )

    def cut(
        quote: str, *phrases: str, spans: tuple[tuple[int, int], ...] = (), notes: str = ""
    ) -> int:
        start = text.index(quote)
        highlights = [(quote.index(p), quote.index(p) + len(p)) for p in phrases] + list(spans)
        card = library.cut_card(
            source.id,
            start,
            start + len(quote),
            tag=f"Tag <w:p/> & {CONTROL} {ODD} 🙂 {len(quote)}",
            side="A",
            motion_id=motion.id,
            highlights=highlights,
            notes=notes,
        )
        return card.id

    first = cut(
        text[text.index("bell") : text.index("ends,")],
        f"bell{CONTROL}",
        "here.\r\n\r\nWindows",  # across a paragraph break written as "\r\n\r\n"
        notes=f"Notes with {CONTROL} and\r\nlines\n\nand a second paragraph {ODD}.",
    )
    empty = cut(
        text[text.index("a lone") : text.index("the card goes on.") + len("the card goes on.")],
        "emoji 🙂",
        "After an empty",
    )
    words = long_text[: len(long_text) // 2].strip()
    long_card = cut(words, spans=tuple((n, n + 12) for n in range(100, len(words) - 12, 997)))
    plain_quote = "It has one sentence worth quoting."
    start = library.source_text(plain.id).index(plain_quote)
    plain_card = library.cut_card(
        plain.id,
        start,
        start + len(plain_quote),
        tag="Title-only cite, no highlight",
        side="A",
        motion_id=motion.id,
    ).id
    claim = library.create_card(
        "argument", "A", f"Claim {CONTROL} <b>", motion_id=motion.id, notes=f"Warrant {ODD}"
    )
    other = library.create_card("counterargument", "B", "Other side", motion_id=motion.id)
    answer = library.create_card(
        "counterargument", "A", "Answer with notes", motion_id=motion.id, notes="Because."
    )
    library.link(answer.id, other.id, "answers")
    brief = library.create_brief(motion.id, "A", f"Brief {CONTROL} <w:br/>")
    brief = library.add_brief_section(brief.id, f"Block {CONTROL} & <x>")
    brief = library.add_brief_section(brief.id, "Second block")
    one, two = (section.id for section in brief.sections)
    for card_id in (claim.id, first, empty):
        library.add_to_brief(one, card_id)
    for card_id in (answer.id, long_card, plain_card):
        brief = library.add_to_brief(two, card_id)
    return motion, brief


# --- A file the way Verbatim writes one --------------------------------------------------

VERBATIM_CITE = (
    'Aaron Hardy, creator of Verbatim, 1-1-3000, "Verbatim Online Manual," '
    "https://paperlessdebate.com"
)


def _alias(style: ParagraphStyle | CharacterStyle, aliases: str) -> None:
    element = OxmlElement("w:aliases")
    element.set(qn("w:val"), aliases)
    style.element.name.addnext(element)


def _hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """A real w:hyperlink around a run, as Word writes a pasted link."""
    r_id = paragraph.part.relate_to(
        url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )  # fmt: skip
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _deleted(paragraph: Paragraph, text: str) -> None:
    """A tracked deletion: Word keeps the text in w:del/w:delText; readers must skip it."""
    deletion = OxmlElement("w:del")
    deletion.set(qn("w:id"), "1")
    deletion.set(qn("w:author"), "coach")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText")
    t.text = text
    run.append(t)
    deletion.append(run)
    paragraph._p.append(deletion)


def verbatim_file(path: Path) -> Path:
    """A Verbatim-style file: the hierarchy, three cards, an analytic and a short-form cite.

    Heading 1-4 carry Verbatim's aliases (Heading 4's list is as messy as real ones, "heading 2"
    included); the second block uses a separate "Tag" paragraph style based on Heading 4.
    "Cite" is Verbatim's 13 pt bold character style (named "Style 13 pt Bold", alias "Cite"),
    "Underline" its underline style (named "Style Underline"), and "Emphasis" is redefined as
    Verbatim's bold underline.
    """
    document = docx.Document()
    styles = document.styles
    for level, alias in ((1, "Pocket"), (2, "Hat"), (3, "Block"), (4, "Tag,Big card,heading 2")):
        heading = styles[f"Heading {level}"]
        assert isinstance(heading, ParagraphStyle)
        _alias(heading, alias)
    tag_style = styles.add_style("Tag", WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(tag_style, ParagraphStyle)
    tag_style.base_style = styles["Heading 4"]
    cite = styles.add_style("Style 13 pt Bold", WD_STYLE_TYPE.CHARACTER)
    assert isinstance(cite, CharacterStyle)
    cite.base_style = styles["Default Paragraph Font"]
    cite.font.bold = True
    cite.font.size = Pt(13)
    _alias(cite, "Cite")
    underline = styles.add_style("Style Underline", WD_STYLE_TYPE.CHARACTER)
    assert isinstance(underline, CharacterStyle)
    underline.font.underline = True
    _alias(underline, "Underline")
    emphasis = styles["Emphasis"]
    assert isinstance(emphasis, CharacterStyle)
    emphasis.font.italic = False
    emphasis.font.bold = True
    emphasis.font.underline = True

    document.add_paragraph("Sanctuary file", style="Heading 1")
    document.add_paragraph("AFF – Trust", style="Heading 2")
    document.add_paragraph("1AC – Community trust", style="Heading 3")

    # Card 1: the FORMATS.md cite, highlighting inside underlining; a link and a deletion.
    document.add_paragraph("Trust makes everyone safer", style="Heading 4")
    line = document.add_paragraph()
    line.add_run("Aaron ")
    line.add_run("Hardy", style="Style 13 pt Bold")
    line.add_run(", creator of Verbatim, 1-1-")
    line.add_run("3000", style="Style 13 pt Bold")
    line.add_run(', "Verbatim Online Manual," ')
    _hyperlink(line, "https://paperlessdebate.com", "https://paperlessdebate.com")
    document.add_paragraph()  # Verbatim files are full of empty paragraphs
    body = document.add_paragraph()
    body.add_run("When police stay out of immigration, ")
    read = body.add_run("residents report crimes", style="Style Underline")
    read.font.highlight_color = WD_COLOR_INDEX.TURQUOISE
    body.add_run(" ")
    body.add_run("and testify", style="Style Underline")  # underlined, not highlighted
    _deleted(body, " (deleted by a coach)")
    body.add_run(".")
    second = document.add_paragraph()
    second.add_run("Everyone is ")
    second.add_run("safer", style="Emphasis").font.highlight_color = WD_COLOR_INDEX.TURQUOISE
    second.add_run(" for it.")

    document.add_paragraph("An analytic: no cite, no card", style="Heading 4")
    document.add_paragraph("Extend the trust warrant.")

    document.add_paragraph("1AC – Cooperation", style="Heading 3")
    # Card 2: the custom Tag style, no highlighting at all, so underlining says what is read.
    document.add_paragraph("Cooperation is cheap", style="Tag")
    line = document.add_paragraph()
    line.add_run("Marcus ")
    line.add_run("Hale", style="Style 13 pt Bold")
    line.add_run(", former deputy director, March 7, ")
    line.add_run("2018", style="Style 13 pt Bold")
    line.add_run(', "Why Detainers Matter," Policy Review, accessed 5-1-2024')
    body = document.add_paragraph()
    body.add_run("Cooperation ")
    body.add_run("costs little", style="Style Underline")
    body.add_run(": a phone call, ")
    body.add_run("a fax", style="Emphasis")
    body.add_run(".")

    # Card 3: Verbatim's short cite ahead of the full one in brackets; direct formatting.
    document.add_paragraph("Detainers close the gap", style="Heading 4")
    line = document.add_paragraph()
    line.add_run("Hale 18").bold = True
    line.add_run(' [Marcus Hale, former deputy director, 2018, "Why Detainers Matter"]')
    body = document.add_paragraph()
    body.add_run("People ")
    direct = body.add_run("walk out the door")
    direct.underline = True
    direct.font.highlight_color = WD_COLOR_INDEX.YELLOW
    body.add_run(" before anyone is told.")
    document.add_paragraph("Tag without a card at the very end", style="Heading 4")
    document.save(str(path))
    return path
