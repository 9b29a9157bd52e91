"""Exporters: pure functions from plain records to deterministic Markdown and HTML text.

Same input, same bytes: no timestamps, no dependence on dict, set or link order, "\\n" line
ends and exactly one final newline. All user text goes through :mod:`.markdown_text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from debateprep.exporters.argument_map import MapRow, render_map, side_rows
from debateprep.exporters.brief import render_brief

if TYPE_CHECKING:
    from debateprep.exporters.packet import (
        markdown_page,
        render_packet_html,
        render_packet_markdown,
    )

__all__ = [
    "MapRow",
    "markdown_page",
    "render_brief",
    "render_map",
    "render_packet_html",
    "render_packet_markdown",
    "side_rows",
]

# The packet needs the markdown package: loaded when first asked for (PEP 562), so the window,
# whose map panel uses ``argument_map``, does not load it before its first paint.
_PACKET = ("markdown_page", "render_packet_html", "render_packet_markdown")


def __getattr__(name: str) -> Any:
    if name in _PACKET:
        from debateprep.exporters import packet

        return getattr(packet, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
