"""Importing any file we read, recognised by its content rather than its name.

A ZIP package is read as a Verbatim .docx of cards (``verbatim.py``), text shaped like a Kialo
export becomes a motion (``kialo.py``), anything else is an article (``import_file`` in
``sources.py``). ``import_paths`` (folders, progress, cancel) goes through ``_import_one``,
which this class overrides, so the CLI and the window's File > Import get all of them.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from debateprep.actions.kialo import KialoActions
from debateprep.actions.sources import SourceActions
from debateprep.actions.verbatim import VerbatimActions
from debateprep.importers import not_regular, special_kind
from debateprep.importers.kialo import is_kialo_file
from debateprep.models import Motion
from debateprep.records import ImportOutcome, ImportStatus

_ZIP_MAGIC = b"PK\x03\x04"
KIALO_SUFFIXES = frozenset({".txt", ".text", ""})
_SHOWN_REASONS = 5


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


def _refuse_special(path: Path) -> None:
    """Refuse a named pipe, socket or device before anything opens it (a pipe blocks forever)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # the importer says why it cannot be read
    if special_kind(mode) is not None:
        raise not_regular(path.name or str(path), mode)


class ImportActions(SourceActions, KialoActions, VerbatimActions):
    def import_document(
        self, path: Path, *, motion_id: int | None = None, side: str = "A"
    ) -> ImportOutcome:
        """Import one file of any kind we read, recognised by its content.

        A Verbatim .docx's cards join ``motion_id`` (default: the first motion) on ``side``;
        a Kialo export becomes a motion of its own; other files become sources.
        """
        _refuse_special(path)
        if _starts_with(path, _ZIP_MAGIC) or path.suffix.lower() == ".docx":
            motion = motion_id if motion_id is not None else self._first_motion_id()
            result = self.import_verbatim(path, motion_id=motion, side=side)
            return ImportOutcome(result.path, result.status, result.message, result.source)
        if path.suffix.lower() in KIALO_SUFFIXES and is_kialo_file(path):
            made = self.import_kialo(path)
            message = (
                f"{path.name}: Kialo discussion “{made.title}” is now motion {made.motion.id} "
                f"with {len(made.cards)} cards and {len(made.links)} links"
            )
            if made.skipped:
                message += f" ({len(made.skipped)} links left out: {_first_reasons(made.skipped)})"
            return ImportOutcome(str(path), ImportStatus.IMPORTED, message + ".")
        return self.import_file(path)

    def _first_motion_id(self) -> int | None:
        with self._store.read() as session:
            return session.scalar(select(Motion.id).order_by(Motion.id).limit(1))

    def _import_one(self, path: Path) -> ImportOutcome:
        return self.import_document(path)
