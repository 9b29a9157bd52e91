"""Import a Markdown article (.md, .markdown), reading citation fields from YAML front matter.

Notes saved by clippers and static-site tools open with a ``---`` block of YAML (title, author,
date, url...). We read the recognised keys, under a few common aliases, and keep the body as
Markdown source: it is what the user sees in their editor and quotes, so we do not render it.
Malformed front matter is refused rather than silently imported as text, because it almost
always means a cite the user expects to see would be lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from typing import Any, cast

import yaml

from debateprep.errors import UserError
from debateprep.importers.decoding import decode_bytes, trim_blank_edges
from debateprep.importers.document import ImportedDocument, base_name, title_from_text

logger = logging.getLogger(__name__)

# Field -> accepted front-matter keys (compared case-insensitively), best first.
_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "author": ("author", "authors"),
    "qualifications": ("qualifications", "credentials", "affiliation"),
    "outlet": ("outlet", "publication", "site", "source", "publisher"),
    "date": ("date", "published"),
    "url": ("url", "link"),
    "accessed": ("accessed", "retrieved"),
    "lean": ("lean", "stance"),
}
# Clippers write a few hundred bytes of front matter. PyYAML reads about 1 MB in 6 s, so a
# bigger block is refused before it is parsed.
MAX_FRONT_MATTER = 64 * 1024  # characters
_OPENING = re.compile(r"---[ \t]*")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*")
_ATX = re.compile(r" {0,3}#{1,6}[ \t]+")
_FENCE = re.compile(r" {0,3}(```|~~~)")


def parse_markdown(data: bytes, name: str) -> ImportedDocument:
    """Split off and read the front matter; the rest, trimmed, is the document's text."""
    source = decode_bytes(data, name)
    meta, body = _split_front_matter(source, name)
    text = trim_blank_edges(body)
    if not text.strip():
        raise UserError(f"{name} has front matter but no text after it; add the article below it.")
    fields = {field: _field(meta, keys) for field, keys in _ALIASES.items()}
    if not fields["title"]:
        fields["title"] = _heading_title(text) or _ATX.sub("", title_from_text(text, name), 1)
    # Any: the document's other fields (page offsets) are not strings; these all are.
    return ImportedDocument(text=text, origin=base_name(name), **cast("dict[str, Any]", fields))


class _FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that an integer Python cannot print is kept as written."""


def _integer_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """'title: 0x' and 6,000 hex digits reads as an integer that ``str()`` refuses (Python's
    4,300-digit limit), and a long decimal one cannot even be built: keep the text instead."""
    text = loader.construct_scalar(node)
    try:
        value = loader.construct_yaml_int(node)
        str(value)
    except ValueError:
        return text
    return value


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _integer_or_text)


def _split_front_matter(source: str, name: str) -> tuple[Mapping[object, object], str]:
    lines = source.split("\n")
    if not _OPENING.fullmatch(lines[0]):
        return {}, source
    closing = next((i for i in range(1, len(lines)) if _CLOSING.fullmatch(lines[i])), None)
    if closing is None:
        # An opening rule with no closing one is a horizontal rule, not front matter.
        return {}, source
    block = "\n".join(lines[1:closing])
    if len(block) > MAX_FRONT_MATTER:
        raise UserError(
            f"The front matter of {name} is longer than {MAX_FRONT_MATTER // 1024} KB; "
            f"DebatePrep reads front matter up to {MAX_FRONT_MATTER // 1024} KB (title, author, "
            "date...). Shorten it or remove it."
        )
    try:
        loaded = yaml.load(block, Loader=_FrontMatterLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # The YAML starts on line 2 of the file, and marks count lines from 0.
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise _malformed(name, where) from None
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        # PyYAML raises ValueError for impossible dates (2024-13-01) and recurses on deep nesting.
        raise _malformed(name, "") from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, Mapping):
        raise _malformed(name, " (it should be a list of 'key: value' lines)")
    return loaded, "\n".join(lines[closing + 1 :])


def _malformed(name: str, where: str) -> UserError:
    return UserError(
        f"The front matter of {name} is malformed{where}; fix the YAML between the '---' lines "
        "or remove it."
    )


def _field(meta: Mapping[object, object], keys: tuple[str, ...]) -> str:
    by_key = {str(key).strip().casefold(): value for key, value in meta.items()}
    for key in keys:
        value = _to_text(by_key.get(key))
        if value:
            return value
    return ""


def _to_text(value: object) -> str:
    if isinstance(value, list | tuple):
        # Only scalars: a nested structure (or a YAML alias bomb) is not an author name.
        return ", ".join(part for part in (_scalar(item) for item in value) if part)
    return _scalar(value)


def _scalar(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float):  # YAML reads 'date: 2024' as an int
        return str(value).strip()
    logger.info("ignoring a front-matter value of type %s", type(value).__name__)
    return ""


def _heading_title(text: str) -> str:
    """The first level-1 ATX heading outside fenced code, without its '#' markers."""
    fence = ""
    for line in text.split("\n"):
        opener = _FENCE.match(line)
        if opener:
            marker = opener.group(1)
            fence = "" if fence == marker else (fence or marker)
            continue
        if not fence:
            heading = _h1(line)
            if heading is not None:
                return heading.strip()
    return ""


def _h1(line: str) -> str | None:
    """The text of a level-1 ATX heading ("# Title", "# Title ##"), or None for other lines.

    Plain string operations, linear in the line: the regular expression this replaces
    (``#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*``) backtracked over every run of blanks, so one line
    of 40,000 spaces and tabs took 20 s.
    """
    indent = len(line) - len(line.lstrip(" "))
    rest = line[indent:]
    if indent > 3 or not rest.startswith("#") or rest[1:2] not in (" ", "\t"):
        return None
    content = rest[1:].strip(" \t")
    closing = content.rstrip("#")
    if closing and closing[-1] in " \t":
        content = closing.rstrip(" \t")  # the optional closing sequence: "# Title ###"
    return content
