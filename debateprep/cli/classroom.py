"""``debateprep class ...``: set up a class library, its students and locked motions.

``class create URL --teacher NAME`` runs as a PostgreSQL admin (CREATEDB and CREATEROLE) and
needs no library; the others act on ``--library postgresql://host/dbname`` as its teacher
(``list`` as anyone in the class). A one-time password is printed once and kept nowhere:
not in settings, not in logs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

from sqlalchemy import make_url

from debateprep.cli.commands import open_library, with_password
from debateprep.cli.terminal import one_line
from debateprep.errors import UserError
from debateprep.facade.classroom import ClassCreated, create_class
from debateprep.facade.library import Library
from debateprep.storage.server import display, is_server_location
from debateprep.text.plural import plural


def class_command(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``debateprep class ACTION``."""
    if args.class_command == "create":
        created = with_password(
            args.url, lambda pw: create_class(args.url, args.teacher, password=pw)
        )
        return _created(created, out)
    if not is_server_location(args.library):
        raise UserError(
            f"`debateprep class {args.class_command}` works on a class library: give "
            "--library postgresql://host/dbname."
        )

    with open_library(args.library, index=False) as library:
        return _ACTIONS[args.class_command](library, args, out)


def _created(created: ClassCreated, out: TextIO) -> int:
    teacher_url = display(make_url(created.location).set(username=created.teacher))
    print(f"Class library created at {created.location}.", file=out)
    if created.password is None:
        print(
            f"Teacher: {created.teacher} (an existing user; their password is unchanged).", file=out
        )
    else:
        print(f"Teacher: {created.teacher}, one-time password: {created.password}", file=out)
        print("(Shown only now and kept nowhere; change it with psql's \\password.)", file=out)
    print(f"The teacher opens it with: debateprep --library '{teacher_url}'", file=out)
    print(
        f"and adds students with: debateprep --library '{teacher_url}' class add-student NAME",
        file=out,
    )
    return 0


def _list(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    for member in library.class_members():
        last = f"last change {member.last_change}" if member.last_change else "no changes yet"
        cards = plural(member.cards, "card")
        print(f"{member.role:<8} {one_line(member.name):<24} {cards:>10}  {last}", file=out)
    return 0


def _add_student(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    password = library.add_student(args.name)
    print(f"Added {args.name}; one-time password: {password}", file=out)
    print("(Shown only now and kept nowhere; change it with psql's \\password.)", file=out)
    return 0


def _remove_student(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    library.remove_student(args.name)
    print(f"Removed {args.name}; their cards, links and briefs stay, under their name.", file=out)
    return 0


def _lock(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    locked = args.class_command == "lock-motion"
    motion = library.lock_motion(args.motion, locked)
    state = "locked: only teachers change it and its cards" if locked else "unlocked"
    print(f"Motion {motion.id} ({one_line(motion.resolution)}) is {state}.", file=out)
    return 0


def _push(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    print(library.push_to_class(args.local).summary(), file=out)
    return 0


def _pull(library: Library, args: argparse.Namespace, out: TextIO) -> int:
    print(library.pull_class(args.out), file=out)
    return 0


_ACTIONS: dict[str, Callable[[Library, argparse.Namespace, TextIO], int]] = {
    "list": _list,
    "add-student": _add_student,
    "remove-student": _remove_student,
    "lock-motion": _lock,
    "unlock-motion": _lock,
    "push": _push,
    "pull": _pull,
}
