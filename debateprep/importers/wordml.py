"""Reading WordprocessingML: a .docx body's paragraphs as text plus their run formatting.

Each paragraph comes out as plain text with the (start, end) spans of its bold, underlined and
highlighted runs, and its outline level as Verbatim uses it (1-4: Pocket, Hat, Block, Tag).
Formatting is resolved the way Word does for what matters here: a run's own properties first,
then its character style and the styles that one is based on (resolved by
:mod:`debateprep.importers.word_styles`).
Hyperlinks, fields, content controls, tables and tracked insertions are read; deleted text, text
boxes and the fallback copies of alternate content are not.

The body is read as it streams (``BodyReader`` is an lxml parser target): no tree of the
document is built, only the paragraph being read is held, and a ``TextLimits`` hears of every
character as it arrives, so a small file unpacking to hundreds of megabytes is stopped early.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from debateprep.importers.word_styles import W_VAL, StyleTable, outline_level, run_flags, w

Span = tuple[int, int]

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Subtrees whose text is not part of the paragraph as read: deleted revisions, text boxes
# (their paragraphs float elsewhere), the fallback copy of alternate content, and properties.
_SKIPPED = frozenset(
    {w("del"), w("moveFrom"), w("txbxContent"), f"{{{_MC}}}Fallback", w("rPr"), w("pPr")}
)

_P = w("p")
_R = w("r")
_T = w("t")
_PPR = w("pPr")
_RPR = w("rPr")
_PSTYLE = w("pStyle")
_OUTLINE_LEVEL = w("outlineLvl")
_RSTYLE = w("rStyle")
_DOCUMENT = w("document")
_BODY = w("body")

# libxml2 refuses deeper documents when it builds a tree; a Word body nests far less.
MAX_DEPTH = 256


class DamagedDocument(Exception):
    """The XML is well formed but is not a Word document's body (or nests absurdly deep)."""


@dataclass(slots=True)
class Paragraph:
    """One paragraph's text and the spans of its bold, underlined and highlighted runs."""

    level: int  # 1-4: Pocket, Hat, Block, Tag; 0: anything else
    analytic: bool
    text: str = ""
    bold: list[Span] = field(default_factory=list)
    underline: list[Span] = field(default_factory=list)
    highlight: list[Span] = field(default_factory=list)
    title: bool = False  # in Word's Title style (level 0)


class TextLimits(Protocol):
    """Told about the text as it is read, so that it can stop an import that grows too big."""

    def grew(self, level: int, length: int) -> None:
        """The paragraph being read (of ``level``, as far as known) is now ``length`` long."""

    def ended(self, paragraph: Paragraph) -> None:
        """A paragraph was read whole."""


def _add_span(spans: list[Span], start: int, end: int) -> None:
    # Runs split for spelling marks or revisions come back to back: one span, not hundreds.
    if spans and spans[-1][1] == start:
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((start, end))


_RUN_CHARACTERS = {
    w("tab"): "\t",
    w("ptab"): "\t",
    w("br"): "\n",
    w("cr"): "\n",
    w("noBreakHyphen"): "-",
}


@dataclass(slots=True)
class _Open:
    """The paragraph being read."""

    depth: int
    style_id: str | None
    style_read: bool = False
    outline: str | None = None
    level: int = 0
    pieces: list[str] = field(default_factory=list)
    length: int = 0
    bold: list[Span] = field(default_factory=list)
    underline: list[Span] = field(default_factory=list)
    highlight: list[Span] = field(default_factory=list)
    props_depth: int = 0  # depth of its w:pPr while that is open
    props_read: bool = False


@dataclass(slots=True)
class _Run:
    depth: int
    paragraph: _Open
    level: int  # the paragraph's
    start: int  # where the run starts in the paragraph
    pieces: list[str] = field(default_factory=list)
    length: int = 0
    props: dict[str, Mapping[str, str]] = field(default_factory=dict)
    props_depth: int = 0  # depth of its w:rPr while that is open
    props_read: bool = False
    text_depth: int = 0  # depth of the w:t being read


class BodyReader:
    """An lxml parser target reading the body's paragraphs, in order, as the XML streams in.

    Paragraphs are those of the body, its tables, content controls and the chosen copy of
    alternate content; paragraphs nested in a paragraph (text boxes) and those in skipped
    parts are not. A run's text is its
    ``w:t`` elements whole (text after an entity or a child element included), its tabs,
    breaks and non-breaking hyphens, and any non-blank text written straight into the run.
    """

    def __init__(self, styles: StyleTable, limits: TextLimits) -> None:
        self.paragraphs: list[Paragraph] = []
        self.saw_body = False
        self._styles = styles
        self._limits = limits
        self._depth = 0
        self._body = False  # inside the (first) w:body
        self._skips: list[int] = []  # depths of the skipped parts open around us
        self._paragraph: _Open | None = None
        self._run: _Run | None = None

    # -- parser target interface (called for every element: kept lean) --

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        depth = self._depth = self._depth + 1
        if depth <= 2 or depth > MAX_DEPTH:
            self._outer(tag, depth)
        elif not self._body:
            return
        elif (run := self._run) is not None:
            # Nothing starts inside a run: only its own parts are read.
            if depth == run.depth + 1:
                self._run_child(run, tag, depth)
            elif run.props_depth and depth == run.props_depth + 1:
                run.props.setdefault(tag, dict(attrib))
        elif (paragraph := self._paragraph) is not None:
            self._paragraph_child(paragraph, tag, attrib, depth)
        elif tag == _P and not self._skips:
            self._paragraph = _Open(depth, self._styles.default_paragraph)
            self._set_level(self._paragraph)
        elif tag in _SKIPPED:
            self._skips.append(depth)

    def end(self, tag: str) -> None:
        depth = self._depth
        self._depth = depth - 1
        if self._skips and self._skips[-1] == depth:
            self._skips.pop()
        run = self._run
        if run is not None:
            if depth == run.depth:
                self._end_run(run)
            elif depth == run.text_depth:
                run.text_depth = 0
            elif depth == run.props_depth:
                run.props_depth = 0
                run.props_read = True
            return
        paragraph = self._paragraph
        if paragraph is None:
            if depth == 2:
                self._body = False  # only the first body is read
        elif depth == paragraph.depth:
            self._end_paragraph(paragraph)
        elif depth == paragraph.props_depth:
            paragraph.props_depth = 0
            paragraph.props_read = True
            self._set_level(paragraph)

    def data(self, text: str) -> None:
        run = self._run
        if run is not None and (run.text_depth or (self._depth == run.depth and text.strip())):
            self._add(run, text)

    def close(self) -> None:
        return None

    # -- the parts --

    def _outer(self, tag: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise DamagedDocument("nested too deep")
        if depth == 1 and tag != _DOCUMENT:
            raise DamagedDocument("not a WordprocessingML document")
        if depth == 2 and tag == _BODY and not self.saw_body:
            self.saw_body = self._body = True

    def _paragraph_child(
        self, paragraph: _Open, tag: str, attrib: Mapping[str, str], depth: int
    ) -> None:
        if paragraph.props_depth and depth == paragraph.props_depth + 1:
            if tag == _PSTYLE and not paragraph.style_read:
                paragraph.style_id = attrib.get(W_VAL)
                paragraph.style_read = True
            elif tag == _OUTLINE_LEVEL and paragraph.outline is None:
                paragraph.outline = attrib.get(W_VAL, "9")
        elif tag == _R and not self._skips:
            self._run = _Run(depth, paragraph, paragraph.level, paragraph.length)
        elif tag in _SKIPPED or tag == _P:
            # Properties, deleted text, text boxes, and a paragraph inside this one
            # (malformed): no run in them is read.
            self._skips.append(depth)
            if tag == _PPR and depth == paragraph.depth + 1 and not paragraph.props_read:
                paragraph.props_depth = depth

    def _run_child(self, run: _Run, tag: str, depth: int) -> None:
        if tag == _T:
            run.text_depth = depth
        elif tag in _RUN_CHARACTERS:
            self._add(run, _RUN_CHARACTERS[tag])
        elif tag == _RPR and not run.props_read:
            run.props_depth = depth

    def _add(self, run: _Run, text: str) -> None:
        run.pieces.append(text)
        run.length += len(text)
        self._limits.grew(run.level, run.start + run.length)

    def _set_level(self, paragraph: _Open) -> None:
        level = self._styles.level(paragraph.style_id)
        outline = outline_level(paragraph.outline)
        if outline is not None:
            level = outline if outline <= 4 else 0
        paragraph.level = level

    def _end_run(self, run: _Run) -> None:
        self._run = None
        paragraph = run.paragraph
        if not run.length:
            return
        style = run.props.get(_RSTYLE)
        s_bold, s_under, s_high = self._styles.run_style(
            style.get(W_VAL) if style is not None else None
        )
        d_bold, d_under, d_high = run_flags(run.props)
        start, end = paragraph.length, paragraph.length + run.length
        if d_bold if d_bold is not None else s_bold:
            _add_span(paragraph.bold, start, end)
        if d_under if d_under is not None else s_under:
            _add_span(paragraph.underline, start, end)
        if d_high if d_high is not None else s_high:
            _add_span(paragraph.highlight, start, end)
        paragraph.pieces.extend(run.pieces)
        paragraph.length = end

    def _end_paragraph(self, paragraph: _Open) -> None:
        self._paragraph = None
        self._run = None
        found = Paragraph(
            level=paragraph.level,
            analytic=self._styles.analytic(paragraph.style_id),
            text="".join(paragraph.pieces),
            bold=paragraph.bold,
            underline=paragraph.underline,
            highlight=paragraph.highlight,
            title=not paragraph.level and self._styles.title(paragraph.style_id),
        )
        self.paragraphs.append(found)
        self._limits.ended(found)
