"""PDF import: reading order, hyphen repair, running heads and page numbers, page offsets,
and the refusals (scans, passwords, damaged and hostile files) with bounded work."""

from __future__ import annotations

import time

import pytest

from debateprep.errors import UserError
from debateprep.importers import parse_document
from debateprep.importers.pdf_layout import Line, Page, lay_out
from tests.importers.pdf_support import PARAGRAPHS, assemble, fixture, line, stream, text_pdf


def test_two_columns_read_column_by_column_into_the_original_paragraphs() -> None:
    document = parse_document(fixture("two_column.pdf"), "two_column.pdf")
    paragraphs = document.text.split("\n\n")
    assert paragraphs[0] == "Interior Enforcement and Local Cooperation"  # full-width title
    assert paragraphs[1:] == PARAGRAPHS["two_column"]
    assert document.title == "Interior Enforcement and Local Cooperation"
    assert document.author == "Maria Alvarez"
    assert document.origin == "two_column.pdf"


def test_line_end_hyphens_join_split_words_and_keep_real_ones() -> None:
    text = parse_document(fixture("two_column.pdf"), "two_column.pdf").text
    # The fixture breaks "mark-/edly", "displa-/cement", "immi-/gration", "self-/reliance"...
    for word in ("markedly", "displacement", "undermine", "verification", "immigration courts"):
        assert word in text
    assert "self-reliance and on Mexican-American networks" in text
    assert "selfreliance" not in text and "- " not in text


def test_running_heads_and_page_numbers_are_left_out() -> None:
    for name, furniture in (
        ("two_column.pdf", ["JOURNAL OF MIGRATION STUDIES", "Vol. 12"]),
        ("report.pdf", ["Center for Border Policy", "Page 1 of", "Page 2 of"]),
        ("law_review.pdf", ["BORDER LAW REVIEW", "THE SANCTUARY QUESTION", "1043", "1044"]),
    ):
        text = parse_document(fixture(name), name).text
        for words in furniture:
            assert words not in text, (name, words)
        assert not any(paragraph.strip().isdigit() for paragraph in text.split("\n\n"))


def test_page_starts_locate_each_page_and_a_paragraph_runs_across_the_break() -> None:
    document = parse_document(fixture("report.pdf"), "report.pdf")
    assert document.page_labels == ("1", "2")
    assert document.page_starts[0] == 0
    second = document.page_starts[1]
    # The third paragraph runs across the page break: page 2 starts inside it.
    assert document.text[second - 1] == " " and "\n" not in document.text[second - 40 : second]
    assert document.text[second:].startswith("found unlawful in several recent decisions")
    assert document.text.split("\n\n")[1:] == PARAGRAPHS["report"]


def test_printed_page_numbers_become_the_labels() -> None:
    document = parse_document(fixture("law_review.pdf"), "law_review.pdf")
    assert document.page_labels == ("1043", "1044", "1045", "1046")
    starts = document.page_starts
    assert starts[0] == 0 and list(starts) == sorted(set(starts))
    assert document.text.split("\n\n") == PARAGRAPHS["law_review"]


def test_a_scan_without_text_layer_is_refused_with_ocr_advice() -> None:
    with pytest.raises(UserError) as caught:
        parse_document(fixture("scanned.pdf"), "scanned.pdf")
    message = caught.value.message
    assert message.startswith("scanned.pdf has no text layer (a scan?); run OCR first")
    assert "\n" not in message


def test_a_password_protected_pdf_is_refused() -> None:
    with pytest.raises(UserError, match=r"^encrypted\.pdf is password-protected"):
        parse_document(fixture("encrypted.pdf"), "encrypted.pdf")


def test_blank_pages_say_so() -> None:
    with pytest.raises(UserError, match="its pages are blank"):
        parse_document(text_pdf(b""), "blank.pdf")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"hello, not a PDF", "is not a PDF"),
        (b"%PDF-1.4\n%%EOF\n", "is damaged"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 200, "is damaged"),
        (b"", "is not a PDF"),
    ],
)
def test_damaged_files_give_one_line(data: bytes, expected: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_document(data, "broken.pdf")
    assert expected in caught.value.message and "\n" not in caught.value.message


def test_a_truncated_pdf_is_refused() -> None:
    whole = fixture("two_column.pdf")
    for size in (len(whole) // 3, len(whole) // 2):
        with pytest.raises(UserError, match=r"broken\.pdf"):
            parse_document(whole[:size], "broken.pdf")


def test_a_simple_hand_made_pdf_reads() -> None:
    document = parse_document(text_pdf(line("Hello from a hand-made PDF.")), "hand.pdf")
    assert document.text == "Hello from a hand-made PDF."
    assert document.page_starts == (0,) and document.page_labels == ("1",)


def test_a_decompression_bomb_is_refused_quickly() -> None:
    bomb = text_pdf(line("x") + b" " * 200_000_000, flate=True)
    assert len(bomb) < 1_000_000
    began = time.monotonic()
    with pytest.raises(UserError, match="expands far beyond its size"):
        parse_document(bomb, "bomb.pdf")
    assert time.monotonic() - began < 10


def test_too_many_pages_are_refused_before_reading_them() -> None:
    began = time.monotonic()
    with pytest.raises(UserError, match="more than 1000 pages"):
        parse_document(text_pdf(line("Hello"), pages=1200), "book.pdf")
    assert time.monotonic() - began < 10


@pytest.mark.parametrize("opening", [b"[" * 100_000, b"<< /A " * 30_000])
def test_deeply_nested_objects_give_a_user_error(opening: bytes) -> None:
    closing = b"]" * 100_000 if opening.startswith(b"[") else b" >>" * 30_000
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 /X " + opening + closing + b" >>"
    data = assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            pages,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        ]
    )
    began = time.monotonic()
    with pytest.raises(UserError):
        parse_document(data, "deep.pdf")
    assert time.monotonic() - began < 20


def test_a_page_tree_loop_ends() -> None:
    data = assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(line("Only once")),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )
    document = parse_document(data, "loop.pdf")  # pdfminer visits each page once
    assert document.text == "Only once" and document.page_starts == (0,)


# --- layout rules on hand-placed lines -------------------------------------------------


def _page(*rows: tuple[float, str], width: float = 612, x: float = 72) -> Page:
    """Lines at the given heights (y of the baseline), 10 points tall, 450 points wide."""
    return Page(width, 792, tuple(Line(x, y, x + 450, y + 10, text) for y, text in rows))


def test_hyphen_rules() -> None:
    rows = [
        (700.0, "the immi-"),
        (688.0, "gration courts and self-"),
        (676.0, "reliance of Mexican-"),
        (664.0, "American families; a dash -"),
        (652.0, "then more."),
    ]
    text = lay_out([_page(*rows)]).text
    assert text == (
        "the immigration courts and self-reliance of Mexican-American families; a dash - then more."
    )


def test_a_wider_gap_starts_a_paragraph_and_a_single_page_keeps_margin_lines() -> None:
    rows = [(770.0, "Top line"), (700.0, "One."), (688.0, "Two"), (660.0, "Three")]
    laid = lay_out([_page(*rows)])
    assert laid.text == "Top line\n\nOne. Two\n\nThree"  # one page: nothing repeats
    assert laid.page_labels == ("1",)


def test_numbers_in_the_margin_are_page_labels_and_fill_gaps() -> None:
    pages = [
        _page((700.0, f"Body of page {index}."), (30.0, str(number)))
        for index, number in enumerate((12, 13, 14))
    ]
    pages.append(_page((700.0, "Body of the last page.")))
    laid = lay_out(pages)
    assert laid.page_labels == ("12", "13", "14", "15")
    assert "13" not in laid.text


def test_front_matter_before_page_one_is_roman() -> None:
    pages = [_page((700.0, f"Body {index}.")) for index in range(2)]
    pages += [_page((700.0, f"Body {number}."), (30.0, str(number))) for number in (1, 2)]
    assert lay_out(pages).page_labels == ("i", "ii", "1", "2")
