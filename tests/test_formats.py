"""The one registry of export formats and citation styles, and who reads it."""

from __future__ import annotations

import pytest

from debateprep.cli.entry import build_parser
from debateprep.errors import UserError
from debateprep.formats import (
    CITE_STYLES,
    EXPORT_FORMATS,
    EXPORTS,
    check_cite_style,
    find_format,
    format_for_suffix,
    formats_for,
)


def test_every_export_has_markdown_first_and_unique_names() -> None:
    for what in EXPORTS:
        names = [fmt.name for fmt in formats_for(what)]
        assert names[0] == "md"
        assert len(names) == len(set(names))
    assert {fmt.what for fmt in EXPORT_FORMATS} == set(EXPORTS)


def test_the_command_line_offers_what_the_registry_lists() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    export = sub.choices["export"]  # type: ignore[index]
    options = {a.dest: a for a in export._actions}
    assert list(options["what"].choices) == list(EXPORTS)
    assert set(options["fmt"].choices) == {fmt.name for fmt in EXPORT_FORMATS}
    assert list(options["cite_style"].choices) == list(CITE_STYLES)


def test_extensions_name_their_format() -> None:
    for fmt in EXPORT_FORMATS:
        assert format_for_suffix(f".{fmt.extension.upper()}") == fmt.name
    assert format_for_suffix(".markdown") == "md"
    assert format_for_suffix(".htm") == "html"
    assert format_for_suffix(".txt") is None


def test_a_format_another_export_has_is_refused_by_name() -> None:
    with pytest.raises(UserError, match="A brief exports as md, docx, pdf, not aif"):
        find_format("brief", "aif")
    assert find_format("map", "png").needs_qt and find_format("map", "png").binary


def test_one_cite_style_check() -> None:
    assert [check_cite_style(style) for style in CITE_STYLES] == list(CITE_STYLES)
    with pytest.raises(UserError, match="use debate, mla or apa"):
        check_cite_style("chicago")
