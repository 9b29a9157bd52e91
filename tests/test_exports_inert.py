"""Hostile card text and source metadata leave every export valid and inert (issue 5, part 7).

A real library is filled through the facade with tags, notes, quotes, motion names and source
metadata (title, author, outlet, URL) full of Markdown and HTML syntax and classic injection
strings. Every Markdown export (brief, map, packet) is rendered with Python-Markdown and the
HTML packet is parsed as written; both must hold no script, no event-handler attribute and no
script URL, tables must keep two cells per row, and each tag stays one heading.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from debateprep.facade.library import Library
from debateprep.records import MotionRecord

NASTIES = [
    "a | b || c",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "`code` and ```fence",
    "# Heading",
    "---",
    "<!-- hidden --> comment",
    "<a href='javascript:alert(2)' onclick='alert(3)'>link</a>",
    "<svg onload=alert(4)>",
    "![i](javascript:alert(5))",
    "<style>body{display:none}</style>",
    "[r]: javascript:alert(6)",
]
HOSTILE = " ".join(NASTIES)
SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)
# Elements that can run code or load content even without an on* attribute.
DANGEROUS = {"script", "iframe", "object", "embed", "svg", "math", "img", "a", "form", "base"}


class Inspector(HTMLParser):
    """Every element and attribute of a document, to check by structure, not by substring."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.rows: list[int] = []  # cells in each table row
        self._cells = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if tag == "tr":
            self._cells = 0
        elif tag in {"td", "th"}:
            self._cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self.rows.append(self._cells)


def assert_inert(html: str, *, head_style: bool = False) -> Inspector:
    page = Inspector(html)
    bad = set(page.elements) & DANGEROUS
    assert not bad, f"dangerous elements {bad}"
    assert page.elements.count("style") == (1 if head_style else 0)
    for element, name, value in page.attributes:
        assert not re.match(r"on\w+", name, re.IGNORECASE), (element, name, value)
        assert not SCRIPT_URL.match(value), (element, name, value)
        assert name.lower() not in {"href", "src", "style", "srcdoc", "action"}
    assert "<script" not in html.lower()
    return page


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["tables"])


def build_hostile_library(library: Library) -> MotionRecord:
    motion = library.create_motion(f"Resolved: {HOSTILE}", f"Pro {NASTIES[0]}", "Con <b>x</b>")
    text = "\n\n".join(f"Paragraph {i}: {nasty}" for i, nasty in enumerate(NASTIES))
    source = library.add_source(
        text,
        title=f"Title {HOSTILE}",
        author="<script>alert('author')</script> | Doe",
        outlet="# Outlet <!-- x --> ---",
        url="javascript:alert('url')",
    )
    argument = library.create_card(
        "argument", "A", f"# {NASTIES[1]} | claim", motion_id=motion.id, notes=HOSTILE
    )
    answer = library.create_card(
        "counterargument", "B", f"--- {NASTIES[2]}", motion_id=motion.id, notes="`"
    )
    library.link(answer.id, argument.id, "answers")
    for i, nasty in enumerate(NASTIES):
        start = text.index(nasty)
        card = library.cut_card(
            source.id,
            start,
            start + len(nasty),
            tag=f"{nasty} tag {i}",
            side="A" if i % 2 else "B",
            motion_id=motion.id,
            highlights=[(0, max(1, len(nasty) // 2))],
            notes=nasty,
        )
        target = argument if card.side.value == "A" else answer
        library.link(card.id, target.id, "supports")
    brief = library.create_brief(motion.id, "A", f"Brief {NASTIES[0]}", outline=True)
    library.add_brief_section(brief.id, NASTIES[5])
    return motion


@pytest.fixture
def hostile(empty_library: Library) -> tuple[Library, MotionRecord]:
    return empty_library, build_hostile_library(empty_library)


def test_markdown_exports_stay_valid_and_inert(
    hostile: tuple[Library, MotionRecord], tmp_path: Path
) -> None:
    library, motion = hostile
    brief_path = library.export_brief(tmp_path / "brief.md", motion_id=motion.id, side="A")
    map_path = library.export_map(tmp_path / "map.md", motion_id=motion.id)
    packet_md, _ = library.export_packet(tmp_path / "packet.md", motion_id=motion.id)
    arguments = len(library.cards(kind="argument", motion_id=motion.id))
    for path in (brief_path, map_path, packet_md):
        text = path.read_text(encoding="utf-8")
        if path == map_path:
            # The map ends with its Mermaid diagram, the one code block we write: one fence,
            # closed once, so no user text can close it early.
            text, diagram = text.split("```mermaid\n", 1)
            assert diagram.endswith("\n```\n") and diagram.count("```") == 1
        page = assert_inert(render(text))
        assert all(cells == 2 for cells in page.rows), (path.name, page.rows)
        # Only the exporter's own headings: a tag's leading "#" or "---" makes none, and
        # backticks open no code span.
        headings = sum(page.elements.count(f"h{level}") for level in range(1, 7))
        assert headings == len(re.findall(r"^#{1,6} ", text, re.MULTILINE)), path.name
        assert not {"hr", "code", "pre"} & set(page.elements), path.name
    map_page = Inspector(render(map_path.read_text(encoding="utf-8")))
    assert len(map_page.rows) == arguments + 1  # the header and one row per argument
    brief_page = Inspector(render(brief_path.read_text(encoding="utf-8")))
    side_a_cards = library.cards(side="A", motion_id=motion.id)
    assert brief_page.elements.count("h3") + brief_page.elements.count("h4") >= len(side_a_cards)


def test_html_packet_is_inert(hostile: tuple[Library, MotionRecord], tmp_path: Path) -> None:
    library, motion = hostile
    for variant in ("teacher", "worksheet"):
        _, html_path = library.export_packet(
            tmp_path / f"{variant}.md", motion_id=motion.id, variant=variant
        )
        page = assert_inert(html_path.read_text(encoding="utf-8"), head_style=True)
        assert page.rows and all(cells == 2 for cells in page.rows)


def test_hostile_text_survives_as_text(hostile: tuple[Library, MotionRecord]) -> None:
    library, motion = hostile
    _, html = library.render_packet(motion.id, "teacher")
    text = "".join(_Text(html).parts)
    # Shown to the reader as typed, never executed: the words are still there.
    for shown in ("alert('x')", "onerror=alert(1)", "javascript:alert(1)", "hidden"):
        assert shown in text, shown


class _Text(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)
