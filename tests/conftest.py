"""Shared fixtures: libraries in temporary folders (SQLite files, never in-memory)."""

from __future__ import annotations

import gc
import ipaddress
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from golden_support import Golden, check_golden
from hypothesis import settings
from pg_cluster import Cluster, find_bin

from debateprep.facade.library import Library

# Property tests run the same examples every time so CI is repeatable; explore new ones
# locally with `pytest --hypothesis-profile=explore`.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile("repeatable")

REPO = Path(__file__).resolve().parents[1]

# GUI tests run without a screen; set before pytest-qt creates the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class NetworkUsed(AssertionError):
    """Raised when code under test tries to reach the network (DebatePrep never should)."""


def is_loopback(address: Any) -> bool:
    """An address written as a loopback IP (127.0.0.1, ::1): the throwaway test servers."""
    host = address[0] if isinstance(address, tuple) and address else None
    try:
        return isinstance(host, str) and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name ("localhost" too): looking it up may already use the network


def _refuse(family: int, address: Any) -> None:
    # AF_UNIX is inter-process plumbing on this machine (multiprocessing, Qt, D-Bus), never
    # the network, and a loopback IP never leaves the machine (the URL import's tests serve
    # pages on 127.0.0.1); every other address could.
    if family != getattr(socket, "AF_UNIX", None) and not is_loopback(address):
        raise NetworkUsed("a test tried to open a network connection; DebatePrep must not")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _refuse(self.family, address)
    _REAL_CONNECT(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _refuse(self.family, address)
    return _REAL_CONNECT_EX(self, address)


def _guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
    # Refuse before the name lookup: resolving "example.com" is already network traffic.
    if is_loopback(address):
        return _REAL_CREATE_CONNECTION(address, *args, **kwargs)
    raise NetworkUsed(f"a test tried to connect to {address!r}; DebatePrep must not")


_REAL_CONNECT = socket.socket.connect
_REAL_CONNECT_EX = socket.socket.connect_ex
_REAL_CREATE_CONNECTION = socket.create_connection


@pytest.fixture(scope="session", autouse=True)
def no_network() -> Iterator[None]:
    """For the whole run, any Python socket connect to a non-loopback address fails loudly.

    Subprocesses do not inherit this; tests/test_no_network.py installs the same guard in
    a CLI subprocess. Qt's own C++ sockets are out of reach here (DebatePrep uses none).
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _guarded_connect)
        patch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
        patch.setattr(socket, "create_connection", _guarded_create_connection)
        yield


@pytest.fixture(scope="session", autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    """As the window does (gui/collector.py): no automatic cycle collection, which could run
    in a background thread and free a Qt object there (a segmentation fault); instead a full
    collection on the main thread after every test: of what the test allocated (with
    automatic collection off, nothing is promoted meanwhile), and of everything after every
    20th test (``_collect_after``)."""
    gc.disable()
    yield
    gc.enable()


_tests_run = iter(range(1, 10**9))


@pytest.fixture(autouse=True)
def _collect_after() -> Iterator[None]:
    yield
    gc.collect(2 if next(_tests_run) % 20 == 0 else 0)


@pytest.fixture
def golden() -> Golden:
    """``golden(name, output)``: output matches tests/data/golden/``name`` (golden_support.py)."""
    return check_golden


@pytest.fixture
def empty_library(tmp_path: Path) -> Iterator[Library]:
    """A new library without the starter content."""
    library = Library.open(tmp_path / "empty.db", starter=False)
    yield library
    library.close()


@pytest.fixture(scope="session")
def _starter_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("starter")
    Library.open(folder / "library.db").close()
    return folder


@pytest.fixture
def starter_library(_starter_template: Path, tmp_path: Path) -> Iterator[Library]:
    """A fresh copy of a library holding the bundled corpus and starter map."""
    folder = tmp_path / "starter"
    shutil.copytree(_starter_template, folder)
    library = Library.open(folder / "library.db")
    yield library
    library.close()


# -- class libraries on a throwaway PostgreSQL server (tests/pg_cluster.py) ---------------


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One server for the whole run, started the first time a test asks for it."""
    if find_bin() is None:
        if os.environ.get("DEBATEPREP_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is not installed, and this run requires it (.ci/run)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    cluster = Cluster.start()
    # Class libraries keep their search index in the user's cache folder: a temporary one.
    cache = tmp_path_factory.mktemp("pg-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(cache))
        try:
            yield cluster
        finally:
            cluster.stop()


@pytest.fixture(scope="session")
def pg_templates(pg_cluster: Cluster) -> dict[str, str]:
    """Template databases: ``empty`` (the schema only) and ``starter`` (corpus and map),
    each with its search index built once (``pg_database`` hands copies of it out)."""
    from debateprep.facade.starter import load_starter_once
    from debateprep.storage import server, server_library

    for name in ("tpl_empty", "tpl_starter"):
        pg_cluster.create_database(name)
        engine = server.create_server_engine(server.server_url(pg_cluster.url(name)))
        server_library.create_schema(engine)
        engine.dispose()
    with Library.open(pg_cluster.url("tpl_starter"), index=False) as library:
        load_starter_once(library)
    for name in ("tpl_empty", "tpl_starter"):
        with Library.open(pg_cluster.url(name)) as library:
            _pg_indexes[name] = (library._store.library_id, library.index_path)
    return {"empty": "tpl_empty", "starter": "tpl_starter"}


# template database -> (its library id, its built search index)
_pg_indexes: dict[str, tuple[str, Path]] = {}
_pg_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_database(pg_cluster: Cluster) -> Iterator[Any]:
    """``make(template)``: a new database copied from a template; its URL. Dropped after."""
    made: list[str] = []

    def make(template: str = "tpl_empty") -> str:
        from debateprep.storage import server, server_library

        name = f"t{next(_pg_databases)}_{os.getpid()}"
        pg_cluster.create_database(name, template)
        made.append(name)
        url = pg_cluster.url(name)
        if template in _pg_indexes:  # the copy's index: the template's, as a file copy would
            library_id, index = _pg_indexes[template]
            shutil.copytree(index, server_library.index_dir(server.display(url), library_id))
        return url

    yield make
    for name in made:
        pg_cluster.drop_database(name)
