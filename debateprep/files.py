"""Writing export files atomically: a crash leaves the old file or the new one, never half.

Every exporter (Markdown, HTML, Word, PDF, SVG, PNG) ends here, so the rules live in one
place: refuse a folder as the target, and the library's own files or any database
(:mod:`debateprep.export_target`), create missing parent folders, write a temporary file
beside the target and rename it over, give it the permissions a normal file gets (the
temporary file is private), and turn OS errors into a message a user understands.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from debateprep.errors import UserError
from debateprep.export_target import check_export_target


def _read_umask() -> int:
    # os.umask can only be read by setting it; done once at import, before other threads
    # could create files under a briefly changed mask.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def write_bytes(path: Path, data: bytes, *, library_db: Path | None = None) -> Path:
    """Write ``data`` to ``path`` atomically; UserError if it cannot or may not be written.

    ``library_db`` is the library the export comes from: its files are never a target.
    """
    path = check_export_target(path, library_db)
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name to export to.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                # On disk before the rename: after a power cut the target is old or whole.
                os.fsync(handle.fileno())
            # mkstemp makes the file private (0600); an export is an ordinary document.
            Path(tmp).chmod(0o666 & ~_UMASK)
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UserError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    return path


def write_text(path: Path, text: str, *, library_db: Path | None = None) -> Path:
    """Write ``text`` as UTF-8 with the newlines it has (no translation), atomically."""
    return write_bytes(path, text.encode("utf-8"), library_db=library_db)
