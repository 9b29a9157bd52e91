"""Fetch one web page (or a PDF or text file) by URL, bounded in time, size and redirects.

Only ``http`` and ``https``; redirects are followed by hand (at most ``MAX_REDIRECTS``, each
one checked for its scheme), the body is read in chunks and given up as soon as it passes
``MAX_FILE_BYTES``, and the whole fetch has a deadline as well as a per-read timeout, so a
server that trickles bytes cannot hold the import forever. Every way it can fail (offline,
no such host, refused, timed out, 404, 403, 500, too big, not a document) is one ``UserError``
line. The result names a file whose suffix picks the importer in ``reader.parse_document``.
"""

from __future__ import annotations

import logging
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPException, HTTPResponse
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from debateprep.errors import UserError
from debateprep.importers.reader import MAX_FILE_BYTES, human_size

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20.0  # per connect and per read
DEADLINE_SECONDS = 120.0  # the whole fetch, however slowly the bytes come
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_USER_AGENT = "Mozilla/5.0 (compatible; DebatePrep; +https://github.com/debateprep)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Content type -> the suffix whose importer reads it.
_SUFFIX_BY_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "application/pdf": ".pdf",
}
# Servers often send a generic type: the URL's own suffix is trusted for these.
_GENERIC_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "text/plain"})
_SUFFIX_FROM_URL = {".txt": ".txt", ".text": ".txt", ".md": ".md", ".markdown": ".md"}
_SUFFIX_FROM_URL |= {".pdf": ".pdf", ".html": ".html", ".htm": ".html"}
_HTTP_REASONS = {
    401: "asks for a login",
    403: "refused access (403 Forbidden); the site may block downloads",
    404: "was not found (404); check the address",
    410: "is gone (410); check the address",
    429: "refused: too many requests (429); wait a minute and try again",
}
_URL_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://\S")
_SAVE_HINT = "open it in a browser, save the page (Ctrl+S) and import the saved file"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched document: its bytes, where they finally came from, and how to read them."""

    url: str  # the final URL, after redirects
    data: bytes
    content_type: str  # lower case, without parameters ("text/html")
    charset: str | None  # from the Content-Type header, when it names one
    name: str  # a file name whose suffix picks the importer ("budget-cuts.html")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to ``fetch_url``, which counts and checks them itself."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    # ProxyHandler (the system's proxy settings) stays; redirects are ours.
    return urllib.request.build_opener(_NoRedirects)


def is_url(text: str) -> bool:
    """Whether ``text`` is meant as a web address (``scheme://...``) rather than a file path.

    Any scheme counts, so that ``ftp://...`` is refused by ``check_url`` with a reason
    instead of being looked for as a file; a Windows path (``C:\\...``) does not.
    """
    return _URL_LIKE.match(text.strip()) is not None


def check_url(url: str) -> str:
    """The URL with its edges trimmed, or a ``UserError`` when it is not an http(s) address."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        raise UserError(f"{url} is not a valid web address; check it.") from None
    if any(char.isspace() or not char.isprintable() for char in url):
        raise UserError(f"{url!r} has spaces or invisible characters; copy the address again.")
    if parts.scheme.lower() not in ("http", "https"):
        shown = parts.scheme or "no scheme"
        raise UserError(
            f"{url or 'The address'} is not a web address DebatePrep can fetch ({shown}); "
            "use an address that starts with https:// or http://."
        )
    if not parts.hostname:
        raise UserError(f"{url} names no web site; check the address.")
    return url


def fetch_url(
    url: str,
    *,
    timeout: float = TIMEOUT_SECONDS,
    max_bytes: int = MAX_FILE_BYTES,
    deadline: float = DEADLINE_SECONDS,
    cancelled: Callable[[], bool] = lambda: False,
) -> Fetched:
    """Fetch ``url`` following redirects; every failure is a one-line ``UserError``."""
    current = check_url(url)
    ends = time.monotonic() + deadline
    opener = _opener()
    for _hop in range(MAX_REDIRECTS + 1):
        request = urllib.request.Request(current, headers={"User-Agent": _USER_AGENT})
        response = _open(opener, request, current, timeout)
        with response:
            location = _redirect_target(response, current)
            if location is None:
                return _read(response, current, max_bytes, ends, cancelled)
        current = location
    raise UserError(f"{url} redirects more than {MAX_REDIRECTS} times; open it in a browser.")


def _open(
    opener: urllib.request.OpenerDirector, request: urllib.request.Request, url: str, timeout: float
) -> HTTPResponse:
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code in _REDIRECTS:
            return exc  # type: ignore[return-value]  # an HTTPError is a response too
        exc.close()
        raise _http_error(url, exc.code) from None
    except urllib.error.URLError as exc:
        raise _network_error(url, exc.reason) from None
    except (OSError, HTTPException) as exc:
        raise _network_error(url, exc) from None
    return response


def _redirect_target(response: HTTPResponse, url: str) -> str | None:
    status = getattr(response, "status", None) or getattr(response, "code", 200)
    if status not in _REDIRECTS:
        return None
    location = response.headers.get("Location", "")
    if not location:
        raise UserError(f"{url} redirects without saying where to; open it in a browser.")
    target = urljoin(url, location.strip())
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        raise UserError(f"{url} redirects to a non-web address ({target}); open it in a browser.")
    logger.info("%s redirects (%s) to %s", url, status, target)
    return target


def _read(
    response: HTTPResponse, url: str, max_bytes: int, ends: float, cancelled: Callable[[], bool]
) -> Fetched:
    headers: Message = response.headers
    content_type = headers.get_content_type() if headers.get("Content-Type") else ""
    suffix = _suffix_for(content_type, url)
    length = headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise _too_big(url, max_bytes)
    chunks: list[bytes] = []
    size = 0
    while True:
        if cancelled():
            raise UserError(f"The download of {url} was cancelled; nothing was imported.")
        if time.monotonic() > ends:
            raise _timed_out(url)
        try:
            chunk = response.read(_CHUNK)
        except (OSError, HTTPException) as exc:
            raise _network_error(url, exc) from None
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise _too_big(url, max_bytes)  # stop reading: the rest is never downloaded
        chunks.append(chunk)
    charset = headers.get_content_charset() if suffix != ".pdf" else None
    return Fetched(url, b"".join(chunks), content_type, charset, _file_name(url, suffix))


def _suffix_for(content_type: str, url: str) -> str:
    from_url = _SUFFIX_FROM_URL.get(PurePosixPath(urlsplit(url).path).suffix.lower())
    if content_type in _GENERIC_TYPES and from_url:
        return from_url
    if content_type in _SUFFIX_BY_TYPE:
        return _SUFFIX_BY_TYPE[content_type]
    if not content_type or content_type.startswith("text/"):
        return ".html"  # what a web address usually serves
    raise UserError(
        f"{url} is not a web page or a document DebatePrep reads ({content_type}); "
        "it imports web pages, PDF, text and Markdown."
    )


def _file_name(url: str, suffix: str) -> str:
    """A readable file name for the page (its last path part, else the site), with ``suffix``."""
    parts = urlsplit(url)
    stem = PurePosixPath(unquote(parts.path)).name
    stem = PurePosixPath(stem).stem if PurePosixPath(stem).suffix else stem
    stem = stem.strip() or (parts.hostname or "page").removeprefix("www.")
    return stem.replace("/", " ")[:120] + suffix


def _http_error(url: str, code: int) -> UserError:
    reason = _HTTP_REASONS.get(code)
    if reason is None and code >= 500:
        reason = f"could not be served: the site has a problem ({code}); try again later"
    elif reason is None:
        reason = f"was refused by the site ({code})"
    return UserError(f"{url} {reason}; nothing was imported.")


def _network_error(url: str, reason: object) -> UserError:
    host = urlsplit(url).hostname or url
    if isinstance(reason, socket.gaierror):
        what = f"{host} could not be found; check the address and that you are online"
    elif isinstance(reason, ConnectionRefusedError):
        what = f"{host} refused the connection; the site may be down"
    elif isinstance(reason, TimeoutError | socket.timeout):
        return _timed_out(url)
    elif isinstance(reason, ssl.SSLError | ssl.CertificateError):
        what = f"the secure connection to {host} failed ({type(reason).__name__})"
    elif isinstance(reason, OSError) and reason.strerror:
        what = f"{host} could not be reached ({reason.strerror}); check that you are online"
    else:
        what = f"{host} could not be reached ({reason}); check that you are online"
    logger.info("fetching %s failed: %r", url, reason)
    return UserError(f"{url}: {what}; nothing was imported.")


def _timed_out(url: str) -> UserError:
    return UserError(
        f"{url} did not answer in time; try again later, or {_SAVE_HINT}; nothing was imported."
    )


def _too_big(url: str, max_bytes: int) -> UserError:
    return UserError(
        f"{url} is larger than {human_size(max_bytes)}; DebatePrep imports documents up to "
        f"{human_size(max_bytes)}; nothing was imported."
    )
