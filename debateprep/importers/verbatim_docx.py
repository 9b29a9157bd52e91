"""Verbatim .docx import: a Word file of debate cards becomes one source and its evidence cards.

A card in Verbatim is a Heading 4 tag (also Verbatim's "Tag" style, or any paragraph at outline
level 4), the next non-empty paragraph as its cite, then the card text until the next heading;
Heading 1-3 (Pocket, Hat, Block) give the card's place. Inside the card text the highlighted
runs are what is read aloud; a card with no highlighting at all is read by its underlined and
"Emphasis" runs instead, as debaters do before they highlight. Paragraphs in an "Analytic"
style after the card text are its notes; a tag with no cite and card text is an analytic and
is counted, not imported.

The card texts, in order and separated by blank lines, are the text of the source the cards
quote, so every quote is an exact span of it and its highlights are offsets inside the quote.

Only ``word/document.xml`` and the styles are read, with entity expansion and network access
off; every way a file can fail (not a ZIP, no document, damaged XML, too big, no cards) is a
``UserError`` naming the file.
"""

from __future__ import annotations

import io
import logging
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from debateprep.errors import UserError
from debateprep.exporters.markdown_text import collapse_whitespace
from debateprep.importers import wordml
from debateprep.importers.cite_line import looks_like_cite, parse_cite_line
from debateprep.importers.document import base_name, title_from_name
from debateprep.importers.reader import MAX_FILE_BYTES
from debateprep.importers.wordml import Paragraph, StyleTable, w
from debateprep.records import Cite

logger = logging.getLogger(__name__)

Span = tuple[int, int]
Spans = tuple[Span, ...]

# What the XML inside may unpack to: text compresses about tenfold, so a 20 MB file of cards
# stays well below, while a ZIP bomb is refused before a byte of it is inflated.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_TITLE = 200
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc files and password-protected .docx
_DOCUMENT = "word/document.xml"
_STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True, slots=True)
class VerbatimCard:
    """One evidence card read from the file; ``start``/``end`` index the document text."""

    tag: str
    cite: Cite
    cite_line: str  # the cite paragraph as written, one line
    cite_exact: bool  # ``cite`` renders back to exactly ``cite_line`` as a debate cite
    start: int
    end: int
    quote: str
    highlights: Spans  # read-aloud ranges inside the quote
    notes: str = ""
    headings: tuple[str, str, str] = ("", "", "")  # the pocket, hat and block above it


@dataclass(frozen=True, slots=True)
class VerbatimDocument:
    """What a Verbatim file holds: the source text its cards quote, and the cards."""

    title: str
    text: str
    cards: tuple[VerbatimCard, ...]
    skipped: int = 0  # tags without a cite and card text (analytics)


# --- Reading the package -----------------------------------------------------------------


def read_verbatim_docx(path: Path) -> VerbatimDocument:
    """Read the Verbatim file at ``path``; every failure is a ``UserError`` naming it."""
    return parse_verbatim_docx(_read_bytes(path), path.name or str(path))


def looks_like_verbatim_docx(path: Path) -> bool:
    """True for a Word file (by content, whatever its name) holding at least one card.

    Never raises: a file that cannot be read is simply not a Verbatim file.
    """
    try:
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
            raise UserError(f"{name} is not a regular file; choose a Word .docx file.")
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
    document, styles = _open_package(data, name)
    found = list(wordml.paragraphs(document, StyleTable(styles)))
    if not any(paragraph.text.strip() for paragraph in found):
        raise UserError(f"{name} is empty: it holds no text to import.")
    result = _assemble(found, name)
    if not result.cards:
        raise UserError(
            f"{name} holds no cards in Verbatim's layout (a Heading 4 tag, the cite in the "
            "next paragraph, then the card text); there is nothing to import."
        )
    return result


def _open_package(data: bytes, name: str) -> tuple[Any, Any | None]:
    """The document's body and styles XML; the styles may be missing (Word's defaults)."""
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
            unpacked = sum(info.file_size for info in package.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise UserError(
                    f"{name} unpacks to {unpacked // (1024 * 1024)} MB, more than DebatePrep "
                    f"reads ({MAX_UNPACKED_BYTES // (1024 * 1024)} MB); split it into "
                    "smaller files."
                )
            document = _parse_xml(package.read(_DOCUMENT))
            styles_name = _styles_part(package, names)
            styles = _parse_xml(package.read(styles_name)) if styles_name else None
    except (
        zipfile.BadZipFile,  # a bad CRC or a truncated entry
        etree.XMLSyntaxError,
        zlib.error,
        EOFError,
        NotImplementedError,  # a compression method Python lacks
        ValueError,  # lxml refusing what it cannot represent
    ) as exc:
        logger.info("unreadable Word file %s: %s", name, exc)
        raise UserError(damaged) from None
    body = document.find(w("body"))
    if document.tag != w("document") or body is None:
        raise UserError(damaged)
    return body, styles


def _parse_xml(blob: bytes) -> Any:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    return etree.fromstring(blob, parser)


def _styles_part(package: zipfile.ZipFile, names: set[str]) -> str | None:
    """The styles part the document's relationships name (word/styles.xml in practice)."""
    rels_name = "word/_rels/document.xml.rels"
    if rels_name in names:
        try:
            rels = _parse_xml(package.read(rels_name))
        except etree.XMLSyntaxError:
            rels = None
        for rel in rels if rels is not None else ():
            if rel.get("Type") == _STYLES_REL and rel.get("TargetMode") != "External":
                # Targets are relative to word/, or absolute within the package ("/word/...").
                target = str(PurePosixPath("word") / rel.get("Target", "")).lstrip("/")
                if target in names:
                    return target
    return "word/styles.xml" if "word/styles.xml" in names else None


# --- Cards -------------------------------------------------------------------------------


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _cite_like(paragraph: Paragraph) -> bool:
    """A cite has a bold (Cite) run, or reads like one: a year, a URL or a quoted title."""
    return bool(paragraph.bold) or looks_like_cite(paragraph.text)


@dataclass(slots=True)
class _Builder:
    """The document text growing card by card."""

    pieces: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, quote: str) -> tuple[int, int]:
        if self.pieces:
            self.pieces.append(_PARAGRAPH_BREAK)
            self.length += len(_PARAGRAPH_BREAK)
        start = self.length
        self.pieces.append(quote)
        self.length += len(quote)
        return start, self.length


def _assemble(paragraphs: list[Paragraph], name: str) -> VerbatimDocument:
    title = ""
    headings = ["", "", ""]
    cards: list[VerbatimCard] = []
    skipped = 0
    text = _Builder()
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        index += 1
        if not paragraph.level or not paragraph.text.strip():
            continue
        line = collapse_whitespace(paragraph.text)
        title = title or line[:MAX_TITLE]
        if paragraph.level < 4:
            headings[paragraph.level - 1] = line
            for deeper in range(paragraph.level, 3):
                headings[deeper] = ""
            continue
        following = []
        while index < len(paragraphs) and not (
            paragraphs[index].level and paragraphs[index].text.strip()
        ):
            following.append(paragraphs[index])
            index += 1
        card = _card(line, following, (headings[0], headings[1], headings[2]), text)
        if card is None:
            skipped += 1
        else:
            cards.append(card)
    return VerbatimDocument(
        title=title or title_from_name(name),
        text="".join(text.pieces),
        cards=tuple(cards),
        skipped=skipped,
    )


def _card(
    tag: str, following: list[Paragraph], headings: tuple[str, str, str], text: _Builder
) -> VerbatimCard | None:
    """The card under ``tag``, or None for an analytic (no cite and card text)."""
    rest = list(following)
    while rest and not rest[0].text.strip():
        rest.pop(0)
    if not rest or rest[0].analytic:
        return None
    cite, rest = rest[0], rest[1:]
    body: list[Paragraph] = []
    notes: list[Paragraph] = []
    for paragraph in rest:
        if paragraph.analytic or notes:
            notes.append(paragraph)
        else:
            body.append(paragraph)
    while body and not body[-1].text.strip():
        body.pop()
    while body and not body[0].text.strip():
        body.pop(0)
    if not body:
        return None
    quote, read = _card_text(body)
    if not quote or not (_cite_like(cite) or any(p.underline or p.highlight for p in body)):
        return None
    parsed = parse_cite_line(cite.text, cite.bold)
    start, end = text.add(quote)
    return VerbatimCard(
        tag=tag,
        cite=parsed.cite,
        cite_line=collapse_whitespace(cite.text),
        cite_exact=parsed.exact,
        start=start,
        end=end,
        quote=quote,
        highlights=read,
        notes=_PARAGRAPH_BREAK.join(paragraph.text for paragraph in notes).strip(),
        headings=headings,
    )


def _card_text(body: list[Paragraph]) -> tuple[str, Spans]:
    """The card text (paragraphs joined by blank lines) and its read-aloud ranges.

    Highlighting says what is read; a card never highlighted is read by its underlining. A
    range running to the end of one paragraph and on from the start of the next is one range:
    the export splits a read passage that spans a paragraph break the same way.
    """
    highlighted = any(paragraph.highlight for paragraph in body)
    pieces: list[str] = []
    spans: list[Span] = []
    ends: set[int] = set()  # where a paragraph ends
    starts: set[int] = set()  # where one starts
    offset = 0
    for paragraph in body:
        if pieces:
            ends.add(offset)
            pieces.append(_PARAGRAPH_BREAK)
            offset += len(_PARAGRAPH_BREAK)
        starts.add(offset)
        marks = paragraph.highlight if highlighted else paragraph.underline
        spans += [(offset + s, offset + e) for s, e in marks]
        pieces.append(paragraph.text)
        offset += len(paragraph.text)
    quote = "".join(pieces)
    merged: list[Span] = []
    for start, end in _merge(spans):
        if (
            merged
            and merged[-1][1] in ends
            and start in starts
            and not quote[merged[-1][1] : start].strip("\n")
        ):
            # Only paragraph breaks (and empty paragraphs) lie between: one passage.
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    # Quotes never start or end with white space (a cut card's span is trimmed the same way).
    lead = len(quote) - len(quote.lstrip())
    quote = quote.strip()
    read = []
    for start, end in merged:
        start, end = max(0, start - lead), min(len(quote), end - lead)
        if start < end:
            read.append((start, end))
    return quote, tuple(read)
