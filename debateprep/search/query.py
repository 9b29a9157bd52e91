"""User query text -> Whoosh query, plus the terms the snippet code should highlight.

The box searches as the user types, so: terms are ANDed, quotes make phrases, upper-case
OR / NOT / AND, parentheses and ``tag:`` / ``notes:`` / ``cite:`` / ``quote:`` work, and the
last word, while still being typed, also matches as a prefix. Anything the parser dislikes
degrades to plain words; no input raises. Wildcards, ranges and ``*:*`` are not offered:
they expand over the whole term list (WHOOSH.md measured 2-letter prefixes at up to 179 s).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import MultifieldParser
from whoosh.qparser.plugins import (
    FieldAliasPlugin,
    FieldsPlugin,
    GroupPlugin,
    OperatorsPlugin,
    PhrasePlugin,
)

from .analysis import APOSTROPHES, normalize_query_text, tokens
from .documents import SearchFilters
from .schema import EXACT_FIELD, TEXT_FIELDS, normalize_label

logger = logging.getLogger(__name__)

# Never expand a short prefix: it matches much of the term list (3-letter prefixes took
# seconds at 10k cards in benchmarks/search_bench.py); from four letters they stay cheap.
MIN_PREFIX = 4

_FIELD_ALIASES = {"title": ["tag"], "body": ["quote", "text"]}
_FIELD_NAMES = sorted({*TEXT_FIELDS, *(a for names in _FIELD_ALIASES.values() for a in names)})
# Only our text fields (lower case) may be named; "side:A" or "key:..." stay plain words, so
# user text never reaches the ID/NUMERIC fields (NUMERIC parses its own syntax and can fail).
_FIELD_EXPR = r"(?P<text>" + "|".join(_FIELD_NAMES) + r"):"
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE"})
# What may precede the last word and still leave it a plain word: "(" or a field name.
_LEAD_RE = re.compile(r"^\(*(?:(?:" + "|".join(_FIELD_NAMES) + r"):)?")
_NON_WORD_RE = re.compile(rf"[^\w\s{APOSTROPHES}.-]+")


@dataclass(slots=True)
class ParsedQuery:
    """A Whoosh query and what it looks for, per field, for highlighting."""

    query: wq.Query
    terms: dict[str, set[str]] = field(default_factory=dict)  # stemmed field -> term texts
    phrases: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)  # field -> stems
    prefixes: set[str] = field(default_factory=set)  # unstemmed prefixes (exact field)


class QueryBuilder:
    """Parses user text against one schema; cheap to call, safe to share between threads."""

    def __init__(self, schema: Schema) -> None:
        plugins = [
            FieldsPlugin(expr=_FIELD_EXPR),
            FieldAliasPlugin(_FIELD_ALIASES),
            PhrasePlugin(),
            GroupPlugin(),
            # Only AND, OR and NOT: REQUIRE/ANDMAYBE/ANDNOT over a repeated word build matcher
            # trees that trip an assertion inside Whoosh ("OVEN REQUIRE OVEN").
            OperatorsPlugin(AndNot=None, AndMaybe=None, Require=None),
        ]
        self._parser = MultifieldParser(
            list(TEXT_FIELDS), schema, fieldboosts=TEXT_FIELDS, plugins=plugins
        )
        self._plain = MultifieldParser(
            list(TEXT_FIELDS), schema, fieldboosts=TEXT_FIELDS, plugins=[]
        )

    def parse(self, text: str, *, prefix: bool = True) -> ParsedQuery | None:
        """The query for ``text``, or None when it contains nothing searchable."""
        text = normalize_query_text(text)
        if not any(True for _ in tokens(text)):
            return None
        q = self._parse_syntax(text)
        if q is None:
            # Plain words: no quotes, fields, operators or brackets; hyphens and apostrophes
            # stay because the analyzer understands them.
            plain = _NON_WORD_RE.sub(" ", text)
            plain = " ".join(w.lower() if w in _OPERATORS else w for w in plain.split(" "))
            q = self._parse_with(self._plain, plain)
            if q is None:
                return None
            text = plain
        word = _prefix_word(text) if prefix else None
        if word is not None:
            q = _add_prefix(q, len(text), word)
        q = q.normalize()
        if q is wq.NullQuery:  # e.g. nothing left once empty groups are removed
            return None
        for node in _walk(q):
            if isinstance(node, wq.Or):
                # A few clauses per word: a tree of unions. Whoosh's automatic choice below
                # 5,000 documents preloads 2,048-slot score arrays for every Or, which made
                # each query ~2x slower on a small library (above that size it picks the tree).
                node.matcher_type = wq.Or.DEFAULT_MATCHER
        parsed = ParsedQuery(q)
        _collect(q, parsed)
        return parsed

    def _parse_syntax(self, text: str) -> wq.Query | None:
        q = self._parse_with(self._parser, text)
        if q is None or _has_errors(q):
            return None
        return q

    def _parse_with(self, parser: MultifieldParser, text: str) -> wq.Query | None:
        try:
            q = parser.parse(text)
        except Exception:  # the parser is third-party code fed arbitrary user text
            logger.debug("query parser failed on %r", text, exc_info=True)
            return None
        if q is None or q is wq.NullQuery:
            return None
        return q


def _prefix_word(text: str) -> str | None:
    """The folded last word if it should also match as a prefix, else None.

    Only a plain word being typed: not followed by a space, not inside an open quote, not an
    operator, one token long (a hyphenated tail is a phrase) and >= MIN_PREFIX characters.
    """
    if not text or text[-1].isspace() or text.count('"') % 2:
        return None
    last = text.split()[-1]
    lead = _LEAD_RE.match(last)
    last = last[lead.end() :] if lead else last
    if not last or last in _OPERATORS:
        return None
    found = list(tokens(last))
    if len(found) != 1 or (found[0][1], found[0][2]) != (0, len(last)):
        return None
    folded = found[0][0]
    return folded if len(folded) >= MIN_PREFIX else None


def _is_last_word(q: wq.Query, end: int) -> bool:
    # The parser records where each term came from. The multifield plugin turns one word into
    # an Or of one Term per field; an OR operator may have flattened that Or into a bigger
    # one, which is fine: adding the prefix to a disjunction is the same wherever it goes.
    if not isinstance(q, wq.Or):
        return False
    fields = {
        sub.fieldname
        for sub in q.subqueries
        if isinstance(sub, wq.Term) and getattr(sub, "endchar", None) == end
    }
    return fields == set(TEXT_FIELDS)


def _add_prefix(q: wq.Query, end: int, word: str) -> wq.Query:
    """Return ``q`` with the last word's per-field Or extended by a prefix on ``exact``."""
    if _is_last_word(q, end):
        return wq.Or([*q.subqueries, wq.Prefix(EXACT_FIELD, word)])
    if isinstance(q, (wq.Not, wq.AndNot)):
        return q  # a word being excluded should not exclude everything it is a prefix of
    if q.is_leaf():
        return q
    return q.apply(lambda sub: _add_prefix(sub, end, word))


def _has_errors(q: wq.Query) -> bool:
    return any(getattr(node, "error", None) for node in _walk(q))


def _walk(q: wq.Query) -> list[wq.Query]:
    nodes = [q]
    for child in q.children():
        nodes.extend(_walk(child))
    return nodes


def _collect(q: wq.Query, parsed: ParsedQuery) -> None:
    """Record positive terms, phrase words and prefixes (excluded words are not highlighted)."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        _collect(q.a, parsed)
        return
    if isinstance(q, wq.Prefix) and q.fieldname == EXACT_FIELD:
        parsed.prefixes.add(str(q.text))
    elif isinstance(q, wq.Term) and q.fieldname in TEXT_FIELDS:
        parsed.terms.setdefault(q.fieldname, set()).add(str(q.text))
    elif isinstance(q, wq.Phrase) and q.fieldname in TEXT_FIELDS:
        # Kept whole: highlighting "hot" everywhere would point at the wrong place for "hot oven".
        parsed.phrases.setdefault(q.fieldname, set()).add(tuple(str(w) for w in q.words))
    for child in q.children():
        _collect(child, parsed)


def build_filter(filters: SearchFilters) -> wq.Query | None:
    """A query for Whoosh's ``filter=`` (restricts without scoring); None restricts nothing.

    Returns ``wq.NullQuery`` when an empty collection makes every document fail.
    """
    parts: list[wq.Query] = []
    for fieldname, values in (
        ("doc_type", filters.doc_types),
        ("kind", filters.kinds),
        ("side", filters.sides),
    ):
        if values is None:
            continue
        if isinstance(values, str):  # sides="A" means ("A",), not the letters of a string
            values = (values,)
        wanted = sorted({value for value in values if value})
        if not wanted:
            return wq.NullQuery
        parts.append(wq.Or([wq.Term(fieldname, value) for value in wanted]))
    # On a source the source_id is its own id; on an evidence card, the quoted source.
    if filters.source_id is not None:
        parts.append(wq.Term("source_id", filters.source_id))
    if filters.motion_id is not None:
        parts.append(wq.Term("motion_id", filters.motion_id))
    label = normalize_label(filters.label) if filters.label is not None else ""
    if label:
        parts.append(wq.Term("labels", label))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)
