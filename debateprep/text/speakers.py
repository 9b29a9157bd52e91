"""Who is quoted: the speaker a cut span's words belong to, when the text attributes them.

A card cut from inside a quotation quotes the person the article quotes, not the article's
author. :func:`propose_speaker` looks around a span for the attributions reporters write
(``“…,” Sessions said``; ``“…,” said Acting ICE Director Thomas Homan``; ``Sessions said:
“…”``; ``according to Homan``; ``said Tom Homan, the acting ICE director``) and proposes the
name with the qualifications the text gives. It proposes only when the span sits inside the
quotation (or the sentence, for "according to") and the attribution touches it; anything
less certain gives None, so a wrong speaker is never put in a cite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Title words that come before a name ("Acting ICE Director Thomas Homan").
_TITLE_WORDS = frozenset(
    {
        *("acting", "attorney", "general", "director", "deputy", "mayor", "governor", "senator"),
        *("secretary", "president", "vice", "chief", "sheriff", "commissioner", "judge"),
        *("justice", "rep.", "sen.", "gov.", "representative", "spokesman", "spokeswoman"),
        *("spokesperson", "officer", "police", "ice", "dhs", "doj", "fbi", "u.s.", "former"),
        *("executive", "assistant", "associate", "administrator", "press", "minister", "head"),
        *("homeland", "security", "department", "of", "the", "city", "county", "state", "los"),
        *("angeles", "new", "york", "san", "francisco", "dr.", "mr.", "ms.", "mrs."),
    }
)
_VERBS = r"(?:said|says|added|adds|stated|states|explained|argued|wrote|writes|warned|noted)"
_CAP = r"[A-Z][\w.'’-]*"
_NAME = rf"(?P<name>{_CAP}(?:\s+{_CAP}){{0,6}})"
# Qualifications after a name: ", the acting ICE director," up to the sentence's end.
_APPOSITIVE = re.compile(r",\s+(?P<quals>(?:the|a|an)\s+[^,.;:“”\"\n]{3,80})[,.]")
_AFTER_QUOTE = (
    re.compile(rf"\s*{_VERBS}\s+{_NAME}"),  # ” said Acting ICE Director Thomas Homan
    re.compile(rf"\s*{_NAME}\s+{_VERBS}\b"),  # ” Sessions said
)
_BEFORE_QUOTE = re.compile(rf"{_NAME}\s+{_VERBS}(?:\s+that)?[,:]?\s*$")  # Sessions said: “
# A block quotation's lead-in paragraph: "Attorney General Jeff Sessions released the
# following statement …:", "Los Angeles Mayor Eric Garcetti, in response to Sessions, told
# Buzzfeed that:".
_LEAD_VERBS = rf"(?:{_VERBS}|told|elaborated|released\s+the\s+following|declared)"
_LEAD_IN = re.compile(rf"{_NAME}(?:,[^,\n]{{1,60}},)?\s+{_LEAD_VERBS}\b")
_ACCORDING = re.compile(rf"\baccording\s+to\s+{_NAME}")
_OPENERS = '“"'
_CLOSERS = '”"'
_WINDOW = 2000  # how far around the span a quotation's marks are looked for


@dataclass(frozen=True, slots=True)
class SpeakerProposal:
    """A proposed speaker: "Thomas Homan" with "Acting ICE Director", or just "Sessions"."""

    name: str
    quals: str = ""


def _split_title(words: list[str]) -> tuple[str, str]:
    """ "Acting ICE Director Thomas Homan" -> ("Thomas Homan", "Acting ICE Director")."""
    at = len(words)
    # A name is its last two words ("Thomas Homan"), three with a middle initial.
    limit = 3 if len(words) >= 3 and re.fullmatch(r"[A-Z]\.", words[-2]) else 2
    while at > 0 and words[at - 1].lower() not in _TITLE_WORDS and len(words) - at < limit:
        at -= 1
    if at == len(words):
        return "", ""
    title = at
    while title > 0 and words[title - 1].lower() in _TITLE_WORDS:
        title -= 1
    return " ".join(words[at:]).rstrip(".,"), " ".join(words[title:at])


def _person(text: str, name: str, after: int) -> SpeakerProposal | None:
    """The person called ``name``, with a title before and an appositive after it."""
    words = name.split()
    for at, word in enumerate(words):
        # "Thomas Homan. Cities": a sentence's period ends the name (initials do not).
        if word.endswith(".") and len(word) > 3 and word.lower() not in _TITLE_WORDS:
            words = words[: at + 1]
            after -= len(name) - (name.index(word) + len(word))
            break
    person, quals = _split_title(words)
    if not person:
        return None
    appositive = _APPOSITIVE.match(text, after)
    if appositive:
        quals = quals or appositive.group("quals").strip()
    if len(person.split()) == 1:
        # "Sessions said": the article names him in full elsewhere ("Attorney General Jeff
        # Sessions"); take the nearest earlier full mention, preferring one with a title.
        mentions = []
        for match in re.finditer(rf"((?:{_CAP}\s+){{1,6}}){re.escape(person)}\b", text[:after]):
            longer, title = _split_title([*match.group(1).split(), person])
            if longer and len(longer.split()) > 1:
                mentions.append((bool(title), longer, title))
        if mentions:
            _titled, longer, title = max(reversed(mentions), key=lambda mention: mention[0])
            person, quals = longer, quals or title
    return SpeakerProposal(person, quals)


def _quotation(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The (open, close) marks of the quotation text[start:end] starts in, in one paragraph.

    The span may begin with the opening mark, and may run past the closing mark (the caller
    then accepts it only when what follows is the attribution itself).
    """
    low = max(0, start - _WINDOW, text.rfind("\n\n", 0, start) + 1)
    if text[start] in _OPENERS:
        open_at = start
    else:
        before = text[low:start]
        opens = [low + i for i, ch in enumerate(before) if ch in _OPENERS]
        closes = [low + i for i, ch in enumerate(before) if ch in _CLOSERS and ch != '"']
        if not opens and (low == 0 or text[low - 1] != "\n"):
            return None
        # A quotation running over paragraphs has no opening mark in its later paragraphs.
        open_at = opens[-1] if opens else low
        if closes and closes[-1] > open_at:
            return None
    stop = text.find("\n\n", end)
    high = min(len(text), end + _WINDOW, stop if stop >= 0 else len(text))
    close = next((i for i in range(max(start, open_at) + 1, high) if text[i] in _CLOSERS), -1)
    if close < 0 or "“" in text[open_at + 1 : close]:
        return None
    return open_at, close


def propose_speaker(text: str, start: int, end: int) -> SpeakerProposal | None:
    """The speaker the text attributes ``text[start:end]`` to, or None when unsure."""
    if not 0 <= start < end <= len(text):
        return None
    marks = _quotation(text, start, end)
    if marks is not None:
        open_at, close = marks
        after = close + 1
        if text[after : after + 1] == ",":
            after += 1
        for pattern in _AFTER_QUOTE:
            match = pattern.match(text, after)
            if match:
                if close < end - 1 and match.end() + 2 < end:
                    return None  # the span runs on past the attribution
                return _person(text, match.group("name"), match.end("name"))
        if close < end - 1:
            return None  # the span leaves the quotation for the author's words
        line_start = text.rfind("\n", 0, open_at) + 1
        match = _BEFORE_QUOTE.search(text[line_start:open_at])
        if match:
            return _person(text, match.group("name"), line_start + match.end("name"))
        if text[line_start:open_at].strip():
            return None
        # A quotation opening its paragraph: the paragraph before may introduce it.
        return _block_quote_speaker(text, start, end)
    block = _block_quote_speaker(text, start, end)
    if block is not None:
        return block
    sentence_start = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1)
    sentence_end = text.find(". ", end)
    sentence = text[sentence_start : sentence_end if sentence_end >= 0 else len(text)]
    match = _ACCORDING.search(sentence)
    if match:
        return _person(text, match.group("name"), sentence_start + match.end("name"))
    return None


def _block_quote_speaker(text: str, start: int, end: int) -> SpeakerProposal | None:
    """The speaker of a paragraph quoted as a block after a lead-in ending with a colon or
    "as follows." ("Sessions elaborated as follows.")."""
    para_start = text.rfind("\n", 0, start) + 1
    if "\n" in text[start:end] or any(ch in "”" for ch in text[para_start:start]):
        return None
    before = text[:para_start].rstrip()
    lead_start = before.rfind("\n") + 1
    lead_in = before[lead_start:]
    if not lead_in.endswith((":", "as follows.")):
        return None
    match = _LEAD_IN.search(lead_in)
    if match is None:
        return None
    return _person(text, match.group("name"), lead_start + match.end("name"))
