"""A motion's argument map as Argdown (https://argdown.org), checked with ``@argdown/cli@1.7.5``.

The file opens with YAML front matter (the resolution as ``title``, the sides as ``subTitle``).
The resolution is the statement ``[Resolution]``; side A's arguments support it (``+``) and side
B's attack it (``-``). Each side is a ``#`` heading holding its cards, one statement each, in
map order: ``[Title]: tag #kind {data}``. Under a card, one indented line per link into it:
``+ [Other]`` when the other card supports it (evidence supports its claim), ``- [Other]`` when
the other card answers it. Every relation line only refers to a statement defined with its
text elsewhere, so each card is written once however many links it has.

Titles are the tag's first words (letters and digits only, at most ~40 characters), made unique
(`` 2``, `` 3``... when two tags start alike). Evidence carries its cite, source, URL and
quote, and any card its notes, as quoted YAML data: ``//`` starts a comment anywhere in
Argdown text, so URLs may only appear inside quoted data.

Escaping (checked against the 1.7.5 lexer): text is collapsed to one line, then every character
that can start an Argdown token gets a backslash, which Argdown drops on reading:
``\\ @ # * _ [ ] < > { } / =`` always (statements, mentions, tags, emphasis, links, data,
``//``, ``/*`` and ``<!--`` comments, ``===`` front matter), and ``.`` or ``:`` before a
non-space (``.A.`` or ``:smile:`` would turn into a symbol). Quoted YAML escapes ``\\`` and
``"`` and writes ``{``, ``}`` and ``=`` (which end a data block or the front matter early) and
characters YAML refuses as ``\\xNN`` / ``\\uNNNN``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from debateprep.exporters.graph import incoming, motion_edges
from debateprep.records import CardRecord, LinkKind, MotionBundle, Side
from debateprep.text import citations  # module import: citations itself imports markdown_text
from debateprep.text.bundleindex import BundleIndex, display_tag, side_label
from debateprep.text.markdown_text import collapse_whitespace

RESOLUTION_TITLE = "Resolution"
UNTITLED_MOTION = "Untitled motion"
MAX_TITLE = 40
_WORD = re.compile(r"[^\W_]+")
_ALWAYS = frozenset("\\@#*_[]<>{}/=")
_BEFORE_NON_SPACE = frozenset(".:")
# What js-yaml refuses to read even inside a quoted string (its PATTERN_NON_PRINTABLE), plus
# what ends an Argdown data block ("}") or front matter ("===") before the closing quote.
_YAML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff{}=]")
_RELATION = {LinkKind.SUPPORTS: "+", LinkKind.ANSWERS: "-"}


def escape_text(text: str) -> str:
    """One line of Argdown text that reads back as ``collapse_whitespace(text)``."""
    line = collapse_whitespace(text)
    out: list[str] = []
    for position, ch in enumerate(line):
        following = line[position + 1 : position + 2]
        if ch in _ALWAYS or (ch in _BEFORE_NON_SPACE and following and not following.isspace()):
            out.append("\\")
        out.append(ch)
    return "".join(out)


def yaml_string(value: str) -> str:
    """A double-quoted YAML scalar holding ``value`` collapsed to one line."""
    line = collapse_whitespace(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _YAML_UNSAFE.sub(_yaml_escape, line) + '"'


def _yaml_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}"


def _data(fields: Iterable[tuple[str, str]]) -> str:
    """`` {key: "value", ...}`` for the non-blank fields, or nothing when all are blank."""
    pairs = [f"{key}: {yaml_string(value)}" for key, value in fields if collapse_whitespace(value)]
    return " {" + ", ".join(pairs) + "}" if pairs else ""


def statement_titles(index: BundleIndex) -> dict[int, str]:
    """A unique ``[Title]`` for each card, from its tag's first words; ``Resolution`` is taken."""
    used = {RESOLUTION_TITLE.casefold()}
    titles: dict[int, str] = {}
    for card in index.cards.values():
        base = ""
        for word in _WORD.findall(card.tag):
            if base and len(base) + 1 + len(word) > MAX_TITLE:
                break
            base = f"{base} {word}" if base else word[:MAX_TITLE]
        if not base:
            base = f"{card.kind.value.capitalize()} {card.id}"
        title, number = base, 1
        while title.casefold() in used:
            number += 1
            title = f"{base} {number}"
        used.add(title.casefold())
        titles[card.id] = title
    return titles


def _card_data(card: CardRecord, index: BundleIndex) -> str:
    fields = [("notes", card.notes)]
    if card.is_evidence:
        cite = index.cite_of(card)
        source = index.source_of(card)
        fields = [
            ("cite", citations.cite_parts(cite, "debate").text),
            ("source", source.title if source is not None else ""),
            ("url", cite.url),
            ("quote", card.quote),
            *fields,
        ]
    return _data(fields)


def render_argdown(bundle: MotionBundle) -> str:
    """The argument map as an Argdown document (deterministic; "\\n" line ends)."""
    index = BundleIndex.of(bundle)
    titles = statement_titles(index)
    into = incoming(index)
    motion = bundle.motion
    resolution = collapse_whitespace(motion.resolution) or UNTITLED_MOTION
    sides = f"{side_label(motion, Side.A)} vs. {side_label(motion, Side.B)}"
    blocks = [f"===\ntitle: {yaml_string(resolution)}\nsubTitle: {yaml_string(sides)}\n==="]
    thesis = [f"[{RESOLUTION_TITLE}]: {escape_text(resolution)} #motion"]
    thesis += [f"  {_RELATION[kind]} [{titles[card.id]}]" for kind, card in motion_edges(index)]
    blocks.append("\n".join(thesis))
    for side in (Side.A, Side.B):
        cards = [card for card in index.cards.values() if card.side is side]
        if not cards:
            continue
        blocks.append("# " + escape_text(side_label(motion, side)))
        for card in cards:
            head = f"[{titles[card.id]}]: {escape_text(display_tag(card))} #{card.kind.value}"
            lines = [head + _card_data(card, index)]
            lines += [
                f"  {_RELATION[edge.kind]} [{titles[edge.source.id]}]" for edge in into[card.id]
            ]
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def relation_count(bundle: MotionBundle) -> int:
    """How many relations ``render_argdown`` writes (links, plus each argument to the motion)."""
    index = BundleIndex.of(bundle)
    return sum(map(len, incoming(index).values())) + len(motion_edges(index))
