"""Long packet exports stay linear, report progress and can be cancelled (issue 10).

A packet PDF of 2,000 sources took 245 s and 1.3 GB: each heading moved to the next page laid
out the rest of the document again, and each map row cut laid out the whole packet again.
The bounds are checked by counting work, never by timing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest

from benchmarks.generate import Sizes, write_library
from debateprep.exporters.packet import markdown_chunks, markdown_page, render_packet_markdown
from debateprep.facade.exports import Variant
from debateprep.facade.library import Library

FIXED = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)


class Stop(Exception):
    """Raised by a progress callback: the user pressed Cancel."""


@pytest.fixture(scope="module")
def big_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """A generated library whose first motion's packet has ~60 pages and a map cut 11 times."""
    folder = tmp_path_factory.mktemp("big")
    write_library(folder, Sizes.for_cards(200))
    with Library.open(folder, starter=False, index=False) as library:
        yield library


def _record(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Any]:
    """Record the arguments of every call to ``module.name``."""
    calls: list[Any] = []
    real: Callable[..., Any] = getattr(module, name)

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, recording)
    return calls


def test_packet_layout_work_is_linear(
    qapp: object, big_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from debateprep.render import map_rows, page_flow, pdf_layout
    from debateprep.render.pdf_export import packet_print_html, preview_layout

    html = packet_print_html(big_library, big_library.motions()[0].id, variant="worksheet")
    # The whole packet is laid out by pdf_layout, the trial tables by map_rows.
    packet_layouts = _record(monkeypatch, pdf_layout, "laid_out_document")
    trial_layouts = _record(monkeypatch, map_rows, "laid_out_document")
    # At each heading moved to the next page, how much of the document follows it (all of it
    # is laid out again).
    after_move: list[int] = []

    class Cursor(page_flow.QTextCursor):
        def setBlockFormat(self, block_format: Any) -> None:
            document = self.document()
            after_move.append(document.characterCount() - self.block().position())
            super().setBlockFormat(block_format)

    monkeypatch.setattr(page_flow, "QTextCursor", Cursor)
    layout = preview_layout(html, "Letter")

    document = layout.document
    tables = map_rows.tables_in(document.rootFrame())
    assert len(tables) >= 8  # the map was cut on several pages
    assert layout.straddling_row() is None  # and no row runs over a page break
    layouts = packet_layouts + trial_layouts
    whole = [args for args in layouts if len(args[2]) > len(html) / 2]
    trials = [args for args in layouts if len(args[2]) <= len(html) / 2]
    # The packet is laid out whole at most twice (it was once more per cut: 12 times here);
    # the cuts are planned on trial tables of a page or two each.
    assert len(whole) <= 2
    assert sum(len(args[2]) for args in trials) <= len(html)
    # Moving a heading lays out again only the section or two after it, never the rest.
    assert len(after_move) >= 10
    assert max(after_move) <= document.characterCount() / 10
    _assert_headings_kept(document, layout.body.height())


def _assert_headings_kept(document: Any, height: float) -> None:
    from debateprep.render import page_flow

    text_layout = document.documentLayout()
    block = document.begin()
    while block.isValid():
        following = block.next()
        heads = page_flow.is_heading(block) and following.isValid()
        if heads and not page_flow.is_heading(following):
            top = text_layout.blockBoundingRect(block).top()
            bottom = page_flow.first_line_bottom(following, text_layout)
            assert int(top // height) == int((bottom - 1) // height), block.text()
        block = following


def test_packet_pdf_reports_progress_to_the_end(
    qapp: object, big_library: Library, tmp_path: Path
) -> None:
    from debateprep.render.pdf_export import write_packet_pdf

    heard: list[tuple[int, int, str]] = []
    out = write_packet_pdf(
        big_library,
        big_library.motions()[0].id,
        tmp_path / "packet.pdf",
        created=FIXED,
        progress=lambda done, total, what: heard.append((done, total, what)),
    )
    assert out.read_bytes().startswith(b"%PDF-")
    assert heard[-1][:2] == (100, 100)
    dones = [done for done, _total, _what in heard]
    assert dones == sorted(dones)  # a progress bar that never runs backwards
    stages = {what.split(" ")[0] for _done, _total, what in heard}
    assert {"Formatting", "Laying", "Printing"} <= stages
    assert len(heard) > 50  # often enough for a progress bar and a Cancel button


@pytest.mark.parametrize("stop_at", ["Formatting", "Laying", "Fitting", "Printing"])
def test_cancelling_a_packet_pdf_leaves_no_file(
    qapp: object, big_library: Library, tmp_path: Path, stop_at: str
) -> None:
    from debateprep.render.pdf_export import write_packet_pdf

    def progress(done: int, total: int, what: str) -> None:
        if what.startswith(stop_at) and done > 0:
            raise Stop

    with pytest.raises(Stop):
        write_packet_pdf(
            big_library, big_library.motions()[0].id, tmp_path / "packet.pdf", progress=progress
        )
    assert not list(tmp_path.iterdir())


def test_cancelling_a_markdown_packet_leaves_neither_file(
    big_library: Library, tmp_path: Path
) -> None:
    def progress(done: int, total: int, what: str) -> None:
        if done > total / 2:
            raise Stop

    with pytest.raises(Stop):
        big_library.export_packet(tmp_path / "packet.md", progress=progress)
    assert not list(tmp_path.iterdir())


def test_packet_html_made_in_pieces_is_the_same_page(big_library: Library) -> None:
    bundle = big_library.motion_bundle(big_library.motions()[0].id, texts=True)
    variants: tuple[Variant, ...] = ("teacher", "worksheet")
    for variant in variants:
        text = render_packet_markdown(bundle, variant)
        assert len(list(markdown_chunks(text, 1))) > 100
        whole = markdown.markdown(text, extensions=["tables"], output_format="html")
        assert markdown_page(text, title="t").count(whole) == 1


def test_brief_pdf_reports_progress_and_can_be_cancelled(
    qapp: object, big_library: Library, tmp_path: Path
) -> None:
    from debateprep.render.pdf_export import write_brief_pdf

    heard: list[str] = []

    def progress(done: int, total: int, what: str) -> None:
        heard.append(what)
        if what.startswith("Printing"):
            raise Stop

    with pytest.raises(Stop):
        write_brief_pdf(big_library, tmp_path / "brief.pdf", progress=progress)
    assert "Formatting" in heard and not list(tmp_path.iterdir())


def _tall_svg(height: int) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
        f'width="1000" height="{height}" viewBox="0 0 1000 {height}">'
        f'<rect x="0" y="0" width="1000" height="{height}" fill="#eef4fb"/></svg>'
    )


def test_map_png_has_a_size_limit(qapp: object, tmp_path: Path) -> None:
    """A map of a few thousand arguments was a 2,000 × 115,000 picture (924 MB, 15 s)."""
    from debateprep.errors import UserError
    from debateprep.render.map_png import MAX_PIXELS, MAX_SIDE, render_map_image, write_map_png

    image = render_map_image(_tall_svg(20_000))  # drawn smaller than 2x, within the limits
    assert image.height() <= MAX_SIDE and image.width() * image.height() <= MAX_PIXELS
    assert image.height() >= 20_000  # never below the map's own size
    with pytest.raises(UserError, match=r"too large for one picture.*SVG"):
        write_map_png(_tall_svg(40_000), tmp_path / "map.png")
    assert not list(tmp_path.iterdir())
