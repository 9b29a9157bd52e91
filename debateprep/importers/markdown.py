"""Import a Markdown article (.md, .markdown): plain paragraphs, with cite fields from front matter.

Notes saved by clippers and static-site tools open with a ``---`` block of YAML (title, author,
date, source...). We read the recognised keys, under a few common aliases. Clippers write
unquoted colons all the time (``title: De Blasio To Trump: We'll See You In Court``), which is
not valid YAML: such front matter is read as ``key: value`` lines split at the first colon, and
the import says so in a warning instead of refusing the file. The body, often the clipped
page's HTML, becomes the plain paragraphs a reader sees (``markdown_body.py``): that text is
what is stored and quoted.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping

import yaml

from debateprep.errors import UserError
from debateprep.importers.dates import iso_date
from debateprep.importers.decoding import decode_bytes, trim_blank_edges
from debateprep.importers.document import ImportedDocument, base_name, title_from_text
from debateprep.importers.markdown_body import markdown_to_text
from debateprep.text.article_lines import byline_author, is_title_candidate

logger = logging.getLogger(__name__)

# Field -> accepted front-matter keys (compared case-insensitively), best first.
_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "author": ("author", "authors", "byline", "creator"),
    "qualifications": ("qualifications", "credentials", "affiliation"),
    "outlet": ("outlet", "publication", "site", "site_name", "source", "publisher"),
    "date": ("date", "published", "publishedtime", "date_published"),
    "url": ("url", "link", "source", "source_url", "original_url", "canonical"),
    "accessed": ("accessed", "retrieved", "clipped", "created"),
    "lean": ("lean", "stance"),
}
_WEB_ADDRESS = re.compile(r"https?://\S+", re.IGNORECASE)
_WIKILINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")  # Obsidian's "[[Jane Doe]]"
_KEY_LINE = re.compile(r"([^:\s][^:]{0,80}):(?:[ \t]+(.*))?")
# Clippers write a few hundred bytes of front matter. PyYAML reads about 1 MB in 6 s, so a
# bigger block is refused before it is parsed.
MAX_FRONT_MATTER = 64 * 1024  # characters
_OPENING = re.compile(r"---[ \t]*")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*")
_FENCE = re.compile(r" {0,3}(```|~~~)")


def parse_markdown(data: bytes, name: str) -> ImportedDocument:
    """Split off and read the front matter; the body, as plain paragraphs, is the text."""
    source = decode_bytes(data, name)
    meta, body, warnings = _split_front_matter(source, name)
    text = trim_blank_edges(markdown_to_text(body))
    if not text.strip():
        raise UserError(f"{name} has front matter but no text after it; add the article below it.")
    fields = {field: _field(meta, keys, field) for field, keys in _ALIASES.items()}
    if not fields["title"]:
        fields["title"] = _heading_title(body) or _first_title_line(text, name)
    if not fields["author"]:
        lines = text.split("\n")[:20]
        fields["author"] = next((found for found in map(byline_author, lines) if found), "")
    for field in ("date", "accessed"):
        fields[field] = iso_date(fields[field])
    return ImportedDocument(
        text=text,
        title=fields["title"],
        author=fields["author"],
        qualifications=fields["qualifications"],
        outlet=fields["outlet"],
        date=fields["date"],
        url=fields["url"],
        accessed=fields["accessed"],
        lean=fields["lean"],
        origin=base_name(name),
        warnings=warnings,
    )


def _first_title_line(text: str, name: str) -> str:
    """The first line that reads like a headline (not a caption, byline or notice)."""
    for line in text.split("\n")[:20]:
        if is_title_candidate(line):
            return title_from_text(text[text.index(line) :], name)
    return title_from_text(text, name)


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


def _split_front_matter(
    source: str, name: str
) -> tuple[Mapping[object, object], str, tuple[str, ...]]:
    """(fields, body, warnings): front matter that is not YAML is read line by line."""
    lines = source.split("\n")
    if not _OPENING.fullmatch(lines[0]):
        return {}, source, ()
    closing = next((i for i in range(1, len(lines)) if _CLOSING.fullmatch(lines[i])), None)
    if closing is None:
        # An opening rule with no closing one is a horizontal rule, not front matter.
        return {}, source, ()
    block = "\n".join(lines[1:closing])
    body = "\n".join(lines[closing + 1 :])
    if len(block) > MAX_FRONT_MATTER:
        raise UserError(
            f"The front matter of {name} is longer than {MAX_FRONT_MATTER // 1024} KB; "
            f"DebatePrep reads front matter up to {MAX_FRONT_MATTER // 1024} KB (title, author, "
            "date...). Shorten it or remove it."
        )
    where = ""
    try:
        loaded = yaml.load(block, Loader=_FrontMatterLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # The YAML starts on line 2 of the file, and marks count lines from 0.
        where = f" at line {mark.line + 2}" if mark is not None else ""
        loaded = _NOT_YAML
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        # PyYAML raises ValueError for impossible dates (2024-13-01) and recurses on deep nesting.
        loaded = _NOT_YAML
    if loaded is None:
        loaded = {}
    if isinstance(loaded, Mapping) and loaded is not _NOT_YAML:
        return loaded, body, ()
    warning = (
        f"{name}: the front matter is not valid YAML{where}; it was read as 'key: value' lines "
        "(check the title, author and date)."
    )
    logger.info("%s", warning)  # the import message shows it; stderr need not repeat it
    return _key_value_lines(block), body, (warning,)


_NOT_YAML: Mapping[object, object] = {}


def _key_value_lines(block: str) -> dict[object, object]:
    """'title: De Blasio To Trump: We'll See You In Court' -> {'title': 'De Blasio To ...'}.

    Each line is split at its first colon; quotes around a value go, and a line without a
    key (a continuation, a list item) is skipped. The first value of a key wins.
    """
    fields: dict[object, object] = {}
    for line in block.split("\n"):
        match = _KEY_LINE.fullmatch(line.strip())
        if not match or not match.group(2):
            continue
        value = match.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        fields.setdefault(match.group(1).strip(), value)
    return fields


def _field(meta: Mapping[object, object], keys: tuple[str, ...], field: str) -> str:
    by_key = {str(key).strip().casefold(): value for key, value in meta.items()}
    for key in keys:
        value = _WIKILINK.sub(r"\1", _to_text(by_key.get(key)))
        if not value:
            continue
        is_address = bool(_WEB_ADDRESS.fullmatch(value))
        # "source:" holds the page's address in clippers' notes, a publication in others'.
        if (field == "url" and not is_address) or (field == "outlet" and is_address):
            continue
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
