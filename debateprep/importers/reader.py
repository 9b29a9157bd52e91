"""Read one file into an ``ImportedDocument``: choose the importer by suffix, guard size and access.

This is the boundary between the file system and the format importers. Every way a file can
fail to be read (missing, a folder, unreadable, too big, an unsupported type) becomes a
``UserError`` that names the file and, where it is obvious, says what to do. The size limit is
checked from the file's metadata before reading, so a 4 GB video dropped by mistake costs
nothing.
"""

from __future__ import annotations

import logging
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePath

from debateprep.errors import UserError
from debateprep.importers.decoding import as_declared
from debateprep.importers.document import ImportedDocument, base_name
from debateprep.importers.html import parse_html
from debateprep.importers.markdown import parse_markdown
from debateprep.importers.pdf import parse_pdf
from debateprep.importers.text import parse_text
from debateprep.text.article_lines import hidden_spans

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024  # a long report is ~1 MB of text; bigger is not an article
# A PDF carries its fonts and pictures: a 60-page illustrated report is often 30 MB.
MAX_PDF_BYTES = 100 * 1024 * 1024

_PARSERS: dict[str, Callable[[bytes, str], ImportedDocument]] = {
    ".txt": parse_text,
    ".text": parse_text,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".html": parse_html,
    ".htm": parse_html,
    ".pdf": parse_pdf,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_PARSERS)
# The formats read by ``decoding``, which a declared charset (see ``as_declared``) applies to.
_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})
_MEBIBYTE = 1024 * 1024
# The text one file may make: the same 20 MB (in characters) as the file itself.
MAX_TEXT_CHARS = MAX_FILE_BYTES
_SPECIAL_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def read_document(path: Path) -> ImportedDocument:
    """Read and import the file at ``path``; every failure is a ``UserError`` naming it."""
    name = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UserError(
            f"{name} does not exist; it may have been moved, renamed or deleted."
        ) from None
    except OSError as exc:
        raise _unreadable(name, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise UserError(f"{name} is a folder, not a file; import the files inside it instead.")
    if not stat.S_ISREG(info.st_mode):
        raise not_regular(name, info.st_mode)
    _parser_for(name)
    _check_size(info.st_size, name)
    try:
        with path.open("rb") as stream:
            data = stream.read(_max_bytes(name) + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise _unreadable(name, exc) from None
    logger.debug("read %d bytes from %s", len(data), path)
    return parse_document(data, name)


def parse_document(data: bytes, name: str, *, charset: str | None = None) -> ImportedDocument:
    """Import a file's bytes; ``name`` (a file name or path) picks the format and names errors.

    ``charset`` is what a web server said the text is in (its Content-Type header).
    """
    name = base_name(name)
    parser = _parser_for(name)
    _check_size(len(data), name)
    if charset is not None and PurePath(name).suffix.lower() in _TEXT_SUFFIXES:
        data = as_declared(data, charset)
    document = parser(data, name)
    if not document.hidden:
        # Boilerplate lines stay in the stored text (cards quote it exactly) but are hidden.
        document = replace(document, hidden=hidden_spans(document.text))
    # No format here makes more characters than it reads bytes (HTML entities are longer than
    # what they stand for); this holds the 20 MB limit should one ever do so.
    if len(document.text) > MAX_TEXT_CHARS:
        limit = human_size(MAX_TEXT_CHARS)
        raise UserError(
            f"{name} expands to more than {limit} of text; DebatePrep imports up to {limit} "
            "of text from one file. Split it into smaller files."
        )
    return document


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file (nor a folder) is, in words; None otherwise."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    for test, kind in _SPECIAL_KINDS:
        if test(mode):
            return kind
    return "a special file"


def not_regular(name: str, mode: int) -> UserError:
    """The refusal for a pipe, socket or device, which must never be opened: reading a named
    pipe waits for a writer forever, and a device may never end."""
    kind = special_kind(mode) or "a special file"
    return UserError(
        f"{name} is not a regular file ({kind}); choose a text, Markdown, HTML, PDF, Kialo or "
        "Word file."
    )


def _parser_for(name: str) -> Callable[[bytes, str], ImportedDocument]:
    suffix = PurePath(name).suffix.lower()
    parser = _PARSERS.get(suffix)
    if parser is not None:
        return parser
    *others, last = _PARSERS
    supported = f"{', '.join(others)} and {last}"
    what = f"is a {suffix} file" if suffix else "has no file extension"
    raise UserError(
        f"{name} {what}; DebatePrep imports {supported} files (and Verbatim .docx card files). "
        "Copy its text into a .txt file and import that instead."
    )


def _max_bytes(name: str) -> int:
    return MAX_PDF_BYTES if PurePath(name).suffix.lower() == ".pdf" else MAX_FILE_BYTES


def _check_size(size: int, name: str) -> None:
    if size <= _max_bytes(name):
        return
    limit = human_size(_max_bytes(name))
    shown = human_size(size)
    if shown == limit:
        shown = f"over {limit}"  # "20 MB; ... up to 20 MB" would read as a contradiction
    raise UserError(f"{name} is {shown}; DebatePrep imports files up to {limit}.")


def human_size(size: int) -> str:
    """A size as people say it: "900 bytes", "1.5 KB", "20 MB", "4 GB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < _MEBIBYTE:
        return f"{size / 1024:.1f}".removesuffix(".0") + " KB"
    if size < 1024 * _MEBIBYTE:
        return f"{size / _MEBIBYTE:.1f}".removesuffix(".0") + " MB"
    return f"{size / (1024 * _MEBIBYTE):.1f}".removesuffix(".0") + " GB"  # "4 GB", not "4096 MB"


def _unreadable(name: str, exc: OSError) -> UserError:
    if isinstance(exc, PermissionError):
        return UserError(f"DebatePrep is not allowed to read {name}; check the file's permissions.")
    reason = exc.strerror or type(exc).__name__
    return UserError(f"{name} could not be read ({reason}); check that the file is accessible.")
