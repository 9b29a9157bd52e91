"""Import a PDF (a report, a court opinion, a law review article) as prose with page offsets.

pdfminer.six reads the file and finds the text lines with their positions; ``pdf_layout``
puts them in reading order, leaves out running heads and page numbers, repairs line-end
hyphens and records where each page starts, so a card's cite can give its pages.

A PDF is a program more than a document, so the work is bounded while reading: what its
streams inflate to is budgeted (``pdf_guard``: a 20 MB file can inflate to gigabytes), the
page count and the text are capped, and reading stops after ``MAX_SECONDS``. Every failure
is one ``UserError`` naming the file; a PDF with no text at all (a scan) is refused with a
pointer to OCR.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import time
import zlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from debateprep.errors import UserError
from debateprep.importers.document import ImportedDocument, base_name, title_from_text
from debateprep.importers.pdf_guard import TooMuchData, inflate_budget
from debateprep.importers.pdf_layout import Line, Page, lay_out

if TYPE_CHECKING:
    from pdfminer.layout import LAParams, LTLayoutContainer

logger = logging.getLogger(__name__)

MAX_PAGES = 1000  # a long report is 300 pages; more is a book or a hostile file
MAX_SECONDS = 120.0  # reading stops here (pdfminer takes ~0.1 s for a typical page)
MAX_PDF_TEXT_CHARS = 20 * 1024 * 1024  # as reader.MAX_TEXT_CHARS: text one file may make
_CID = re.compile(r"\(cid:\d+\)")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st"})
_WORD_TITLE = re.compile(r"^Microsoft Word - |\.(docx?|pdf|indd|tex)$", re.IGNORECASE)


def parse_pdf(data: bytes, name: str) -> ImportedDocument:
    """Read a PDF's text layer into a document whose pages are located in its text."""
    name = base_name(name)
    # pdfminer logs every oddity of a file as a warning; they mean nothing to a user.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    if b"%PDF-" not in data[:1024]:  # readers accept junk before the header, up to 1 KB
        raise UserError(f"{name} is not a PDF (it does not start with %PDF); check the file.")
    pages, info = _read(data, name)
    laid = lay_out(pages)
    if not laid.text.strip() and not any(page.pictures for page in pages):
        raise UserError(f"{name} has no text: its pages are blank. Check the file.")
    if not laid.text.strip():
        raise UserError(
            f"{name} has no text layer (a scan?); run OCR first (for example OCRmyPDF, or "
            "“Recognize text” in a PDF reader), then import the PDF it makes."
        )
    title = _clean_title(info.get("Title", "")) or title_from_text(laid.text, name)
    return ImportedDocument(
        text=laid.text,
        title=title,
        author=_clean_author(info.get("Author", "")),
        origin=name,
        page_starts=laid.page_starts,
        page_labels=laid.page_labels,
    )


def _read(data: bytes, name: str) -> tuple[list[Page], dict[str, str]]:
    """The pages' text lines and the document's Title and Author, within the limits."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psexceptions import PSException

    try:
        with inflate_budget():
            return _read_pages(data, name)
    except UserError:
        raise
    except TooMuchData:
        raise UserError(
            f"{name} holds compressed data that expands far beyond its size (a damaged or "
            "hostile PDF); DebatePrep does not open it."
        ) from None
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UserError(
            f"{name} is password-protected; open it in a PDF reader, save an unprotected copy "
            "and import that."
        ) from None
    except (
        PDFException,
        PSException,
        # What pdfminer raises on files it cannot make sense of (found by fuzzing).
        ValueError,
        LookupError,
        TypeError,
        AttributeError,
        ArithmeticError,
        AssertionError,
        RecursionError,
        NotImplementedError,
        EOFError,
        struct.error,
        zlib.error,
    ) as exc:
        logger.info("pdfminer could not read %s: %r", name, exc, exc_info=True)
        raise UserError(
            f"{name} is damaged or not a PDF DebatePrep can read ({type(exc).__name__}); "
            "open it in a PDF reader and save or print it to a new PDF."
        ) from None


def _read_pages(data: bytes, name: str) -> tuple[list[Page], dict[str, str]]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    found = []
    for page in PDFPage.create_pages(document):
        found.append(page)
        if len(found) > MAX_PAGES:
            raise UserError(
                f"{name} has more than {MAX_PAGES} pages; DebatePrep imports PDFs up to "
                f"{MAX_PAGES} pages. Split it (for example one chapter per file)."
            )
    if not found:
        raise UserError(f"{name} has no pages; check the file.")
    pages = list(_layout_pages(found, name))
    return pages, _info(document)


def _layout_pages(found: Sequence[object], name: str) -> Iterator[Page]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    manager = PDFResourceManager(caching=True)
    # No layout analysis by pdfminer: its grouping of lines into boxes is quadratic (2,000
    # overlapping lines on one page took 150 s). ``_contents`` groups characters into lines
    # (linear), and pdf_layout orders the lines itself.
    device = PDFPageAggregator(manager, laparams=None)
    laparams = LAParams()
    interpreter = PDFPageInterpreter(manager, device)
    deadline = time.monotonic() + MAX_SECONDS
    chars = 0
    for page in found:
        if time.monotonic() > deadline:
            raise UserError(
                f"{name} took more than {MAX_SECONDS:.0f} seconds to read; it is too long or "
                "too complex. Split it or save it again from a PDF reader."
            )
        interpreter.process_page(page)  # type: ignore[arg-type]
        layout = device.get_result()
        lines, pictures = _contents(layout, laparams)
        chars += sum(len(line.text) for line in lines)
        if chars > MAX_PDF_TEXT_CHARS:
            raise UserError(f"{name} has too much text; split it into smaller files.")
        x0, y0, x1, y1 = layout.bbox
        yield Page(x1 - x0, y1 - y0, _shifted(lines, x0, y0), pictures=pictures)


def _contents(page: LTLayoutContainer, laparams: LAParams) -> tuple[tuple[Line, ...], bool]:
    """The horizontal text lines of a page and of the figures on it, cleaned (vertical text is
    skipped), and whether it shows any picture (a page that is only pictures is a scan)."""
    from pdfminer.layout import LTChar, LTImage, LTLayoutContainer, LTTextLineHorizontal

    lines: list[Line] = []
    pictures = False
    pending: list[LTLayoutContainer] = [page]
    while pending:  # without recursion: figures may nest deeply
        container = pending.pop()
        chars = [item for item in container if isinstance(item, LTChar)]
        for found in container.group_objects(laparams, chars) if chars else ():
            if isinstance(found, LTTextLineHorizontal):
                text = " ".join(_CID.sub("", found.get_text()).translate(_LIGATURES).split())
                if text:
                    lines.append(Line(found.x0, found.y0, found.x1, found.y1, text))
        for item in container:
            if isinstance(item, LTImage):
                pictures = True
            elif isinstance(item, LTLayoutContainer):
                pending.append(item)
    return tuple(lines), pictures


def _shifted(lines: tuple[Line, ...], dx: float, dy: float) -> tuple[Line, ...]:
    if not dx and not dy:
        return lines
    return tuple(
        Line(line.x0 - dx, line.y0 - dy, line.x1 - dx, line.y1 - dy, line.text) for line in lines
    )


def _info(document: object) -> dict[str, str]:
    """The Title and Author of the PDF's document information, as text."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    found: dict[str, str] = {}
    for info in getattr(document, "info", []) or []:
        for key in ("Title", "Author"):
            value = resolve1(info.get(key)) if isinstance(info, dict) else None
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and value.strip() and key not in found:
                found[key] = value.strip()
    return found


def _clean_author(author: str) -> str:
    """A metadata author worth citing: not a tool's placeholder such as "anonymous"."""
    author = " ".join(author.split())
    return "" if author.casefold() in {"anonymous", "unknown", "author", "admin"} else author


def _clean_title(title: str) -> str:
    """A metadata title worth showing: not a file name nor "untitled"."""
    title = " ".join(_WORD_TITLE.sub("", title).split())
    if title.casefold() in {"", "untitled", "title", "document", "microsoft word"}:
        return ""
    return title
