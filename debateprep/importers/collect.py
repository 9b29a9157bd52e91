"""Expand what the user picked (files and folders) into the list of files to import.

Folders are walked without recursion, in a sorted, repeatable order, keeping only files whose
type we import and skipping hidden files and folders (``.git``, ``.DS_Store``...). Files named
explicitly are always kept, whatever their type, so that ``read_document`` can explain why it
refuses one rather than the file silently vanishing from the import. A named pipe, socket or
device in a folder that is named like a file we import is kept too, never opened: the import
notes it as left out (``special_kind`` says what it is).
"""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterable
from pathlib import Path

from debateprep.errors import UserError
from debateprep.importers.reader import SUPPORTED_SUFFIXES

# Folders also yield Word files: a Verbatim .docx imports as cards (facade/imports.py).
COLLECTED_SUFFIXES = frozenset({*SUPPORTED_SUFFIXES, ".docx"})

logger = logging.getLogger(__name__)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import, in order, without duplicates; a missing path is a ``UserError``."""
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        try:
            is_folder = stat.S_ISDIR(path.stat().st_mode)
        except FileNotFoundError:
            raise UserError(
                f"{path.name or path} does not exist; it may have been moved, renamed or deleted."
            ) from None
        except OSError:
            is_folder = False  # let read_document report why it cannot be read
        for file in _walk(path) if is_folder else [path]:
            if file not in seen:
                seen.add(file)
                found.append(file)
    return found


def _walk(root: Path) -> list[Path]:
    files: list[Path] = []
    pending = [root]
    visited: set[tuple[int, int]] = set()
    while pending:
        folder = pending.pop()
        try:
            info = folder.stat()
            entries = list(folder.iterdir())
        except OSError as exc:
            raise UserError(
                f"The folder {folder.name or folder} could not be opened "
                f"({exc.strerror or type(exc).__name__}); check its permissions."
            ) from None
        # A symlink back up the tree would otherwise be walked forever.
        if (info.st_dev, info.st_ino) in visited:
            continue
        visited.add((info.st_dev, info.st_ino))
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                mode = entry.stat().st_mode
            except OSError:
                logger.info("skipping %s: cannot stat it", entry)
                continue
            if stat.S_ISDIR(mode):
                pending.append(entry)
            elif entry.suffix.lower() in COLLECTED_SUFFIXES:
                files.append(entry)  # a pipe or device too: the import notes it, unopened
    return sorted(files, key=lambda file: _sort_key(file, root))


def _sort_key(file: Path, root: Path) -> tuple[tuple[str, str], ...]:
    # Case-insensitive like a file manager, with the exact name breaking ties deterministically.
    return tuple((part.casefold(), part) for part in file.relative_to(root).parts)
