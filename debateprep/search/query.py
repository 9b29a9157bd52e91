"""User query text -> Whoosh query, plus the terms the snippet code should highlight.

The box searches as the user types, so: terms are ANDed, quotes make phrases, upper-case
OR / NOT / AND, parentheses and ``tag:`` / ``notes:`` / ``cite:`` / ``quote:`` work, and the
last word, while still being typed, also matches as a prefix. Anything the parser dislikes
degrades to plain words; no input raises. Wildcards, ranges and ``*:*`` are not offered:
they expand over the whole term list (docs/search.md: 2-letter prefixes took up to minutes
at 100k cards).

Two scopes: ``"titles"`` (type-ahead: tags, titles and cites only, the last word a prefix
through the edge n-gram field, one term lookup) and ``"everything"`` (also notes and quoted or
article text; there the prefix also expands over the long fields' terms, from MIN_PREFIX
letters, since short prefixes match much of the term list).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.qparser.plugins import (
    FieldAliasPlugin,
    FieldsPlugin,
    GroupPlugin,
    OperatorsPlugin,
    PhrasePlugin,
)

from .aliases import AliasTable, add_aliases
from .analysis import APOSTROPHES, MAX_GRAM, MIN_GRAM, normalize_query_text, stem, tokens
from .documents import SearchFilters, SearchScope
from .rerank import phrases_on_all
from .schema import (
    EXACT_BOOST,
    EXACT_FIELD,
    SHORT_FIELD,
    SHORT_TEXT_FIELDS,
    TEXT_FIELDS,
    normalize_label,
)

logger = logging.getLogger(__name__)

# Never expand a short prefix over long text: it matches much of the term list (3-letter
# prefixes took seconds at 10k cards in benchmarks/search_bench.py); from four letters they
# stay cheap. Tags, titles and cites take prefixes from MIN_GRAM letters (edge n-grams).
MIN_PREFIX = 4
# The long fields a prefix expands over in the "everything" scope.
LONG_FIELDS = ("body", "notes")

SCOPES: tuple[SearchScope, ...] = ("everything", "titles")

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
    prefixes: set[str] = field(default_factory=set)  # folded, unstemmed prefixes


class QueryBuilder:
    """Parses user text against one schema; cheap to call, safe to share between threads."""

    def __init__(self, schema: Schema) -> None:
        # Set by the index: every parse expands with it unless given another table.
        self.aliases = AliasTable()

        def plugins() -> list[Any]:
            return [
                FieldsPlugin(expr=_FIELD_EXPR),
                FieldAliasPlugin(_FIELD_ALIASES),
                PhrasePlugin(),
                GroupPlugin(),
                # Only AND, OR and NOT: REQUIRE/ANDMAYBE/ANDNOT over a repeated word build
                # matcher trees that trip an assertion inside Whoosh ("OVEN REQUIRE OVEN").
                OperatorsPlugin(AndNot=None, AndMaybe=None, Require=None),
            ]

        self._parsers: dict[SearchScope, tuple[MultifieldParser, MultifieldParser]] = {}
        # Any of the words (forgiving.py's fallback when all of them find little).
        self._any_word = MultifieldParser(
            list(TEXT_FIELDS), schema, fieldboosts=TEXT_FIELDS, plugins=[], group=OrGroup
        )
        scoped: tuple[tuple[SearchScope, dict[str, float]], ...] = (
            ("everything", TEXT_FIELDS),
            ("titles", SHORT_TEXT_FIELDS),
        )
        for scope, fields in scoped:
            self._parsers[scope] = (
                MultifieldParser(list(fields), schema, fieldboosts=fields, plugins=plugins()),
                MultifieldParser(list(fields), schema, fieldboosts=fields, plugins=[]),
            )

    def parse(
        self,
        text: str,
        *,
        prefix: bool = True,
        scope: SearchScope = "everything",
        any_word: bool = False,
        aliases: AliasTable | None = None,
    ) -> ParsedQuery | None:
        """The query for ``text``, or None when it contains nothing searchable.

        ``any_word``: plain words of which any may match (no syntax), "everything" scope.
        """
        text = normalize_query_text(text)
        if not any(True for _ in tokens(text)):
            return None
        syntax, plain_parser = self._parsers[scope]
        if any_word:
            syntax = plain_parser = self._any_word
        q = self._parse_with(syntax, text)
        if q is not None and _has_errors(q):
            q = None
        if q is None:
            # Plain words: no quotes, fields, operators or brackets; hyphens and apostrophes
            # stay because the analyzer understands them.
            plain = _NON_WORD_RE.sub(" ", text)
            plain = " ".join(w.lower() if w in _OPERATORS else w for w in plain.split(" "))
            q = self._parse_with(plain_parser, plain)
            if q is None:
                return None
            text = plain
        word = _prefix_word(text) if prefix else None
        if word is not None:
            fields = set(TEXT_FIELDS if scope == "everything" else SHORT_TEXT_FIELDS)
            q = _add_prefix(q, len(text), word, fields, _prefix_clauses(word, scope))
        if scope == "everything":
            q = _add_exact(q, text)
        table = self.aliases if aliases is None else aliases
        if table:
            q = add_aliases(q, text, table, lambda form: self._form_query(form, scope))
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
        parsed.query = phrases_on_all(q)  # after _collect: highlights keep each phrase's field
        return parsed

    def _form_query(self, form: str, scope: SearchScope) -> wq.Query | None:
        """An alias form as a phrase over the scope's fields, without character positions
        (they would point into another text than the user's)."""
        phrase = '"' + _NON_WORD_RE.sub(" ", form).replace('"', " ") + '"'
        q = self._parse_with(self._parsers[scope][0], phrase)
        for node in _walk(q) if q is not None else []:
            node.startchar = node.endchar = None
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
    return folded if len(folded) >= MIN_GRAM else None


def _prefix_clauses(word: str, scope: SearchScope) -> list[wq.Query]:
    """What the word being typed also matches: tag/title/cite words it begins, and in the
    "everything" scope, from MIN_PREFIX letters, words of the long fields it begins."""
    clauses: list[wq.Query] = [wq.Term(SHORT_FIELD, word[:MAX_GRAM])]
    if scope == "everything" and len(word) >= MIN_PREFIX:
        # The long fields hold stems. Words whose stem starts with what was typed match the
        # prefix; but a stem can be shorter than the typed text ("immigra" -> immigration ->
        # "immigr"), so the stems of likely completions that end inside it are added too.
        for name in LONG_FIELDS:
            clauses.append(wq.Prefix(name, word))
            clauses.extend(wq.Term(name, short) for short in _short_stems(word))
    return clauses


# Endings that complete a typed word; their stems find stems shorter than the typed text.
_COMPLETIONS = [
    "s",
    "e",
    "es",
    "ed",
    "ing",
    "y",
    "ies",
    "ied",
    "ion",
    "ions",
    "tion",
    "tions",
    "ation",
    "ations",
    "ate",
    "ated",
    "ates",
    "ating",
    "ant",
    "ants",
    "ance",
    "ence",
    "ent",
    "ents",
    "al",
    "ally",
    "ize",
    "ized",
    "izes",
    "ise",
    "ised",
    "ism",
    "ist",
    "ists",
    "ity",
    "ive",
    "ment",
    "ments",
    "ness",
    "ous",
    "ful",
    "er",
    "ers",
    "or",
    "ors",
    "ly",
    "nt",
    "nts",
    "te",
    "ted",
    "tes",
    "ting",
    "tive",
    "tory",
    "ry",
    "ric",
    "ical",
]


def _short_stems(word: str) -> list[str]:
    """Stems of ``word`` + a common ending that are shorter than ``word`` and begin it."""
    found = {stem(word + ending) for ending in _COMPLETIONS}
    return sorted(
        s for s in found if len(s) >= MIN_PREFIX and len(s) < len(word) and word.startswith(s)
    )


def _is_last_word(q: wq.Query, end: int, fields: set[str]) -> bool:
    # The parser records where each term came from. The multifield plugin turns one word into
    # an Or of one Term per field; an OR operator may have flattened that Or into a bigger
    # one, which is fine: adding the prefix to a disjunction is the same wherever it goes.
    if not isinstance(q, wq.Or):
        return False
    found = {
        sub.fieldname
        for sub in q.subqueries
        if isinstance(sub, wq.Term) and getattr(sub, "endchar", None) == end
    }
    return found == fields


def _add_prefix(
    q: wq.Query, end: int, word: str, fields: set[str], clauses: list[wq.Query]
) -> wq.Query:
    """Return ``q`` with the last word's per-field Or extended by the prefix ``clauses``."""
    if _is_last_word(q, end, fields):
        return wq.Or([*q.subqueries, *clauses])
    if isinstance(q, (wq.Not, wq.AndNot)):
        return q  # a word being excluded should not exclude everything it is a prefix of
    if q.is_leaf():
        return q
    return q.apply(lambda sub: _add_prefix(sub, end, word, fields, clauses))


def _add_exact(q: wq.Query, text: str) -> wq.Query:
    """Give each plain word's per-field Or an unstemmed clause, so the word as typed scores
    above its stem's other forms. Only where the Or already searches the tag/title, notes
    and text for that word: the exact field holds a subset, so what matches is unchanged.
    """
    if isinstance(q, (wq.Not, wq.AndNot)) or q.is_leaf():
        return q
    if isinstance(q, wq.Or):
        fields_at: dict[tuple[int, int], set[str]] = {}
        for sub in q.subqueries:
            start, end = getattr(sub, "startchar", None), getattr(sub, "endchar", None)
            if isinstance(sub, wq.Term) and start is not None and end is not None:
                fields_at.setdefault((start, end), set()).add(sub.fieldname)
        extra: list[wq.Query] = []
        for (start, end), names in sorted(fields_at.items()):
            found = list(tokens(text[start:end]))
            if {"title", "notes", "body"} <= names and len(found) == 1:
                extra.append(wq.Term(EXACT_FIELD, found[0][0], boost=EXACT_BOOST))
        if extra:
            q = wq.Or([*q.subqueries, *extra])
    return q.apply(lambda sub: _add_exact(sub, text))


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
    if isinstance(q, wq.Prefix) or (isinstance(q, wq.Term) and q.fieldname == SHORT_FIELD):
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
