"""A motion's argument map in the Argument Interchange Format (AIF), as used by OVA and AIFdb.

``{"nodes": [...], "edges": [...], "locutions": []}``, nodes ``{"nodeID", "text", "type"}``
and edges ``{"edgeID", "fromID", "toID"}``, every id a string ("1", "2", ... in writing order,
so the same bundle always gives the same file).

- I-nodes (propositions): the resolution; each argument and counterargument (its tag); each
  evidence card twice, as its quote and as its tag (what the quote proves), joined by an RA
  node: quote -> RA -> tag. An evidence card without a quote has its tag node only.
- RA (inference) per *supports* link: premise I -> RA -> conclusion I, the premise of evidence
  being its tag node; and one per side-A argument, which supports the resolution.
- CA (conflict) per *answers* link: attacker I -> CA -> target I; and one per side-B argument,
  which attacks the resolution.

Text is collapsed to one line (tags, quotes and the resolution are prose, not layout).
"""

from __future__ import annotations

import json
from typing import Any

from debateprep.exporters.graph import edges, motion_edges
from debateprep.records import LinkKind, MotionBundle
from debateprep.text.bundleindex import BundleIndex, display_tag
from debateprep.text.markdown_text import collapse_whitespace

UNTITLED_MOTION = "Untitled motion"
# The texts AIFdb and OVA give scheme-less inference and conflict nodes.
INFERENCE_TEXT = "Default Inference"
CONFLICT_TEXT = "Default Conflict"
_SCHEME = {LinkKind.SUPPORTS: ("RA", INFERENCE_TEXT), LinkKind.ANSWERS: ("CA", CONFLICT_TEXT)}


class _Writer:
    """Hands out sequential ids and collects nodes and edges in writing order."""

    def __init__(self) -> None:
        self.nodes: list[dict[str, str]] = []
        self.edges: list[dict[str, str]] = []
        self._next = 0

    def _id(self) -> str:
        self._next += 1
        return str(self._next)

    def node(self, kind: str, text: str) -> str:
        node_id = self._id()
        self.nodes.append({"nodeID": node_id, "text": text, "type": kind})
        return node_id

    def relate(self, kind: LinkKind, from_id: str, to_id: str) -> None:
        """``from`` -> RA/CA -> ``to``."""
        middle = self.node(*_SCHEME[kind])
        for start, end in ((from_id, middle), (middle, to_id)):
            self.edges.append({"edgeID": self._id(), "fromID": start, "toID": end})


def render_aif(bundle: MotionBundle) -> dict[str, Any]:
    """The AIF graph of the motion's map as a JSON-ready dict."""
    index = BundleIndex.of(bundle)
    writer = _Writer()
    resolution = collapse_whitespace(bundle.motion.resolution) or UNTITLED_MOTION
    motion_node = writer.node("I", resolution)
    claim_nodes: dict[int, str] = {}
    for card in index.cards.values():
        quote = collapse_whitespace(card.quote) if card.is_evidence else ""
        quote_node = writer.node("I", quote) if quote else None
        claim_nodes[card.id] = writer.node("I", collapse_whitespace(display_tag(card)))
        if quote_node is not None:
            writer.relate(LinkKind.SUPPORTS, quote_node, claim_nodes[card.id])
    for kind, card in motion_edges(index):
        writer.relate(kind, claim_nodes[card.id], motion_node)
    for edge in edges(index):
        writer.relate(edge.kind, claim_nodes[edge.source.id], claim_nodes[edge.target.id])
    return {"nodes": writer.nodes, "edges": writer.edges, "locutions": []}


def render_aif_json(bundle: MotionBundle) -> str:
    """``render_aif`` as indented UTF-8 JSON text ending in one newline."""
    return json.dumps(render_aif(bundle), ensure_ascii=False, indent=2) + "\n"
