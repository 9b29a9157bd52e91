"""Kialo import: a discussion export becomes a motion with its claims as linked cards.

The mapping, in one transaction (all of it is stored, or nothing):

- The thesis is the motion's resolution; the sides are named "Pro" (A) and "Con" (B).
- A claim's side follows its path from the thesis: the thesis's pro claims are on side A and
  its con claims on side B; below them a pro claim keeps its parent's side and a con claim
  takes the other one.
- The thesis's own pro and con claims are arguments (rows of the map). Below them, a con claim
  rebuts its parent: a counterargument that *answers* it (always the other side, as the core
  requires). A pro claim gives a reason for its parent: an argument that *supports* it (the
  core allows supports between any claims; an argument rather than a counterargument, because
  it answers nothing and the map lists counterarguments only beside what they answer).
- A ``-> See 1.2.2.`` claim is a link, not a copy: the card of 1.2.2 supports (pro) or answers
  (con) the claim it is listed under. Claims listed under such a link attach to 1.2.2's card.
  A link the core cannot hold (an answer between cards of one side, a card linked to itself)
  is left out and reported in ``KialoImport.skipped``; a second identical link is dropped.
- Tags are the claim's text on one line; text longer than a tag may be (500 characters) is cut
  at a word and kept whole in the notes, as are several paragraphs. Source links go into the
  notes as "label: URL" lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from debateprep.facade.motions import motion_fields
from debateprep.facade.validation import MAX_TAG_LENGTH, clean_tag
from debateprep.importers.kialo import KialoClaim, KialoDiscussion, Stance, read_kialo
from debateprep.records import CardKind, CardRecord, LinkKind, LinkRecord, MotionRecord, Side
from debateprep.storage.convert import card_record, link_record, motion_record
from debateprep.storage.models import Card, Link, Motion
from debateprep.storage.store import Store

SIDE_NAMES = ("Pro", "Con")
MAX_RESOLUTION = 2000


@dataclass(frozen=True, slots=True)
class KialoImport:
    """What an import made: the motion, its cards and links, and the links left out (why)."""

    motion: MotionRecord
    title: str
    cards: tuple[CardRecord, ...]
    links: tuple[LinkRecord, ...]
    skipped: tuple[str, ...] = ()


def _shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word to at most ``limit`` characters (with "…")."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def _notes(claim: KialoClaim) -> str:
    parts = []
    if len(" ".join(claim.text.split())) > MAX_TAG_LENGTH or "\n" in claim.text:
        parts.append(claim.text)
    if claim.sources:
        lines = [
            f"- {source.label}: {source.url}" if source.label else f"- {source.url}"
            for source in claim.sources
        ]
        parts.append("Sources:\n" + "\n".join(lines))
    return "\n\n".join(parts)


def _tag(claim: KialoClaim) -> str:
    text = claim.text if claim.text.strip() else claim.sources[0].label or claim.sources[0].url
    return clean_tag(_shorten(text, MAX_TAG_LENGTH))


def _sides(discussion: KialoDiscussion) -> dict[str, Side]:
    """Each claim's side, flipping at every con along its path from the thesis."""
    sides: dict[str, Side] = {}
    for claim in discussion.claims[1:]:
        if claim.depth == 2:
            sides[claim.id] = Side.A if claim.stance is Stance.PRO else Side.B
        else:
            parent = sides[claim.parent_id or ""]
            sides[claim.id] = parent if claim.stance is Stance.PRO else parent.other
    return sides


def import_kialo(store: Store, path: Path | str) -> KialoImport:
    """Import a Kialo ``.txt`` export as a new motion (see the module docstring)."""
    discussion = read_kialo(Path(path))
    thesis = discussion.thesis
    fields = motion_fields(_shorten(thesis.text, MAX_RESOLUTION), *SIDE_NAMES)
    sides = _sides(discussion)
    with store.write() as tx:
        motion = Motion(**fields)
        tx.session.add(motion)
        tx.session.flush()
        cards: dict[str, Card] = {}
        positions = {Side.A: 0, Side.B: 0}
        for claim in discussion.claims[1:]:
            if claim.linked_to is not None:
                continue
            side = sides[claim.id]
            card = Card(
                kind=(
                    CardKind.COUNTERARGUMENT
                    if claim.depth > 2 and claim.stance is Stance.CON
                    else CardKind.ARGUMENT
                ).value,
                side=side.value,
                tag=_tag(claim),
                notes=_notes(claim),
                motion_id=motion.id,
                position=positions[side],
                labels=[],  # set, so reading the record does not query for labels
            )
            positions[side] += 1
            tx.session.add(card)
            cards[claim.id] = card
        tx.session.flush()
        for card in cards.values():
            tx.touch_card(card.id)
        links, skipped = _kialo_links(tx.session, discussion, cards)
        result = KialoImport(
            motion=motion_record(motion),
            title=discussion.title,
            cards=tuple(card_record(card) for card in cards.values()),
            links=tuple(link_record(link) for link in links),
            skipped=tuple(skipped),
        )
    return result


def _kialo_links(
    session: Session, discussion: KialoDiscussion, cards: dict[str, Card]
) -> tuple[list[Link], list[str]]:
    """One link per claim below the thesis's own claims, to its parent's card."""
    links: list[Link] = []
    skipped: list[str] = []
    made: set[tuple[str, int, int]] = set()
    thesis = discussion.thesis.id
    for claim in discussion.claims[1:]:
        source_claim = discussion.resolve(claim.id)
        target_claim = discussion.resolve(claim.parent_id or thesis)
        where = f"claim {claim.id}. (line {claim.line})"
        if target_claim.id == thesis:
            if claim.linked_to is not None:
                skipped.append(
                    f"{where} repeats {source_claim.id}. under the thesis; it is in the map once."
                )
            continue
        if source_claim.id == thesis:
            skipped.append(f"{where} links to the thesis, which is the motion, not a card.")
            continue
        source, target = cards[source_claim.id], cards[target_claim.id]
        kind = LinkKind.SUPPORTS if claim.stance is Stance.PRO else LinkKind.ANSWERS
        if source is target:
            skipped.append(f"{where} would link {source_claim.id}. to itself.")
            continue
        if kind is LinkKind.ANSWERS and source.side == target.side:
            skipped.append(
                f"{where}: {source_claim.id}. and {target_claim.id}. are on the same "
                "side, and a card can only answer the other side; no link was made."
            )
            continue
        key = (kind.value, source.id, target.id)
        if key in made:
            continue
        made.add(key)
        link = Link(kind=kind.value, from_id=source.id, to_id=target.id)
        session.add(link)
        links.append(link)
    session.flush()
    return links, skipped
