"""The facade the window and the CLI call: one public method is one user action.

Each action runs in one transaction (see ``store.Store.write``) and, once committed, updates
the search index. Invalid requests raise ``UserError`` before anything is written.

Why one flat class over small parts, rather than mixins or ``library.cards.cut(...)``:

- The actions live in plain classes ("parts") in ``debateprep/facade/``, one per subject:
  ``Sources``, ``Cards``, ``Links``, ``Motions``, ``Briefs``, ``Imports``, ``Exports``,
  ``Searching`` and ``Classroom`` (a class library's teacher and students). A part holds
  the ``Store`` and, passed to its constructor, any other part it needs (``Imports`` gets
  ``Sources``); no part inherits from another, so no method depends on a resolution order
  and each name has exactly one definition.
- ``Library`` inherits nothing. Its ``__init__`` below builds the parts and publishes each
  public action as an attribute bound to its home (``self.cut_card = cards.cut_card``), so
  this file reads as a table of contents: every action once, grouped by part. Callers keep
  one flat vocabulary (``library.cut_card(...)``; the GUI, CLI and tests need no change) and
  mypy infers each attribute's signature from the bound method.
- The parts stay reachable as ``library.parts`` (a ``Parts`` record: ``library.parts.cards``);
  ``library.cards`` remains the action that lists cards.

Shared lookups are functions in ``facade/lookup.py``; what an export renders is read by
``facade/bundles.load_bundle`` inside the caller's one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from debateprep import paths
from debateprep.facade.aliases import Aliases, sync_aliases
from debateprep.facade.briefs import Briefs
from debateprep.facade.cards import Cards
from debateprep.facade.class_transfer import ClassTransfer
from debateprep.facade.classroom import Classroom
from debateprep.facade.exports import Exports
from debateprep.facade.imports import Imports
from debateprep.facade.links import Links
from debateprep.facade.live import Live
from debateprep.facade.motions import Motions
from debateprep.facade.search_client import SearchProcess
from debateprep.facade.searching import INDEX_WAIT, Progress, Searching
from debateprep.facade.sources import Sources
from debateprep.storage import library_file, server, server_library
from debateprep.storage.locking import set_process_role
from debateprep.storage.server import PasswordNeeded, is_server_location
from debateprep.storage.store import Store

# set_process_role (how a refused restore names this process) and PasswordNeeded (a class
# library's server wants a password: the window prompts) are re-exported so the window does
# not import storage.
__all__ = ["INDEX_WAIT", "Library", "Parts", "PasswordNeeded", "Progress", "set_process_role"]


@dataclass(frozen=True, slots=True)
class Parts:
    """The action groups one library is made of, each a plain class over the same store."""

    sources: Sources
    cards: Cards
    links: Links
    motions: Motions
    briefs: Briefs
    imports: Imports
    exports: Exports
    searching: Searching
    classroom: Classroom


class Library:
    """One open library: a SQLite file and the search index beside it."""

    def __init__(self, store: Store, search_process: SearchProcess | None = None) -> None:
        """Build the parts over ``store`` and publish every action, one line each.

        Long because it is the table of contents of the user actions, one line each.
        """
        self._store = store
        sources = Sources(store)
        cards = Cards(store)
        links = Links(store)
        motions = Motions(store)
        briefs = Briefs(store)
        imports = Imports(store, sources)
        exports = Exports(store)
        searching = Searching(store, search_process)
        classroom = Classroom(store)
        # The window's search process (None: searching in this process, as the CLI does).
        self.search_process = search_process
        self.parts = Parts(
            sources, cards, links, motions, briefs, imports, exports, searching, classroom
        )

        # Sources: pasted text or one article file as a source, its citation and text.
        self.sources = sources.sources
        self.source = sources.source
        self.source_text = sources.source_text
        self.source_list = sources.source_list
        self.source_titles = sources.source_titles
        self.first_source_id = sources.first_source_id
        self.add_source = sources.add_source
        self.paste_source = sources.paste_source
        self.import_file = sources.import_file
        self.import_url = sources.import_url
        self.edit_source = sources.edit_source
        self.set_source_text = sources.set_source_text
        self.delete_source = sources.delete_source
        self.restore_source = sources.restore_source

        # Imports: any file by its content (Verbatim .docx, Kialo, article), folders.
        self.import_document = imports.import_document
        self.import_paths = imports.import_paths
        self.import_verbatim = imports.import_verbatim
        self.import_kialo = imports.import_kialo

        # Cards: cut evidence, write claims, edit, delete and restore, reorder.
        self.card = cards.card
        self.cards = cards.cards
        self.card_titles = cards.card_titles
        self.cut_card = cards.cut_card
        self.create_card = cards.create_card
        self.edit_card = cards.edit_card
        self.delete_card = cards.delete_card
        self.restore_card = cards.restore_card
        self.reorder_cards = cards.reorder_cards

        # Links: a card supports or answers another.
        self.links = links.links
        self.link = links.link
        self.unlink = links.unlink
        self.answer_claim = links.answer_claim
        self.support_claim = links.support_claim

        # Motions, and the argument map's light reads of one.
        self.motions = motions.motions
        self.motion = motions.motion
        self.default_motion = motions.default_motion
        self.create_motion = motions.create_motion
        self.edit_motion = motions.edit_motion
        self.motion_contents = motions.motion_contents
        self.delete_motion = motions.delete_motion
        self.restore_motion = motions.restore_motion
        self.claim_bundle = motions.claim_bundle
        self.evidence_counts = motions.evidence_counts
        self.incomplete_cite_counts = motions.incomplete_cite_counts

        # Briefs: a side's ordered, sectioned selection of cards.
        self.briefs = briefs.briefs
        self.brief = briefs.brief
        self.outline_brief = briefs.outline_brief
        self.create_brief = briefs.create_brief
        self.rename_brief = briefs.rename_brief
        self.delete_brief = briefs.delete_brief
        self.restore_brief = briefs.restore_brief
        self.add_brief_section = briefs.add_brief_section
        self.rename_brief_section = briefs.rename_brief_section
        self.remove_brief_section = briefs.remove_brief_section
        self.restore_brief_section = briefs.restore_brief_section
        self.move_brief_section = briefs.move_brief_section
        self.add_to_brief = briefs.add_to_brief
        self.remove_from_brief = briefs.remove_from_brief
        self.move_in_brief = briefs.move_in_brief
        self.set_brief_section_level = briefs.set_brief_section_level
        self.send_to_brief = briefs.send_to_brief

        # Exports: each render reads one snapshot; writes are atomic, never over the library.
        self.export_target = exports.export_target
        self.write_export = exports.write_export
        self.motion_bundle = exports.motion_bundle
        self.render_brief = exports.render_brief
        self.render_brief_docx = exports.render_brief_docx
        self.render_map = exports.render_map
        self.render_map_as = exports.render_map_as
        self.render_packet = exports.render_packet
        self.export_brief = exports.export_brief
        self.export_brief_docx = exports.export_brief_docx
        self.export_map = exports.export_map
        self.export_map_as = exports.export_map_as
        self.export_packet = exports.export_packet

        # Searching: full text, the index's upkeep, counts, quote verification.
        self.search = searching.search
        self.index_is_current = searching.index_is_current
        self.wait_for_index = searching.wait_for_index
        self.reindex = searching.reindex
        self.counts = searching.counts
        self.verify = searching.verify

        # A class library: push a personal library into it, pull a snapshot home.
        transfer = ClassTransfer(store)
        self.push_to_class = transfer.push
        self.pull_class = transfer.pull

        # Classroom (a class library): its members, adding and removing students, locking.
        self.class_members = classroom.class_members
        self.add_student = classroom.add_student
        self.remove_student = classroom.remove_student
        self.lock_motion = classroom.lock_motion

        # Aliases: the acronyms search expands with (learned, built-in, the user's edits).
        aliases = Aliases(store)
        self.aliases = aliases.aliases
        self.add_alias = aliases.add_alias
        self.remove_alias = aliases.remove_alias

        # Live: other people's changes in a class library, and who has it open.
        live = Live(store)
        self.add_change_listener = live.add_change_listener
        self.presence = live.presence
        sync_aliases(store, opening=True)

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        starter: bool = True,
        empty: bool = False,
        progress: Progress | None = None,
        index: bool = True,
        search_process: bool = False,
        password: str | None = None,
        listen: bool = False,
    ) -> Library:
        """Open (or create) a library; a new one gets the bundled corpus and starter map.

        ``path`` is the database file or a folder holding ``library.db``; None means the
        default library in the user-data folder. ``progress`` hears index rebuild steps.
        With ``empty=True`` a new library stays empty for good: the sample sources and map
        are not loaded now or on a later open. With ``index=False`` a stale index is left
        for the caller to rebuild (the window does it in the background, with progress,
        while staying usable). With ``search_process=True`` (the window) searching and
        indexing happen in a process of its own, started on first use (``search_client``):
        this process never loads Whoosh.

        ``path`` may also be a class library's ``postgresql://`` URL (``storage/server.py``):
        credentials come from libpq (``.pgpass``, ``PGPASSWORD``, a service file) or
        ``password``; ``listen=True`` (the window) follows other people's changes live. A
        class library is never filled with starter content here (``class create`` does it).
        """
        if is_server_location(path):
            starter = empty = False
            password = password if password is not None else server.url_password(str(path))
        store, process = _open_store(path, password, listen, search_process)
        library = cls(store, process)
        try:
            if (starter or empty) and not store.read_only:
                from debateprep.facade.hidden_refresh import refresh_hidden_once
                from debateprep.facade.starter import decline_starter, load_starter_once

                if empty:
                    decline_starter(library)
                else:
                    load_starter_once(library)
                refresh_hidden_once(library)  # before indexing: touched sources reindex
            if index and process is None:
                store.ensure_index(progress)
            elif index and not library.index_is_current():
                library.reindex(progress)  # in the search process
        except BaseException:
            store.close()
            raise
        return library

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def file(self) -> Path | None:
        """The library's database file; None for a class library on a server."""
        return self._store.db_path

    @property
    def path(self) -> Path:
        """The database file of a personal library (see ``file`` for either kind)."""
        if self._store.db_path is None:
            raise RuntimeError("a class library lives on its server, not in a file")
        return self._store.db_path

    @property
    def location(self) -> str:
        """Where the library is, as the window title and messages show it (no password)."""
        return self._store.label

    @property
    def is_class_library(self) -> bool:
        return self._store.is_server

    @property
    def user(self) -> str:
        """Who is saving: the database user of a class library, the login of a personal one."""
        return self._store.user

    @property
    def is_teacher(self) -> bool:
        """May this user change everything? False only for a student of a class library."""
        return self._store.is_teacher

    @property
    def read_only(self) -> bool:
        """True when the library's file or folder cannot be written: reads only."""
        return self._store.read_only

    @property
    def index_path(self) -> Path:
        if self.search_process is not None:  # kept by the search process
            if self.file is None:
                return server_library.index_dir(self.location, self._store.library_id)
            return library_file.index_dir_for(self.file)
        return self._store.index.directory


def _open_store(
    path: Path | str | None, password: str | None, listen: bool, search_process: bool
) -> tuple[Store, SearchProcess | None]:
    """The store of a library file or class library, and the window's search process."""
    location: Path | str
    if is_server_location(path):
        location = server.display(str(path))  # what the search process is handed
    else:
        location = library_file.resolve_library_path(
            Path(path) if path else paths.default_library_path()
        )
    process = SearchProcess(location, password=password) if search_process else None
    try:
        store = Store(
            str(path) if isinstance(location, str) else location,
            remote=process,
            password=password,
            listen=listen,
        )
    except BaseException:
        if process is not None:
            process.close()
        raise
    return store, process
