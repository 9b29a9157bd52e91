"""DebatePrep opens no network connection unless asked to import a URL (issue 5, part 9).

``tests/conftest.py`` fails every Python socket connect to a non-loopback address for the
whole test run (the URL import's tests serve pages on 127.0.0.1); these tests prove the guard
works and that the core actions run under it. A CLI
subprocess (which does not inherit the fixture) installs the same guard, plus one on name
lookups, before calling ``debateprep.cli.entry.main`` for import, search and export.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from debateprep.facade.library import Library

REPO = Path(__file__).resolve().parents[1]
NETWORK = "network|connect"  # conftest.NetworkUsed, an AssertionError


def test_guard_trips_on_a_connection() -> None:
    with pytest.raises(AssertionError, match=NETWORK):
        socket.create_connection(("example.com", 80))
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(AssertionError, match=NETWORK),
    ):
        sock.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, and never tried
    with (
        socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock,
        pytest.raises(AssertionError, match=NETWORK),
    ):
        sock.connect_ex(("2001:db8::1", 9))
    with pytest.raises(AssertionError, match=NETWORK):
        socket.create_connection(("localhost", 80))  # a name: its lookup is refused too


def test_guard_lets_loopback_through() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass


def test_guard_lets_local_plumbing_through() -> None:
    # socketpair (used by asyncio and multiprocessing) and AF_UNIX stay usable.
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"ping")
        assert right.recv(4) == b"ping"


def test_core_actions_run_with_the_guard_on(tmp_path: Path) -> None:
    article = tmp_path / "article.html"
    article.write_text(
        "<html><head><title>Ovens</title><meta name='author' content='A. Writer'></head>"
        "<body><p>Solar ovens cook food without fuel.</p>"
        "<p><a href='https://example.com/more'>Read more</a></p></body></html>",
        encoding="utf-8",
    )
    with Library.open(tmp_path / "lib", starter=False) as library:
        outcome = library.import_file(article)
        assert outcome.source is not None
        assert library.search("solar")
        motion = library.create_motion("Schools should use solar ovens", "Pro", "Con")
        text = library.source_text(outcome.source.id)
        start = text.index("Solar")
        library.cut_card(
            outcome.source.id, start, start + 11, tag="Ovens need no fuel", side="A",
            motion_id=motion.id,
        )  # fmt: skip
        library.export_map(tmp_path / "map.md", motion_id=motion.id)
        library.export_brief(tmp_path / "brief.md", motion_id=motion.id)
        library.export_packet(tmp_path / "packet.md", motion_id=motion.id)
        assert library.verify() == []
    assert (tmp_path / "packet.html").exists()


# Installed in the subprocess before DebatePrep is imported: any connect, connect_ex,
# create_connection or non-local name lookup is recorded and refused.
PRELUDE = """
import socket, sys
attempts = []
def refuse(what):
    attempts.append(what)
    raise OSError("network use refused by the test: " + repr(what))
real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
def connect(self, address):
    if self.family != socket.AF_UNIX:
        refuse(address)
    return real_connect(self, address)
def connect_ex(self, address):
    if self.family != socket.AF_UNIX:
        refuse(address)
    return real_connect_ex(self, address)
real_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, *args, **kwargs):
    if host not in (None, "localhost", "127.0.0.1", "::1"):
        refuse(host)
    return real_getaddrinfo(host, *args, **kwargs)
socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
socket.create_connection = lambda address, *a, **k: refuse(address)
socket.getaddrinfo = getaddrinfo
from debateprep.cli.entry import main
library, article, out = sys.argv[1:4]
codes = [
    main(["--library", library, "import", article]),
    main(["--library", library, "search", "solar"]),
    main(["--library", library, "export", "map", "--out", out + "/map.md"]),
    main(["--library", library, "export", "brief", "--out", out + "/brief.md"]),
    main(["--library", library, "export", "packet", "--out", out + "/packet.md"]),
]
print("codes", codes, "attempts", attempts)
sys.exit(1 if attempts or any(codes) else 0)
"""


def test_cli_never_connects(tmp_path: Path) -> None:
    article = tmp_path / "solar.txt"
    article.write_text("Solar ovens\n\nSolar ovens cook food without fuel.", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", PRELUDE, str(tmp_path / "lib"), str(article), str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "codes [0, 0, 0, 0, 0] attempts []" in result.stdout
    assert (tmp_path / "packet.html").exists()
