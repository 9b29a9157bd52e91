"""The argument map's links as a Mermaid flowchart, for the Markdown map export.

GitHub, GitLab and Obsidian draw a fenced ```` ```mermaid ```` block as a diagram. Each side is
a subgraph holding its cards (arguments as boxes, counterarguments rounded, evidence as
cylinders); *supports* links are solid arrows and *answers* links dotted arrows labelled
"answers".

Every label is written as ``"..."`` and escaped with Mermaid's entity codes (``#quot;``,
``#35;``...): quotes, ``#``, ``;``, backticks, pipes, brackets, braces and HTML metacharacters
never reach the diagram source raw, so no user text can end a label, add a node or an edge,
turn into Markdown or HTML, or close the Markdown fence (labels are one line, and a fence only
closes at the start of a line). Labels are cut to ``MAX_LABEL`` characters.

GitHub refuses diagrams over 50,000 characters or 500 edges: a map too big for that is drawn
without its evidence cards, and when even that is too big the diagram is left out.
"""

from __future__ import annotations

from debateprep.exporters.graph import Edge, edges
from debateprep.records import CardKind, CardRecord, LinkKind, MotionBundle, Side
from debateprep.text.bundleindex import BundleIndex, display_tag, side_label
from debateprep.text.markdown_text import collapse_whitespace, heading

MAX_LABEL = 80
MAX_EDGES = 500  # Mermaid's default maxEdges
MAX_TEXT = 50_000  # Mermaid's default maxTextSize
HEADING = "Diagram of the links"
_ENTITIES = {
    '"': "#quot;",
    "#": "#35;",
    ";": "#59;",
    "`": "#96;",
    "|": "#124;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
    "(": "#40;",
    ")": "#41;",
    "\\": "#92;",
    ":": "#58;",
    "\ufeff": "#65279;",  # JavaScript trims it as white space; Python keeps it
}
_ESCAPES = str.maketrans(_ENTITIES)
_SHAPES = {
    CardKind.ARGUMENT: ("[", "]"),
    CardKind.COUNTERARGUMENT: ("(", ")"),
    CardKind.EVIDENCE: ("[(", ")]"),
}
_SUBGRAPHS = {Side.A: "side_a", Side.B: "side_b"}


def label_text(text: str, limit: int = MAX_LABEL) -> str:
    """What a label shows: one line of at most ``limit`` characters, cut at a word with "…"."""
    line = collapse_whitespace(text)
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:  # a word boundary, unless that throws away half the label
        cut = cut[:space]
    return cut.rstrip() + "…"


def label(text: str, limit: int = MAX_LABEL) -> str:
    """A quoted Mermaid label showing ``label_text(text)``, every special character escaped."""
    return '"' + label_text(text, limit).translate(_ESCAPES) + '"'


def _node(card: CardRecord) -> str:
    opening, closing = _SHAPES[card.kind]
    return f"c{card.id}{opening}{label(display_tag(card))}{closing}"


def _arrow(edge: Edge) -> str:
    if edge.kind is LinkKind.ANSWERS:
        return f"c{edge.source.id} -. answers .-> c{edge.target.id}"
    return f"c{edge.source.id} --> c{edge.target.id}"


def _graph(bundle: MotionBundle, index: BundleIndex, with_evidence: bool) -> tuple[str, int]:
    cards = [card for card in index.cards.values() if with_evidence or not card.is_evidence]
    shown = {card.id for card in cards}
    links = [e for e in edges(index) if e.source.id in shown and e.target.id in shown]
    lines = ["```mermaid", "flowchart LR"]
    for side in (Side.A, Side.B):
        lines.append(f"  subgraph {_SUBGRAPHS[side]}[{label(side_label(bundle.motion, side))}]")
        lines += [f"    {_node(card)}" for card in cards if card.side is side]
        lines.append("  end")
    lines += [f"  {_arrow(edge)}" for edge in links]
    lines.append("```")
    return "\n".join(lines), len(links)


def render_mermaid(bundle: MotionBundle) -> str:
    """The fenced Mermaid block (no final newline), or "" when the map is too big to draw."""
    index = BundleIndex.of(bundle)
    for with_evidence in (True, False):
        text, links = _graph(bundle, index, with_evidence)
        if links <= MAX_EDGES and len(text) <= MAX_TEXT:
            return text
    return ""


def mermaid_blocks(bundle: MotionBundle) -> list[str]:
    """A heading and the diagram, as Markdown blocks for ``document()``; none when too big
    or when the motion has no cards yet (an empty diagram says nothing)."""
    if not bundle.cards:
        return []
    diagram = render_mermaid(bundle)
    return [heading(2, HEADING), diagram] if diagram else []
