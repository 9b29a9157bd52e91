"""Reading WordprocessingML: a .docx body's paragraphs as text plus their run formatting.

Each paragraph comes out as plain text with the (start, end) spans of its bold, underlined and
highlighted runs, and its outline level as Verbatim uses it (1-4: Pocket, Hat, Block, Tag).
Formatting is resolved the way Word does for what matters here: a run's own properties first,
then its character style and the styles that one is based on. Style names are matched with
their aliases, since Verbatim names its styles through aliases ("heading 4" alias "Tag").
Hyperlinks, fields, content controls, tables and tracked insertions are read; deleted text, text
boxes and the fallback copies of alternate content are not.

The body is read as it streams (``BodyReader`` is an lxml parser target): no tree of the
document is built, only the paragraph being read is held, and a ``TextLimits`` hears of every
character as it arrives, so a small file unpacking to hundreds of megabytes is stopped early.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

Span = tuple[int, int]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Verbatim's names for its four levels.
_LEVEL_NAMES = {"pocket": 1, "hat": 2, "block": 3, "tag": 4}
_HEADING_NAMES = {f"heading {level}": level for level in range(1, 5)}
_FALSE = {"0", "false", "off", "none"}
_NO_FILL = {"", "auto", "ffffff"}


def w(tag: str) -> str:
    """A WordprocessingML tag or attribute name in lxml's ``{namespace}name`` form."""
    return f"{{{W}}}{tag}"


# Subtrees whose text is not part of the paragraph as read: deleted revisions, text boxes
# (their paragraphs float elsewhere), the fallback copy of alternate content, and properties.
_SKIPPED = frozenset(
    {w("del"), w("moveFrom"), w("txbxContent"), f"{{{_MC}}}Fallback", w("rPr"), w("pPr")}
)


@dataclass(slots=True)
class _Style:
    name: str = ""
    aliases: tuple[str, ...] = ()
    based_on: str | None = None
    outline: int | None = None  # w:outlineLvl + 1
    bold: bool | None = None
    underline: bool | None = None
    highlight: bool | None = None


_W_VAL, _W_B, _W_U, _W_HIGHLIGHT, _W_SHD, _W_FILL = (
    w(name) for name in ("val", "b", "u", "highlight", "shd", "fill")
)
Props = Mapping[str, Mapping[str, str]]  # a properties element's children: tag -> attributes


def _on(attributes: Mapping[str, str]) -> bool:
    return attributes.get(_W_VAL, "true").lower() not in _FALSE


def _children(element: Any) -> dict[str, Mapping[str, str]]:
    """The attributes of each kind of child of ``element``, the first of each kind winning."""
    found: dict[str, Mapping[str, str]] = {}
    for child in element if element is not None else ():
        if isinstance(child.tag, str):
            found.setdefault(child.tag, child.attrib)
    return found


def _run_flags(rpr: Props) -> tuple[bool | None, bool | None, bool | None]:
    """(bold, underline, highlight) set directly in a w:rPr; None where it says nothing."""
    if not rpr:
        return None, None, None
    bold = rpr.get(_W_B)
    underline = rpr.get(_W_U)
    highlight = rpr.get(_W_HIGHLIGHT)
    shading = rpr.get(_W_SHD)
    marked: bool | None = None
    if highlight is not None:
        marked = _on(highlight)
    elif shading is not None and shading.get(_W_FILL, "").lower() not in _NO_FILL:
        marked = True  # Google Docs and LibreOffice write custom highlights as shading
    return (
        None if bold is None else _on(bold),
        None if underline is None else _on(underline),
        marked,
    )


class StyleTable:
    """The document's styles by id, resolved along their ``basedOn`` chains."""

    def __init__(self, root: Any | None) -> None:
        self._styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        for element in root.iter(w("style")) if root is not None else ():
            style_id = element.get(w("styleId"), "")
            name = element.find(w("name"))
            aliases = element.find(w("aliases"))
            based_on = element.find(w("basedOn"))
            outline = element.find(f"{w('pPr')}/{w('outlineLvl')}")
            outline_value = None if outline is None else outline.get(w("val"), "9")
            bold, underline, highlight = _run_flags(_children(element.find(w("rPr"))))
            style = _Style(
                name=(name.get(w("val"), "") if name is not None else style_id).lower(),
                aliases=_aliases(aliases),
                based_on=based_on.get(w("val")) if based_on is not None else None,
                outline=_outline(outline_value),
                bold=bold,
                underline=underline,
                highlight=highlight,
            )
            self._styles[style_id] = style
            if element.get(w("type")) == "paragraph" and _on_default(element):
                self.default_paragraph = style_id
        self._levels: dict[str | None, int] = {}
        self._runs: dict[str | None, tuple[bool, bool, bool]] = {}

    def _chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            style = self._styles[style_id]
            yield style
            style_id = style.based_on

    def level(self, style_id: str | None) -> int:
        """1-4 for a Pocket/Hat/Block/Tag paragraph style, else 0."""
        if style_id not in self._levels:
            self._levels[style_id] = self._find_level(style_id)
        return self._levels[style_id]

    def _find_level(self, style_id: str | None) -> int:
        for style in self._chain(style_id):
            # The style's own name decides first: Verbatim's alias lists are long and messy
            # (its Heading 4 once carried "heading 2" among them).
            level = _HEADING_NAMES.get(style.name) or _LEVEL_NAMES.get(style.name)
            if level:
                return level
            if style.outline is not None:
                return style.outline if style.outline <= 4 else 0
            for alias in style.aliases:
                if alias in _LEVEL_NAMES:
                    return _LEVEL_NAMES[alias]
        return 0

    def analytic(self, style_id: str | None) -> bool:
        return any(
            "analytic" in name
            for style in self._chain(style_id)
            for name in (style.name, *style.aliases)
        )

    def run_style(self, style_id: str | None) -> tuple[bool, bool, bool]:
        """(bold, underline, highlight) a character style gives its runs.

        Verbatim's Cite style (also named "13 pt Bold" in older templates) counts as bold, its
        Underline and Emphasis styles as underlined, whatever their definitions say.
        """
        if style_id not in self._runs:
            self._runs[style_id] = self._find_run_style(style_id)
        return self._runs[style_id]

    def _find_run_style(self, style_id: str | None) -> tuple[bool, bool, bool]:
        bold = underline = highlight = None
        for style in self._chain(style_id):
            names = (style.name, *style.aliases)
            if bold is None and any("cite" in n or "13 pt bold" in n for n in names):
                bold = True
            if underline is None and any("underline" in n or "emphasis" in n for n in names):
                underline = True
            bold = style.bold if bold is None else bold
            underline = style.underline if underline is None else underline
            highlight = style.highlight if highlight is None else highlight
        return bool(bold), bool(underline), bool(highlight)


def _aliases(element: Any) -> tuple[str, ...]:
    """A style's other names ("Tag,Big card"), lowercased."""
    if element is None:
        return ()
    names = (alias.strip().lower() for alias in element.get(w("val"), "").split(","))
    return tuple(name for name in names if name)


def _on_default(element: Any) -> bool:
    return element.get(w("default"), "0").lower() in {"1", "true", "on"}


def _outline(value: str | None) -> int | None:
    """w:outlineLvl's value as a level counted from 1 (None: unset, unreadable or negative).

    Word writes 0-9; a negative level once indexed the headings from the end, and a value
    of thousands of digits is not a level either.
    """
    if value is None or len(value) > 9:
        return None
    try:
        level = int(value) + 1
    except ValueError:
        return None
    return level if level >= 1 else None


# --- Paragraphs --------------------------------------------------------------------------

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
                paragraph.style_id = attrib.get(_W_VAL)
                paragraph.style_read = True
            elif tag == _OUTLINE_LEVEL and paragraph.outline is None:
                paragraph.outline = attrib.get(_W_VAL, "9")
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
        outline = _outline(paragraph.outline)
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
            style.get(_W_VAL) if style is not None else None
        )
        d_bold, d_under, d_high = _run_flags(run.props)
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
        )
        self.paragraphs.append(found)
        self._limits.ended(found)
