"""The Imports part: every way a file comes in, recognised by its content rather than its name.

A ZIP package is read as a Verbatim .docx of cards (``verbatim.py``), text shaped like a Kialo
export becomes a motion (``kialo.py``), anything else is an article (``Sources.import_file``).
``import_paths`` (folders, progress, cancel) sends each file through ``import_document``: one
path, so the CLI and the window's File > Import get all of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterable
from functools import partial
from pathlib import Path

from debateprep import importers
from debateprep.errors import UserError
from debateprep.facade import kialo, verbatim
from debateprep.facade.kialo import KialoImport
from debateprep.facade.sources import Sources
from debateprep.facade.verbatim import VerbatimImport
from debateprep.importers import fetch, not_regular, special_kind
from debateprep.importers.kialo import is_kialo_file
from debateprep.records import ImportOutcome, ImportProgress, ImportStatus, Side
from debateprep.storage.store import Store
from debateprep.text.plural import plural

logger = logging.getLogger(__name__)

_ZIP_MAGIC = b"PK\x03\x04"
KIALO_SUFFIXES = frozenset({".txt", ".text", ""})
_SHOWN_REASONS = 5


def _never() -> bool:
    return False


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(magic)) == magic
    except OSError:
        return False  # the regular import reports why it cannot be read


def _first_reasons(reasons: tuple[str, ...]) -> str:
    """A few of the reasons, so that 8,000 skipped links still make a readable line."""
    shown = "; ".join(reasons[:_SHOWN_REASONS])
    more = len(reasons) - _SHOWN_REASONS
    return f"{shown}; and {more} more" if more > 0 else shown


def _special_kind(path: Path) -> str | None:
    try:
        return importers.special_kind(path.stat().st_mode)
    except OSError:
        return None  # the import itself reports why the file cannot be read


def _refuse_special(path: Path) -> None:
    """Refuse a named pipe, socket or device before anything opens it (a pipe blocks forever)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # the importer says why it cannot be read
    if special_kind(mode) is not None:
        raise not_regular(path.name or str(path), mode)


class Imports:
    """Import entry points; needs the store and the Sources part (an article is a source)."""

    def __init__(self, store: Store, sources: Sources) -> None:
        self._store = store
        self._sources = sources

    def import_document(
        self, path: Path, *, motion_id: int | None = None, side: str = "A"
    ) -> ImportOutcome:
        """Import one file of any kind we read, recognised by its content.

        A Verbatim .docx's cards join ``motion_id`` (default: the first motion) on ``side``;
        a Kialo export becomes a motion of its own; other files become sources.
        """
        _refuse_special(path)
        if _starts_with(path, _ZIP_MAGIC) or path.suffix.lower() == ".docx":
            # The first motion is looked up inside the import's one transaction.
            result = verbatim.import_verbatim(
                self._store, path, motion_id=motion_id, side=side, first_motion=True
            )
            return ImportOutcome(result.path, result.status, result.message, result.source)
        if path.suffix.lower() in KIALO_SUFFIXES and is_kialo_file(path):
            made = self.import_kialo(path)
            message = (
                f"{path.name}: Kialo discussion “{made.title}” is now motion {made.motion.id} "
                f"with {plural(len(made.cards), 'card')} and {plural(len(made.links), 'link')}"
            )
            if made.skipped:
                left_out = plural(len(made.skipped), "link")
                message += f" ({left_out} left out: {_first_reasons(made.skipped)})"
            return ImportOutcome(str(path), ImportStatus.IMPORTED, message + ".")
        return self._sources.import_file(path)

    def import_verbatim(
        self,
        path: Path,
        *,
        motion_id: int | None = None,
        side: str | Side = Side.A,
        make_brief: bool = True,
    ) -> VerbatimImport:
        """Import a Verbatim .docx in one transaction (see ``verbatim.import_verbatim``)."""
        return verbatim.import_verbatim(
            self._store, path, motion_id=motion_id, side=side, make_brief=make_brief
        )

    def import_kialo(self, path: Path | str) -> KialoImport:
        """Import a Kialo ``.txt`` export as a new motion (see ``kialo``)."""
        return kialo.import_kialo(self._store, path)

    def import_paths(
        self, paths: Iterable[Path | str], *, cancelled: Callable[[], bool] = _never
    ) -> Generator[ImportProgress, None, None]:
        """Import files, folders and web addresses one at a time (one transaction each),
        yielding progress; a string that looks like a URL (see ``fetch.is_url``) is fetched.

        Whatever goes wrong with one of them (a missing path, a refused file, a dead link)
        is that one's FAILED outcome; the others are still imported. Stop iterating to
        cancel: what was already reported stays imported, nothing is half-done.
        """
        steps = self._plan(paths)
        for done, (item, named) in enumerate(steps, start=1):
            if isinstance(item, ImportOutcome):
                outcome = item
            elif isinstance(item, str):
                outcome = self._guarded(
                    item, partial(self._sources.import_url, item, cancelled=cancelled)
                )
            else:
                outcome = self._import_step(item, named)
            yield ImportProgress(done=done, total=len(steps), outcome=outcome)

    def _plan(self, items: Iterable[Path | str]) -> list[tuple[Path | str | ImportOutcome, bool]]:
        """What to import, in order: URLs, files (folders expanded, each file once) and the
        outcomes of paths that cannot even be looked at; True for a path named explicitly."""
        steps: list[tuple[Path | str | ImportOutcome, bool]] = []
        seen: set[Path] = set()
        for item in items:
            if isinstance(item, str) and fetch.is_url(item):
                steps.append((item.strip(), True))
                continue
            path = Path(item)
            try:
                files = importers.collect_files([path])
            except UserError as exc:
                steps.append((ImportOutcome(str(path), ImportStatus.FAILED, exc.message), True))
                continue
            for file in files:
                if file not in seen:
                    seen.add(file)
                    steps.append((file, file == path))
        return steps

    def _import_step(self, path: Path, named: bool) -> ImportOutcome:
        """One file's outcome; whatever goes wrong with it, the import goes on to the next."""
        kind = None if named else _special_kind(path)
        if kind is not None:
            # Found in a folder: opening a named pipe would wait forever, so it is noted only.
            return ImportOutcome(
                path=str(path),
                status=ImportStatus.SKIPPED,
                message=f"{path.name} is {kind}, not a regular file; it was left out.",
            )
        return self._guarded(str(path), lambda: self.import_document(path), path.name)

    @staticmethod
    def _guarded(
        where: str, action: Callable[[], ImportOutcome], name: str | None = None
    ) -> ImportOutcome:
        """One file's (or URL's) outcome; whatever goes wrong, the import goes on."""
        try:
            return action()
        except UserError as exc:
            message = exc.message
        except Exception as exc:  # a bug with one file must not stop the others (nor the summary)
            logger.exception("importing %s failed", where)
            message = (
                f"{name or where} could not be imported because of an unexpected error in "
                f"DebatePrep ({type(exc).__name__}); the other files were not affected. "
                "Please report it."
            )
        return ImportOutcome(path=where, status=ImportStatus.FAILED, message=message)
