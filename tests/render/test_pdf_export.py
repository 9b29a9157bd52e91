"""The printable packet: a real PDF, every page numbered, the map readable, blanks to write in.

No PDF text extractor is installed (PySide6-Essentials has no QtPdf, there is no pdftotext),
so page numbers are checked through the footer hook of the painting code, and layout through
the same QTextDocument the PDF is painted from.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QTextTable

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.render import map_rows, page_flow
from debateprep.render.pdf_export import (
    packet_print_html,
    preview_layout,
    render_page_images,
    render_pdf,
    write_packet_pdf,
)
from debateprep.render.qt_html import BLANK_MIN_MM

FIXED = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def motion_id(starter_library: Library) -> int:
    return starter_library.motions()[0].id


def _page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))


def test_packet_pdf_is_a_pdf(
    qapp: object, starter_library: Library, motion_id: int, tmp_path: Path
) -> None:
    out = write_packet_pdf(
        starter_library,
        motion_id,
        tmp_path / "out" / "packet.pdf",
        variant="teacher",
        created=FIXED,
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    assert 8 <= _page_count(data) <= 40
    assert b"/Creator (" + b"\xfe\xff" + "DebatePrep".encode("utf-16-be") + b")" in data
    title = "Classroom packet: Resolved: Cities and states"
    assert b"/Title (\xfe\xff" + title.encode("utf-16-be") in data
    assert b"/CreationDate (D:20240501120000Z)" in data and b"/ModDate (D:20240501120000Z)" in data
    assert b'xmp:CreateDate="2024-05-01T12:00:00+00:00"' in data
    assert [path.name for path in out.parent.iterdir()] == ["packet.pdf"]


def test_packet_pdf_is_reproducible(qapp: object, starter_library: Library, motion_id: int) -> None:
    html = packet_print_html(starter_library, motion_id, variant="worksheet")
    first = render_pdf(html, page_size="Letter", created=FIXED)
    assert render_pdf(html, page_size="Letter", created=FIXED) == first
    later = render_pdf(html, page_size="Letter", created=FIXED + datetime.timedelta(days=1))
    assert later != first and len(later) == len(first)


def test_every_page_says_page_n_of_m(
    qapp: object, starter_library: Library, motion_id: int
) -> None:
    html = packet_print_html(starter_library, motion_id, variant="teacher", cite_style="mla")
    footers: list[tuple[int, int, str]] = []
    data = render_pdf(html, page_size="A4", on_footer=lambda *footer: footers.append(footer))
    pages = _page_count(data)
    assert footers == [(n, pages, f"Page {n} of {pages}") for n in range(1, pages + 1)]


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("variant", ["teacher", "worksheet"])
def test_map_rows_stay_whole_and_fit_the_page(
    qapp: object, starter_library: Library, motion_id: int, page_size: str, variant: str
) -> None:
    html = packet_print_html(starter_library, motion_id, variant=variant)  # type: ignore[arg-type]
    layout = preview_layout(html, page_size)
    assert layout.straddling_row() is None
    document = layout.document
    tables = map_rows.tables_in(document.rootFrame())
    assert tables and all(isinstance(table, QTextTable) for table in tables)
    rows = sum(table.rows() - 1 for table in tables)
    assert rows == 12  # the starter map's rows, split over pages but none lost
    for table in tables:
        rect = document.documentLayout().frameBoundingRect(table)
        assert rect.width() <= layout.body.width() + 1
        cell = table.cellAt(1, 0)
        font = cell.firstCursorPosition().block().charFormat().font()
        assert font.pointSizeF() >= 9  # readable on paper
        widths = [
            table.cellAt(0, column).firstCursorPosition().block().layout().boundingRect().width()
            for column in range(2)
        ]
        assert abs(widths[0] - widths[1]) < 2  # two equal columns
    heights = layout.blank_cell_heights_mm()
    if variant == "worksheet":
        assert len(heights) == rows
        assert min(heights) >= BLANK_MIN_MM
    else:
        assert heights == []


def test_headings_stay_with_what_they_head(
    qapp: object, starter_library: Library, motion_id: int
) -> None:
    html = packet_print_html(starter_library, motion_id, variant="teacher")
    layout = preview_layout(html, "Letter")
    document, height = layout.document, layout.body.height()
    text_layout = document.documentLayout()
    block = document.begin()
    checked = 0
    while block.isValid():
        following = block.next()
        heads = page_flow.is_heading(block) and following.isValid()
        if heads and not page_flow.is_heading(following):
            top = text_layout.blockBoundingRect(block).top()
            bottom = page_flow.first_line_bottom(following, text_layout)
            assert int(top // height) == int((bottom - 1) // height), block.text()
            checked += 1
        block = following
    assert checked > 50


def test_page_images_show_the_pdf_pages(
    qapp: object, starter_library: Library, motion_id: int
) -> None:
    html = packet_print_html(starter_library, motion_id, variant="worksheet")
    images = render_page_images(html, page_size="A4", dpi=40)
    assert len(images) == preview_layout(html, "A4").page_count
    assert {(image.width(), image.height()) for image in images} == {(331, 468)}  # A4 at 40 dpi


def test_bad_choices_are_user_errors(
    qapp: object, starter_library: Library, motion_id: int
) -> None:
    with pytest.raises(UserError, match="page size"):
        render_pdf("<p>x</p>", page_size="A3")
    with pytest.raises(UserError, match="variant"):
        packet_print_html(starter_library, motion_id, variant="answers")  # type: ignore[arg-type]
    with pytest.raises(UserError, match="citation style"):
        packet_print_html(starter_library, motion_id, cite_style="chicago")  # type: ignore[arg-type]


def test_print_html_uses_the_cite_style(starter_library: Library, motion_id: int) -> None:
    html = packet_print_html(starter_library, motion_id, cite_style="apa")
    assert "Sessions, J. (2018)." in html and "Kraychik, R. (2017)." in html


def test_headless_export_without_an_application(starter_library: Library, tmp_path: Path) -> None:
    """The CLI's path: no QApplication, no display, no QT_QPA_PLATFORM set."""
    out = tmp_path / "headless.pdf"
    script = (
        "import sys; from pathlib import Path\n"
        "from debateprep.facade.library import Library\n"
        "from debateprep.render.pdf_export import write_packet_pdf\n"
        "library = Library.open(Path(sys.argv[1]))\n"
        "motion = library.motions()[0].id\n"
        "write_packet_pdf(library, motion, Path(sys.argv[2]), variant='worksheet',"
        " page_size='Letter')\n"
        "library.close()\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [sys.executable, "-c", script, str(starter_library.path), str(out)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
