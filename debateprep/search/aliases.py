"""Aliases: acronyms learned from the indexed texts, the built-in list, the user's edits.

Learning happens at index time (``LearnedAliases.watch`` on a rebuild's documents,
``LearnedAliases.update`` on each change): the acronyms every document defines are kept per
document key in ALIAS_FILE beside the index, so the list is rebuilt with the index and follows
each added, changed or removed source. ``AliasTable`` is what the query builder expands with:
a short form also finds its long form as a phrase, and a long form, or its last two or more
meaningful words ("Customs Enforcement"), also finds the short form.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from whoosh import query as wq

from debateprep.text.acronyms import Alias, find_acronyms
from debateprep.text.alias_data import BUILT_IN

from .analysis import STOP_WORDS, tokens
from .documents import IndexDoc

ALIAS_FILE = "debateprep-aliases.json"
MAX_RUN = 8  # the most words of a query read as one alias form


def words_of(text: str) -> tuple[str, ...]:
    """The folded, meaningful words of an alias form (what a query's words are compared to)."""
    return tuple(t for t, _, _ in tokens(text) if t not in STOP_WORDS)


class AliasTable:
    """Two-way aliases: each form's words -> the other forms to search for as well."""

    def __init__(self, pairs: Iterable[Alias] = ()) -> None:
        self.pairs = sorted(set(pairs))
        self._other: dict[tuple[str, ...], set[str]] = {}
        for short, long in self.pairs:
            short_words, long_words = words_of(short), words_of(long)
            if not short_words or not long_words or short_words == long_words:
                continue
            self._other.setdefault(short_words, set()).add(long)
            # The whole long form, and its tails of two or more words, find the short form.
            for start in range(len(long_words) - 1):
                self._other.setdefault(long_words[start:], set()).add(short)

    def __bool__(self) -> bool:
        return bool(self._other)

    def others(self, words: tuple[str, ...]) -> list[str]:
        """The forms to search for besides ``words`` (folded, meaningful); [] if none."""
        return sorted(self._other.get(words, ()))


def combine(
    learned: Iterable[Alias], added: Iterable[Alias] = (), removed: Iterable[Alias] = ()
) -> AliasTable:
    """Built-in + learned + the user's additions, minus what the user removed."""
    gone = set(removed)
    return AliasTable(a for a in (*BUILT_IN, *learned, *added) if a not in gone)


def _span(q: wq.Query) -> tuple[int, int] | None:
    """Where in the query text ``q``'s words came from (None for a node without positions)."""
    nodes = [q, *q.leaves()]
    starts = [getattr(n, "startchar", None) for n in nodes]
    ends = [getattr(n, "endchar", None) for n in nodes]
    found = [(s, e) for s, e in zip(starts, ends, strict=True) if s is not None and e is not None]
    if not found:
        return None
    return min(s for s, _ in found), max(e for _, e in found)


def _plain_word(q: wq.Query) -> bool:
    """A word or phrase searched in every field of the scope (not ``tag:``, not NOT)."""
    if isinstance(q, (wq.Not, wq.AndNot)):
        return False
    return len({getattr(leaf, "fieldname", None) for leaf in q.leaves()} - {None}) > 1


def add_aliases(
    q: wq.Query, text: str, table: AliasTable, form_query: Callable[[str], wq.Query | None]
) -> wq.Query:
    """Let each run of the query's words that is an alias form also match the other forms:
    ``JAG`` -> (JAG OR "Justice Assistance Grant"), ``Customs Enforcement`` -> (customs AND
    enforcement) OR ICE. Only the top level's words (an AND of words, or one word or phrase);
    operators, fields and exclusions are left as the user wrote them."""
    parts = list(q.subqueries) if type(q) is wq.And else [q]
    spans = [_span(part) for part in parts]
    if parts == [q] and spans == [None]:
        spans = [(0, len(text))]  # one phrase: Whoosh's Phrase keeps no positions
    out: list[wq.Query] = []
    i = 0
    while i < len(parts):
        for j in range(min(len(parts), i + MAX_RUN), i, -1):
            first, last = spans[i], spans[j - 1]
            if first is None or last is None or not all(map(_plain_word, parts[i:j])):
                continue
            others = table.others(words_of(text[first[0] : last[1]]))
            alts = [alt for alt in map(form_query, others) if alt is not None]
            if alts:
                run = parts[i] if j == i + 1 else wq.And(parts[i:j])
                out.append(wq.Or([run, *alts]))
                i = j
                break
        else:
            out.append(parts[i])
            i += 1
    return out[0] if type(q) is not wq.And else wq.And(out)


class LearnedAliases:
    """The acronyms defined by each indexed document, kept in ALIAS_FILE of a directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._found: dict[str, list[Alias]] = {}
        self.user: tuple[tuple[Alias, ...], tuple[Alias, ...]] = ((), ())  # added, removed
        self._table: tuple[object, AliasTable] | None = None
        self._parsed: tuple[object, dict[str, list[Alias]]] | None = None

    def watch(self, docs: Iterable[IndexDoc]) -> Iterator[IndexDoc]:
        """Pass ``docs`` through, noting what each defines (then ``save`` into a directory)."""
        self._found = {}
        for doc in docs:
            self._note(self._found, doc)
            yield doc

    def save(self, directory: Path) -> None:
        _write(directory / ALIAS_FILE, self._found)

    def update(self, latest: Mapping[str, IndexDoc | None]) -> None:
        """Follow one committed batch: a key mapped to None was deleted. The file is
        rewritten only when the batch changed what it holds (most saves define nothing)."""
        found = self.read()
        changed = False
        for key, doc in latest.items():
            changed |= found.pop(key, None) is not None
            if doc is not None:
                changed |= self._note(found, doc)
        if changed:
            _write(self.directory / ALIAS_FILE, found)

    def read(self) -> dict[str, list[Alias]]:
        """A fresh copy of what the file holds (parsed again only when the file changed)."""
        path = self.directory / ALIAS_FILE
        try:
            info = path.stat()
            stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
            if self._parsed is None or self._parsed[0] != stamp:
                raw = json.loads(path.read_text("utf-8"))
                parsed = {str(k): [Alias(str(s), str(lf)) for s, lf in v] for k, v in raw.items()}
                self._parsed = (stamp, parsed)
            return {key: list(found) for key, found in self._parsed[1].items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}  # missing or damaged: the next rebuild writes it again

    def table(self) -> AliasTable:
        """The table queries expand with; rebuilt only when the file or the user's list changed."""
        try:
            info = (self.directory / ALIAS_FILE).stat()
            stamp: object = (info.st_mtime_ns, info.st_size, self.user)
        except OSError:
            stamp = (None, self.user)
        if self._table is None or self._table[0] != stamp:
            self._table = (stamp, combine(self.all(), *self.user))
        return self._table[1]

    def all(self) -> list[Alias]:
        return sorted({alias for found in self.read().values() for alias in found})

    @staticmethod
    def _note(found: dict[str, list[Alias]], doc: IndexDoc) -> bool:
        """Record what ``doc`` defines; whether it defines anything."""
        aliases = find_acronyms(f"{doc.title}\n{doc.notes}\n{doc.body}")
        if aliases:
            found[doc.key] = aliases
        return bool(aliases)


def _write(path: Path, found: Mapping[str, list[Alias]]) -> None:
    payload = json.dumps({key: [list(a) for a in found[key]] for key in sorted(found)})
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(payload)
        Path(temp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise
