"""Mermaid diagram of the map's links: golden file, escaping, size limits, and Mermaid's parser.

Mermaid's own parser (mermaid 11 under jsdom, no browser; see .ci/node/mermaid_check.mjs)
reads the starter map, a hostile library and fuzzed bundles; what it understood (nodes with
their decoded labels and shapes, edges with their style, the two side subgraphs) must be the
map. Without Node the structural tests still show that no label can break out of its quotes.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

from exporter_samples import sample_bundle
from golden_support import Golden
from graph_support import fuzzed_bundles, hostile_map, mermaid_check_command

from debateprep.exporters.graph import edges
from debateprep.exporters.mermaid import (
    MAX_EDGES,
    MAX_LABEL,
    label,
    label_text,
    mermaid_blocks,
    render_mermaid,
)
from debateprep.facade.library import Library
from debateprep.records import CardKind, CardRecord, LinkKind, LinkRecord, MotionBundle, Side
from debateprep.text.bundleindex import BundleIndex, display_tag, side_label

SHAPES = {CardKind.ARGUMENT: "square", CardKind.COUNTERARGUMENT: "round"}
SHAPES[CardKind.EVIDENCE] = "cylinder"
# A label as written: the quotes and, between them, no quote, newline or backtick.
LABEL = re.compile(r'"[^"\n`]*"')


def _starter(library: Library) -> MotionBundle:
    return library.motion_bundle(library.default_motion().id)


def test_starter_map_matches_golden_file(starter_library: Library, golden: Golden) -> None:
    golden("starter_map.mermaid.md", render_mermaid(_starter(starter_library)) + "\n")


def test_labels_are_escaped_and_bounded() -> None:
    nasty = 'a "quote" #1; `tick` ``` | pipe [b] {c} (d) <b>x</b> &amp; \\ :\nnew\r\nline'
    written = label(nasty)
    assert LABEL.fullmatch(written)
    for raw in '"`|[]{}()<>&\\:\n\r':
        assert raw not in written[1:-1]
    assert written == (
        '"a #quot;quote#quot; #35;1#59; #96;tick#96; #96;#96;#96; #124; pipe #91;b#93; '
        '#123;c#125; #40;d#41; #lt;b#gt;x#lt;/b#gt; #amp;amp#59; #92; #58; new line"'
    )
    long = label("word " * 100)
    assert long.endswith(' word…"') and len(long) <= MAX_LABEL + 2
    assert label_text("x" * 200) == "x" * (MAX_LABEL - 1) + "…"


def _check_lines(text: str) -> None:
    """Every line is a fence, the header, a subgraph, a node with one label, or an arrow."""
    lines = text.split("\n")
    assert lines[0] == "```mermaid" and lines[1] == "flowchart LR" and lines[-1] == "```"
    node = re.compile(r"    c\d+(\[|\(|\[\()" + LABEL.pattern + r"(\]|\)|\)\])")
    subgraph = re.compile(r"  subgraph side_[ab]\[" + LABEL.pattern + r"\]")
    arrow = re.compile(r"  c\d+ (-->|-\. answers \.->) c\d+")
    for line in lines[2:-1]:
        assert (
            node.fullmatch(line)
            or subgraph.fullmatch(line)
            or arrow.fullmatch(line)
            or (line == "  end")
        ), line


def test_hostile_text_stays_inside_labels() -> None:
    for bundle in [sample_bundle(), hostile_map(), *fuzzed_bundles(20)]:
        _check_lines(render_mermaid(bundle))


def test_blocks_for_the_markdown_map() -> None:
    blocks = mermaid_blocks(sample_bundle())
    assert blocks[0].startswith("## ") and blocks[1].startswith("```mermaid\n")


def test_a_map_too_big_to_draw_drops_evidence_then_the_diagram() -> None:
    base = sample_bundle()
    claims = [
        CardRecord(id=1000 + i, kind=CardKind.ARGUMENT, side=Side.A, tag=f"Claim {i}")
        for i in range(MAX_EDGES + 2)
    ]
    evidence = next(card for card in base.cards if card.is_evidence)
    links = [
        LinkRecord(id=i, kind=LinkKind.SUPPORTS, from_id=evidence.id, to_id=claim.id)
        for i, claim in enumerate(claims)
    ]
    big = replace(base, cards=base.cards + tuple(claims), links=tuple(links))
    drawn = render_mermaid(big)
    assert drawn and f"c{evidence.id}" not in drawn
    chained = [
        LinkRecord(id=i, kind=LinkKind.SUPPORTS, from_id=a.id, to_id=b.id)
        for i, (a, b) in enumerate(itertools.pairwise(claims))
    ]
    assert render_mermaid(replace(big, links=tuple(chained))) == ""
    assert mermaid_blocks(replace(big, links=tuple(chained))) == []


def test_mermaid_parses_every_diagram_as_the_map(starter_library: Library, tmp_path: Path) -> None:
    command = mermaid_check_command()
    bundles = {
        "starter": _starter(starter_library),
        "sample": sample_bundle(),
        "hostile": hostile_map(),
        **{f"fuzz{i:02}": bundle for i, bundle in enumerate(fuzzed_bundles(12))},
    }
    files = []
    for name, bundle in bundles.items():
        path = tmp_path / f"{name}.md"
        path.write_bytes(f"# Map\n\n{render_mermaid(bundle)}\n".encode())
        files.append(str(path))
    run = subprocess.run([*command, *files], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    parsed = json.loads(run.stdout)
    for name, bundle in bundles.items():
        result = parsed[str(tmp_path / f"{name}.md")]
        assert "error" not in result, (name, result)
        index = BundleIndex.of(bundle)
        assert result["nodes"] == {
            f"c{card.id}": {
                "text": label_text(display_tag(card)),
                "shape": SHAPES[card.kind],
            }
            for card in index.cards.values()
        }, name
        assert result["edges"] == [
            {
                "from": f"c{edge.source.id}",
                "to": f"c{edge.target.id}",
                "stroke": "dotted" if edge.kind is LinkKind.ANSWERS else "normal",
                "text": "answers" if edge.kind is LinkKind.ANSWERS else "",
            }
            for edge in edges(index)
        ], name
        assert result["subgraphs"] == [
            {
                "id": f"side_{side.value.lower()}",
                "title": label_text(side_label(bundle.motion, side)),
                "nodes": [f"c{c.id}" for c in index.cards.values() if c.side is side],
            }
            for side in (Side.A, Side.B)
        ], name
