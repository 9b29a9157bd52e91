"""The ``debateprep`` command: headless subcommands over the library facade.

Exit status: 0 on success, 1 with a one-line message on stderr for a problem the user can fix
(a UserError), 2 for bad usage (argparse's convention). Everything printed goes through
:mod:`debateprep.terminal`: control characters from imported text are shown, never obeyed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO, cast

from debateprep import __version__, db, paths
from debateprep.backup import backup_library, restore_library
from debateprep.citations import CITE_STYLES
from debateprep.cli_export import EXPORT_FORMATS, export_command
from debateprep.errors import UserError
from debateprep.health import check_library
from debateprep.library import Library
from debateprep.locking import set_process_role
from debateprep.records import CardKind, ImportStatus
from debateprep.search import SearchHit
from debateprep.terminal import EscapingStream, escape, escape_line, one_line, styled
from debateprep.validation import parse_side

logger = logging.getLogger(__name__)

KINDS = [kind.value for kind in CardKind]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="debateprep",
        description="Prepare debates: sources, evidence cards, argument maps and briefs. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--library",
        type=Path,
        metavar="PATH",
        help="library file (or folder holding library.db); default: your user-data folder",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE",
        help="render the main window to a PNG file and exit (works offscreen)",
    )
    listing = argparse.ArgumentParser(add_help=False)
    listing.add_argument("--json", action="store_true", help="print JSON instead of text")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    cmd = sub.add_parser("import", help="import .txt, .md or .html files or folders")
    cmd.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    sub.add_parser("info", help="summarise the library")
    sub.add_parser("sources", parents=[listing], help="list the sources")
    sub.add_parser("motions", parents=[listing], help="list the motions")

    cmd = sub.add_parser("cards", parents=[listing], help="list cards")
    cmd.add_argument("--kind", choices=KINDS)
    cmd.add_argument("--side", help="A, B or the side's name")
    cmd.add_argument("--motion", type=int, metavar="ID")
    cmd.add_argument("--source", type=int, metavar="ID")
    cmd.add_argument("--label")

    cmd = sub.add_parser("search", parents=[listing], help="search sources and cards")
    cmd.add_argument("query", nargs="+")
    cmd.add_argument("--kind", choices=[*KINDS, "source"], action="append")
    cmd.add_argument("--side", help="A, B or the side's name")
    cmd.add_argument("--source", type=int, metavar="ID")
    cmd.add_argument("--motion", type=int, metavar="ID")
    cmd.add_argument("--label")
    cmd.add_argument("--limit", type=int, default=20)

    cmd = sub.add_parser("map", help="print the side-by-side argument map (Markdown)")
    cmd.add_argument("--motion", type=int, metavar="ID")

    cmd = sub.add_parser(
        "export",
        help="export a brief, the map or a classroom packet",
        description="Formats: brief md|docx|pdf, map md|argdown|aif|svg|png, packet md|html|pdf. "
        "Without --format the file name's extension decides (.docx, .pdf, .argdown, .json, "
        ".svg, .png, .html); otherwise Markdown.",
    )
    cmd.add_argument("what", choices=list(EXPORT_FORMATS))
    cmd.add_argument("--motion", type=int, metavar="ID")
    cmd.add_argument("--side", default="A", help="brief side: A, B or the side's name")
    cmd.add_argument("--brief", type=int, metavar="ID", help="a stored brief (default: outline)")
    cmd.add_argument("--variant", choices=["teacher", "worksheet"], default="teacher")
    cmd.add_argument(
        "--format",
        dest="fmt",
        choices=sorted({f for formats in EXPORT_FORMATS.values() for f in formats}),
        help="file format (default: from the extension of --out, else md)",
    )
    cmd.add_argument(
        "--cite-style",
        choices=list(CITE_STYLES),
        default="debate",
        help="citations: debate (Verbatim cite line), mla (MLA 9) or apa (APA 7)",
    )
    cmd.add_argument("--page-size", choices=["A4", "Letter"], default="A4", help="for PDF")
    cmd.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="file, or - for stdout"
    )

    sub.add_parser("verify", help="check every evidence quote against its source")
    sub.add_parser("check", help="check the database and repair the search index")
    cmd = sub.add_parser("backup", help="copy the library to FILE (safe while it is open)")
    cmd.add_argument("file", type=Path, metavar="FILE", help="a new file, or a folder")
    cmd = sub.add_parser(
        "restore", help="replace the library with a backup (the current one is kept)"
    )
    cmd.add_argument("file", type=Path, metavar="FILE")
    sub.add_parser("reindex", help="rebuild the search index from the database")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    for log_handler in logging.getLogger().handlers:
        log_handler.setLevel(level)  # the window's log file may lower the root level later
    # How a restore refusing to run names this process.
    set_process_role(f"the command `debateprep {args.command}`" if args.command else "")
    out = cast(TextIO, EscapingStream(sys.stdout))
    try:
        if args.command is None:
            return _window(args)
        if args.command in _FILE_COMMANDS:
            return _FILE_COMMANDS[args.command](args, out)
        if args.command == "search" and args.limit < 1:
            parser.error("--limit must be at least 1")
        with Library.open(args.library) as library:
            handler = _COMMANDS[args.command]
            return handler(library, args, out)
    except UserError as exc:
        print(f"debateprep: {one_line(exc.message)}", file=sys.stderr)
        return 1


def _window(args: argparse.Namespace) -> int:
    """No command: the desktop window (imported here so the CLI never loads Qt)."""
    from debateprep.gui.app import main as gui_main

    return gui_main(args.library, args.screenshot)


def _info(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    print(f"Library: {library.path}", file=out)
    sources, cards = library.counts()
    print(f"{sources} sources, {cards} cards.", file=out)
    for motion in library.motions():
        print(f"Motion {motion.id}: {one_line(motion.resolution)}", file=out)
    print("Try: debateprep map | debateprep search oven | debateprep --help", file=out)
    return 0


def _import(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    failures: list[str] = []
    total = 0
    for step in library.import_paths(args.paths):
        outcome = step.outcome
        total = step.total
        # File names and imported titles are shown as escapes: a newline in a name would
        # split the progress line, an ESC in a title would drive the terminal.
        message = escape_line(outcome.message)
        if outcome.status is ImportStatus.FAILED:
            failures.append(message)
        else:
            print(f"[{step.done}/{step.total}] {outcome.status.value}: {message}", file=out)
    if total == 0:
        raise UserError("No .txt, .md or .html files were found to import.")
    if len(failures) == 1:
        raise UserError(failures[0])
    for message in failures:
        print(f"failed: {escape(message)}", file=sys.stderr)
    if failures:
        raise UserError(f"{len(failures)} files could not be imported (listed above).")
    return 0


def _sources(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    sources = library.sources()
    if args.json:
        return _print_json([_plain(source) for source in sources], out)
    for source in sources:
        byline = one_line(
            ", ".join(part for part in (source.author, source.outlet, source.date) if part)
        )
        print(f"{source.id:>4}  {one_line(source.title)}", file=out)
        print(f"      {byline or 'no citation details yet'} · {source.card_count} cards", file=out)
    return 0


def _motions(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    motions = library.motions()
    if args.json:
        return _print_json([_plain(motion) for motion in motions], out)
    for motion in motions:
        print(f"{motion.id:>4}  {one_line(motion.resolution)}", file=out)
        print(f"      A: {one_line(motion.side_a)} | B: {one_line(motion.side_b)}", file=out)
    return 0


def _cards(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    cards = library.cards(
        kind=args.kind,
        side=args.side,
        motion_id=args.motion,
        source_id=args.source,
        label=args.label,
    )
    if args.json:
        return _print_json([_plain(card) for card in cards], out)
    for card in cards:
        print(f"{card.id:>4}  {card.side}  {card.kind.value:<15}  {one_line(card.tag)}", file=out)
    return 0


def _search(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    sides = None
    if args.side:
        motion = library.motion(args.motion) if args.motion else None
        sides = {parse_side(args.side, motion).value}
    hits = library.search(
        " ".join(args.query),
        kinds=set(args.kind) if args.kind else None,  # sources are indexed with kind "source"
        sides=sides,
        source_id=args.source,
        motion_id=args.motion,
        label=args.label,
        limit=args.limit,
    )
    if args.json:
        return _print_json([_plain(hit) for hit in hits], out)
    if not hits:
        print("No matches.", file=out)
    bold = out.isatty()
    for hit in hits:
        what = "source" if hit.doc_type == "source" else f"{hit.kind} {hit.side}"
        where = f" @{hit.offset}" if hit.offset is not None and hit.doc_type == "source" else ""
        print(f"{hit.doc_type}:{hit.id}  [{what}]  {one_line(hit.title)}{where}", file=out)
        print(f"      {_marked_snippet(hit, bold)}", file=out)
    return 0


def _marked_snippet(hit: SearchHit, bold: bool) -> str:
    return " ".join(styled(hit.snippet, hit.highlights, bold).split())


def _map(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    motion_id = args.motion or library.default_motion().id
    out.write(library.render_map(motion_id))
    return 0


def _verify(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    problems = library.verify()
    total = len(library.cards(kind=CardKind.EVIDENCE))
    for problem in problems:
        print(f"card {problem.card_id} “{one_line(problem.tag)}”: {problem.reason}", file=out)
    if problems:
        raise UserError(f"{len(problems)} of {total} evidence quotes no longer match their source.")
    print(f"All {total} evidence quotes match their sources exactly.", file=out)
    return 0


def _reindex(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    count = library.reindex()
    print(f"Indexed {count} documents.", file=out)
    return 0


def _library_file(args: argparse.Namespace) -> Path:
    return db.resolve_library_path(args.library or paths.default_library_path())


def _check(args: argparse.Namespace, out: TextIO) -> int:
    report = check_library(_library_file(args))
    for line in report.lines():
        print(line, file=out)
    if not report.ok:
        raise UserError(f"{len(report.problems)} problem(s) could not be repaired (see above).")
    return 0


def _backup(args: argparse.Namespace, out: TextIO) -> int:
    written = backup_library(_library_file(args), args.file)
    print(f"Backed up the library to {written}", file=out)
    return 0


def _restore(args: argparse.Namespace, out: TextIO) -> int:
    # Works on the closed library file: it refuses while anything holds it open (locking).
    previous = restore_library(args.file, _library_file(args))
    print(f"Restored the library from {args.file}.", file=out)
    if previous is not None:
        print(f"The library as it was before is saved at {previous}", file=out)
    return 0


def _plain(record: Any) -> Any:
    return dataclasses.asdict(record)


def _print_json(data: Any, out: TextIO) -> int:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


_FILE_COMMANDS = {"backup": _backup, "restore": _restore, "check": _check}

_COMMANDS = {
    "info": _info,
    "import": _import,
    "sources": _sources,
    "motions": _motions,
    "cards": _cards,
    "search": _search,
    "map": _map,
    "export": export_command,
    "verify": _verify,
    "reindex": _reindex,
}
