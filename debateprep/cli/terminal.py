"""Text for a terminal: control characters from imported files are shown, never obeyed.

An imported article is untrusted. Printed raw, ``ESC ] 52 ; c ; … BEL`` in its title would
write the user's clipboard, ``ESC ] 0 ;`` set the window title, ``ESC [ 2 J`` clear the
screen, and the bidi overrides of "Trojan Source" reorder what a line seems to say. Every
line the CLI prints goes through :func:`escape` (:class:`EscapingStream` wraps stdout and
stderr for a whole command), which shows such characters as ``\\u001b``-style escapes: the
C0 controls but tab and newline, DEL, the C1 controls U+0080–U+009F, and the invisible
direction controls U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, plus the line and
paragraph separators U+2028/U+2029. The escape is also valid inside a JSON string, so
``--json`` output stays valid JSON with the same values.

The one sequence let through is the bold on/off pair ``search`` uses to mark matches on a
terminal, and only where the CLI itself writes it (:func:`styled`): the text between is
escaped first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TextIO

_UNSAFE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and newline, DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # direction marks, embeddings, isolates
    "\u2028\u2029"  # line and paragraph separators
)
_UNSAFE_RE = re.compile(f"[{_UNSAFE}]")
BOLD, PLAIN = "\x1b[1m", "\x1b[0m"
# What styled() writes, and all EscapingStream lets through unescaped.
_OURS_OR_UNSAFE = re.compile(f"{re.escape(BOLD)}|{re.escape(PLAIN)}|[{_UNSAFE}]")


def _shown(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape(text: str) -> str:
    """``text`` with every control character shown as a ``\\uXXXX`` escape."""
    return _UNSAFE_RE.sub(_shown, text)


_LINE_BREAKS = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSAFE_OR_BREAK_RE = re.compile(f"[{_UNSAFE}\n\r\t]")


def escape_line(text: str) -> str:
    """``text`` escaped and kept on one line, a newline shown as ``\\n`` (file names: a name
    is shown as it is, not tidied)."""
    return _UNSAFE_OR_BREAK_RE.sub(
        lambda found: _LINE_BREAKS.get(found.group()) or _shown(found), text
    )


def one_line(text: str) -> str:
    """``text`` on one line for a listing: whitespace runs (newlines too) become one space."""
    return " ".join(escape(text).split())


def styled(text: str, spans: Iterable[tuple[int, int]], bold: bool) -> str:
    """``text`` with ``spans`` marked: bold on a terminal, else in [brackets]."""
    opening, closing = (BOLD, PLAIN) if bold else ("[", "]")
    pieces, last = [], 0
    for start, end in spans:
        pieces += [escape(text[last:start]), opening, escape(text[start:end]), closing]
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def _escape_but_ours(text: str) -> str:
    return _OURS_OR_UNSAFE.sub(
        lambda match: match.group() if match.group() in (BOLD, PLAIN) else _shown(match), text
    )


class EscapingStream:
    """A text stream that escapes control characters in everything written to it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(_escape_but_ours(text))

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        # flush, isatty, encoding, fileno...: the wrapped stream's own.
        return getattr(self._stream, name)
