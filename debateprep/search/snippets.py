"""Snippets: a short plain-text excerpt around the first match, with highlight spans.

Whoosh's own highlighter re-analyzes whole documents and returns marked-up strings; we need
plain text, spans to paint and the offset of the match in the source text (the reader jumps
there). So we run the index analyzer with ``chars=True`` over the stored text, compare each
token to the query's stemmed terms, phrases and prefixes, and stop reading shortly after the
window is full. Only the hits actually returned get snippets.

Tokenizing in Python costs about 2 µs a word, so a match near the end of a 19 MB source took
9 s. The work is bounded: the first EXACT_SCAN_CHARS are read word by word as above; past
them, a regular expression (run by ``re`` in C over the lower-cased text) finds where a
matching word could begin, and only a short window around each of the first MAX_CANDIDATES
such places is read word by word (of at most MAX_PLACES places the expression finds, most
of them inside other words). A match the expression cannot see (a word whose folding it
does not know, such as a ligature) leaves the snippet at the text's beginning, without an
offset. Boilerplate lines of a body (ads, captions, copyright notices: the lines the reader
hides) are blanked first, keeping offsets, so a snippet never shows or points at them.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from debateprep.text.article_lines import mask_hidden

from .analysis import APOSTROPHES, STOP_WORDS, fold, stem, tokens
from .documents import SearchHit, key_id
from .query import ParsedQuery
from .rerank import HitLike

SNIPPET_CHARS = 200
# Where the first match sits in the window: a little context before, most of it after.
CONTEXT_BEFORE = 60
ELLIPSIS = "…"
# Fields tried for a snippet when the body has no match; the title is already on screen.
FALLBACK_FIELDS = ("notes", "cite", "title")
# Read word by word from a text's beginning: every article under ~15,000 words fits.
EXACT_SCAN_CHARS = 100_000
# Past that, at most this many places a match could begin are read, each in a window of
# about CANDIDATE_WINDOW characters; so one snippet reads at most ~140,000 characters.
MAX_CANDIDATES = 64
CANDIDATE_WINDOW = SNIPPET_CHARS + 400
# With several query words, how far past the first match a better passage is looked for.
PASSAGE_SCAN = 6_000


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]
    offset: int | None  # char offset of the first match in the body, if it is in the body
    match_length: int


def make_snippet(
    stored: Mapping[str, Any], parsed: ParsedQuery | None, *, scan_chars: int | None = None
) -> Snippet:
    """Snippet for one hit from its stored fields (uses title, notes, cite, body).

    ``scan_chars`` bounds how far into each text matches are looked for: a type-ahead hit
    matched in its tag or cite, and reading a whole article to find nothing costs more than
    the search did; its snippet is then the text's beginning.
    """
    if parsed is not None:
        for name in ("body", *FALLBACK_FIELDS):
            text = _readable(stored, name)
            if scan_chars is not None:
                text_to_scan = text[:scan_chars]
                spans = match_spans(text_to_scan, name, parsed) if text_to_scan else []
            else:
                spans = bounded_match_spans(text, name, parsed)
            if spans:
                first_start, first_end = spans[0]
                window_text, highlights = _window(text, spans)
                if name == "body":
                    first_end = phrase_end(text, first_start, name, parsed) or first_end
                    return Snippet(window_text, highlights, first_start, first_end - first_start)
                return Snippet(window_text, highlights, None, 0)
    # Nothing to point at (blank query with filters): the beginning of the main text.
    for name in ("body", *FALLBACK_FIELDS):
        text = _readable(stored, name)
        if text.strip():
            return Snippet(_window(text, [])[0], (), None, 0)
    return Snippet("", (), None, 0)


def _readable(stored: Mapping[str, Any], name: str) -> str:
    """A stored field as snippets show it: a body's boilerplate lines (ads, captions,
    copyright) blanked, at the same offsets, so they never match nor show."""
    text = str(stored.get(name) or "")
    return mask_hidden(text) if name == "body" else text


def match_spans(text: str, field: str, parsed: ParsedQuery) -> list[tuple[int, int]]:
    """Character spans of matched words in ``text``, in order, from the best passage on.

    Stop words are never highlighted (a phrase's other words are). With one thing to find,
    reading stops once the first match's window is full; with several, the whole text is
    read and the spans start at the passage where most different query words sit close
    together ("crime rates sanctuary" opens at the crime-rate sentence, not the first
    "sanctuary").
    """
    terms = parsed.terms.get(field, set())
    phrases = parsed.phrases.get(field, set())
    prefixes = tuple(parsed.prefixes)
    if not (terms or phrases or prefixes):
        return []
    wanted = len({t for t in terms if t not in STOP_WORDS}) + len(phrases) + bool(prefixes)
    several = wanted > 1
    longest = max((len(p) for p in phrases), default=1)
    recent: list[tuple[str, int, int]] = []  # the last `longest` tokens, for phrase matching
    found: dict[tuple[int, int], object] = {}  # span -> what it matched (term or phrase)
    stop_at: int | None = None
    for word, start, end in tokens(text):
        if stop_at is not None and start > stop_at:
            break
        stemmed = stem(word)
        recent.append((stemmed, start, end))
        del recent[:-longest]
        if word not in STOP_WORDS:
            if stemmed in terms:
                found[(start, end)] = stemmed
            elif prefixes and word.startswith(prefixes):
                found[(start, end)] = "prefix"
        for phrase in phrases:
            n = len(phrase)
            if len(recent) >= n and tuple(t[0] for t in recent[-n:]) == phrase:
                for _, s, e in recent[-n:]:
                    if fold(text[s:e]) not in STOP_WORDS or n == 1:
                        found[(s, e)] = phrase
        ahead = start + SNIPPET_CHARS
        if several and (stop_at is None or stop_at > ahead) and len(set(found.values())) == wanted:
            stop_at = ahead  # every query word seen: a window holding them all is near
        if found and stop_at is None:
            # Read on only as far as the window can reach (plus a phrase's worth of slack),
            # or, looking for a better passage, PASSAGE_SCAN further (reading a whole
            # article per hit doubled the full-text time in benchmarks/search_bench.py).
            stop_at = min(found)[0] + (PASSAGE_SCAN if several else SNIPPET_CHARS + 40)
    spans = sorted(found)
    if several and spans:
        best = _best_passage(spans, found)
        spans = [span for span in spans if best <= span[0] <= best + SNIPPET_CHARS + 40]
    return spans


def _best_passage(spans: list[tuple[int, int]], found: dict[tuple[int, int], object]) -> int:
    """Start of the span opening the window that holds the most different query words."""
    reach = SNIPPET_CHARS - CONTEXT_BEFORE
    best, best_count = spans[0][0], 0
    j = 0
    for i, (start, _) in enumerate(spans):
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] <= start + reach:
            j += 1
        count = len({found[span] for span in spans[i : j + 1]})
        if count > best_count:
            best, best_count = start, count
    return best


def phrase_end(text: str, start: int, field: str, parsed: ParsedQuery | None) -> int | None:
    """Where a phrase of the query beginning at ``start`` ends, None if none begins there
    (opening a phrase hit selects the whole phrase, not its first word)."""
    phrases = parsed.phrases.get(field, set()) if parsed is not None else set()
    if not phrases:
        return None
    longest = max(len(p) for p in phrases)
    read = [(stem(w), e) for w, _, e in itertools.islice(tokens(text[start:]), longest)]
    for phrase in sorted(phrases, key=len, reverse=True):
        if tuple(w for w, _ in read[: len(phrase)]) == phrase:
            return start + read[len(phrase) - 1][1]
    return None


def bounded_match_spans(text: str, field: str, parsed: ParsedQuery) -> list[tuple[int, int]]:
    """:func:`match_spans` over the whole ``text``, reading at most ~140,000 characters
    word by word whatever its length (see the module docstring)."""
    if len(text) <= EXACT_SCAN_CHARS:
        return match_spans(text, field, parsed)
    cut = _space_before(text, EXACT_SCAN_CHARS)
    spans = match_spans(text[:cut], field, parsed)
    if spans:
        return spans
    for candidate in _candidates(text, cut, field, parsed):
        # Tokens never hold white space, so reading from the space before the candidate
        # splits words exactly as reading from the text's beginning does.
        start = _space_before(text, candidate)
        end = _space_after(text, candidate + CANDIDATE_WINDOW)
        found = match_spans(text[start:end], field, parsed)
        if found:
            return [(s + start, e + start) for s, e in found]
    return []


# Places the candidate expression finds inside words (skipped) count too, up to this many.
MAX_PLACES = 50_000


def _candidates(text: str, begin: int, field: str, parsed: ParsedQuery) -> Iterator[int]:
    """Up to MAX_CANDIDATES offsets from ``begin`` on where a matching word may begin."""
    starts = {_key(term) for term in parsed.terms.get(field, set())}
    starts |= {_key(phrase[0]) for phrase in parsed.phrases.get(field, set()) if phrase}
    starts |= set(parsed.prefixes)
    starts.discard("")
    if not starts:
        return
    # Lower-cased once, a case-sensitive expression with a plain first letter is searched
    # for ten times faster than a case-insensitive one (0.01 s against 0.14 s for 19 MB).
    lowered = text.lower()
    same = len(lowered) == len(text)  # some letters lower-case to two characters
    haystack = lowered if same else text
    pattern = _candidate_pattern(frozenset(starts), text.isascii(), not same)
    found = 0
    for places, match in enumerate(pattern.finditer(haystack, begin)):
        if places == MAX_PLACES or found == MAX_CANDIDATES:
            return
        before = haystack[match.start() - 1] if match.start() else " "
        if before.isalnum() or before == "_":
            continue  # inside a word, where no token begins
        found += 1
        yield match.start()


def _space_before(text: str, index: int) -> int:
    """Just after the last white space at or before ``index`` (not further than 100 back)."""
    for i in range(index, max(index - 100, 0), -1):
        if text[i - 1].isspace():
            return i
    return index


def _space_after(text: str, index: int) -> int:
    """The first white space at or after ``index`` (not further than 100 on), or the end."""
    for i in range(index, min(index + 100, len(text))):
        if text[i].isspace():
            return i
    return min(index, len(text))


@functools.lru_cache(maxsize=256)
def _candidate_pattern(starts: frozenset[str], ascii_text: bool, any_case: bool) -> re.Pattern[str]:
    """Raw text that folds to a word beginning with one of ``starts``.

    A folded word starts with its Porter stem but for the stem's last letter (happy ->
    happi, hoping -> hope; no word of the corpus or of a 27,000-word list differs more),
    and with any prefix typed; folding drops case,
    accents, inner apostrophes and dots, and thousands commas. A phrase begins with its
    first word. ``ascii_text``: no accented letters to allow for; ``any_case``: the text
    could not be lower-cased letter for letter, so the expression ignores case.
    """
    between = "['`.,]*" if ascii_text else _BETWEEN
    alternatives = "|".join(
        between.join(ch if ascii_text else _letter(ch) for ch in start) for start in sorted(starts)
    )
    return re.compile(f"(?:{alternatives})", re.IGNORECASE if any_case else 0)


def _key(term: str) -> str:
    return term[: max(len(term) - 1, 2)]


_BETWEEN = f"[{re.escape(APOSTROPHES)}.,\u0300-\u036f]*"


@functools.lru_cache(maxsize=128)
def _letter(ch: str) -> str:
    variants = _ACCENTED.get(ch, "")
    return f"[{re.escape(ch + variants)}]" if variants else re.escape(ch)


def _accented() -> dict[str, str]:
    """Accented letters (Latin, and full-width forms) by the ASCII letter they fold to."""
    table: dict[str, str] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00), *range(0xFF10, 0xFF5B)]:
        ch = chr(code)
        folded = "".join(c for c in unicodedata.normalize("NFKD", ch.casefold()) if c.isalnum())
        if len(folded) == 1 and folded.isascii():
            # Both cases: the expression searches lower-cased text, or ignores case.
            table[folded] = table.get(folded, "") + ch
    return table


_ACCENTED = _accented()


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Cut ~SNIPPET_CHARS around the first span at word boundaries; map spans into it."""
    anchor_start, anchor_end = spans[0] if spans else (0, 0)
    start = max(0, anchor_start - CONTEXT_BEFORE)
    end = min(len(text), start + SNIPPET_CHARS)
    start = max(0, min(start, end - SNIPPET_CHARS))
    # Don't show half words: move inwards to whitespace, never past the anchor match.
    if start > 0 and not text[start - 1].isspace():
        space = _find_space(text, start, anchor_start)
        start = space + 1 if space is not None else start
    if end < len(text) and not text[end].isspace():
        space = max(text.rfind(c, max(anchor_end, start), end) for c in " \n\t")
        end = space if space > start else end
    pieces: list[str] = []
    mapping: dict[int, int] = {}  # original index -> index in the snippet
    out_len = 0
    if start > 0:
        pieces.append(ELLIPSIS)
        out_len += len(ELLIPSIS)
    previous_space = True  # also drops leading whitespace
    for i in range(start, end):
        char = text[i]
        mapping[i] = out_len
        if char.isspace():
            # One plain space for any run of whitespace: snippets are one-line list rows.
            if previous_space:
                continue
            char = " "
            previous_space = True
        else:
            previous_space = False
        pieces.append(char)
        out_len += 1
    snippet = "".join(pieces).rstrip()
    if end < len(text):
        snippet += ELLIPSIS
    highlights = tuple(
        (mapping[s], mapping[e - 1] + 1) for s, e in spans if s >= start and e <= end and e > s
    )
    return snippet, highlights


def _find_space(text: str, begin: int, limit: int) -> int | None:
    for i in range(begin, min(limit, len(text))):
        if text[i].isspace():
            return i
    return None


def hit_record(hit: HitLike, parsed: ParsedQuery | None, scan_chars: int | None) -> SearchHit:
    """The result row for one Whoosh hit, with its snippet."""
    fields: dict[str, Any] = hit.fields()
    snippet = make_snippet(fields, parsed, scan_chars=scan_chars)
    key = str(fields["key"])
    return SearchHit(
        key=key,
        doc_type=str(fields.get("doc_type", "")),
        id=key_id(key),
        title=str(fields.get("title", "")),
        kind=str(fields.get("kind", "")),
        side=str(fields.get("side", "")),
        source_id=fields.get("source_id"),
        motion_id=fields.get("motion_id"),
        score=float(hit.score or 0.0) if parsed is not None else 0.0,
        snippet=snippet.text,
        highlights=snippet.highlights,
        offset=snippet.offset,
        match_length=snippet.match_length,
    )
