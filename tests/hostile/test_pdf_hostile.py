"""PDFs made to hurt: random and cut files raise only one-line UserErrors, and the layout work
grows linearly with the lines on a page (however many there are and wherever they sit)."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debateprep.errors import UserError
from debateprep.importers import parse_document
from debateprep.importers.pdf_layout import Line, Page, lay_out
from tests.hostile.test_import_linear import assert_linear
from tests.importers.pdf_support import fixture, text_pdf

FUZZ = settings(
    max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
PDF_FRAGMENTS = [
    "%PDF-1.4\n", "1 0 obj\n", "endobj\n", "<<", ">>", "[", "]", "/Type /Page ", "/Kids [2 0 R]",
    "stream\n", "\nendstream", "xref\n0 1\n", "trailer\n", "startxref\n0\n", "%%EOF", "(a\\)",
    "/Length 99999999 ", "/Filter /FlateDecode ", "9" * 40, " 2 0 R ", "/Count -1 ", "BT (x) Tj ET",
]  # fmt: skip


def _only_user_errors(data: bytes) -> None:
    try:
        parse_document(data, "x.pdf")
    except UserError as exc:
        assert exc.message and "\n" not in exc.message


@FUZZ
@given(data=st.binary(max_size=600), cut=st.integers(min_value=0, max_value=6000))
def test_random_and_cut_pdfs_raise_only_user_errors(data: bytes, cut: int) -> None:
    _only_user_errors(b"%PDF-1.4\n" + data)
    _only_user_errors(fixture("report.pdf")[:cut] + data)


@FUZZ
@given(st.lists(st.sampled_from(PDF_FRAGMENTS), max_size=40))
def test_near_valid_pdfs_raise_only_user_errors(fragments: list[str]) -> None:
    _only_user_errors("".join(fragments).encode())


def _lines_page(n: int) -> list[Page]:
    """Two pages of n lines each: columns, margins and page numbers all present."""
    rows = [
        Line(72 + (i % 2) * 280, 700 - (i // 2) * 0.05, 330 + (i % 2) * 280, 710, f"word{i}-")
        for i in range(n)
    ]
    margin = [Line(72, 760, 300, 770, str(i)) for i in range(n)]
    return [Page(612, 792, tuple(rows + margin))] * 2


@pytest.mark.parametrize("n", [50, 200])
def test_layout_is_linear_in_lines(n: int) -> None:
    assert_linear(_lines_page, lay_out, n)


@pytest.mark.parametrize("n", [10, 40])
def test_reading_a_pdf_is_linear_in_its_lines(n: int) -> None:
    def make(count: int) -> bytes:
        # 2-point type on 2.5-point lines: 160 lines fit one page without overlapping.
        rows = (
            f"BT /F1 2 Tf 72 {760 - i * 2.5:.1f} Td (Line {i} of text) Tj ET\n"
            for i in range(count)
        )
        return text_pdf("".join(rows).encode())

    assert_linear(make, lambda data: parse_document(data, "lines.pdf"), n)


def test_thousands_of_overlapping_lines_on_one_page_read_in_seconds() -> None:
    # pdfminer's own grouping of lines into boxes took 150 s for 2,000 such lines.
    rows = (f"BT /F1 12 Tf 72 {700 - i % 600} Td (Line {i}) Tj ET\n" for i in range(2000))
    data = text_pdf("".join(rows).encode())
    began = time.monotonic()
    document = parse_document(data, "pile.pdf")
    assert time.monotonic() - began < 15
    assert "Line 1999" in document.text
