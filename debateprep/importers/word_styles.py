"""Word's styles as the Verbatim import needs them: outline levels and run formatting.

A ``w:styles`` part names each style, its aliases, the style it is based on, its outline level
and the bold, underline and highlight it gives its runs. :class:`StyleTable` resolves those
along the ``basedOn`` chains the way Word does, matching style names with their aliases, since
Verbatim names its styles through aliases ("heading 4" alias "Tag"). The helpers that read a
run's own properties (:func:`run_flags`) and an outline level (:func:`outline_level`) are
shared with :mod:`debateprep.importers.wordml`, since a run or paragraph may set directly what
a style would give it, and is read the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Verbatim's names for its four levels.
_LEVEL_NAMES = {"pocket": 1, "hat": 2, "block": 3, "tag": 4}
_HEADING_NAMES = {f"heading {level}": level for level in range(1, 5)}
_FALSE = {"0", "false", "off", "none"}
_NO_FILL = {"", "auto", "ffffff"}


def w(tag: str) -> str:
    """A WordprocessingML tag or attribute name in lxml's ``{namespace}name`` form."""
    return f"{{{W}}}{tag}"


@dataclass(slots=True)
class _Style:
    name: str = ""
    aliases: tuple[str, ...] = ()
    based_on: str | None = None
    outline: int | None = None  # w:outlineLvl + 1
    bold: bool | None = None
    underline: bool | None = None
    highlight: bool | None = None


W_VAL, _W_B, _W_U, _W_HIGHLIGHT, _W_SHD, _W_FILL = (
    w(name) for name in ("val", "b", "u", "highlight", "shd", "fill")
)
Props = Mapping[str, Mapping[str, str]]  # a properties element's children: tag -> attributes


def _on(attributes: Mapping[str, str]) -> bool:
    return attributes.get(W_VAL, "true").lower() not in _FALSE


def _children(element: Any) -> dict[str, Mapping[str, str]]:
    """The attributes of each kind of child of ``element``, the first of each kind winning."""
    found: dict[str, Mapping[str, str]] = {}
    for child in element if element is not None else ():
        if isinstance(child.tag, str):
            found.setdefault(child.tag, child.attrib)
    return found


def run_flags(rpr: Props) -> tuple[bool | None, bool | None, bool | None]:
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
            bold, underline, highlight = run_flags(_children(element.find(w("rPr"))))
            style = _Style(
                name=(name.get(w("val"), "") if name is not None else style_id).lower(),
                aliases=_aliases(aliases),
                based_on=based_on.get(w("val")) if based_on is not None else None,
                outline=outline_level(outline_value),
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

    def title(self, style_id: str | None) -> bool:
        """A paragraph in Word's Title style: a brief's title, as DebatePrep writes it."""
        return any(style.name == "title" for style in self._chain(style_id))

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


def outline_level(value: str | None) -> int | None:
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
