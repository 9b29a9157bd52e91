"""What each paragraph of a card's notes is: a caveat, a teacher's answer, a [sic], or plain.

Notes are paragraphs separated by blank lines. How a paragraph begins says its kind:

- ``Caveat (KIND): text``: a caveat about the evidence, KIND one of :data:`CAVEAT_KINDS`;
- ``Answer: text``: coaching that gives away how to answer or use the card, for the teacher
  only (the student worksheet leaves it out);
- ``[sic] text``: a misprint in the quoted source, noted;
- anything else: an ordinary note.

The prefixes are matched without regard to case, so "caveat (No data):" is still a caveat. A
"Caveat" with a kind outside the list is an ordinary note: the kinds are a fixed vocabulary
that rankings (fewer caveats is stronger evidence) can count on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from debateprep.text.markdown_text import collapse_whitespace, paragraph_spans

CAVEAT_KINDS = ("advocacy source", "no data", "anecdote", "paraphrase")

Kind = Literal["caveat", "answer", "sic", "plain"]

_CAVEAT = re.compile(
    r"caveat\s*\(\s*(" + "|".join(re.escape(kind) for kind in CAVEAT_KINDS) + r")\s*\)\s*:\s*",
    re.IGNORECASE,
)
_ANSWER = re.compile(r"answer\s*:\s*", re.IGNORECASE)
_SIC = re.compile(r"\[sic\]\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NoteParagraph:
    """One paragraph of notes: its kind, its text after the prefix, and the caveat's kind."""

    kind: Kind
    text: str  # collapsed to one line, the prefix ("Answer:", "Caveat (…):", "[sic]") removed
    caveat_kind: str = ""  # one of CAVEAT_KINDS for a caveat, else ""


def classify(paragraph: str) -> NoteParagraph:
    """The kind of one paragraph of notes."""
    line = collapse_whitespace(paragraph)
    caveat = _CAVEAT.match(line)
    if caveat:
        return NoteParagraph("caveat", line[caveat.end() :], caveat.group(1).lower())
    answer = _ANSWER.match(line)
    if answer:
        return NoteParagraph("answer", line[answer.end() :])
    sic = _SIC.match(line)
    if sic:
        return NoteParagraph("sic", line[sic.end() :])
    return NoteParagraph("plain", line)


def note_paragraphs(notes: str) -> list[NoteParagraph]:
    """Every non-blank paragraph of ``notes``, in order, with its kind."""
    return [classify(notes[start:end]) for start, end in paragraph_spans(notes)]


def caveats(notes: str) -> list[tuple[str, str]]:
    """(kind, text) of each caveat paragraph in ``notes``, in order."""
    return [
        (paragraph.caveat_kind, paragraph.text)
        for paragraph in note_paragraphs(notes)
        if paragraph.kind == "caveat"
    ]


def is_answer(paragraph: str) -> bool:
    """True for an ``Answer:`` paragraph, the teacher-only kind."""
    return classify(paragraph).kind == "answer"


def student_notes(notes: str) -> str:
    """``notes`` without their ``Answer:`` paragraphs; the other paragraphs as written.

    The kept paragraphs are joined by one blank line; notes without an answer come back
    unchanged.
    """
    spans = paragraph_spans(notes)
    kept = [(start, end) for start, end in spans if not is_answer(notes[start:end])]
    if len(kept) == len(spans):
        return notes
    return "\n\n".join(notes[start:end] for start, end in kept)
