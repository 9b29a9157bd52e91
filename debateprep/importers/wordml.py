"""Reading WordprocessingML: a .docx body's paragraphs as text plus their run formatting.

Each paragraph comes out as plain text with the (start, end) spans of its bold, underlined and
highlighted runs, and its outline level as Verbatim uses it (1-4: Pocket, Hat, Block, Tag).
Formatting is resolved the way Word does for what matters here: a run's own properties first,
then its character style and the styles that one is based on. Style names are matched with
their aliases, since Verbatim names its styles through aliases ("heading 4" alias "Tag").
Hyperlinks, fields, content controls, tables and tracked insertions are read; deleted text, text
boxes and the fallback copies of alternate content are not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

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
_CONTAINERS = frozenset({w("tbl"), w("tr"), w("tc"), w("sdt"), w("sdtContent"), w("customXml")})


@dataclass(slots=True)
class _Style:
    name: str = ""
    aliases: tuple[str, ...] = ()
    based_on: str | None = None
    outline: int | None = None  # w:outlineLvl + 1
    bold: bool | None = None
    underline: bool | None = None
    highlight: bool | None = None


def _on(element: Any) -> bool:
    return element.get(w("val"), "true").lower() not in _FALSE


def _run_flags(rpr: Any) -> tuple[bool | None, bool | None, bool | None]:
    """(bold, underline, highlight) set directly in a w:rPr; None where it says nothing."""
    if rpr is None:
        return None, None, None
    bold = rpr.find(w("b"))
    underline = rpr.find(w("u"))
    highlight = rpr.find(w("highlight"))
    shading = rpr.find(w("shd"))
    marked: bool | None = None
    if highlight is not None:
        marked = _on(highlight)
    elif shading is not None and shading.get(w("fill"), "").lower() not in _NO_FILL:
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
            bold, underline, highlight = _run_flags(element.find(w("rPr")))
            style = _Style(
                name=(name.get(w("val"), "") if name is not None else style_id).lower(),
                aliases=_aliases(aliases),
                based_on=based_on.get(w("val")) if based_on is not None else None,
                outline=_outline(outline),
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


def _outline(element: Any) -> int | None:
    if element is None:
        return None
    try:
        return int(element.get(w("val"), "9")) + 1
    except ValueError:
        return None


# --- Paragraphs --------------------------------------------------------------------------


@dataclass(slots=True)
class Paragraph:
    """One paragraph's text and the spans of its bold, underlined and highlighted runs."""

    level: int  # 1-4: Pocket, Hat, Block, Tag; 0: anything else
    analytic: bool
    text: str = ""
    bold: list[Span] = field(default_factory=list)
    underline: list[Span] = field(default_factory=list)
    highlight: list[Span] = field(default_factory=list)


def paragraphs(body: Any, styles: StyleTable) -> Iterator[Paragraph]:
    """The body's paragraphs in reading order, tables and content controls included."""
    stack = [iter(body)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        if element.tag == w("p"):
            yield _paragraph(element, styles)
        elif element.tag in _CONTAINERS:
            stack.append(iter(element))


def _paragraph(element: Any, styles: StyleTable) -> Paragraph:
    ppr = element.find(w("pPr"))
    style_id = styles.default_paragraph
    if ppr is not None:
        pstyle = ppr.find(w("pStyle"))
        if pstyle is not None:
            style_id = pstyle.get(w("val"))
    level = styles.level(style_id)
    outline = _outline(ppr.find(w("outlineLvl"))) if ppr is not None else None
    if outline is not None:
        level = outline if outline <= 4 else 0
    paragraph = Paragraph(level=level, analytic=styles.analytic(style_id))
    pieces: list[str] = []
    length = 0
    for run in _runs(element):
        text = _run_text(run)
        if not text:
            continue
        rpr = run.find(w("rPr"))
        rstyle = rpr.find(w("rStyle")) if rpr is not None else None
        s_bold, s_under, s_high = styles.run_style(
            rstyle.get(w("val")) if rstyle is not None else None
        )
        d_bold, d_under, d_high = _run_flags(rpr)
        span = (length, length + len(text))
        if d_bold if d_bold is not None else s_bold:
            paragraph.bold.append(span)
        if d_under if d_under is not None else s_under:
            paragraph.underline.append(span)
        if d_high if d_high is not None else s_high:
            paragraph.highlight.append(span)
        pieces.append(text)
        length += len(text)
    paragraph.text = "".join(pieces)
    return paragraph


def _runs(paragraph: Any) -> Iterator[Any]:
    """The paragraph's runs, in hyperlinks, fields and insertions too, minus skipped parts."""
    stack = [iter(paragraph)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIPPED or tag == w("p"):
            continue
        if tag == w("r"):
            yield element
        else:
            stack.append(iter(element))


def _run_text(run: Any) -> str:
    pieces = []
    for child in run:
        tag = child.tag
        if tag == w("t"):
            pieces.append(child.text or "")
        elif tag in {w("tab"), w("ptab")}:
            pieces.append("\t")
        elif tag in {w("br"), w("cr")}:
            pieces.append("\n")
        elif tag == w("noBreakHyphen"):
            pieces.append("-")
    return "".join(pieces)
