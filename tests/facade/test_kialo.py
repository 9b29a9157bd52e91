"""Kialo import through the facade: a discussion becomes a motion whose map has the right columns.

The thesis is the resolution; sides flip at every con along a claim's path; the thesis's claims
are arguments, deeper con claims counterarguments that answer their parent, deeper pro claims
arguments that support it; ``-> See`` claims are links to the one card, never copies. Bad
files and failures half way leave the library exactly as it was (one transaction).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from golden_support import Golden
from sqlalchemy import text

from debateprep.errors import UserError
from debateprep.exporters import side_rows
from debateprep.facade import kialo as kialo_actions
from debateprep.facade.library import Library
from debateprep.importers.kialo import KialoDiscussion, Stance, read_kialo
from debateprep.records import CardKind, LinkKind, Side

DATA = Path(__file__).resolve().parents[1] / "data" / "kialo"


def _snapshot(library: Library) -> dict[str, Any]:
    with library._store.read() as session:
        return {
            table: [
                tuple(row) for row in session.execute(text(f"SELECT * FROM {table} ORDER BY 1"))
            ]
            for table in ("motions", "cards", "links", "meta")
        }


def _expected_sides(discussion: KialoDiscussion) -> dict[str, Side]:
    sides: dict[str, Side] = {}
    for claim in discussion.claims[1:]:
        parent = Side.A if claim.depth == 2 else sides[claim.parent_id or ""]
        flip = claim.stance is Stance.CON
        sides[claim.id] = parent.other if flip else parent
    return sides


def _tag(text: str) -> str:
    return " ".join(text.split())


def test_import_makes_a_motion_with_linked_cards(empty_library: Library) -> None:
    path = DATA / "sanctuary_cities.txt"
    discussion = read_kialo(path)
    result = empty_library.import_kialo(path)
    assert result.title == "Should US cities be sanctuary cities?"
    assert result.motion.resolution == discussion.thesis.text
    assert (result.motion.side_a, result.motion.side_b) == ("Pro", "Con")
    assert result.skipped == ()

    claims = [claim for claim in discussion.claims[1:] if claim.linked_to is None]
    cards = {card.tag: card for card in empty_library.cards(motion_id=result.motion.id)}
    assert len(cards) == len(claims) == len(result.cards)  # tags are unique: no copies
    by_claim = {claim.id: cards[_tag(claim.text)] for claim in claims}
    sides = _expected_sides(discussion)
    for claim in claims:
        card = by_claim[claim.id]
        assert card.side is sides[claim.id], claim.id
        deep_con = claim.depth > 2 and claim.stance is Stance.CON
        assert card.kind is (CardKind.COUNTERARGUMENT if deep_con else CardKind.ARGUMENT)

    links = {(link.kind, link.from_id, link.to_id) for link in empty_library.links()}
    expected = set()
    for claim in discussion.claims[1:]:
        if claim.depth == 2:
            continue
        source = by_claim[discussion.resolve(claim.id).id]
        target = by_claim[discussion.resolve(claim.parent_id or "").id]
        kind = LinkKind.SUPPORTS if claim.stance is Stance.PRO else LinkKind.ANSWERS
        expected.add((kind, source.id, target.id))
    assert links == expected
    assert len(result.links) == len(links)
    # The two "-> See" claims became links from the card that already exists.
    warrant = by_claim["1.2.2"]  # "ICE issues an administrative warrant..."
    assert (LinkKind.SUPPORTS, warrant.id, by_claim["1.3.1"].id) in links
    exceptions = by_claim["1.1.3.1"]  # "...already make exceptions for violent felonies"
    assert (LinkKind.ANSWERS, exceptions.id, by_claim["1.4"].id) in links
    # Sources stay in the notes; escapes are undone in the tag.
    printz = by_claim["1.3"]
    assert printz.tag.endswith("see Printz v. United States.")
    assert "Printz v. United States: https://en.wikipedia.org/wiki/Printz_v._United_States" in (
        printz.notes
    )
    assert "(see, e.g., California's SB 54)" in exceptions.tag
    assert [hit.id for hit in empty_library.search("Steinle", doc_types=["card"])]


def test_round_trip_map_has_pro_and_con_columns_and_answers(empty_library: Library) -> None:
    result = empty_library.import_kialo(DATA / "sanctuary_cities.txt")
    bundle = empty_library.motion_bundle(result.motion.id)
    rows = {row.anchor.tag[:40]: row for row in side_rows(bundle)}
    arguments = [card for card in bundle.cards if card.kind is CardKind.ARGUMENT]
    assert len(rows) == len(arguments)

    release = rows["Sanctuary policies release people who ar"]
    assert release.anchor_side is Side.B  # a con of the thesis: the Con column
    assert [card.tag[:30] for card in release.left] == [  # in map order
        "Most sanctuary policies alread",  # 1.4.3, Con: -> See 1.1.3.1
        "Studies comparing counties fou",  # 1.4.2, Con of 1.4
    ]
    assert [card.tag[:30] for card in release.right] == [
        "Sanctuary policies release peo",
        "Comparisons between counties c",  # 1.4.2.1 answers 1.4.2
    ]
    trust = rows["Immigrants report crimes and act as witn"]
    assert trust.anchor_side is Side.A
    assert {card.tag[:30] for card in trust.right} == {
        "Surveys measure what people sa",
        "Police chiefs in some large ci",
    }
    markdown = empty_library.render_map(result.motion.id)
    assert "| Pro | Con |" in markdown


def test_imported_map_matches_golden_file(empty_library: Library, golden: Golden) -> None:
    """The cards (side, kind, tag) in map order and the links, as a plain outline."""
    motion = empty_library.import_kialo(DATA / "sanctuary_cities.txt").motion
    bundle = empty_library.motion_bundle(motion.id)
    tags = {card.id: card.tag for card in bundle.cards}
    lines = [f"Motion: {motion.resolution} ({motion.side_a} / {motion.side_b})", ""]
    lines += [f"{card.side.value} {card.kind.value}: {card.tag}" for card in bundle.cards]
    lines.append("")
    lines += [
        f"{tags[link.from_id]}\n  {link.kind.value} {tags[link.to_id]}" for link in bundle.links
    ]
    text = "\n".join(lines) + "\n"
    golden("kialo_sanctuary_cities.txt", text)


@pytest.mark.parametrize(
    ("one_line", "two_lines"),
    [
        ("sanctuary_cities.txt", "sanctuary_cities_layout2.txt"),
        ("federal_grants.txt", "federal_grants_layout2.txt"),
    ],
)
def test_both_layouts_give_the_same_map(tmp_path: Path, one_line: str, two_lines: str) -> None:
    maps = []
    for name in (one_line, two_lines):
        with Library.open(tmp_path / f"{name}.db", starter=False) as library:
            motion = library.import_kialo(DATA / name).motion
            maps.append(library.render_map(motion.id))
    assert maps[0] == maps[1]


def test_links_the_core_cannot_hold_are_reported(empty_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "links.txt"
    path.write_text(
        "Discussion Title: Links\n"
        "1. T\n"
        "1.1. Pro: Trust grows.\n"
        "1.1.1. Pro: Surveys show it.\n"
        "1.1.2. Pro: -> See 1.1.\n"  # 1.1 supporting itself
        "1.2. Pro: Detainers are warrantless.\n"
        "1.2.1. Con: -> See 1.1.1.\n"  # side A answering side A
        "1.2.2. Pro: -> See 1.1.1.\n"
        "1.2.3. Pro: -> See 1.2.2.\n"  # the same link again, through a chain
        "1.3. Con: -> See 1.1.\n",  # a repeat under the thesis
        encoding="utf-8",
    )
    result = empty_library.import_kialo(path)
    assert len(result.cards) == 3
    assert len(result.skipped) == 3
    assert "1.1.2. (line 5) would link 1.1. to itself" in result.skipped[0]
    assert "same side" in result.skipped[1] and "1.2.1." in result.skipped[1]
    assert "repeats 1.1." in result.skipped[2]
    assert sorted((link.kind, link.from_id, link.to_id) for link in result.links) == sorted(
        [
            (LinkKind.SUPPORTS, result.cards[1].id, result.cards[0].id),
            (LinkKind.SUPPORTS, result.cards[1].id, result.cards[2].id),
        ]
    )


def test_long_claims_keep_their_text_in_the_notes(empty_library: Library, tmp_path: Path) -> None:
    long = "word " * 150 + "end."
    path = tmp_path / "long.txt"
    path.write_text(f"1. Thesis\n1.1. Pro: {long} [src](https://example.org/x)\n", "utf-8")
    (card,) = empty_library.import_kialo(path).cards
    assert len(card.tag) <= 500 and card.tag.endswith("word…")
    assert long.strip() in card.notes
    assert card.notes.endswith("Sources:\n- src: https://example.org/x")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        (b"Discussion Title: x\n\njust words\n", "has no thesis"),
        (b"1. T\n1.1. Pro: -> See 1.2.\n1.2. Con: -> See 1.1.\n", "loop"),
        (b"1. T\n1.2. Pro: a\n1.1. Con: b\n", "out of order"),
    ],
)
def test_bad_files_change_nothing(
    empty_library: Library, tmp_path: Path, data: bytes, message: str
) -> None:
    empty_library.import_kialo(DATA / "federal_grants.txt")
    before = _snapshot(empty_library)
    path = tmp_path / "debate.txt"
    path.write_bytes(data)
    with pytest.raises(UserError, match=message):
        empty_library.import_kialo(path)
    assert _snapshot(empty_library) == before


def test_a_failure_half_way_writes_nothing(
    empty_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(empty_library)
    calls = []
    real_notes = kialo_actions._notes

    def failing_notes(claim: Any) -> str:
        calls.append(claim.id)
        if len(calls) == 5:
            raise UserError("The disk is full.")
        return real_notes(claim)

    monkeypatch.setattr(kialo_actions, "_notes", failing_notes)
    with pytest.raises(UserError, match="disk is full"):
        empty_library.import_kialo(DATA / "sanctuary_cities.txt")
    assert len(calls) == 5
    assert _snapshot(empty_library) == before
    assert empty_library.motions() == []
