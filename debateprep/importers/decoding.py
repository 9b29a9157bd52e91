"""Turn a file's bytes into the exact text DebatePrep stores, or refuse them with a clear reason.

Evidence cards quote sources by character offsets into the stored text, so decoding must be
faithful: curly quotes, dashes and non-breaking spaces are kept exactly as they are, and only
line endings are normalised (CRLF and lone CR become LF) and outer blank lines trimmed. Files
are read as UTF-8 (with or without a BOM), UTF-16/UTF-32 when a BOM says so, and otherwise
Windows-1252 (the usual encoding of text saved by older Windows tools) when UTF-8 fails; a
declared charset (from an HTML ``<meta>``) takes the place of Windows-1252 when it is known.
Binary files (images, PDFs, Word documents, anything with NUL bytes or full of control
characters) and empty files are refused with a ``UserError`` naming the file.
"""

from __future__ import annotations

import codecs
import logging
import re

from debateprep.errors import UserError

logger = logging.getLogger(__name__)

# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# Signatures of the binary files students most often pick by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive, such as a Word document"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
)

_SNIFF_CHARS = 8192
_MAX_CONTROL_SHARE = 0.10
# C0 controls that never appear in real text; tab, LF, CR and form feed do.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_LINE_BREAK = re.compile(r"\r\n?")
_LEADING_BLANK_LINES = re.compile(r"(?:[ \t\f\v]*\n)+")
# Browsers treat Latin-1 labels as Windows-1252 (WHATWG Encoding); so do we.
_WINDOWS_1252_ALIASES = frozenset({"latin_1", "iso8859_1", "ascii", "cp1252"})
_NOT_CHARSETS = frozenset({"unicode_escape", "raw_unicode_escape", "punycode", "idna", "utf_7"})
_HELP = "save it as UTF-8 text and import it again"


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file and trim its outer blank lines; refuse binary and empty files."""
    return trim_blank_edges(decode_bytes(data, name))


def decode_bytes(data: bytes, name: str, *, declared: str | None = None) -> str:
    """Decode ``data`` with normalised line endings but no trimming (line numbers stay right).

    ``declared`` is a charset label the document itself announced; it is only tried when the
    bytes are not valid UTF-8, in place of Windows-1252.
    """
    if not data:
        raise UserError(f"{name} is empty; there is no text to import.")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _binary(name, kind)
    text = _decode_with_bom(data, name)
    if text is None:
        if b"\x00" in data:
            raise _binary(name, "it contains NUL bytes")
        text = _decode_without_bom(data, name, declared)
    # A UTF-16 file can still carry NULs, and SQLite and Qt both truncate strings at them.
    if "\x00" in text:
        raise _binary(name, "it contains NUL characters")
    sample = text[:_SNIFF_CHARS]
    if len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise _binary(name, "it is full of control characters")
    text = _LINE_BREAK.sub("\n", text)
    if not text.strip():
        raise UserError(f"{name} is empty: it holds only blank space, no text to import.")
    return text


def as_declared(data: bytes, label: str) -> bytes:
    """Bytes a web server declared to be in ``label``, re-encoded as UTF-8 for ``decode_bytes``.

    As in ``decode_bytes``, a BOM or valid UTF-8 wins over the declaration (servers that say
    ISO-8859-1 by default often serve UTF-8). Bytes that look binary, or that the charset
    cannot decode, are passed on unchanged so the usual refusals and fallbacks apply.
    """
    if b"\x00" in data[:_SNIFF_CHARS] or any(data.startswith(bom) for bom, _, _ in _BOMS):
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    codec = charset_codec(label)
    if codec is None:
        return data
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeError:
        return data


def trim_blank_edges(text: str) -> str:
    """Drop leading blank lines and trailing whitespace, keeping everything in between.

    Only ASCII whitespace counts as blank: a leading line holding a non-breaking space is
    content the author typed, and the first real line keeps its indentation.
    """
    start = _LEADING_BLANK_LINES.match(text)
    return text[start.end() if start else 0 :].rstrip(" \t\n\f\v")


def charset_codec(label: str) -> str | None:
    """Python codec name for a charset label, or None if unknown or not ASCII-compatible."""
    try:
        info = codecs.lookup(label.strip().strip("'\""))
    except (LookupError, ValueError):
        return None
    codec = info.name.replace("-", "_")
    if codec in _WINDOWS_1252_ALIASES:
        return "cp1252"
    # A document that could declare its charset in ASCII is not UTF-16/32, and codecs such
    # as base64 or unicode_escape are transforms, not charsets: the label is wrong, ignore it.
    if codec.startswith(("utf_16", "utf_32")) or codec in _NOT_CHARSETS:
        return None
    try:
        b"a".decode(codec)  # bytes.decode refuses non-text codecs, but only for non-empty input
    except (LookupError, UnicodeError):
        return None
    return codec


def _decode_with_bom(data: bytes, name: str) -> str | None:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise UserError(
                    f"{name} starts with a {label} marker but is not valid {label} text; {_HELP}."
                ) from None
    return None


def _decode_without_bom(data: bytes, name: str, declared: str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    fallbacks = ["cp1252"]
    codec = charset_codec(declared) if declared else None
    if codec and codec != "utf_8":
        fallbacks.insert(0, codec)
    if codec == "cp1252":
        # Declared Latin-1 may use bytes Windows-1252 leaves undefined; Latin-1 maps them all.
        fallbacks.append("latin_1")
    for fallback in fallbacks:
        try:
            text = data.decode(fallback)
        except UnicodeError:  # multibyte codecs may raise the base class
            continue
        logger.info("%s is not UTF-8; decoded it as %s", name, fallback)
        return text
    raise UserError(f"{name} is not valid text in UTF-8, UTF-16 or Windows-1252; {_HELP}.")


def _binary(name: str, kind: str) -> UserError:
    return UserError(
        f"{name} looks like a binary file ({kind}), not text. DebatePrep imports plain text, "
        "Markdown, HTML and PDF files; copy the article's text into a .txt file and import that."
    )
