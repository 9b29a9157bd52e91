"""Acronyms a text defines itself: "Immigration and Customs Enforcement (ICE)", "ICE (...)".

A pure function over plain text. A long form counts when the initials of its capitalised words,
read in order, spell the acronym exactly; "and", "of", "the", "for" may sit between them
without a letter. "(2017)", "(see above)" or lowercase words never make an alias.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Words a long form may contain without contributing a letter.
SKIPPABLE = frozenset({"and", "of", "the", "for", "&"})
# At most 10 letters in an acronym (the {2,10} below).
# "(ICE)", "(I.C.E.)", "(USCIS)": capitals with optional dots, nothing else in the brackets.
_AFTER_RE = re.compile(r"\(\s*((?:[A-Z]\.?){2,10})\s*\)")
# "ICE (Immigration and Customs Enforcement)".
_BEFORE_RE = re.compile(r"\b((?:[A-Z]\.?){2,10})\s*\(([^()\n]{3,120})\)")
_WORD_RE = re.compile(r"[A-Za-z][\w'’.-]*|&")


class Alias(NamedTuple):
    """A short form and the long form it stands for, both as written."""

    short: str
    long: str


def letters(short: str) -> str:
    """The acronym's letters: "I.C.E." -> "ICE"."""
    return short.replace(".", "")


def find_acronyms(text: str) -> list[Alias]:
    """Every acronym ``text`` defines, once each, in order of first appearance."""
    found: dict[Alias, None] = {}
    for match in _AFTER_RE.finditer(text):
        short = letters(match.group(1))
        words = list(_WORD_RE.finditer(text, max(0, match.start() - 200), match.start()))
        # Only the words right before the bracket: stop at a line or sentence break.
        tail = text[words[-1].end() : match.start()] if words else ""
        # The long form ends right at the bracket, not at a full stop or comma.
        if not words or tail.strip() or words[-1].group().endswith("."):
            continue
        long = _long_before([w.group() for w in words], short)
        if long:
            found[Alias(short, long)] = None
    for match in _BEFORE_RE.finditer(text):
        short = letters(match.group(1))
        inner = match.group(2).strip()
        if _initials_match(inner.split(), short):
            found[Alias(short, inner)] = None
    return list(found)


def _long_before(words: list[str], short: str) -> str | None:
    """The shortest run of ``words``' end whose initials spell ``short``, else None."""
    want = short.upper()
    taken: list[str] = []
    pos = len(want)
    for word in reversed(words):
        if pos == 0:
            break
        if word.lower() in SKIPPABLE and taken:
            taken.append(word)
            continue
        if not word[0].isupper() or word[0] != want[pos - 1]:
            return None
        taken.append(word)
        pos -= 1
    if pos:
        return None
    taken.reverse()
    return " ".join(taken)


def _initials_match(words: list[str], short: str) -> bool:
    """True when ``words`` (a bracket's content) are capitalised words spelling ``short``."""
    initials = []
    for index, word in enumerate(words):
        if word.lower() in SKIPPABLE and 0 < index < len(words) - 1:
            continue
        if not word[:1].isupper() or not word[:1].isalpha():
            return False
        initials.append(word[0])
    return "".join(initials) == short.upper()
