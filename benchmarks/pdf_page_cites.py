"""Import real PDFs, cut cards across and within pages, and check each card's page cite.

``python -m benchmarks.pdf_page_cites FILE.pdf ...`` prints a Markdown table: pages, words,
cards cut, and how many cites name the right pages. "Right" is judged independently of the
importer's page offsets: pdfminer's own plain text of each physical page (letters and digits
only, so hyphens and spacing do not matter) must contain the start of the card's quote on its
first cited page and the end of the quote on its last cited page (12 letters or digits each).
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from debateprep.facade.library import Library

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_PROBE = 12  # letters and digits of the quote's start and end that must be on the page
_CARDS_ACROSS = 5
_CARDS_WITHIN = 5


def _squeeze(text: str) -> str:
    return _NOT_ALNUM.sub("", text.casefold())


def _physical_texts(path: Path) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    return [
        _squeeze("".join(item.get_text() for item in page if isinstance(item, LTTextContainer)))
        for page in extract_pages(path)
    ]


def _spans(starts: tuple[int, ...], length: int) -> list[tuple[int, int]]:
    """Card spans: some across page breaks, some inside a page, spread through the text."""
    breaks = [start for start in starts[1:] if 80 <= start <= length - 80]
    step = max(len(breaks) // _CARDS_ACROSS, 1)
    spans = [(start - 60, start + 60) for start in breaks[::step][:_CARDS_ACROSS]]
    for index in range(_CARDS_WITHIN):
        middle = length * (index + 1) // (_CARDS_WITHIN + 1)
        spans.append((middle, min(middle + 150, length)))
    return spans


def _pages_cited(cite: str, labels: tuple[str, ...]) -> tuple[int, int] | None:
    shown = cite.removeprefix("pp. ").removeprefix("p. ").split("–")
    try:
        return labels.index(shown[0]), labels.index(shown[-1])
    except ValueError:
        return None


def measure(path: Path, library: Library) -> tuple[int, int, int, int]:
    """(pages, words, cards cut, cites right) for one PDF."""
    outcome = library.import_document(path)
    if outcome.source is None:
        raise SystemExit(f"{path}: {outcome.message}")
    source = library.source(outcome.source.id)
    text = library.source_text(source.id)
    physical = _physical_texts(path)
    cut = right = 0
    for start, end in _spans(source.page_starts, len(text)):
        card = library.cut_card(source.id, start, end, tag=f"Card {cut + 1}", side="A")
        cut += 1
        pages = _pages_cited(card.cite.pages, source.page_labels)
        # cut_card trims the span's edges; the quote is the stored text at the card's span.
        if pages is None or card.start is None or card.quote != text[card.start : card.end]:
            continue
        # Probes stay inside the quote's first and last paragraphs: pdfminer's plain text
        # may order a page's blocks differently from the reading order.
        paragraphs = [_squeeze(part) for part in card.quote.split("\n\n")]
        paragraphs = [part for part in paragraphs if part] or [""]
        head, tail = paragraphs[0][:_PROBE], paragraphs[-1][-_PROBE:]
        if head in physical[pages[0]] and tail in physical[pages[1]]:
            right += 1
    return len(source.page_starts), len(text.split()), cut, right


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    args = parser.parse_args(argv)
    print("| PDF | pages | words | cards cut | page cites right |")
    print("| --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "bench.db", starter=False, index=False)
        try:
            for path in args.pdfs:
                pages, words, cut, right = measure(path, library)
                print(f"| {path.name} | {pages} | {words} | {cut} | {right}/{cut} |")
        finally:
            library.close()


if __name__ == "__main__":
    main()
