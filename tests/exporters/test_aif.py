"""AIF export: golden file, and the graph is well-formed and says exactly what the map says.

Every edge joins existing nodes, every RA/CA node has one premise or attacker in and one
conclusion or target out, ids are unique, and the RA/CA nodes between claim texts are exactly
the bundle's drawable links (plus the evidence quote -> tag inferences and the arguments'
relation to the resolution), on the starter map, the sample and a hostile library.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

import pytest
from exporter_samples import sample_bundle
from golden_support import Golden
from graph_support import fuzzed_bundles, hostile_map

from debateprep.exporters.aif import render_aif, render_aif_json
from debateprep.exporters.graph import edges, motion_edges
from debateprep.facade.library import Library
from debateprep.records import LinkKind, MotionBundle
from debateprep.text.bundleindex import BundleIndex, display_tag
from debateprep.text.markdown_text import collapse_whitespace

SCHEMES = {LinkKind.SUPPORTS: "RA", LinkKind.ANSWERS: "CA"}


def _starter(library: Library) -> MotionBundle:
    return library.motion_bundle(library.default_motion().id)


def test_starter_map_matches_golden_file(starter_library: Library, golden: Golden) -> None:
    golden("starter_map.aif.json", render_aif_json(_starter(starter_library)))


def _check_graph(bundle: MotionBundle) -> None:
    graph = render_aif(bundle)
    assert json.loads(render_aif_json(bundle)) == graph
    assert set(graph) == {"nodes", "edges", "locutions"} and graph["locutions"] == []
    nodes = {node["nodeID"]: node for node in graph["nodes"]}
    assert len(nodes) == len(graph["nodes"])
    assert all(set(node) == {"nodeID", "text", "type"} for node in graph["nodes"])
    assert all(isinstance(node["nodeID"], str) for node in graph["nodes"])
    assert {node["type"] for node in graph["nodes"]} <= {"I", "RA", "CA"}
    edge_ids = [edge["edgeID"] for edge in graph["edges"]]
    assert len(set(edge_ids)) == len(edge_ids) and not set(edge_ids) & set(nodes)
    into: Counter[str] = Counter()
    out_of: Counter[str] = Counter()
    for edge in graph["edges"]:
        assert edge["fromID"] in nodes and edge["toID"] in nodes, edge
        out_of[edge["fromID"]] += 1
        into[edge["toID"]] += 1
        # AIF: information only meets information through an inference or a conflict.
        assert (nodes[edge["fromID"]]["type"] == "I") != (nodes[edge["toID"]]["type"] == "I")
    schemes = [node for node in graph["nodes"] if node["type"] != "I"]
    assert all(into[node["nodeID"]] == 1 == out_of[node["nodeID"]] for node in schemes)

    # The scheme nodes say exactly what the bundle says, in terms of node texts.
    index = BundleIndex.of(bundle)
    tag = {card.id: collapse_whitespace(display_tag(card)) for card in index.cards.values()}
    resolution = collapse_whitespace(bundle.motion.resolution) or "Untitled motion"
    expected = Counter(
        (SCHEMES[edge.kind], tag[edge.source.id], tag[edge.target.id]) for edge in edges(index)
    )
    expected.update((SCHEMES[kind], tag[card.id], resolution) for kind, card in motion_edges(index))
    quotes = [card for card in index.cards.values() if collapse_whitespace(card.quote)]
    expected.update(("RA", collapse_whitespace(card.quote), tag[card.id]) for card in quotes)
    source = {edge["toID"]: edge["fromID"] for edge in graph["edges"]}
    target = {edge["fromID"]: edge["toID"] for edge in graph["edges"]}
    found = Counter(
        (node["type"], nodes[source[node["nodeID"]]]["text"], nodes[target[node["nodeID"]]]["text"])
        for node in schemes
    )
    assert found == expected
    i_nodes = [node for node in graph["nodes"] if node["type"] == "I"]
    assert len(i_nodes) == 1 + len(index.cards) + len(quotes)
    assert len(graph["edges"]) == 2 * len(schemes)


def test_starter_graph_is_well_formed(starter_library: Library) -> None:
    _check_graph(_starter(starter_library))


@pytest.mark.parametrize("variant", ["sample", "no links", "no cards", "hostile", "fuzzed"])
def test_graph_is_well_formed(variant: str) -> None:
    bundle = sample_bundle()
    if variant == "no links":
        bundle = replace(bundle, links=())
    elif variant == "no cards":
        bundle = replace(bundle, cards=(), links=())
    if variant == "hostile":
        bundle = hostile_map()
    bundles = fuzzed_bundles(10) if variant == "fuzzed" else [bundle]
    for each in bundles:
        _check_graph(each)


def test_export_is_deterministic() -> None:
    bundle = sample_bundle()
    text = render_aif_json(bundle)
    assert render_aif_json(replace(bundle, links=tuple(reversed(bundle.links)))) == text
    assert text.endswith("}\n")
