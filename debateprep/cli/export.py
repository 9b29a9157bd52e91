"""``debateprep export``: which formats each export has, choosing one, and writing it.

Text formats go through the library facade; PDF and PNG are rendered by Qt in
``debateprep.gui`` and imported only when asked for, so text exports never load Qt.
Every target is checked before the work starts (never the library's own files). Packets and
PDFs show their progress on stderr when it is a terminal; Ctrl+C stops an export cleanly:
files are written whole at the end, so nothing is left behind.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO, cast

from debateprep.errors import UserError
from debateprep.facade.exports import packet_html_path
from debateprep.facade.library import Library
from debateprep.facade.map_formats import MapFormat
from debateprep.formats import find_format, format_for_suffix
from debateprep.progress import Report


def _export_format(args: argparse.Namespace) -> str:
    """The --format given, else the one the --out extension names, else md."""
    if args.fmt is not None:
        name = str(args.fmt)
    elif str(args.out) == "-":
        name = "md"
    else:
        name = format_for_suffix(args.out.suffix) or "md"
    fmt = find_format(args.what, name)
    if str(args.out) == "-" and fmt.binary:
        raise UserError(f"{fmt.name} is a binary format; give a file name with --out.")
    return fmt.name


def export_command(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    """``debateprep export WHAT --out FILE``: the format from --format or the extension."""
    motion_id = args.motion or library.default_motion().id
    fmt = _export_format(args)
    style = args.cite_style
    if str(args.out) == "-":
        if args.what == "brief":
            brief = library.brief(args.brief) if args.brief else None
            brief = brief or library.outline_brief(motion_id, args.side)
            out.write(library.render_brief(brief, cite_style=style))
        elif args.what == "map":
            out.write(library.render_map_as(motion_id, cast("MapFormat", fmt), cite_style=style))
        else:
            markdown_text, html_text = library.render_packet(
                motion_id, args.variant, cite_style=style
            )
            out.write(html_text if fmt == "html" else markdown_text)
        return 0
    # Refused before any work: an export never replaces the library's own files.
    library.export_target(args.out)
    if args.what == "packet" and fmt == "md":
        library.export_target(packet_html_path(args.out))
    progress = _StatusLine(sys.stderr) if sys.stderr.isatty() else None
    try:
        written = _export_file(library, args, motion_id, fmt, progress)
    except KeyboardInterrupt:
        cancelled = True
    else:
        cancelled = False
    finally:
        if progress is not None:
            progress.clear()
    if cancelled:
        print("debateprep: export cancelled; nothing was written.", file=sys.stderr)
        return 130
    for path in written:
        print(f"Wrote {path}", file=out)
    return 0


class _StatusLine:
    """Progress on one terminal line, rewritten in place: "Printing page 3 of 90… 41%"."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._last = ""

    def __call__(self, done: int, total: int, what: str) -> None:
        percent = 100 * done // total if total > 0 else 0
        line = f"{what}… {percent}%"
        if line != self._last:
            self._stream.write(f"\r\x1b[K{line}")
            self._stream.flush()
            self._last = line

    def clear(self) -> None:
        if self._last:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


def _export_file(
    library: Library,
    args: argparse.Namespace,
    motion_id: int,
    fmt: str,
    progress: Report | None,
) -> list[Path]:
    """Write the export to ``args.out``; the files written."""
    if args.what == "brief":
        return [_export_brief(library, args, motion_id, fmt, progress)]
    if args.what == "map":
        return [_export_map(library, args, motion_id, fmt)]
    return _export_packet(library, args, motion_id, fmt, progress)


def _export_brief(
    library: Library,
    args: argparse.Namespace,
    motion_id: int,
    fmt: str,
    progress: Report | None,
) -> Path:
    style, out_path = args.cite_style, args.out
    where = {"brief_id": args.brief, "motion_id": motion_id, "side": args.side}
    if fmt == "docx":
        return library.export_brief_docx(out_path, cite_style=style, **where)
    if fmt == "pdf":
        from debateprep.render.pdf_export import write_brief_pdf  # Qt only when asked for

        return write_brief_pdf(
            library,
            out_path,
            page_size=args.page_size,
            cite_style=style,
            progress=progress,
            **where,
        )
    return library.export_brief(out_path, cite_style=style, **where)


def _export_map(library: Library, args: argparse.Namespace, motion_id: int, fmt: str) -> Path:
    style, out_path = args.cite_style, args.out
    if fmt == "png":
        from debateprep.render.map_png import write_map_png  # Qt only when asked for

        svg = library.render_map_as(motion_id, "svg", cite_style=style)
        return write_map_png(svg, out_path, library_db=library.file)
    map_format = cast("MapFormat", fmt)
    return library.export_map_as(out_path, map_format, motion_id=motion_id, cite_style=style)


def _export_packet(
    library: Library,
    args: argparse.Namespace,
    motion_id: int,
    fmt: str,
    progress: Report | None,
) -> list[Path]:
    style, out_path = args.cite_style, args.out
    if fmt == "pdf":
        from debateprep.render.pdf_export import write_packet_pdf  # Qt only when asked for

        return [
            write_packet_pdf(
                library,
                motion_id,
                out_path,
                variant=args.variant,
                page_size=args.page_size,
                cite_style=style,
                progress=progress,
            )
        ]
    if fmt == "html":
        _, html_text = library.render_packet(
            motion_id, args.variant, cite_style=style, progress=progress
        )
        return [library.write_export(out_path, html_text)]
    return list(
        library.export_packet(
            out_path,
            motion_id=motion_id,
            variant=args.variant,
            cite_style=style,
            progress=progress,
        )
    )
