"""Recognise the non-prose lines of a news article: bylines, datelines, captions, boilerplate.

Saved and pasted articles carry lines that are not the article's prose: "By Jane Doe",
"WASHINGTON (Reuters) -", "Photo: Amilcar Orfali (Getty Images)", ADVERTISEMENT, "CLICK HERE
to subscribe", "© 2024 The Daily. All rights reserved." The importers use these tests to read a
byline as the author, to keep captions and datelines from becoming titles, and to mark
boilerplate lines as hidden (the stored text itself never changes). Every test looks at one
line at a time with anchored, linear patterns, so a hostile line costs time linear in its length.
"""

from __future__ import annotations

import re

MAX_META_LINE = 160  # bylines, captions and notices are short; longer lines are prose
# Bumped whenever is_boilerplate() changes what it hides: libraries opened afterwards compute
# their sources' hidden spans again (facade/hidden_refresh.py). 2: ">> READ MORE:" link lines.
HIDDEN_RULES = "2"

_NAME = r"[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|de|van|von|da|del|la|le|bin|al))*"
_BYLINE = re.compile(
    rf"(?i:by|written by|story by|words by)\s*:?\s+({_NAME}(?:\s*(?:,|and|&)\s+{_NAME})*)"
    r"\s*(?:[,|\-–—•·]\s*(.*))?"
)
_NAME_ONLY = re.compile(_NAME)
_MAX_NAME_WORDS = 5
_NOT_NAMES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "updated",
        "published",
        "posted",
        "follow",
        "staff",
        "reporter",
        "correspondent",
        "editor",
        "associated",
        "reuters",
    ]
)
# "WASHINGTON (Reuters) -", "NEW YORK, March 3 (AP) —", "LONDON —"
_DATELINE = re.compile(
    r"([A-Z][A-Z.'’\-]+(?:[ ,]+[A-Z][A-Za-z.'’\-]+){0,4})(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?"
    r"\s*(?:\(([A-Za-z][\w .&'’\-]{0,40})\))?\s*[-–—]+(?:\s|$)"
)
_CAPTION = re.compile(
    r"(?:(?:photo|photograph|image|picture|illustration|video|graphic|file photo|credit|"
    r"photo credit|image credit|caption)s?\s*(?::|\||/|-|by\s)"
    r"|.*\((?:getty images|ap|ap photo|reuters|afp|epa|shutterstock|file)[^)]{0,40}\)\s*$"
    r"|.*(?:/\s*(?:getty images|ap|reuters|afp|epa|shutterstock))\s*$"
    r"|(?:getty images|ap photo|associated press photo)\b)",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"(?:advertisement|advertisements|sponsored content|sponsored|ad|story continues below"
    r"(?: advertisement)?|continue reading(?: below)?|scroll to continue(?: with content)?)"
    r"\s*[.:!]?\s*$"
    r"|(?:click here|more from|sign up (?:for|to|now)|subscribe (?:to|now|for|today)|"
    r"share this|share on|follow us|download the|watch(?=:))\b.*"
    r"|(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).*"
    r"|.*\ball rights reserved\b.*",
    re.IGNORECASE,
)


# Links to other stories between an article's paragraphs: ">> READ MORE: ...", "Related: ...",
# "SEE ALSO - ...", or the label alone on its line (the heading of a list of links, as
# Wikipedia's "See also[edit]"). A sentence that begins "Read more books" or "Related to
# this" is prose: mixed case needs a separator, capitals at least a space after the label.
_LINK_MARK = r"(?:>+|»|›|→|▶|►|\*|•|·|-|–|—)?\s*"
_LINK_LABEL = (
    r"(?:read more|also read|read also|read next|what to read next|read this next|see also|"
    r"related(?: stories| story| articles| article| coverage| content| links| reading| topics)?|"
    r"recommended(?: reading| stories| articles| for you)?|more on this(?: story| topic)?|"
    r"more related stories|you (?:may|might) also like|most read)"
)
_LINK_SEPARATOR = r"\s*(?:[:|»›→>]+|[-–—]+\s)"
_LINK_LINE = re.compile(
    # Any case with a separator before the link text, or the label alone on the line.
    rf"{_LINK_MARK}(?i:{_LINK_LABEL})(?:{_LINK_SEPARATOR}.*|\s*[.:!»›→>]*(?:\s*\[edit\])?)"
    # "Read more about ad blocking here." points at a link; "Read more about it" may be prose.
    rf"|{_LINK_MARK}(?i:read more (?:about|on)\s.*\shere\s*[.!]?)"
    # In capitals, the label sets itself off without a separator ("READ MORE Police ...");
    # ABC-style "MORE: ..." likewise only in capitals ("More: ..." could begin prose).
    rf"|{_LINK_MARK}(?:READ MORE|ALSO READ|SEE ALSO)\s.*"
    rf"|{_LINK_MARK}MORE(?: NEWS| STORIES)?{_LINK_SEPARATOR}.*"
)


def byline_author(line: str) -> str:
    """The name(s) a "By Jane Doe" line gives, joined with ", "; "" for any other line."""
    line = line.strip()
    if len(line) > MAX_META_LINE:
        return ""
    match = _BYLINE.match(line)
    if not match:
        return ""
    names = [_trim_name(name) for name in re.split(r"\s*(?:,|\band\b|&)\s*", match.group(1))]
    # One capitalised word ("By Friday, ...", "By Congress's count") is prose, not a name.
    return ", ".join(name for name in names if name.count(" ") >= 1 and _NAME_ONLY.fullmatch(name))


def _trim_name(name: str) -> str:
    """'Steven Mufson March' -> 'Steven Mufson': drop dates and labels that follow a name."""
    words = name.split()[: _MAX_NAME_WORDS + 3]
    for index, word in enumerate(words):
        if word.lower().rstrip(".,") in _NOT_NAMES:
            words = words[:index]
            break
    return " ".join(words) if len(words) <= _MAX_NAME_WORDS else ""


def is_name(name: str) -> bool:
    """Could ``name`` be a person's or an organisation's name (no digits, no month or label)?"""
    words = name.split()
    return (
        0 < len(words) <= _MAX_NAME_WORDS + 3
        and not any(char.isdigit() for char in name)
        and words[0].lower().rstrip(".,") not in _NOT_NAMES
    )


def dateline(line: str) -> tuple[str, str] | None:
    """(place, agency) when the line opens with a dateline such as "WASHINGTON (Reuters) -"."""
    head = line.strip()[:MAX_META_LINE]
    match = _DATELINE.match(head)
    if not match or (not match.group(1).replace(" ", "").isupper() and not match.group(2)):
        return None
    return match.group(1).strip(" ,"), (match.group(2) or "").strip()


def is_caption(line: str) -> bool:
    """A photo caption or credit line: "Photo: ... (Getty Images)", "Image credit: AP"."""
    line = line.strip()
    return 0 < len(line) <= MAX_META_LINE * 2 and bool(_CAPTION.match(line))


def is_boilerplate(line: str) -> bool:
    """A line a reader skips: ads, calls to click or subscribe, captions, copyright notices."""
    line = line.strip()
    if not line or len(line) > MAX_META_LINE:
        return False
    return bool(_BOILERPLATE.match(line) or _LINK_LINE.fullmatch(line)) or is_caption(line)


def is_title_candidate(line: str) -> bool:
    """Could this line be a headline? Not a byline, dateline, caption or boilerplate."""
    line = line.strip()
    if not line:
        return False
    return not (
        byline_author(line)
        or is_caption(line)
        or is_boilerplate(line)
        or (dateline(line) is not None and len(line) > 40)
    )


def hidden_spans(text: str) -> tuple[tuple[int, int], ...]:
    """[start, end) spans of ``text``'s boilerplate lines (each line without its newline)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if is_boilerplate(line):
            spans.append((start, end))
        start = end + 1
    return tuple(spans)


def mask_hidden(text: str, hidden: tuple[tuple[int, int], ...] | None = None) -> str:
    """``text`` with its hidden spans (by default, its boilerplate lines) blanked to spaces.

    Same length, so every offset still points where it did in the stored text: search uses
    it to keep snippets and their match offsets off boilerplate.
    """
    spans = hidden_spans(text) if hidden is None else hidden
    if not spans:
        return text
    pieces: list[str] = []
    at = 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if end <= start:
            continue
        pieces += [text[at:start], " " * (end - start)]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def visible_text(text: str, start: int, end: int, hidden: tuple[tuple[int, int], ...]) -> str:
    """``text[start:end]`` less its hidden lines (each with its line break), as a reader sees it."""
    pieces: list[str] = []
    at = start
    for span_start, span_end in sorted(hidden):
        if span_end <= at or span_start >= end:
            continue
        pieces.append(text[at : max(at, span_start)])
        at = min(end, span_end)
        if at < end and text[at] == "\n":
            at += 1  # the hidden line's own break goes with it
    pieces.append(text[at:end])
    return "".join(pieces).strip("\n")
