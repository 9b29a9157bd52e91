"""Storage: the library on disk, which is the source of truth for everything else.

``models`` holds the SQLAlchemy tables and ``db`` the SQLite specifics (WAL, foreign keys,
write transactions that take the lock up front, the schema version and change counter in
``meta``); ``migrations`` upgrades old schemas after a backup; ``store`` runs one transaction
per user action and then applies the matching changes to the derived search index
(``index_upkeep``), converting rows to plain records and index documents in ``convert``;
``locking`` records who has a library open so ``backup`` never restores under a reader;
``health`` checks a library file and repairs what can be rebuilt. Nothing here knows about
user actions (that is the facade), exports or Qt; the window never imports this package.
"""
