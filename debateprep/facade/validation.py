"""Checks on what users ask for, each failing with a message a student understands."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from debateprep.errors import UserError
from debateprep.records import CardKind, Highlight, LinkKind, MotionRecord, ReadLevel, Side

MAX_TAG_LENGTH = 500


def clean_tag(tag: str) -> str:
    """A tag is one line: inner line breaks become spaces, outer white space goes."""
    cleaned = " ".join(tag.split())
    if not cleaned:
        raise UserError("A card needs a tag: one line saying what the card proves.")
    if len(cleaned) > MAX_TAG_LENGTH:
        raise UserError(
            f"That tag is {len(cleaned)} characters long; keep it to one line "
            f"(at most {MAX_TAG_LENGTH}) and put the rest in the notes."
        )
    return cleaned


def clean_labels(labels: Iterable[str]) -> tuple[str, ...]:
    """Labels are lowercase words or phrases; duplicates and blanks are dropped, order sorted."""
    result = {" ".join(label.split()).lower() for label in labels}
    result.discard("")
    for label in result:
        if "," in label:
            raise UserError(f"A label cannot contain a comma: {label!r}.")
        if len(label) > 100:
            raise UserError("Keep labels short (at most 100 characters).")
    return tuple(sorted(result))


def clean_text(value: str, what: str, *, max_length: int = 2000) -> str:
    cleaned = " ".join(value.split())
    if len(cleaned) > max_length:
        raise UserError(f"The {what} is too long (at most {max_length} characters).")
    return cleaned


def check_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Validate a quote span and trim white space at its edges (selections often include it)."""
    if not (0 <= start < end <= len(text)):
        raise UserError(
            f"The selected passage ({start}–{end}) is outside the source text "
            f"(0–{len(text)}); select the quote again."
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise UserError("The selection holds only white space; select the words to quote.")
    return start, end


def _offset(value: object) -> int:
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        return int(value)
    raise UserError(f"A highlighted range needs whole-number offsets, not {value!r}.")


def _read_level(entry: Sequence[object]) -> ReadLevel:
    if len(entry) == 2:
        return ReadLevel.HIGHLIGHT  # a bare pair, as stored before levels existed
    try:
        return ReadLevel(str(entry[2]))
    except (ValueError, IndexError):
        names = ", ".join(level.value for level in ReadLevel)
        raise UserError(f"Unknown read-aloud level {entry[2:]!r}; use one of: {names}.") from None


def check_highlights(quote: str, ranges: Iterable[Sequence[object]]) -> tuple[Highlight, ...]:
    """Sort and merge read-aloud ranges level by level; each must lie inside the quote.

    An entry is ``(start, end)`` (a highlight) or ``(start, end, level)``.
    """
    by_level: dict[ReadLevel, list[tuple[int, int]]] = {level: [] for level in ReadLevel}
    for entry in ranges:
        if len(entry) not in (2, 3):
            raise UserError(f"A highlighted range must be (start, end[, level]), not {entry!r}.")
        start, end = _offset(entry[0]), _offset(entry[1])
        if not (0 <= start < end <= len(quote)):
            raise UserError(
                f"A highlighted range ({start}–{end}) is outside the quote (0–{len(quote)})."
            )
        by_level[_read_level(entry)].append((start, end))
    cleaned: list[Highlight] = []
    for level, spans in by_level.items():
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        cleaned += (Highlight(start, end, level) for start, end in merged)
    order = list(ReadLevel)
    return tuple(sorted(cleaned, key=lambda mark: (mark.start, mark.end, order.index(mark.level))))


def parse_kind(value: str | CardKind) -> CardKind:
    try:
        return CardKind(str(value).strip().lower())
    except ValueError:
        names = ", ".join(kind.value for kind in CardKind)
        raise UserError(f"Unknown card kind {value!r}; use one of: {names}.") from None


def parse_link_kind(value: str | LinkKind) -> LinkKind:
    try:
        return LinkKind(str(value).strip().lower())
    except ValueError:
        raise UserError(f"Unknown link kind {value!r}; use 'supports' or 'answers'.") from None


def parse_side(value: str | Side, motion: MotionRecord | None = None) -> Side:
    """A side given as A/B or by the motion's name for it (case-insensitive, unique prefix)."""
    if isinstance(value, Side):
        return value
    text = " ".join(str(value).split()).casefold()
    if text in ("a", "b"):
        return Side(text.upper())
    if motion is not None:
        names = {Side.A: motion.side_a.casefold(), Side.B: motion.side_b.casefold()}
        exact = [side for side, name in names.items() if name == text]
        if exact:
            return exact[0]
        prefixed = [side for side, name in names.items() if text and name.startswith(text)]
        if len(prefixed) == 1:
            return prefixed[0]
        raise UserError(
            f"Unknown side {value!r}; this motion's sides are "
            f"{motion.side_a!r} (A) and {motion.side_b!r} (B)."
        )
    raise UserError(f"Unknown side {value!r}; use A or B.")
