"""The one list of export formats and citation styles, read by the CLI, the window and the facade.

Each export (a brief, the argument map, a classroom packet) can be written in a few formats.
The command line's ``--format`` choices and help, its extension guessing, the window's Export
dialog filters and the facade's checks all read ``EXPORT_FORMATS``; adding a format is one row
here plus its writer. The module imports nothing heavy, so ``debateprep --help`` stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from debateprep.errors import UserError

Export = Literal["brief", "map", "packet"]
EXPORTS: tuple[Export, ...] = ("brief", "map", "packet")
CiteStyle = Literal["debate", "mla", "apa"]
CITE_STYLES: tuple[CiteStyle, ...] = ("debate", "mla", "apa")


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One way to write one export."""

    what: Export  # which export
    name: str  # the --format value
    label: str  # what the window's file dialog calls it
    extension: str  # the file extension it is written with (no dot)
    binary: bool  # bytes, not text: cannot be printed with --out -
    needs_qt: bool  # drawn by Qt (debateprep.gui), so it loads Qt when asked for


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("brief", "md", "Markdown", "md", binary=False, needs_qt=False),
    ExportFormat(
        "brief", "docx", "Word document, Verbatim styles", "docx", binary=True, needs_qt=False
    ),
    ExportFormat("brief", "pdf", "PDF for printing", "pdf", binary=True, needs_qt=True),
    ExportFormat("map", "md", "Markdown with diagram", "md", binary=False, needs_qt=False),
    ExportFormat("map", "argdown", "Argdown", "argdown", binary=False, needs_qt=False),
    ExportFormat("map", "aif", "AIF argument graph", "json", binary=False, needs_qt=False),
    ExportFormat("map", "svg", "SVG picture", "svg", binary=False, needs_qt=False),
    ExportFormat("map", "png", "PNG picture", "png", binary=True, needs_qt=True),
    ExportFormat("packet", "md", "Markdown and a web page", "md", binary=False, needs_qt=False),
    ExportFormat("packet", "html", "Web page (HTML)", "html", binary=False, needs_qt=False),
    ExportFormat("packet", "pdf", "PDF for printing", "pdf", binary=True, needs_qt=True),
)

# Other extensions people type for the same formats.
_EXTRA_SUFFIXES = {".markdown": "md", ".ad": "argdown", ".htm": "html"}


def formats_for(what: Export) -> tuple[ExportFormat, ...]:
    """The formats of one export, the default (Markdown) first."""
    return tuple(fmt for fmt in EXPORT_FORMATS if fmt.what == what)


def format_names(what: Export) -> tuple[str, ...]:
    return tuple(fmt.name for fmt in formats_for(what))


def find_format(what: Export, name: str) -> ExportFormat:
    """The format ``name`` of export ``what``; UserError naming the choices otherwise."""
    for fmt in formats_for(what):
        if fmt.name == name:
            return fmt
    raise UserError(
        f"A {what} exports as {', '.join(format_names(what))}, not {name} "
        "(choose with --format, or by the file's extension)."
    )


def format_for_suffix(suffix: str) -> str | None:
    """The format name a file extension (``.pdf``) stands for, if any, whatever the export
    (so ``brief --out b.json`` is refused as AIF, not written as Markdown)."""
    suffix = suffix.lower()
    if suffix in _EXTRA_SUFFIXES:
        return _EXTRA_SUFFIXES[suffix]
    return next((fmt.name for fmt in EXPORT_FORMATS if f".{fmt.extension}" == suffix), None)


def check_cite_style(value: str) -> CiteStyle:
    """``value`` as a citation style; UserError for anything else."""
    for style in CITE_STYLES:
        if style == value:
            return style
    *others, last = CITE_STYLES
    raise UserError(f"Unknown citation style {value!r}; use {', '.join(others)} or {last}.")
