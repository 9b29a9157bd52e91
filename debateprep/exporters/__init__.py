"""Exporters: pure functions from plain records to deterministic Markdown and HTML text.

Same input, same bytes: no timestamps, no dependence on dict, set or link order, "\\n" line
ends and exactly one final newline. All user text goes through :mod:`.markdown_text`.
"""

from __future__ import annotations

from debateprep.exporters.argument_map import MapRow, render_map, side_rows
from debateprep.exporters.brief import render_brief
from debateprep.exporters.packet import markdown_page, render_packet_html, render_packet_markdown

__all__ = [
    "MapRow",
    "markdown_page",
    "render_brief",
    "render_map",
    "render_packet_html",
    "render_packet_markdown",
    "side_rows",
]
