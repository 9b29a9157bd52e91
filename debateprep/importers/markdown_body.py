"""Turn a clipped Markdown body (Markdown, HTML or both) into plain paragraphs.

Browser clippers save articles as Markdown whose body is often the page's HTML: tags, entity
codes and link targets that a reader should never see or quote. The body becomes the text a
reader would see: headings, paragraphs and list items as paragraphs separated by blank lines,
links as their text, images and markup gone, entities decoded, code blocks kept as written.

Markdown syntax is rewritten line by line into simple HTML and then read by the HTML
importer's parser (``htmltext.py``), which already handles any HTML the clip carries. Every
pattern here is anchored or bounded, so a hostile file costs time linear in its size (the
``markdown`` package takes minutes on 20,000 '[' characters).
"""

from __future__ import annotations

import html
import re

from debateprep.importers.htmltext import read_page

_FENCE = re.compile(r" {0,3}(```+|~~~+)")
_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_RULE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")
_QUOTE = re.compile(r"(?: {0,3}>[ \t]?)+")
_BULLET = re.compile(r"( {0,12})[-*+][ \t]+")
_REFERENCE = re.compile(r" {0,3}\[[^\]\n]{1,300}\]:[ \t]*\S+.*")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*")
# Link text and targets never hold brackets (nor targets blanks): each attempt then stops at
# the next bracket, so a line of 200,000 "[a](" is read in linear time, not 2,000 times over.
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,300}\](?:\([^()\[\]\s]{0,2000}\)|\[[^\[\]\n]{0,300}\])?")
_LINK = re.compile(r"\[([^\[\]\n]{0,300})\](?:\([^()\[\]\s]{0,2000}\)|\[[^\[\]\n]{0,300}\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]{1,2000})>")
_CODE = re.compile(r"`([^`\n]{1,500})`")
_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]{1,500}?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,500}?)(?<=[^\s*])\*(?!\*)")
_UNDERSCORE = re.compile(r"(?<!\w)_(?=[^\s_])([^_\n]{1,500}?)(?<=[^\s_])_(?!\w)")
_BLOCK_STARTS = frozenset("[|:-=*_#+")
_CODE_MARKS = str.maketrans({mark: f"&#{ord(mark)};" for mark in "*_[]`!\\"})
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def markdown_to_text(body: str) -> str:
    """The plain text a reader sees for ``body``: paragraphs separated by blank lines."""
    # Inline syntax is rewritten in one pass over the whole document (each pattern stops at a
    # line break): per line, the calls cost more than the matching.
    page = read_page(_inline(_to_html(body)))
    return "\n\n".join(block.text for block in page.blocks)


def _to_html(body: str) -> str:
    """Rewrite Markdown block syntax as HTML; raw HTML in the body passes through as is."""
    out: list[str] = []
    paragraph: list[str] = []
    fence = ""

    def end_paragraph() -> None:
        if paragraph:
            out.append("<p>" + "\n".join(paragraph) + "</p>")
            paragraph.clear()

    for line in body.split("\n"):
        opener = _FENCE.match(line)
        if fence or opener:
            if opener and (not fence or opener.group(1).startswith(fence)):
                end_paragraph()
                out.append("</pre>" if fence else "<pre>")
                fence = "" if fence else opener.group(1)
            else:
                out.append(_literal(line))  # the join below puts the line break back
            continue
        if line.lstrip()[:1] == ">":
            line = _QUOTE.sub("", line, count=1)  # a quotation reads as its own text
        block = _block(line)
        if block is None:
            paragraph.append(line)
            continue
        end_paragraph()
        if block:
            out.append(block)
    end_paragraph()
    if fence:
        out.append("</pre>")
    return "\n".join(out)


def _block(line: str) -> str | None:
    """HTML for a line that is a block of its own, "" for one that goes, None for prose."""
    first = line.lstrip()[:1]
    if not first:
        return ""
    if first not in _BLOCK_STARTS:
        return None  # most lines are prose: skip the block patterns
    if _REFERENCE.fullmatch(line) or (_TABLE_RULE.fullmatch(line) and "-" in line):
        return ""
    if _RULE.fullmatch(line) or _SETEXT.fullmatch(line):
        return ""
    heading = _ATX.fullmatch(line)
    if heading:
        return f"<h2>{heading.group(2)}</h2>"
    bullet = _BULLET.match(line)
    if bullet:
        return f"<p>{line[bullet.end() :]}</p>"
    if line.lstrip().startswith("|") and line.rstrip().endswith("|"):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        return "<p>" + "; ".join(cell for cell in cells if cell) + "</p>"
    return None


def _literal(line: str) -> str:
    """A code line as HTML that the inline patterns leave alone (entities for their marks)."""
    return html.escape(line).translate(_CODE_MARKS)


def _inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = _UNDERSCORE.sub(r"\1", text)
    return _ESCAPED.sub(r"\1", text)
