"""Python string indices (code points) to Qt text positions (UTF-16 code units) and back.

The facade speaks Python indices (a card's ``start``/``end``); QTextDocument and QTextCursor
speak UTF-16 code units, where a character outside the Basic Multilingual Plane (most emoji,
rare CJK) takes two positions. Mixing them up shifts every span after the first emoji, so all
conversions go through here.

``TextOffsets(text)`` precomputes once per text: conversions are O(1) when the text has no
astral characters (the usual case) and O(log k) for k astral characters otherwise.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left

logger = logging.getLogger(__name__)

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class TextOffsets:
    """Conversions between code point indices and UTF-16 positions for one text."""

    __slots__ = ("_astral", "_astral_qt", "length", "qt_length")

    def __init__(self, text: str) -> None:
        # Code point indices of astral characters, and where each one starts in UTF-16.
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        self._astral_qt = [index + k for k, index in enumerate(self._astral)]
        self.length = len(text)
        self.qt_length = self.length + len(self._astral)

    @property
    def is_bmp(self) -> bool:
        """True when every character is one UTF-16 unit, so indices and positions agree."""
        return not self._astral

    def to_qt(self, index: int) -> int:
        """The Qt position of Python index ``index`` (0 <= index <= len(text))."""
        if not 0 <= index <= self.length:
            raise IndexError(f"index {index} is outside the text (0–{self.length})")
        if not self._astral:
            return index
        return index + bisect_left(self._astral, index)

    def from_qt(self, pos: int) -> int:
        """The Python index of Qt position ``pos`` (0 <= pos <= the UTF-16 length).

        A position between the two halves of a surrogate pair maps to the index of that
        character, so a span never ends up holding half an emoji.
        """
        if not 0 <= pos <= self.qt_length:
            raise IndexError(f"position {pos} is outside the text (0–{self.qt_length})")
        if not self._astral:
            return pos
        # Astral characters starting before pos each took one extra unit; one starting at
        # pos - 1 is cut in half and counts as the character pos falls into.
        before = bisect_left(self._astral_qt, pos)
        return pos - before

    def clamp_to_qt(self, index: int) -> int:
        """Like ``to_qt`` but an index outside the text is pulled to its nearest end."""
        return self.to_qt(max(0, min(index, self.length)))

    def clamp_from_qt(self, pos: int) -> int:
        """Like ``from_qt`` but a position past the end (a document's last block separator)
        is pulled back inside."""
        return self.from_qt(max(0, min(pos, self.qt_length)))


def to_qt(text: str, index: int) -> int:
    """The Qt (UTF-16) position of the Python index ``index`` in ``text``."""
    return TextOffsets(text).to_qt(index)


def from_qt(text: str, pos: int) -> int:
    """The Python index of the Qt (UTF-16) position ``pos`` in ``text``."""
    return TextOffsets(text).from_qt(pos)


def qt_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes in a QString."""
    return TextOffsets(text).qt_length
