"""Forgiving full-text search: what to show when every word together finds little.

The box ANDs its words, which is right while they all occur together and useless when one of
them does not ("Kate Steinle" against a text that says "Kathryn Steinle"). So, for a plain
query (words only: no quotes, operators, fields or brackets) on the full-text pass that
finds fewer than FEW results:

1. a word the library does not contain at all is corrected from the library's own
   vocabulary (Whoosh's automaton over the index's terms, sharing the first letter, one
   edit for short stems and two for longer ones), and the corrected query's results follow;
2. with two or more meaningful words, results having some of them follow, ranked by how
   many of the words they have (all but one, then all but two, ...), then by score.

Both steps run only when results are few, never on the type-ahead pass, so their cost (a
term-list walk of one letter's words, a second search) is not paid per keystroke. The
line saying what happened travels in ``Outcome.notice`` up to the search box's status line.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance

from .analysis import STOP_WORDS, stem, tokens
from .query import ParsedQuery, QueryBuilder, SearchScope
from .rerank import HitLike, top_hits
from .schema import TEXT_FIELDS

# Fewer results than this, and the query is loosened.
FEW = 3
# At most this many rows of some-of-the-words results (each costs a snippet).
LOOSE_ROWS = 10
# At most this many searches for subsets of the words (3 words: 3 pairs and 3 singles).
MAX_SUBSETS = 8
# Fields whose (stemmed) terms are the vocabulary misspellings are corrected against.
VOCABULARY_FIELDS = ("body", "title")
_SYNTAX = frozenset('"():')
_OPERATORS = frozenset({"AND", "OR", "NOT"})
# Characters of a hit's text read to find how a corrected stem is spelled in full.
SURFACE_SCAN = 20_000


@dataclass
class Outcome:
    """Hits (each with the query whose words its snippet highlights) and what to tell."""

    hits: list[tuple[HitLike, ParsedQuery | None]] = field(default_factory=list)
    notice: str = ""
    suggestion: str = ""  # the corrected query text, when a misspelling was corrected


def plain_words(text: str) -> list[str] | None:
    """The meaningful words of a plain query, as typed; None if the query has syntax."""
    if any(ch in _SYNTAX for ch in text):
        return None
    words = text.split()
    if any(word in _OPERATORS for word in words):
        return None
    return [w for w in words if any(t not in STOP_WORDS for t, _, _ in tokens(w))]


def run_search(
    searcher: Searcher,
    builder: QueryBuilder,
    text: str,
    parsed: ParsedQuery,
    filter_query: wq.Query | None,
    limit: int,
    *,
    scope: SearchScope,
    prefix: bool,
    loosen: bool = True,
) -> Outcome:
    """All-words results, then (when few) corrected and some-of-the-words ones."""
    pool = max(limit, GROUP_POOL)
    found = top_hits(searcher, parsed.query, filter_query, pool)
    outcome = Outcome([(hit, parsed) for hit in best_of_each_first(found)[:limit]])
    words = plain_words(text) if scope == "everything" and loosen else None
    if len(outcome.hits) >= FEW or not words:
        return outcome
    exact_count = len(outcome.hits)
    corrections = _corrections(searcher, words)
    if corrections:
        fixed = [corrections.get(word, word) for word in words]
        fixed_parsed = builder.parse(" ".join(fixed), prefix=prefix, scope=scope)
        if fixed_parsed is not None:
            found = top_hits(searcher, fixed_parsed.query, filter_query, GROUP_POOL)
            _extend(outcome, [(hit, fixed_parsed) for hit in best_of_each_first(found)], limit)
        if len(outcome.hits) > exact_count:
            outcome.suggestion = " ".join(fixed)
            shown = ", ".join(f"“{new}”" for new in corrections.values())
            wrong = ", ".join(f"“{old}”" for old in corrections)
            outcome.notice = (
                f"No result has {wrong}; showing results for {shown}"
                if not exact_count
                else f"Did you mean {shown}? Results for it follow"
            )
            words = fixed
    if len(outcome.hits) < FEW and len(words) >= 2:
        before = len(outcome.hits)
        matched = _some_words(searcher, builder, words, outcome, filter_query, limit, prefix)
        if len(outcome.hits) > before and not outcome.notice:
            phrase = " ".join(text.split())
            with_words = " ".join(matched)
            outcome.notice = (
                f"No result has all of “{phrase}”; showing results with “{with_words}”"
                if not before
                else f"Few results have all of “{phrase}”; results with some of them follow"
            )
    return outcome


# Result groups, by the index's kind field: the best of each comes first.
GROUPS = {"source": "Sources", "evidence": "Evidence", "argument": "Arguments"}
GROUPS["counterargument"] = "Arguments"
# How many hits are read to find each group's best (articles are long, so BM25 ranks them
# below short cards that say a word once: "detainer" put the article about detainers 12th).
GROUP_POOL = 30


def best_of_each_first(hits: list[HitLike]) -> list[HitLike]:
    """The best hit of each group (Sources, Evidence, Arguments) first, by score, then the
    rest in score order: one kind of result never crowds the others off the first rows."""
    heads: dict[str, HitLike] = {}
    for hit in hits:
        heads.setdefault(GROUPS.get(str(hit.get("kind", "")), "Other"), hit)
    first = {id(hit) for hit in heads.values()}
    return [hit for hit in hits if id(hit) in first] + [h for h in hits if id(h) not in first]


def _extend(outcome: Outcome, more: list[tuple[HitLike, ParsedQuery | None]], limit: int) -> None:
    seen = {hit["key"] for hit, _ in outcome.hits}
    for hit, parsed in more:
        if len(outcome.hits) >= limit:
            return
        if hit["key"] not in seen:
            seen.add(hit["key"])
            outcome.hits.append((hit, parsed))


def _some_words(
    searcher: Searcher,
    builder: QueryBuilder,
    words: list[str],
    outcome: Outcome,
    filter_query: wq.Query | None,
    limit: int,
    prefix: bool,
) -> list[str]:
    """Append hits having all but one of ``words``, then all but two, ... until there are
    FEW; each level by score. Returns the words of the best level that found anything.

    One AND search per subset of the words (skipping matchers, like the main search), not
    one OR of them all with matched terms: that read every document having any of the words
    and made the loosened searches of benchmarks/search_bench.py three times slower.
    """
    best: list[str] = []
    searches = 0
    limit = min(limit, len(outcome.hits) + LOOSE_ROWS)
    for size in range(len(words) - 1, 0, -1):
        level: list[tuple[float, int, HitLike, ParsedQuery]] = []
        for subset in itertools.combinations(range(len(words)), size):
            if searches == MAX_SUBSETS:
                break
            searches += 1
            last = prefix and subset[-1] == len(words) - 1
            parsed = builder.parse(" ".join(words[i] for i in subset), prefix=last)
            if parsed is None:
                continue
            found = top_hits(searcher, parsed.query, filter_query, limit)
            if found and not best:
                best = [words[i] for i in subset]
            level += [
                (-float(h.score or 0.0), len(level) + n, h, parsed) for n, h in enumerate(found)
            ]
        level.sort(key=lambda item: item[:2])
        _extend(outcome, [(hit, parsed) for _, _, hit, parsed in level], limit)
        # Enough to look at: fewer words would only add weaker rows (and searches).
        if len(outcome.hits) >= FEW or searches == MAX_SUBSETS:
            break
    return best


def _corrections(searcher: Searcher, words: list[str]) -> dict[str, str]:
    """Each word the library does not contain -> its nearest word in the library."""
    reader = searcher.reader()
    found: dict[str, str] = {}
    for word in words:
        folded = [t for t, _, _ in tokens(word)]
        if len(folded) != 1 or not folded[0].isalpha() or len(folded[0]) < 4:
            continue
        stemmed = stem(folded[0])
        if any(reader.doc_frequency(name, stemmed) for name in TEXT_FIELDS):
            continue
        # Edits are counted on the stem: two edits in a five-letter stem make another word
        # ("illegal" -> illeg -> integ).
        best = _nearest(searcher, stemmed, 1 if len(stemmed) <= 5 else 2)
        if best is not None:
            found[word] = _surface(searcher, best, folded[0])
    return found


def _nearest(searcher: Searcher, stemmed: str, maxdist: int) -> str | None:
    """The library's stem closest to ``stemmed`` (fewest edits, then most documents)."""
    reader = searcher.reader()
    candidates: dict[str, tuple[int, int]] = {}
    for name in VOCABULARY_FIELDS:
        for term in reader.terms_within(name, stemmed, maxdist, prefix=1):
            value = str(term)
            freq = reader.doc_frequency(name, value)
            old = candidates.get(value, (0, 0))
            candidates[value] = (distance(value, stemmed), old[1] + freq)
    if not candidates:
        return None
    return min(candidates, key=lambda value: (candidates[value][0], -candidates[value][1]))


def _surface(searcher: Searcher, stemmed: str, typed: str) -> str:
    """How the library spells ``stemmed``: of its words with that stem in a few hits, the one
    closest to what was ``typed`` (imigration -> immigration, not immigrants)."""
    spellings: set[str] = set()
    for name in VOCABULARY_FIELDS:
        for hit in searcher.search(wq.Term(name, stemmed), limit=3):
            text = str(hit.get(name) or "")[:SURFACE_SCAN]
            spellings.update(word for word, _, _ in tokens(text) if stem(word) == stemmed)
    if not spellings:
        return stemmed
    return min(sorted(spellings), key=lambda word: distance(word, typed))
