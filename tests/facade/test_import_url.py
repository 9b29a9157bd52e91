"""Import from a URL (issue 13, part 1), against a throwaway server on 127.0.0.1 only.

Each test starts its own server (tests/web_server.py) on an OS-chosen port: redirects, 404,
403, 500, a slow answer, an oversized body, a charset header, a PDF content type, a closed
port. Every failure is one line, and the library is unchanged.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from datetime import date

import pytest
from web_server import Answer, Site, free_port, local_only, serve

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.importers import ImportedDocument, fetch, reader
from debateprep.records import ImportStatus

ARTICLE = (
    b"<html><head><title>Solar ovens in schools</title>"
    b"<meta name='author' content='Ana Ruiz'></head><body><article>"
    b"<h1>Solar ovens in schools</h1><p>Solar ovens cook lunch without fuel.</p>"
    b"<p>Forty schools tried them in 2024.</p></article></body></html>"
)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    local_only(monkeypatch)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as served:
        yield served


def sources(library: Library) -> list[tuple[str, str]]:
    return [(s.title, s.url) for s in library.sources()]


def test_a_page_is_imported_with_its_final_url_and_access_date(
    site: Site, empty_library: Library
) -> None:
    site.pages["/article"] = Answer(ARTICLE)
    site.pages["/old"] = Answer(status=301, headers={"Location": "/moved"})
    site.pages["/moved"] = Answer(status=302, headers={"Location": site.url("/article")})
    outcome = empty_library.import_url(site.url("/old"))
    assert outcome.status is ImportStatus.IMPORTED
    source = outcome.source
    assert source is not None
    assert site.asked == ["/old", "/moved", "/article"]
    assert source.url == site.url("/article")
    assert source.accessed == date.today().isoformat()
    assert source.title == "Solar ovens in schools" and source.author == "Ana Ruiz"
    assert "Solar ovens cook lunch without fuel." in empty_library.source_text(source.id)
    # The same text again is a duplicate, reported like a file's, and not stored twice.
    again = empty_library.import_url(site.url("/article"))
    assert again.status is ImportStatus.DUPLICATE and "already in the library" in again.message
    assert len(empty_library.sources()) == 1


def test_too_many_redirects_stop(site: Site, empty_library: Library) -> None:
    site.pages["/loop"] = Answer(status=302, headers={"Location": "/loop"})
    with pytest.raises(UserError, match="redirects more than 5 times"):
        empty_library.import_url(site.url("/loop"))
    assert len(site.asked) == fetch.MAX_REDIRECTS + 1
    site.pages["/ftp"] = Answer(status=302, headers={"Location": "ftp://127.0.0.1/x"})
    with pytest.raises(UserError, match="non-web address"):
        empty_library.import_url(site.url("/ftp"))
    assert sources(empty_library) == []


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (404, "was not found (404)"),
        (403, "refused access (403 Forbidden)"),
        (500, "the site has a problem (500)"),
    ],
)
def test_http_errors_are_one_line(
    site: Site, empty_library: Library, status: int, said: str
) -> None:
    site.pages["/page"] = Answer(b"<p>error page</p>", status=status)
    with pytest.raises(UserError) as caught:
        empty_library.import_url(site.url("/page"))
    assert said in caught.value.message and "\n" not in caught.value.message
    assert caught.value.message.endswith("nothing was imported.")
    assert sources(empty_library) == []


def test_a_slow_server_times_out(site: Site, empty_library: Library) -> None:
    site.pages["/slow"] = Answer(ARTICLE, delay=1.5)
    with pytest.raises(UserError, match="did not answer in time"):
        fetch.fetch_url(site.url("/slow"), timeout=0.3)
    assert sources(empty_library) == []


def test_an_oversized_body_is_given_up_early(site: Site) -> None:
    body = b"<p>" + b"word " * 200_000 + b"</p>"  # 1 MB
    site.pages["/said"] = Answer(body)
    site.pages["/unsaid"] = Answer(body, length=False)  # no Content-Length: counted as read
    for path in ("/said", "/unsaid"):
        with pytest.raises(UserError, match=r"is larger than 100 KB; DebatePrep imports"):
            fetch.fetch_url(site.url(path), max_bytes=100 * 1024)


def test_the_size_limit_is_the_file_limit(site: Site, empty_library: Library) -> None:
    site.pages["/huge"] = Answer(
        b"", headers={"Content-Length": str(reader.MAX_FILE_BYTES + 1)}, length=False
    )
    with pytest.raises(UserError, match="larger than 20 MB"):
        empty_library.import_url(site.url("/huge"))


def test_the_charset_header_decodes_the_page(site: Site, empty_library: Library) -> None:
    page = "<html><head><title>Caf\u00e9 r\u00e9sum\u00e9</title></head><body>"
    page += "<p>Le caf\u00e9 co\u00fbte cher \u2014 dit-il.</p></body></html>"
    site.pages["/latin"] = Answer(
        page.replace("\u2014", "-").encode("latin-1"), "text/html; charset=ISO-8859-1"
    )
    site.pages["/koi8"] = Answer(
        "<p>\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440.</p>".encode("koi8-r"),
        "text/html; charset=koi8-r",
    )
    latin = empty_library.import_url(site.url("/latin")).source
    assert latin is not None and latin.title == "Caf\u00e9 r\u00e9sum\u00e9"
    assert "Le caf\u00e9 co\u00fbte cher - dit-il." in empty_library.source_text(latin.id)
    russian = empty_library.import_url(site.url("/koi8")).source
    assert russian is not None
    assert (
        empty_library.source_text(russian.id)
        == "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440."
    )


def test_text_and_markdown_by_type_or_suffix(site: Site, empty_library: Library) -> None:
    site.pages["/notes.md"] = Answer(
        b"---\ntitle: Clipped notes\n---\nSome *clipped* prose.\n", "application/octet-stream"
    )
    site.pages["/plain"] = Answer(b"Plain title\n\nPlain body text.\n", "text/plain")
    notes = empty_library.import_url(site.url("/notes.md")).source
    plain = empty_library.import_url(site.url("/plain")).source
    assert notes is not None and notes.title == "Clipped notes"
    assert plain is not None and plain.title == "Plain title"
    assert empty_library.source_text(plain.id) == "Plain title\n\nPlain body text."


def test_a_pdf_goes_to_the_pdf_importer(
    site: Site, empty_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[bytes, str]] = []

    def parse_pdf(data: bytes, name: str) -> ImportedDocument:
        seen.append((data, name))
        return ImportedDocument(text="Page one text.", title="A report", origin=name)

    # The PDF importer is another part's; whatever reads ".pdf" gets the bytes.
    monkeypatch.setitem(reader._PARSERS, ".pdf", parse_pdf)
    site.pages["/files/report"] = Answer(b"%PDF-1.4 fake", "application/pdf; charset=utf-8")
    outcome = empty_library.import_url(site.url("/files/report"))
    assert seen == [(b"%PDF-1.4 fake", "report.pdf")]
    assert outcome.source is not None and outcome.source.url == site.url("/files/report")


def test_what_is_not_a_document_is_refused(site: Site, empty_library: Library) -> None:
    site.pages["/photo"] = Answer(b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    site.pages["/fake.txt"] = Answer(b"\x89PNG\r\n\x1a\n" + bytes(64), "text/plain")
    site.pages["/empty"] = Answer(b"", "text/html")
    with pytest.raises(UserError, match=r"is not a web page or a document .*\(image/png\)"):
        empty_library.import_url(site.url("/photo"))
    with pytest.raises(UserError, match=r"/fake.txt looks like a binary file"):
        empty_library.import_url(site.url("/fake.txt"))
    with pytest.raises(UserError, match=r"/empty is empty"):
        empty_library.import_url(site.url("/empty"))
    assert sources(empty_library) == []


def test_refused_connection_and_bad_addresses(empty_library: Library) -> None:
    with pytest.raises(UserError, match="refused the connection"):
        empty_library.import_url(f"http://127.0.0.1:{free_port()}/page")
    for bad in ("ftp://127.0.0.1/file.txt", "file:///etc/passwd", "http://", "javascript:x"):
        with pytest.raises(UserError, match=r"web address|names no web site"):
            empty_library.import_url(bad)
    for bad, said in {
        "http://[::1": "is not a valid web address",
        "http://127.0.0.1:99999/": "is not a valid web address",
        "http://127.0.0.1/a b": "has spaces or invisible characters",
        "http://127.0.0.1/\x1b[2J": "has spaces or invisible characters",
    }.items():
        with pytest.raises(UserError, match=re.escape(said)):
            empty_library.import_url(bad)
    assert sources(empty_library) == []


def test_offline_and_unknown_hosts(empty_library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    # No lookup leaves the machine: the connection itself is replaced by its failure.
    failures = {
        "could not be found": socket.gaierror(-2, "Name or service not known"),
        "could not be reached (Network is unreachable)": OSError(101, "Network is unreachable"),
        "did not answer in time": TimeoutError("timed out"),
    }
    for said, error in failures.items():

        def fail(*_args: object, error: Exception = error, **_kwargs: object) -> socket.socket:
            raise error

        monkeypatch.setattr(socket, "create_connection", fail)
        with pytest.raises(UserError, match=re.escape(said)):
            empty_library.import_url("https://news.example/story")
    assert sources(empty_library) == []


def test_a_folder_import_takes_urls_too(
    site: Site, empty_library: Library, tmp_path: pytest.TempPathFactory
) -> None:
    site.pages["/article"] = Answer(ARTICLE)
    steps = list(
        empty_library.import_paths([site.url("/article"), site.url("/gone"), "/no/such/file.txt"])
    )
    assert [step.outcome.status for step in steps] == [
        ImportStatus.IMPORTED,
        ImportStatus.FAILED,
        ImportStatus.FAILED,
    ]
    assert [step.total for step in steps] == [3, 3, 3]
    assert "was not found (404)" in steps[1].outcome.message
    assert "file.txt does not exist" in steps[2].outcome.message


def test_a_cancelled_download_stores_nothing(site: Site, empty_library: Library) -> None:
    site.pages["/article"] = Answer(ARTICLE)
    with pytest.raises(UserError, match="cancelled"):
        empty_library.import_url(site.url("/article"), cancelled=lambda: True)
    assert sources(empty_library) == []


def test_is_url() -> None:
    assert fetch.is_url("https://example.com/a") and fetch.is_url(" HTTP://x.org ")
    assert fetch.is_url("ftp://host/file")  # refused later, with a reason
    assert not fetch.is_url("C:\\Users\\me\\a.txt") and not fetch.is_url("notes/a.txt")
