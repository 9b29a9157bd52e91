"""Import a plain-text article (.txt, .text): the decoded text as is, with the cite it shows.

Plain text carries no metadata, but a pasted article shows some of it in its first lines: the
headline, a "By Jane Doe" byline, a dateline ("WASHINGTON (Reuters) -") and often a date. The
title is the first line that reads like a headline: a photo caption ("Photo: ... (Getty
Images)"), a credit, a byline, a dateline or a notice is never the title. The text itself is
kept exactly as decoded, title line included, because users may quote it.
"""

from __future__ import annotations

from debateprep.importers.dates import find_date
from debateprep.importers.decoding import decode_text
from debateprep.importers.document import ImportedDocument, base_name, title_from_text
from debateprep.text.article_lines import MAX_META_LINE, byline_author, dateline, is_title_candidate

HEAD_LINES = 15  # bylines, datelines and dates sit in an article's first few lines


def parse_text(data: bytes, name: str) -> ImportedDocument:
    """Decode a plain-text file; read its title, byline, date and agency from its first lines."""
    text = decode_text(data, name)
    head = [line.strip() for line in text.split("\n", HEAD_LINES)[:HEAD_LINES]]
    head = [line for line in head if line]
    author = next((found for found in map(byline_author, head) if found), "")
    agency = next((found[1] for found in map(dateline, head) if found and found[1]), "")
    # A date on a short line of its own ("March 3, 2024", "Updated 2024-03-03"), not in prose.
    date = next((d for line in head if len(line) <= 60 and (d := find_date(line))), "")
    return ImportedDocument(
        text=text,
        title=_title(text, head, name),
        author=author,
        outlet=agency,
        date=date,
        origin=base_name(name),
    )


def _title(text: str, head: list[str], name: str) -> str:
    """The first line that reads like a headline; else the usual first-line fallback."""
    for line in head[:5]:
        if len(line) > MAX_META_LINE:
            break  # prose has started: the text has no headline of its own
        if is_title_candidate(line) and not find_date(line, anchored=True):
            rest = text[text.find(line) + len(line) :]
            return line if rest.strip() else title_from_text(text, name)
    return title_from_text(text, name)
