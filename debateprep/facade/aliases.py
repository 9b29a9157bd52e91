"""The Aliases part: the acronym/alias list search expands with, and the user's edits to it.

Learned aliases come from the texts (kept by the search index, rebuilt with it), built-in ones
from ``text.alias_data``; the user's additions and removals are the only ones stored, in the
``aliases`` table. Each edit is one transaction and takes effect in the next search.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from debateprep.errors import UserError
from debateprep.records import AliasEntry
from debateprep.storage.models import AliasEdit
from debateprep.storage.store import Store
from debateprep.text.acronyms import Alias
from debateprep.text.alias_data import BUILT_IN

USER, REMOVED = "user", "removed"


def sync_aliases(store: Store, *, opening: bool = False) -> None:
    """Hand the user's stored edits to the search index. With the window's search process
    the index is there: the process reads them when it opens the library, and hears of each
    later edit (``opening`` skips the call, so opening never starts the process early)."""
    if store.remote is not None:
        if not opening:
            store.remote.sync_aliases()
        return
    with store.read() as session:
        rows = session.execute(select(AliasEdit.short, AliasEdit.long, AliasEdit.origin)).all()
    added = [Alias(s, lf) for s, lf, origin in rows if origin == USER]
    removed = [Alias(s, lf) for s, lf, origin in rows if origin == REMOVED]
    store.index.set_aliases(added, removed)


def learned_aliases(store: Store) -> list[Alias]:
    """The aliases the texts define, from the index (in the window: its search process)."""
    if store.remote is not None:
        return store.remote.learned_aliases()
    return list(store.index.learned.all())


class Aliases:
    """List, add and remove aliases; needs only the store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def aliases(self) -> list[AliasEntry]:
        """Every alias in use, learned, built-in and the user's, by short form."""
        with self._store.read() as session:
            rows = session.execute(select(AliasEdit.short, AliasEdit.long, AliasEdit.origin)).all()
        removed = {Alias(s, lf) for s, lf, origin in rows if origin == REMOVED}
        entries: dict[Alias, str] = {}
        for alias in BUILT_IN:
            entries[alias] = "built-in"
        for alias in learned_aliases(self._store):
            entries.setdefault(alias, "learned")
        for short, long, origin in rows:
            if origin == USER:
                entries.setdefault(Alias(short, long), USER)
        return sorted(
            (
                AliasEntry(a.short, a.long, origin)
                for a, origin in entries.items()
                if a not in removed
            ),
            key=lambda e: (e.short.casefold(), e.long.casefold()),
        )

    def add_alias(self, short: str, long: str) -> AliasEntry:
        """Add an alias (or bring back a removed one); one transaction."""
        alias = _clean(short, long)
        with self._store.write() as tx:
            row = tx.session.get(AliasEdit, (alias.short, alias.long))
            if row is not None and row.origin == REMOVED:
                tx.session.delete(row)  # the learned or built-in alias is back
            elif row is None and alias not in self._known():
                tx.session.add(AliasEdit(short=alias.short, long=alias.long, origin=USER))
        sync_aliases(self._store)
        return AliasEntry(alias.short, alias.long, USER)

    def remove_alias(self, short: str, long: str) -> None:
        """Stop using an alias: a user one is deleted, a learned or built-in one hidden."""
        alias = _clean(short, long)
        with self._store.write() as tx:
            tx.session.execute(
                delete(AliasEdit).where(
                    AliasEdit.short == alias.short, AliasEdit.long == alias.long
                )
            )
            if alias in self._known():
                tx.session.add(AliasEdit(short=alias.short, long=alias.long, origin=REMOVED))
        sync_aliases(self._store)

    def _known(self) -> set[Alias]:
        return {*BUILT_IN, *learned_aliases(self._store)}


def _clean(short: str, long: str) -> Alias:
    short, long = " ".join(short.split()), " ".join(long.split())
    if not short or not long:
        raise UserError("An alias needs a short form and a long form (SHORT=LONG).")
    if short.casefold() == long.casefold():
        raise UserError("An alias's two forms must differ.")
    return Alias(short, long)
