"""The ``debateprep`` command: its arguments, and handing each subcommand to its handler.

Exit status: 0 on success, 1 with a one-line message on stderr for a problem the user can fix
(a UserError), 2 for bad usage (argparse's convention), 141 when whoever reads the output
stops early (``debateprep search oven | head -3``): quietly, as ``cat`` would. Everything
printed goes through :mod:`debateprep.cli.terminal`: control characters from imported text are
shown, never obeyed.

This module imports only what the parser needs, so ``debateprep --help`` answers at once; the
handlers (``cli.commands``), the library and Qt load once a command needs them.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO, TypeAlias, cast

from debateprep import __version__
from debateprep.cli.terminal import EscapingStream, one_line
from debateprep.errors import UserError
from debateprep.formats import CITE_STYLES, EXPORT_FORMATS, EXPORTS, format_names
from debateprep.records import CardKind

logger = logging.getLogger(__name__)

KINDS = [kind.value for kind in CardKind]


# What argparse's add_subparsers returns: each _add_* helper below adds its commands to it.
_Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; the subcommands appear in ``--help`` in the order added here."""
    parser = argparse.ArgumentParser(
        prog="debateprep",
        description="Prepare debates: sources, evidence cards, argument maps and briefs. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--library",
        type=_library_location,
        metavar="PATH|URL",
        help="library file (or folder holding library.db), or a class library's "
        "postgresql://host/dbname URL; default: your user-data folder",
    )
    parser.add_argument(
        "--empty",
        action="store_true",
        help="a new library starts empty, without the sample sources and argument map",
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
    _add_import(sub)
    sub.add_parser("info", help="summarise the library")
    sub.add_parser("sources", parents=[listing], help="list the sources")
    sub.add_parser("motions", parents=[listing], help="list the motions")
    _add_cards(sub, listing)
    _add_search(sub, listing)
    _add_aliases(sub, listing)
    cmd = sub.add_parser("map", help="print the side-by-side argument map (Markdown)")
    cmd.add_argument("--motion", type=int, metavar="ID")
    _add_export(sub)
    sub.add_parser("verify", help="check every evidence quote against its source")
    sub.add_parser("check", help="check the database and repair the search index")
    _add_backup_and_restore(sub)
    sub.add_parser("reindex", help="rebuild the search index from the database")
    _add_class(sub)
    return parser


def _add_import(sub: _Commands) -> None:
    cmd = sub.add_parser(
        "import",
        help="import articles (.txt, .md, .html, .pdf), Verbatim card files (.docx), Kialo "
        "discussions (.txt), whole folders of them, or web pages by URL",
        description="Articles: plain text (.txt), Markdown with YAML front matter (.md) and "
        "saved web pages (.html), PDFs with a text layer (.pdf; cards cite their pages). "
        "Verbatim card files (.docx): their cards join the first "
        "motion. Kialo discussion exports (.txt): a new motion. Files are recognised by "
        "their content; folders are searched for these files. An http:// or https:// "
        "address is downloaded (up to 20 MB, redirects followed) and imported with its "
        "final URL and today's date as the access date. Prints one line per file and a "
        "total; a refused file does not stop the others.",
    )
    cmd.add_argument("paths", nargs="+", metavar="PATH_OR_URL")


def _add_cards(sub: _Commands, listing: argparse.ArgumentParser) -> None:
    cmd = sub.add_parser("cards", parents=[listing], help="list cards")
    cmd.add_argument("--kind", choices=KINDS)
    cmd.add_argument("--side", help="A, B or the side's name")
    cmd.add_argument("--motion", type=int, metavar="ID")
    cmd.add_argument("--source", type=int, metavar="ID")
    cmd.add_argument("--label")


def _add_search(sub: _Commands, listing: argparse.ArgumentParser) -> None:
    cmd = sub.add_parser("search", parents=[listing], help="search sources and cards")
    cmd.add_argument("query", nargs="+")
    cmd.add_argument("--kind", choices=[*KINDS, "source"], action="append")
    cmd.add_argument("--side", help="A, B or the side's name")
    cmd.add_argument("--source", type=int, metavar="ID")
    cmd.add_argument("--motion", type=int, metavar="ID")
    cmd.add_argument("--label")
    cmd.add_argument("--limit", type=int, default=20)


def _add_aliases(sub: _Commands, listing: argparse.ArgumentParser) -> None:
    cmd = sub.add_parser(
        "aliases",
        parents=[listing],
        help="list (or edit) the acronyms search expands: learned, built-in and yours",
    )
    cmd.add_argument("--add", action="append", default=[], metavar="SHORT=LONG")
    cmd.add_argument("--remove", action="append", default=[], metavar="SHORT=LONG")


def _add_export(sub: _Commands) -> None:
    cmd = sub.add_parser(
        "export",
        help="export a brief, the map or a classroom packet",
        description="Formats: "
        + ", ".join(f"{what} {'|'.join(format_names(what))}" for what in EXPORTS)
        + ". Without --format the file name's extension decides ("
        + ", ".join(sorted({f".{fmt.extension}" for fmt in EXPORT_FORMATS}))
        + "); otherwise Markdown.",
    )
    cmd.add_argument("what", choices=EXPORTS)
    cmd.add_argument("--motion", type=int, metavar="ID")
    cmd.add_argument("--side", default="A", help="brief side: A, B or the side's name")
    cmd.add_argument("--brief", type=int, metavar="ID", help="a stored brief (default: outline)")
    cmd.add_argument("--variant", choices=["teacher", "worksheet"], default="teacher")
    cmd.add_argument(
        "--format",
        dest="fmt",
        choices=sorted({fmt.name for fmt in EXPORT_FORMATS}),
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


def _add_backup_and_restore(sub: _Commands) -> None:
    cmd = sub.add_parser("backup", help="copy the library to FILE (safe while it is open)")
    cmd.add_argument("file", type=Path, metavar="FILE", help="a new file, or a folder")
    cmd = sub.add_parser(
        "restore", help="replace the library with a backup (the current one is kept)"
    )
    cmd.add_argument("file", type=Path, metavar="FILE")


def _add_class(sub: _Commands) -> None:
    cmd = sub.add_parser(
        "class",
        help="a class library on PostgreSQL: create it, add and remove students, lock motions",
        description="`class create URL --teacher NAME` runs as a PostgreSQL admin (CREATEDB "
        "and CREATEROLE rights) and sets up the database, its roles and rules, the teacher "
        "and the starter content. The others act on --library URL as its teacher (list: as "
        "anyone in the class). One-time passwords are printed once and kept nowhere.",
    )
    actions = cmd.add_subparsers(dest="class_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="set up a class library (as an admin)")
    create.add_argument("url", metavar="URL", help="postgresql://host/dbname")
    create.add_argument("--teacher", required=True, metavar="NAME", help="the teacher's login")
    actions.add_parser("list", help="the teachers and students, their cards and last change")
    for name, what in (
        ("add-student", "create a student's login and print a one-time password"),
        ("remove-student", "remove a student's login (their cards stay)"),
    ):
        action = actions.add_parser(name, help=what)
        action.add_argument("name", metavar="NAME")
    for name, what in (("lock-motion", "lock"), ("unlock-motion", "unlock")):
        action = actions.add_parser(name, help=f"{what} a motion and its cards for students")
        action.add_argument("motion", type=int, metavar="ID")
    push = actions.add_parser(
        "push",
        help="copy a personal library file into the class (sources already there are merged)",
    )
    push.add_argument("local", type=Path, metavar="LOCAL.db")
    pull = actions.add_parser("pull", help="save a snapshot of the class as a library file")
    pull.add_argument("--out", type=Path, required=True, metavar="FILE.db")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    for log_handler in logging.getLogger().handlers:
        log_handler.setLevel(level)  # the window's log file may lower the root level later
    if args.command == "search" and args.limit < 1:
        parser.error("--limit must be at least 1")
    out = cast(TextIO, EscapingStream(sys.stdout))
    try:
        if args.command is None:
            return _window(args)
        from debateprep.cli import commands

        return commands.run(args, out)
    except UserError as exc:
        print(f"debateprep: {one_line(exc.message)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return _reader_went_away()


def _library_location(text: str) -> Path | str:
    """A file path, or a class library's URL kept as text (a Path would fold its "//")."""
    scheme = text.split("://", 1)[0].split("+", 1)[0].lower() if "://" in text else ""
    return text if scheme in ("postgresql", "postgres") else Path(text)


def _reader_went_away() -> int:
    """The reader of our output stopped (``| head``): end quietly, as a Unix tool does."""
    # Python would flush stdout again at exit and print "Exception ignored ... BrokenPipe":
    # point it at /dev/null first (the recipe in the docs of the signal module).
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests): nothing to flush
        pass
    finally:
        os.close(devnull)
    return 141  # 128 + SIGPIPE, what the shell reports for a tool killed by the pipe


def _window(args: argparse.Namespace) -> int:
    """No command: the desktop window (imported here so the CLI never loads Qt)."""
    from debateprep.gui.app import main as gui_main

    return gui_main(args.library, args.screenshot, empty=args.empty)
