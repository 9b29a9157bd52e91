"""Verbatim .docx import: a Word file of debate cards becomes one source and its evidence cards.

The cards are found by :mod:`debateprep.importers.verbatim_cards`, which says how Verbatim lays
them out; this module reads the file safely and hands it the body's paragraphs.

Only ``word/document.xml`` and the styles are read, with external entities and network access
off; every way a file can fail (not a ZIP, no document, damaged XML, too big, no cards) is a
``UserError`` naming the file.

A small file can unpack to far more than it holds, so nothing is trusted from the package's
directory: each part is inflated a chunk at a time and counted, against a cap on its size
(``MAX_UNPACKED_BYTES``) and on how many times its packed size it grows (``MAX_RATIO``), and
the body is parsed as it streams in, with the text it makes counted against
``MAX_TEXT_CHARS`` (the same 20 MB as a text file), ``MAX_PARAGRAPHS`` and
``MAX_CARD_CHARS``. The import stops at the first limit passed, before anything is stored.
"""

from __future__ import annotations

import io
import logging
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from debateprep.errors import UserError
from debateprep.importers.document import base_name
from debateprep.importers.reader import MAX_FILE_BYTES, MAX_TEXT_CHARS, human_size, not_regular
from debateprep.importers.verbatim_cards import PARAGRAPH_BREAK, VerbatimDocument, assemble
from debateprep.importers.word_styles import StyleTable
from debateprep.importers.wordml import BodyReader, DamagedDocument, Paragraph
from debateprep.text.markdown_text import collapse_whitespace

logger = logging.getLogger(__name__)

# What the XML inside may unpack to: text compresses about tenfold, so a 20 MB file of cards
# stays well below, while a ZIP bomb is refused before a byte of it is inflated.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Word's XML packs five to twenty-fold; deflate can reach a thousand. A part that grows more
# than this (once past a megabyte) is a bomb, refused as soon as it is seen to be one.
MAX_RATIO = 100
_RATIO_FREE_BYTES = 1024 * 1024
MAX_STYLES_BYTES = 16 * 1024 * 1024  # styles and relationships: Verbatim's are ~100 KB
# What one file may produce: as much text as a text file may hold (``MAX_TEXT_CHARS``, 20 MB),
# and no card (or single paragraph) so long that searching or exporting it takes minutes.
MAX_PARAGRAPHS = 200_000
MAX_CARD_CHARS = 1_000_000
_CHUNK_BYTES = 1024 * 1024
_SHOWN_TAG = 60
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc files and password-protected .docx
_DOCUMENT = "word/document.xml"
_STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


def read_verbatim_docx(path: Path) -> VerbatimDocument:
    """Read the Verbatim file at ``path``; every failure is a ``UserError`` naming it."""
    return parse_verbatim_docx(_read_bytes(path), path.name or str(path))


def looks_like_verbatim_docx(path: Path) -> bool:
    """True for a Word file (by content, whatever its name) holding at least one card.

    Never raises: a file that cannot be read is simply not a Verbatim file.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False  # opening a named pipe would wait forever
        with path.open("rb") as stream:
            if stream.read(4) != b"PK\x03\x04":
                return False
        return bool(parse_verbatim_docx(_read_bytes(path), path.name).cards)
    except (UserError, OSError):
        return False


def _read_bytes(path: Path) -> bytes:
    name = path.name or str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UserError(f"{name} is a folder, not a file; choose a Word .docx file.")
        if not stat.S_ISREG(info.st_mode):
            raise not_regular(name, info.st_mode)
        _check_size(info.st_size, name)
        with path.open("rb") as stream:
            return stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UserError(
            f"{name} does not exist; it may have been moved, renamed or deleted."
        ) from None
    except PermissionError:
        raise UserError(
            f"DebatePrep is not allowed to read {name}; check the file's permissions."
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UserError(f"{name} could not be read ({reason}).") from None


def _check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise UserError(
            f"{name} is over {limit} MB; DebatePrep imports Word files up to {limit} MB."
        )


def parse_verbatim_docx(data: bytes, name: str) -> VerbatimDocument:
    """Read a Verbatim .docx from its bytes; ``name`` titles the source and names errors."""
    name = base_name(name)
    _check_size(len(data), name)
    if data.startswith(_OLE_MAGIC):
        raise UserError(
            f"{name} is an old Word .doc file or a password-protected document; open it in "
            "Word, save it as a .docx without a password, and import that."
        )
    found = _read_paragraphs(data, name)
    if not any(paragraph.text.strip() for paragraph in found):
        raise UserError(f"{name} is empty: it holds no text to import.")
    result = assemble(found, name)
    if not result.cards:
        raise UserError(
            f"{name} holds no cards in Verbatim's layout (a Heading 4 tag, the cite in the "
            "next paragraph, then the card text); there is nothing to import."
        )
    return result


def _read_paragraphs(data: bytes, name: str) -> list[Paragraph]:
    """The body's paragraphs, read as the document part is inflated and parsed."""
    damaged = (
        f"{name} is a damaged Word document; open it in Word, save it again and import the "
        "saved copy."
    )
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise UserError(
            f"{name} is not a Word .docx file (it is not a ZIP package); save it from Word "
            "as a .docx file and import that."
        ) from None
    except NotImplementedError:  # a ZIP from a newer format version than Python reads
        raise UserError(damaged) from None
    try:
        with package:
            names = set(package.namelist())
            if _DOCUMENT not in names:
                raise UserError(
                    f"{name} is a ZIP file but not a Word document (it has no "
                    f"{_DOCUMENT}); save it from Word as a .docx file."
                )
            _check_declared_sizes(package, name)
            styles_name = _styles_part(package, names, name)
            styles = (
                _parse_xml(_unpack(package, styles_name, name, MAX_STYLES_BYTES))
                if styles_name
                else None
            )
            reader = BodyReader(StyleTable(styles), _Budget(name))
            parser = etree.XMLParser(
                target=reader,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                remove_comments=True,
            )
            for chunk in _chunks(package, _DOCUMENT, name, MAX_UNPACKED_BYTES):
                parser.feed(chunk)
            parser.close()
    except (
        zipfile.BadZipFile,  # a bad CRC or a truncated entry
        etree.XMLSyntaxError,
        DamagedDocument,
        zlib.error,
        EOFError,
        NotImplementedError,  # a compression method Python lacks
        ValueError,  # lxml refusing what it cannot represent
    ) as exc:
        logger.info("unreadable Word file %s: %s", name, exc)
        raise UserError(damaged) from None
    if not reader.saw_body:
        raise UserError(damaged)
    return reader.paragraphs


def _check_declared_sizes(package: zipfile.ZipFile, name: str) -> None:
    """Refuse at once what the package's directory admits to; the parts are counted anyway."""
    unpacked = sum(info.file_size for info in package.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise UserError(
            f"{name} unpacks to {human_size(unpacked)}, more than DebatePrep reads "
            f"({human_size(MAX_UNPACKED_BYTES)}); split it into smaller files."
        )
    info = package.getinfo(_DOCUMENT)
    if info.file_size > _ratio_cap(info):
        raise _bomb(name)


def _ratio_cap(info: zipfile.ZipInfo) -> int:
    return max(_RATIO_FREE_BYTES, MAX_RATIO * info.compress_size)


def _bomb(name: str) -> UserError:
    return UserError(
        f"{name} unpacks to more than {MAX_RATIO} times its packed size, far more than a Word "
        "document does (it looks built to exhaust memory); DebatePrep did not import it."
    )


def _chunks(package: zipfile.ZipFile, part: str, name: str, cap: int) -> Iterator[bytes]:
    """The part's bytes a chunk at a time, counted as they are inflated.

    The directory's sizes are not trusted: the count stops the part at ``cap`` bytes or at
    ``MAX_RATIO`` times its packed size, whichever comes first.
    """
    info = package.getinfo(part)
    ratio_cap = _ratio_cap(info)
    total = 0
    with package.open(info) as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            total += len(chunk)
            if total > cap:
                raise UserError(
                    f"{name} unpacks to more than {human_size(cap)} of XML, more than "
                    "DebatePrep reads; split it into smaller files."
                )
            if total > ratio_cap:
                raise _bomb(name)
            yield chunk


def _unpack(package: zipfile.ZipFile, part: str, name: str, cap: int) -> bytes:
    return b"".join(_chunks(package, part, name, cap))


def _parse_xml(blob: bytes) -> Any:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    return etree.fromstring(blob, parser)


def _styles_part(package: zipfile.ZipFile, names: set[str], name: str) -> str | None:
    """The styles part the document's relationships name (word/styles.xml in practice)."""
    rels_name = "word/_rels/document.xml.rels"
    if rels_name in names:
        try:
            rels = _parse_xml(_unpack(package, rels_name, name, MAX_STYLES_BYTES))
        except etree.XMLSyntaxError:
            rels = None
        for rel in rels if rels is not None else ():
            if rel.get("Type") == _STYLES_REL and rel.get("TargetMode") != "External":
                # Targets are relative to word/, or absolute within the package ("/word/...").
                target = str(PurePosixPath("word") / rel.get("Target", "")).lstrip("/")
                if target in names:
                    return target
    return "word/styles.xml" if "word/styles.xml" in names else None


@dataclass(slots=True)
class _Budget:
    """Counts the text as the body is read and stops the import at the first limit passed."""

    name: str
    text: int = 0  # characters in the paragraphs read whole
    paragraphs: int = 0
    card: int | None = None  # characters since the last tag; None outside a card
    tag: str = ""

    def grew(self, level: int, length: int) -> None:
        if self.text + length > MAX_TEXT_CHARS:
            limit = human_size(MAX_TEXT_CHARS)
            raise UserError(
                f"{self.name} expands to more than {limit} of text; DebatePrep imports up to "
                f"{limit} of text from one file. Split it into smaller files."
            )
        in_card = not level and self.card is not None
        if length > MAX_CARD_CHARS or (in_card and (self.card or 0) + length > MAX_CARD_CHARS):
            self._too_long(in_card)

    def ended(self, paragraph: Paragraph) -> None:
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise UserError(
                f"{self.name} has more than {MAX_PARAGRAPHS:,} paragraphs; DebatePrep imports "
                f"Word files of up to {MAX_PARAGRAPHS:,} paragraphs. Split it into smaller files."
            )
        self.text += len(paragraph.text)
        if paragraph.level and paragraph.text.strip():
            self.card = 0 if paragraph.level == 4 else None
            self.tag = paragraph.text
        elif self.card is not None:
            self.card += len(paragraph.text) + len(PARAGRAPH_BREAK)

    def _too_long(self, in_card: bool) -> None:
        limit = f"{MAX_CARD_CHARS:,} characters"
        if in_card:
            tag = collapse_whitespace(self.tag)
            tag = tag if len(tag) <= _SHOWN_TAG else tag[: _SHOWN_TAG - 1] + "…"
            raise UserError(
                f"{self.name} holds a card longer than {limit} (the one tagged “{tag}”); "
                f"DebatePrep imports cards of up to {limit}. Split it into smaller cards."
            )
        raise UserError(
            f"{self.name} holds a paragraph longer than {limit}; DebatePrep imports "
            f"paragraphs and cards of up to {limit}. Split it into smaller ones."
        )
