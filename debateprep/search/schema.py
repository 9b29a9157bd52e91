"""The Whoosh schema and the mapping from an IndexDoc to the fields Whoosh stores.

Text fields are stemmed (what full words and phrases match). ``short`` holds the edge
n-grams of the tag/title and the cite, so a type-ahead prefix in those is a single term; a
prefix into long text expands over the stemmed terms, from MIN_PREFIX letters only. Filters
use ID/NUMERIC/KEYWORD fields that never score.
"""

from __future__ import annotations

from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from .analysis import edge_ngram_analyzer, exact_analyzer, stemmed_analyzer
from .documents import IndexDoc, key_id

# The fields a plain query searches, with their weights: a card's tag (title) says what the
# card proves, so a match there beats one in a long body; notes are the author's own words.
# A cite repeats its source's title and author on every card cut from it, so a match only
# there says little about the card (issue 14: "won't" found cards by their cite's title).
TEXT_FIELDS: dict[str, float] = {"title": 3.0, "notes": 1.5, "cite": 0.3, "body": 1.0}
SHORT_FIELD = "short"
# The unstemmed words of tag/title, notes and a card's quote: a word typed exactly as written there
# ("detainer") outranks its stem's other forms ("detained"). Never stored, no positions.
EXACT_FIELD = "exact"
EXACT_BOOST = 1.5
# Every text field in one (stemmed, positional, never stored): full-text search finds its
# candidates here with one posting list per word, then ranks them by the fields (rerank.py).
ALL_FIELD = "all"
# What type-ahead searches: the short fields a user scans (tags, titles, cites).
SHORT_TEXT_FIELDS: dict[str, float] = {"title": 3.0, "cite": 1.0}


def build_schema() -> Schema:
    stemmed = stemmed_analyzer()
    text_fields = {
        # multitoken_query="phrase": a word that analyzes to several tokens (anti-immigrant)
        # must match them adjacent, in order, not anywhere in the document. No positions:
        # phrases are matched on ``all`` (rerank.phrases_on_all).
        name: TEXT(analyzer=stemmed, stored=True, phrase=False, multitoken_query="phrase")
        for name in TEXT_FIELDS
    }
    return Schema(
        key=ID(stored=True, unique=True),
        doc_type=ID(stored=True, sortable=True),
        # Numbers are only ever matched exactly, never by range: shift_step=0 indexes one
        # term per value instead of 16 precision tiers (a third of the indexing time).
        num=NUMERIC(int, bits=64, signed=False, sortable=True, shift_step=0),  # to sort by
        kind=ID(stored=True),
        side=ID(stored=True),
        source_id=NUMERIC(int, bits=64, signed=False, stored=True, shift_step=0),
        motion_id=NUMERIC(int, bits=64, signed=False, stored=True, shift_step=0),
        labels=KEYWORD(stored=True, lowercase=True, commas=True, scorable=False),
        # Only ever searched by prefix, so no positions (phrase=False) and nothing stored.
        short=TEXT(analyzer=edge_ngram_analyzer(), phrase=False, multitoken_query="or"),
        exact=TEXT(analyzer=exact_analyzer(), phrase=False),
        all=TEXT(analyzer=stemmed, phrase=True),
        **text_fields,
    )


def doc_fields(doc: IndexDoc) -> dict[str, Any]:
    """Keyword arguments for ``writer.add_document`` / ``update_document``.

    Empty values are left out: Whoosh would index an empty ID term that a filter could hit.
    """
    fields: dict[str, Any] = {
        "key": doc.key,
        "doc_type": doc.doc_type,
        "num": key_id(doc.key),
        "title": doc.title,
        "body": doc.body,
        "notes": doc.notes,
        "cite": doc.cite,
        SHORT_FIELD: f"{doc.title}\n{doc.cite}",
        ALL_FIELD: f"{doc.title}\n{doc.notes}\n{doc.cite}\n{doc.body}",
        # A source's own text is left out: indexing it twice cost a third of the indexing
        # speed; its title and its cards' quotes still rank exact words.
        EXACT_FIELD: f"{doc.title}\n{doc.notes}"
        + (f"\n{doc.body}" if doc.doc_type == "card" else ""),
    }
    if doc.kind:
        fields["kind"] = doc.kind
    if doc.side:
        fields["side"] = doc.side
    if doc.source_id is not None:
        fields["source_id"] = doc.source_id
    if doc.motion_id is not None:
        fields["motion_id"] = doc.motion_id
    # A comma inside a label would split it into two keywords; labels are short names.
    labels = [label.replace(",", " ").strip() for label in doc.labels]
    labels = [label for label in labels if label]
    if labels:
        fields["labels"] = ",".join(labels)
    return fields


def normalize_label(label: str) -> str:
    """The keyword a label is indexed as (the KEYWORD field lowercases and strips)."""
    return label.replace(",", " ").strip().lower()
