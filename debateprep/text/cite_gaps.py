"""What a cite lacks, and the names a cite falls back on when a field is missing.

One place decides when a cite is incomplete (no author, no date, no qualifications), so the
card editor's note, the map's flag and ``debateprep check`` always agree. A card quoting
someone other than the author needs the *speaker's* qualifications; an organisation as author
needs none. The fallbacks are the ones debaters use: the outlet or a title's first words when
there is no author, "n.d." when there is no date, "[Untitled]" when there is no title.
"""

from __future__ import annotations

from debateprep.records import Cite
from debateprep.text.cite_fields import clean_field, is_organisation, unquoted_title

NO_DATE = "n.d."
UNTITLED = "[Untitled]"
# The importers' stand-in for a text without a title is its opening words and an ellipsis
# (importers/document.py title_from_text); such a "title" is a first sentence, not a title.
STAND_IN_END = "…"
SHORT_TITLE_WORDS = 4
GAP_ORDER = ("author", "date", "qualifications")


def is_stand_in_title(title: str) -> bool:
    """True for a missing title or the importers' opening-words stand-in ("As reported by…")."""
    title = unquoted_title(clean_field(title))
    return not title or title == UNTITLED or title.endswith(STAND_IN_END)


def real_title(title: str) -> str:
    """The title without quotes users typed, or "" when it is missing or a stand-in."""
    return "" if is_stand_in_title(title) else unquoted_title(clean_field(title))


def short_title(title: str) -> str:
    """A title's first few words ("Border wall costs rise…"), or "" without a real title."""
    words = real_title(title).split()
    name = " ".join(words[:SHORT_TITLE_WORDS])
    return name + "…" if len(words) > SHORT_TITLE_WORDS else name


def cite_gaps(cite: Cite) -> tuple[str, ...]:
    """The fields a cite lacks, in a fixed order: any of "author", "date", "qualifications"."""
    gaps: list[str] = []
    author = clean_field(cite.author)
    if not author:
        gaps.append("author")
    if not clean_field(cite.date):
        gaps.append("date")
    if clean_field(cite.speaker):
        # The quoted person's standing is what a judge weighs; the reporter's matters less.
        if not clean_field(cite.speaker_quals):
            gaps.append("qualifications")
    elif not clean_field(cite.qualifications) and not (author and is_organisation(author)):
        gaps.append("qualifications")
    return tuple(gaps)


def gaps_text(gaps: tuple[str, ...]) -> str:
    """ "no date, no qualifications"; empty when nothing is missing."""
    return ", ".join(f"no {gap}" for gap in gaps)


def gaps_note(cite: Cite) -> str:
    """The card editor's note, "cite incomplete: no date", or "" for a complete cite."""
    gaps = cite_gaps(cite)
    return f"cite incomplete: {gaps_text(gaps)}" if gaps else ""
