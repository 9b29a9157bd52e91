"""Styled text: a cite's plain text with its bold and italic spans, and a builder for it.

Every cite style (debate, MLA, APA) builds a :class:`StyledText` rather than Markdown, so each
renderer (Markdown, SVG, Word) sets the same spans its own way. :class:`EntryBuilder` grows one
piece by piece the way reference entries are written: sentence by sentence, with the
punctuation where two pieces meet kept single.
"""

from __future__ import annotations

from dataclasses import dataclass

from debateprep.text.markdown_text import styled_inline

SENTENCE_ENDS = ".?!…"


@dataclass(frozen=True, slots=True)
class StyledText:
    """Plain text and the (start, end) spans of it set in bold and in italics."""

    text: str
    bold: tuple[tuple[int, int], ...] = ()
    italic: tuple[tuple[int, int], ...] = ()

    def markdown(self) -> str:
        """The text as one escaped line of Markdown, spans marked."""
        return styled_inline(self.text, self.bold, self.italic)


def sentence(text: str) -> str:
    """``text`` closed with a period, unless empty or already ending a sentence."""
    return text if not text or text[-1] in SENTENCE_ENDS else text + "."


class EntryBuilder:
    """Plain text grown piece by piece, keeping punctuation single where pieces meet."""

    def __init__(self) -> None:
        self.text = ""
        self.italic: list[tuple[int, int]] = []

    def add(self, piece: str, separator: str = " ", *, italic: bool = False) -> None:
        if not piece:
            return
        if self.text:
            # A title ending "?" or "!" takes the place of the comma or period after it, and
            # an abbreviation's period ("Inc.", "Jr.") that of a sentence's.
            last = self.text[-1]
            if (separator[:1] == "." and last in SENTENCE_ENDS) or (
                separator[:1] == "," and last in "?!"
            ):
                separator = separator[1:] or " "
            self.text += separator
        if italic:
            self.italic.append((len(self.text), len(self.text) + len(piece)))
        self.text += piece

    def end(self) -> None:
        """Close the sentence with a period unless it already ends with one (or ? or !)."""
        if self.text and self.text[-1] not in SENTENCE_ENDS:
            self.text += "."

    def styled(self) -> StyledText:
        return StyledText(self.text, italic=tuple(self.italic))
