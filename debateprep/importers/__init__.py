"""Source importers: turn a text, Markdown, HTML or PDF file into an ``ImportedDocument``.

Plain Python (no Qt), so the CLI, the window's background tasks and the tests share them. Each
module does one job: ``decoding`` (bytes to faithful text), ``document`` (the result type),
``text``, ``markdown``, ``html`` and ``pdf`` (one format each; ``htmltext`` parses HTML using
the tag lists in ``htmltags``; ``pdf_layout`` orders a PDF's lines into prose), ``reader``
(one file, by suffix), ``collect`` (folders to files) and ``fetch`` (a web address's bytes,
the one module that uses the network).
Every problem the user can fix is a ``UserError``; anything else escaping is a bug.
"""

from __future__ import annotations

from debateprep.importers.collect import collect_files
from debateprep.importers.decoding import decode_text
from debateprep.importers.document import ImportedDocument
from debateprep.importers.reader import (
    MAX_FILE_BYTES,
    MAX_TEXT_CHARS,
    SUPPORTED_SUFFIXES,
    not_regular,
    parse_document,
    read_document,
    special_kind,
)

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_TEXT_CHARS",
    "SUPPORTED_SUFFIXES",
    "ImportedDocument",
    "collect_files",
    "decode_text",
    "not_regular",
    "parse_document",
    "read_document",
    "special_kind",
]
