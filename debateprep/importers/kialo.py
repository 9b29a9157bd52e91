"""Read a Kialo discussion export (``.txt``) into a plain ``KialoDiscussion``; nothing is stored.

Kialo's only export is a text file: ``Discussion Title: ...``, then one claim per hierarchical id.
``1.`` is the thesis (sometimes labelled ``Thesis:``); every other claim is ``Pro:`` or ``Con:``
its parent, the id without its last number (``1.2.3.`` answers ``1.2.``). Two layouts exist:
the text on the id's line (``1.1.2. Con: text``), or the id and stance on one line and the
text on the lines after it. The text is Markdown-ish: ``\\[``, ``\\(`` and friends are escaped
punctuation, ``[label](url)`` links cite sources, and a claim reading ``-> See 1.2.2.`` is the
claim 1.2.2 linked in a second place, not a new claim.

Files may carry a byte-order mark, CRLF line ends, or be UTF-16; ``decoding`` deals with that
and with binary files. A numbered line is a claim only when it is the thesis or has a stance
(``1.2. Pro:``); any other line continues the claim above it, so a numbered list inside a
claim's text stays text. Structure is checked strictly, each problem a ``UserError`` naming
the line: no thesis, a claim before its parent, repeated or descending ids, a claim with no
text, ``-> See`` links to missing claims or in a loop.
"""

from __future__ import annotations

import enum
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from debateprep.errors import UserError
from debateprep.importers.decoding import decode_text
from debateprep.importers.reader import MAX_FILE_BYTES, not_regular

_TITLE = re.compile(r"discussion\s+title\s*:\s*(.*)", re.IGNORECASE)
_HEADER = re.compile(r"(\d+(?:\.\d+)*)\.(?=\s|$)\s*(.*)")
_STANCE = re.compile(r"(pro|con|thesis)\s*:\s*(.*)", re.IGNORECASE)
_SEE = re.compile(r"->\s*see\s+(\d+(?:\.\d+)*)\.?", re.IGNORECASE)
# A backslash escape (any ASCII punctuation, as in CommonMark) or a Markdown link whose URL
# may hold one level of parentheses (Wikipedia's "..._(disambiguation)"). A label never holds
# an unescaped "[" (the innermost brackets are the link, as in CommonMark): an attempt from one
# "[" then never reads past the next, which keeps the scan linear. Allowing it made a claim of
# "[a" x 20,000 take 35 s, every "[" scanning to the end of the text.
_TOKEN = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|\[(?P<label>(?:\\.|[^\\\[\]])*)\]\(\s*(?P<url>(?:\\.|[^\\()\s]|\([^()\s]*\))+)\s*\)"
)
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SNIFF_BYTES = 64 * 1024


class Stance(enum.StrEnum):
    PRO = "pro"
    CON = "con"


@dataclass(frozen=True, slots=True)
class KialoSource:
    """A Markdown link in a claim: the words linked and where they point."""

    label: str
    url: str


@dataclass(frozen=True, slots=True)
class KialoClaim:
    """One claim: ``text`` is plain (escapes undone, links replaced by their words).

    ``stance`` is None for the thesis; ``linked_to`` is the id a ``-> See`` claim points at
    (its text is then empty). ``line`` is where its id stands in the file, counted from 1.
    """

    id: str
    parent_id: str | None
    stance: Stance | None
    text: str
    sources: tuple[KialoSource, ...] = ()
    linked_to: str | None = None
    line: int = 0

    @property
    def depth(self) -> int:
        return self.id.count(".") + 1


@dataclass(frozen=True, slots=True)
class KialoDiscussion:
    """A whole discussion: its title and its claims, the thesis first, then in file order."""

    title: str
    claims: tuple[KialoClaim, ...]
    _by_id: dict[str, KialoClaim] = field(init=False, repr=False, compare=False)
    _ends: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Discussions run to thousands of claims; look-ups by id must not scan them all.
        object.__setattr__(self, "_by_id", {claim.id: claim for claim in self.claims})
        object.__setattr__(self, "_ends", {})

    @property
    def thesis(self) -> KialoClaim:
        return self.claims[0]

    def claim(self, claim_id: str) -> KialoClaim:
        return self._by_id[claim_id]

    def resolve(self, claim_id: str) -> KialoClaim:
        """The claim itself, or for a ``-> See`` claim the claim it finally points at."""
        end = self._ends.get(claim_id)
        return self.claim(end if end is not None else _chain_end(self, claim_id))


def looks_like_kialo(text: str) -> bool:
    """True when text reads like a Kialo export: its title line, or a thesis and a stance."""
    text = text.lstrip(" \t\r\n\ufeff")  # a BOM, then blank lines, or the other way round
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    if _TITLE.fullmatch(lines[0]):
        return True
    first = _HEADER.fullmatch(lines[0])
    return (
        first is not None
        and first.group(1) == "1"
        and any(_is_stance_header(line) for line in lines[1:200])
    )


def _is_stance_header(line: str) -> bool:
    match = _HEADER.fullmatch(line)
    if match is None or "." not in match.group(1):
        return False
    stance = _STANCE.fullmatch(match.group(2))
    return stance is not None and stance.group(1).lower() != "thesis"


def is_kialo_file(path: Path) -> bool:
    """Whether the file at ``path`` starts like a Kialo export; False when it cannot be read."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False  # a pipe would block the open; read_kialo explains the refusal
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
        text = decode_text(head, path.name) if head else ""
        if len(head) == _SNIFF_BYTES:
            text = text.rsplit("\n", 1)[0]  # the sample may end inside a character
    except (OSError, UserError):
        return False
    return looks_like_kialo(text)


def read_kialo(path: Path) -> KialoDiscussion:
    """Read and parse a Kialo export; every problem is a ``UserError`` naming the file."""
    name = path.name or str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UserError(f"{name} is a folder, not a file; choose a Kialo .txt export.")
        if not stat.S_ISREG(info.st_mode):
            raise not_regular(name, info.st_mode)
        _check_size(info.st_size, name)
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # the file may have grown since stat()
        _check_size(len(data), name)
    except FileNotFoundError:
        raise UserError(
            f"{name} does not exist; it may have been moved, renamed or deleted."
        ) from None
    except PermissionError:
        raise UserError(
            f"DebatePrep is not allowed to read {name}; check the file's permissions."
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UserError(
            f"{name} could not be read ({reason}); check that the file is accessible."
        ) from None
    return parse_kialo(decode_text(data, name), name)


def _check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise UserError(f"{name} is over {limit} MB; DebatePrep imports files up to {limit} MB.")


def _inline(raw: str) -> tuple[str, tuple[KialoSource, ...]]:
    """Undo escapes and replace links by their words; collect the links as sources."""
    parts: list[str] = []
    sources: dict[KialoSource, None] = {}
    position = 0
    for match in _TOKEN.finditer(raw):
        parts.append(raw[position : match.start()])
        position = match.end()
        if match.group("escaped") is not None:
            parts.append(match.group("escaped"))
            continue
        label = _UNESCAPE.sub(r"\1", match.group("label")).strip()
        url = _UNESCAPE.sub(r"\1", match.group("url"))
        sources[KialoSource(label=label, url=url)] = None
        parts.append(label or url)
    parts.append(raw[position:])
    return "".join(parts), tuple(sources)


@dataclass
class _Draft:
    """A claim while its lines are still being read."""

    id: str
    stance: Stance | None
    line: int
    lines: list[str]


def _header(line: str, thesis_seen: bool) -> tuple[str, Stance | None, str] | None:
    """(id, stance, text) when ``line`` starts a claim; None when it is text of the claim above."""
    match = _HEADER.fullmatch(line)
    if match is None:
        return None
    claim_id, rest = match.groups()
    stance = _STANCE.fullmatch(rest)
    label = stance.group(1).lower() if stance else ""
    if "." not in claim_id:
        if thesis_seen:
            return None  # "2. another point" inside a claim's text
        return claim_id, None, stance.group(2) if label == "thesis" and stance else rest
    if stance is None:
        return None
    return claim_id, Stance(label) if label != "thesis" else None, stance.group(2)


def _drafts(text: str, name: str) -> tuple[str, list[_Draft]]:
    title = ""
    drafts: list[_Draft] = []
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = raw_line.strip()
        if not line:
            if drafts and drafts[-1].lines and drafts[-1].lines[-1]:
                drafts[-1].lines.append("")  # a paragraph break, kept if text follows
            continue
        if not drafts and not title and (found := _TITLE.fullmatch(line)):
            title = found.group(1).strip()
            continue
        header = _header(line, thesis_seen=bool(drafts))
        if header is None:
            if drafts:
                drafts[-1].lines.append(line)
            continue  # before the thesis: anything but the title is not part of the map
        claim_id, stance, rest = header
        if not drafts and claim_id != "1":
            raise UserError(f"{name}, line {number}: the first claim must be the thesis “1.”.")
        if drafts and stance is None:
            raise UserError(
                f"{name}, line {number}: claim {claim_id}. is a second thesis; DebatePrep "
                "imports Kialo discussions with one thesis."
            )
        drafts.append(_Draft(claim_id, stance, number, [rest.strip()] if rest.strip() else []))
    if not drafts:
        raise UserError(
            f"{name} has no thesis: a Kialo export lists its claims as “1. thesis”, "
            "“1.1. Pro: …”, “1.2. Con: …”."
        )
    return title, drafts


def _number_key(number: str) -> tuple[int, str]:
    """Orders claim numbers as integers without converting them (5,000 digits are fine)."""
    digits = number.lstrip("0")
    return len(digits), digits


def _check_order(drafts: list[_Draft], name: str) -> None:
    lines: dict[str, int] = {}
    last_child: dict[str, str] = {}
    for draft in drafts:
        if draft.id in lines:
            raise UserError(
                f"{name}, line {draft.line}: claim {draft.id}. appears twice "
                f"(first on line {lines[draft.id]})."
            )
        if "." in draft.id:
            parent, number = draft.id.rsplit(".", 1)
            if parent not in lines:
                raise UserError(
                    f"{name}, line {draft.line}: claim {draft.id}. comes before its parent "
                    f"claim {parent}.; the claims are out of order."
                )
            if not number.strip("0"):
                raise UserError(
                    f"{name}, line {draft.line}: claim {draft.id}. is numbered 0; Kialo "
                    "numbers claims from 1."
                )
            previous = last_child.get(parent)
            if previous is not None and _number_key(number) <= _number_key(previous):
                raise UserError(
                    f"{name}, line {draft.line}: claim {draft.id}. comes after "
                    f"{parent}.{previous}.; the claims are out of order."
                )
            last_child[parent] = number
        lines[draft.id] = draft.line


def _claim(draft: _Draft, name: str) -> KialoClaim:
    raw = "\n".join(draft.lines).strip()
    parent = draft.id.rsplit(".", 1)[0] if "." in draft.id else None
    see = _SEE.fullmatch(raw)
    if see is not None:
        if parent is None:
            raise UserError(f"{name}, line {draft.line}: the thesis cannot be a “-> See” link.")
        return KialoClaim(draft.id, parent, draft.stance, "", (), see.group(1), draft.line)
    text, sources = _inline(raw)
    if not " ".join(text.split()) and not sources:
        what = "The thesis" if parent is None else f"Claim {draft.id}."
        raise UserError(f"{name}, line {draft.line}: {what} has no text.")
    return KialoClaim(draft.id, parent, draft.stance, text.strip(), sources, None, draft.line)


def _check_links(discussion: KialoDiscussion, name: str) -> None:
    """Every ``-> See`` link points at a claim in the file, and no chain of them loops."""
    for claim in discussion.claims:
        if claim.linked_to is not None and claim.linked_to not in discussion._by_id:
            raise UserError(
                f"{name}, line {claim.line}: claim {claim.id}. links to {claim.linked_to}., "
                "which is not in the file."
            )
    for claim in discussion.claims:
        _chain_end(discussion, claim.id, name)


def _chain_end(discussion: KialoDiscussion, claim_id: str, name: str = "The file") -> str:
    """The id a chain of ``-> See`` links from ``claim_id`` ends at; a loop is a UserError.

    Every claim on the way is remembered with that end, so each claim is walked once over
    the whole file: following each chain from every claim on it (and looking for repeats in
    a list) was cubic, 2,000 links took 30 s.
    """
    ends = discussion._ends
    path: list[str] = []
    on_path: set[str] = set()
    current = claim_id
    while current not in ends:
        linked = discussion.claim(current).linked_to
        if linked is None:
            ends[current] = current
            break
        if current in on_path:
            loop = " -> ".join(f"{step}." for step in [*path, current])
            raise UserError(f"{name}: the “-> See” links go round in a loop ({loop}).")
        path.append(current)
        on_path.add(current)
        current = linked
    end = ends[current]
    for step in path:
        ends[step] = end
    return end


def parse_kialo(text: str, name: str = "The file") -> KialoDiscussion:
    """Parse the text of a Kialo export (BOM and CR/CRLF line ends are fine)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UserError(f"{name} is empty; there is no Kialo discussion to import.")
    title, drafts = _drafts(text, name)
    _check_order(drafts, name)
    title = " ".join(_inline(title)[0].split())
    discussion = KialoDiscussion(title, tuple(_claim(draft, name) for draft in drafts))
    _check_links(discussion, name)
    return discussion
