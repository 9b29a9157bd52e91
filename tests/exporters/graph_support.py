"""Shared by the Argdown, AIF and Mermaid tests: golden files, hostile maps, the Node tools.

The real validators (``@argdown/cli`` and Mermaid's parser) live in ``.ci/node`` (installed by
``npm ci --prefix .ci/node``, which ``.ci/run`` does) or in the folder named by
``DEBATEPREP_NODE_TOOLS``. When they are missing the tests fail, so CI can never pass without
them; a developer without Node can set ``DEBATEPREP_SKIP_NODE_TOOLS=1`` to skip those tests.
"""

from __future__ import annotations

import functools
import itertools
import os
import random
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from exporter_samples import sample_bundle

from debateprep.facade.library import Library
from debateprep.records import MotionBundle, MotionRecord

REPO = Path(__file__).resolve().parents[2]
NODE_TOOLS = Path(os.environ.get("DEBATEPREP_NODE_TOOLS") or REPO / ".ci" / "node")
INSTALL_HINT = (
    "install them with `npm ci --prefix .ci/node` (Node 18 or newer; .ci/run does this), or "
    "point DEBATEPREP_NODE_TOOLS at a folder where they are installed; without Node, set "
    "DEBATEPREP_SKIP_NODE_TOOLS=1 to skip the validator tests"
)


def _missing(what: str) -> None:
    message = f"{what} is not installed in {NODE_TOOLS}; {INSTALL_HINT}."
    if os.environ.get("DEBATEPREP_SKIP_NODE_TOOLS") == "1":
        pytest.skip(message)
    pytest.fail(message)


def argdown_cli() -> Path:
    """The ``argdown`` executable of @argdown/cli 1.7.5."""
    path = NODE_TOOLS / "node_modules" / ".bin" / "argdown"
    if not path.exists():
        _missing("The Argdown CLI (@argdown/cli 1.7.5)")
    return path


def mermaid_check_command() -> list[str]:
    """``node mermaid_check.mjs``: Mermaid's own parser, under jsdom (no browser)."""
    node = shutil.which("node")
    script = NODE_TOOLS / "mermaid_check.mjs"
    if node is None:
        _missing("Node.js")
    if not (NODE_TOOLS / "node_modules" / "mermaid").exists() or not script.exists():
        _missing("Mermaid (with jsdom)")
    return [str(node), str(script)]


# Text that means something to Argdown, Mermaid, YAML, JSON, Markdown or HTML.
NASTIES = (
    "// a comment? https://example.org/a//b?x=1#frag",
    "/* block */ and <!-- html --> comments",
    "=== front matter ===",
    "{data: 1} and } x { and {{",
    "[Title]: a statement <Arg>: an argument",
    "@[mention] @<mention>",
    "#tag #(two words) # heading",
    ".A. :smile: .->. :+1: e.g. U.S.A. 3.5 10:30",
    "back\\slash \\[ \\ at the end\\",
    "*bold* _it_ **b** __u__ `code` ```fence",
    "+ [x]\n- [y]\n  -> z\n_> u",
    "(1) numbered\n1. list\n* item",
    "a \"quoted\" 'single' “curly”",
    "pipes | and ; semicolons ; and: colons",
    "line\nbreak\r\nand\rcarriage\u2028separator\u0085next",
    "control \x00\x07\x1b\x7f\x9f chars",
    "noncharacters \ufffe \uffff and bom \ufeff",
    "emoji 🎉 and accents é ñ 中文",
    "<script>alert('x')</script> <img src=x onerror=alert(1)>",
    "graph TD; A-->B; end; subgraph x; click A call alert()",
    "style A fill:#f00; classDef x fill:#0f0;",
    "#quot; #35; &amp; &lt;",
    "end",
    "-",
    "   ",
)


def build_hostile_library(library: Library) -> MotionRecord:
    """A motion whose every field, source field, tag and note is hostile, with both links."""
    everything = " ".join(NASTIES)
    motion = library.create_motion(
        f"Resolved: {everything}"[:1900], f"Pro {NASTIES[6]}", f"Con {NASTIES[4]}"
    )
    text = "\n\n".join(f"Paragraph {i}: {nasty}" for i, nasty in enumerate(NASTIES))
    source = library.add_source(
        text,
        title=f"Title {NASTIES[0]} {NASTIES[3]}",
        author="<script>alert('author')</script> | Doe // Jr.",
        outlet="# Outlet <!-- x --> === {y}",
        url="https://example.org/path//to?a=1&b={2}#frag",
        date="2019 // March",
    )
    claims = []
    for i, nasty in enumerate(NASTIES):
        kind = "argument" if i % 3 == 0 else "counterargument"
        side = "A" if i % 2 else "B"
        tag = f"{nasty} claim {i}" if nasty.strip() else f"claim {i}"
        claims.append(library.create_card(kind, side, tag, motion_id=motion.id, notes=nasty))
    stored = library.source_text(source.id)  # as stored: line ends normalised
    for i, nasty in enumerate(NASTIES):
        start = stored.index(f"Paragraph {i}:")
        end = stored.find(f"Paragraph {i + 1}:")
        card = library.cut_card(
            source.id,
            start,
            len(stored) if end < 0 else end,
            tag=f"{nasty} evidence {i}" if nasty.strip() else f"evidence {i}",
            side=claims[i].side,
            motion_id=motion.id,
            notes=nasty,
        )
        library.link(card.id, claims[i].id, "supports")
    for earlier, later in itertools.pairwise(claims):
        library.link(later.id, earlier.id, "answers")  # sides alternate
    for earlier, later in zip(claims[::4], claims[2::4], strict=False):
        library.link(later.id, earlier.id, "supports")  # same side, two apart
    return motion


@functools.cache
def hostile_map() -> MotionBundle:
    """The hostile library's motion bundle, built once (through the facade, it takes seconds)."""
    with (
        tempfile.TemporaryDirectory() as folder,
        Library.open(Path(folder) / "hostile.db", starter=False) as library,
    ):
        motion = build_hostile_library(library)
        return library.motion_bundle(motion.id)


def fuzzed_bundles(count: int, seed: int = 6) -> list[MotionBundle]:
    """The sample bundle with every text field replaced by random mixes of the nasties."""
    rng = random.Random(seed)
    pieces = [*NASTIES, *"\\/[]<>{}#=.:*_@-+`\"'|;()\n", "word", " ", "//", "/*", "*/", "==="]

    def text() -> str:
        return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))

    base = sample_bundle()
    bundles = []
    for _ in range(count):
        cards = tuple(
            replace(
                card,
                tag=text(),
                notes=text(),
                quote=text() if card.is_evidence else "",
                cite=replace(card.cite, author=text(), title=text(), url=text()),
            )
            for card in base.cards
        )
        sources = tuple(replace(source, title=text(), url=text()) for source in base.sources)
        motion = replace(base.motion, resolution=text(), side_a=text(), side_b=text())
        links = tuple(link for link in base.links if rng.random() < 0.8)
        bundles.append(replace(base, motion=motion, cards=cards, sources=sources, links=links))
    return bundles
