"""Build small PDFs by hand for the hostile and malformed cases of the PDF import tests.

The well-formed fixtures are committed files made by ``fixtures/make_pdfs.py``; these are the
files no generator would make: bombs, deep nesting, loops, thousands of pages.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PARAGRAPHS: dict[str, list[str]] = json.loads(
    (FIXTURES / "pdf_paragraphs.json").read_text(encoding="utf-8")
)
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def assemble(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF file of these numbered objects (1, 2, ...) with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n"
    return out + trailer.encode() + b"%%EOF\n"


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(content: bytes, pages: int = 1, *, flate: bool = False) -> bytes:
    """``pages`` pages that all draw the same content stream in Helvetica."""
    kids = " ".join(f"{4 + index} 0 R" for index in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        _FONT,
    ]
    page = (
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        f"/Resources << /Font << /F1 3 0 R >> >> /Contents {4 + pages} 0 R >>"
    )
    objects += [page.encode()] * pages
    if flate:
        objects.append(stream(zlib.compress(content, 9), b"/Filter /FlateDecode"))
    else:
        objects.append(stream(content))
    return assemble(objects)


def line(text: str, y: int = 700) -> bytes:
    return f"BT /F1 12 Tf 72 {y} Td ({text}) Tj ET\n".encode()
