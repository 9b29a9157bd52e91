"""What the brief builder's preview pane shows: the exporter's Markdown as HTML, or a note."""

from __future__ import annotations

PREVIEW_DELAY_MS = 250
EMPTY_PREVIEW = (
    "<p>No brief yet. Press <b>New brief…</b> to start one for a side; "
    "it begins with the map's arguments and their evidence, ready to rearrange.</p>"
)
PREVIEW_CSS = (
    "h1 { font-size: large; } h2 { font-size: medium; } h3 { font-size: medium; } "
    "blockquote { margin-left: 16px; margin-right: 8px; }"
)
NO_MOTION_PREVIEW = "<p>This library has no motion yet.</p>"


def preview_html(brief_markdown: str) -> str:
    """The brief as the exporter writes it, rendered to HTML (on a worker thread)."""
    import markdown  # here, not at the top: the window's start does not wait for it

    return markdown.markdown(brief_markdown, extensions=["tables"])
