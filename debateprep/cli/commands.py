"""The handlers of ``debateprep``'s subcommands: each opens the library (or a file) and prints.

``cli.main`` parses the arguments and imports this module only once a command needs it, so
the library, SQLAlchemy and Whoosh never load for ``--help``. Everything printed goes through
:mod:`debateprep.cli.terminal`.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, TypeVar

from debateprep import paths
from debateprep.cli.export import export_command
from debateprep.cli.terminal import escape, escape_line, one_line, styled
from debateprep.errors import UserError
from debateprep.facade.checkup import check_library
from debateprep.facade.library import Library
from debateprep.facade.validation import parse_side
from debateprep.records import CardKind, ImportStatus
from debateprep.search import SearchHit
from debateprep.storage import library_file
from debateprep.storage.backup import backup_library, restore_library
from debateprep.storage.locking import set_process_role
from debateprep.storage.server import PasswordNeeded, display, is_server_location
from debateprep.text.plural import plural

T = TypeVar("T")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run the parsed command ``args.command``; UserError for a problem the user can fix."""
    # How a restore refusing to run names this process.
    set_process_role(f"the command `debateprep {args.command}`")
    if args.command == "class":
        from debateprep.cli.classroom import class_command

        return class_command(args, out)
    if args.command in _FILE_COMMANDS:
        if is_server_location(args.library):
            raise UserError(
                f"`debateprep {args.command}` works on a library file; a class library lives "
                "on its server (take a copy home with `debateprep class pull --out FILE.db`)."
            )
        return _FILE_COMMANDS[args.command](args, out)
    with open_library(args.library, empty=getattr(args, "empty", False)) as library:
        return _COMMANDS[args.command](library, args, out)


def open_library(location: Path | str | None, **options: Any) -> Library:
    """Open a library, asking for a class library's password if the server wants one."""
    return with_password(location, lambda pw: Library.open(location, password=pw, **options))


def with_password(location: Path | str | None, action: Callable[[str | None], T]) -> T:
    """``action(None)``; when a class library's server asks for a password libpq could not
    find, once more with one typed at a prompt (if there is a terminal to ask at), never
    echoed or kept."""
    try:
        return action(None)
    except PasswordNeeded as exc:
        if not sys.stdin.isatty():
            raise
        print(exc.message, file=sys.stderr)
        return action(getpass.getpass(f"Password for {display(str(location))}: "))


def _info(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    print(f"Library: {library.location}", file=out)
    sources, cards = library.counts()
    print(f"{plural(sources, 'source')}, {plural(cards, 'card')}.", file=out)
    for motion in library.motions():
        print(f"Motion {motion.id}: {one_line(motion.resolution)}", file=out)
    print("Try: debateprep map | debateprep search oven | debateprep --help", file=out)
    return 0


def _import(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    """One line per file or URL as it is done, then a total line; a refused file is listed
    (on stderr) and the import goes on to the next."""
    failures: list[str] = []
    counts: Counter[ImportStatus] = Counter()
    for step in library.import_paths(args.paths):
        outcome = step.outcome
        counts[outcome.status] += 1
        # File names and imported titles are shown as escapes: a newline in a name would
        # split the progress line, an ESC in a title would drive the terminal.
        message = escape_line(outcome.message)
        line = f"[{step.done}/{step.total}] {outcome.status.value}: {message}"
        if outcome.status is ImportStatus.FAILED:
            failures.append(message)
            if step.total > 1:
                print(escape(line), file=sys.stderr)
        else:
            print(line, file=out)
    total = sum(counts.values())
    if total == 0:
        raise UserError("No .txt, .md, .html, .pdf or .docx files were found to import.")
    if total == 1 and failures:
        raise UserError(failures[0])  # one file: its reason is the whole answer
    if total > 1:
        print(import_total(counts), file=out)
    if failures:
        raise UserError(f"{plural(len(failures), 'file')} could not be imported (listed above).")
    return 0


def import_total(counts: Counter[ImportStatus]) -> str:
    """``Total: 6 files, 3 imported, 1 already in the library, 2 refused.``"""
    total = sum(counts.values())
    parts = [f"{counts[ImportStatus.IMPORTED]} imported"]
    for status, words in _TOTAL_WORDS:
        if counts[status]:
            parts.append(f"{counts[status]} {words}")
    return f"Total: {total} {'file' if total == 1 else 'files'}, {', '.join(parts)}."


_TOTAL_WORDS = (
    (ImportStatus.DUPLICATE, "already in the library"),
    (ImportStatus.FAILED, "refused"),
    (ImportStatus.SKIPPED, "left out"),
)


def _sources(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    sources = library.sources()
    if args.json:
        return _print_json([_plain(source) for source in sources], out)
    for source in sources:
        byline = one_line(
            ", ".join(part for part in (source.author, source.outlet, source.date) if part)
        )
        print(f"{source.id:>4}  {one_line(source.title)}", file=out)
        print(
            f"      {byline or 'no citation details yet'} · {plural(source.card_count, 'card')}",
            file=out,
        )
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
    if hits.notice:  # the query was loosened or corrected (issue 14)
        print(f"{hits.notice}.", file=out)
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
    print(f"Indexed {plural(count, 'document')}.", file=out)
    return 0


def _aliases(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    for pair in args.add:
        library.add_alias(*_alias_pair(pair))
    for pair in args.remove:
        library.remove_alias(*_alias_pair(pair))
    entries = library.aliases()
    if args.json:
        return _print_json([_plain(entry) for entry in entries], out)
    for entry in entries:
        print(f"{entry.short} = {entry.long}  ({entry.origin})", file=out)
    return 0


def _alias_pair(text: str) -> tuple[str, str]:
    short, sep, long = text.partition("=")
    if not sep:
        raise UserError(
            f"Write an alias as SHORT=LONG, e.g. ICE=Immigration and Customs "
            f"Enforcement (got {text!r})."
        )
    return short, long


def _library_file(args: argparse.Namespace) -> Path:
    return library_file.resolve_library_path(args.library or paths.default_library_path())


def _check(args: argparse.Namespace, out: TextIO) -> int:
    gaps: list[str] = []
    report = check_library(_library_file(args), gaps)
    for line in report.lines():
        print(line, file=out)
    if not report.ok:
        raise UserError(f"{len(report.problems)} problem(s) could not be repaired (see above).")
    if gaps:
        print(f"{len(gaps)} source(s) with an incomplete cite:", file=out)
        for line in gaps:
            print("  " + line, file=out)
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
    "aliases": _aliases,
    "map": _map,
    "export": export_command,
    "verify": _verify,
    "reindex": _reindex,
}
