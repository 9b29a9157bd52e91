"""Paste as New Source (F2): plain text or a browser's HTML, cleaned, with its page address."""

from __future__ import annotations

import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library
from debateprep.importers.html import source_url_in

CHROMIUM = (
    "<html><body><!--StartFragment--><h1>Trust and safety</h1>"
    "<nav>Home | World | Sign in</nav>"
    "<p>Cities that limit cooperation see residents report more crimes.</p>"
    "<script>track()</script><p>Police chiefs say trust matters.</p>"
    "<!--EndFragment--></body></html>"
)


def test_plain_text_becomes_a_source_titled_by_its_first_line(empty_library: Library) -> None:
    text = "Trust and safety\nCities that limit cooperation see residents report more crimes."
    source = empty_library.paste_source(text, url="https://example.org/trust")
    assert source.title == "Trust and safety" and source.origin == "Pasted"
    assert source.url == "https://example.org/trust"
    assert empty_library.source_text(source.id) == text


def test_browser_html_is_cleaned_and_keeps_the_source_url(empty_library: Library) -> None:
    html = "Version:0.9\nSourceURL:https://news.example.org/a?id=1\n" + CHROMIUM
    source = empty_library.paste_source("fallback", html=html)
    text = empty_library.source_text(source.id)
    assert "<" not in text and "track()" not in text and "Sign in" not in text
    assert "Police chiefs say trust matters." in text
    assert source.url == "https://news.example.org/a?id=1"
    assert source.title == "Trust and safety"


def test_source_url_forms() -> None:
    assert source_url_in("<!-- SourceURL: https://a.example/x -->") == "https://a.example/x"
    assert source_url_in("<html><!--StartFragment-->x") == ""
    assert source_url_in("<!-- SourceURL: javascript:alert(1) -->") == ""


def test_empty_and_duplicate_pastes_are_refused(empty_library: Library) -> None:
    with pytest.raises(UserError, match="clipboard holds no text"):
        empty_library.paste_source("  \n ")
    empty_library.paste_source("Some article text worth quoting.")
    with pytest.raises(UserError, match="already in the library"):
        empty_library.paste_source("Some article text worth quoting.")
    assert len(empty_library.sources()) == 1


def test_html_without_article_text_falls_back_to_the_plain_text(empty_library: Library) -> None:
    source = empty_library.paste_source("Only words here.", html="<html><body></body></html>")
    assert empty_library.source_text(source.id) == "Only words here."
    with pytest.raises(UserError):
        empty_library.paste_source("", html="<html><body></body></html>")
