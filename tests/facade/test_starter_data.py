"""Checks for the bundled starter data: ``corpus/metadata.json`` and ``resources/starter_map.json``.

Only json and pathlib on purpose: these tests guard the data files themselves, independently of
the app's loader (no Qt, no debateprep imports).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
RESOURCES = ROOT / "resources"
METADATA_PATH = CORPUS / "metadata.json"
STARTER_PATH = RESOURCES / "starter_map.json"

# The bundled articles must stay byte-identical to the originals; a changed hash means an
# accidental edit (and would silently break every evidence quote below).
CORPUS_SHA256 = {
    "000_34808495c8239904.txt": "40f290e15ec0ba149fd58ba2b952db6a90bde9aebb236a856833d8727bf8067d",
    "001_c8a0ed64784e462a.txt": "af08f8fdaf3b5e7ab971a0347e9375d2f26a5a24e2e56b67e5d65dc49c5ee31b",
    "002_64e8a481e093006b.txt": "7a2c4b849ff3c9f635e9d3d4903f7e00352c676c8c27e486e9f957ea685b44af",
    "003_f6bc185d7ff8b6c4.txt": "8ea4b6cacaf87e1324efe0a1678bf0b70f30fd367233f23e1592bc7b6089cd4e",
    "004_b1e803f59332b0a5.txt": "97b442f947d786dce3575daa2b31b35001ed4ccfa167f10c4b84e108749f0415",
}

META_FIELDS = ("title", "author", "qualifications", "outlet", "date", "url", "accessed", "lean")
META_OPTIONAL = ("notes",)
KINDS = {"argument", "counterargument", "evidence"}
CLAIM_KINDS = {"argument", "counterargument"}
SIDES = {"A", "B"}
LINK_KINDS = {"supports", "answers"}
EVIDENCE_FIELDS = ("source", "quote", "occurrence", "highlights")

MIN_ARGUMENTS_PER_SIDE = 6
MIN_COUNTERARGUMENTS_PER_SIDE = 4
MIN_EVIDENCE = 14
MIN_ANSWERS_LINKS = 8
MAX_SIDE_NAME = 40  # side names head table columns
MAX_TAG = 500
MAX_LABEL = 100


def _load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _corpus_text(name: str) -> str:
    """An article's text as the app sees it: UTF-8, leading BOM dropped, CRLF normalised."""
    text = (CORPUS / name).read_bytes().decode("utf-8")
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _count(haystack: str, needle: str) -> int:
    """Occurrences of ``needle`` in ``haystack``, overlapping ones included."""
    count, start = 0, haystack.find(needle)
    while start != -1:
        count += 1
        start = haystack.find(needle, start + 1)
    return count


def _squash(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split()).casefold()


@pytest.fixture(scope="module")
def metadata() -> dict[str, Any]:
    return _load_json(METADATA_PATH)


@pytest.fixture(scope="module")
def starter() -> dict[str, Any]:
    return _load_json(STARTER_PATH)


@pytest.fixture(scope="module")
def cards(starter: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {card["ref"]: card for card in starter["cards"]}


@pytest.fixture(scope="module")
def links(starter: dict[str, Any]) -> list[dict[str, Any]]:
    return starter["links"]


# --------------------------------------------------------------------------- corpus


@pytest.mark.parametrize("name", sorted(CORPUS_SHA256))
def test_corpus_file_matches_pinned_hash(name: str) -> None:
    path = CORPUS / name
    assert path.is_file(), f"missing corpus file {name}"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == CORPUS_SHA256[name], (
        f"{name} was modified; the bundled articles must stay byte-identical"
    )


# --------------------------------------------------------------------------- metadata


def test_metadata_shape(metadata: dict[str, Any]) -> None:
    assert metadata["format"] == 1
    assert isinstance(metadata["sources"], dict)
    assert metadata["sources"]


def test_metadata_entries_name_existing_corpus_files(metadata: dict[str, Any]) -> None:
    for name in metadata["sources"]:
        assert name.endswith(".txt"), name
        assert (CORPUS / name).is_file(), f"metadata names a missing file: {name}"


def test_every_corpus_file_has_metadata(metadata: dict[str, Any]) -> None:
    names = sorted(path.name for path in CORPUS.glob("*.txt"))
    assert names, "no corpus files found"
    missing = [name for name in names if name not in metadata["sources"]]
    assert not missing, f"corpus files without metadata: {missing}"


def test_metadata_fields_are_strings(metadata: dict[str, Any]) -> None:
    for name, entry in metadata["sources"].items():
        for field in META_FIELDS:
            assert field in entry, f"{name}: missing {field!r}"
            assert isinstance(entry[field], str), f"{name}: {field!r} is not a string"
        unknown = set(entry) - set(META_FIELDS) - set(META_OPTIONAL)
        assert not unknown, f"{name}: unknown fields {sorted(unknown)}"
        for field in META_OPTIONAL:
            assert isinstance(entry.get(field, ""), str), f"{name}: {field!r} is not a string"


def test_metadata_lean_is_left_to_the_user(metadata: dict[str, Any]) -> None:
    for name, entry in metadata["sources"].items():
        assert entry["lean"] == "", f"{name}: lean is set by the user, not the bundled data"


def test_metadata_facts_are_evident_from_the_text(metadata: dict[str, Any]) -> None:
    """Title, author and qualifications must be taken from the article, not guessed."""
    for name, entry in metadata["sources"].items():
        text = _squash(_corpus_text(name))
        for field in ("title", "author", "qualifications"):
            value = entry[field]
            assert value == value.strip(), f"{name}: {field!r} has stray whitespace"
            assert "\n" not in value, f"{name}: {field!r} spans lines"
            if value:
                assert _squash(value) in text, f"{name}: {field!r} {value!r} not in the text"


# --------------------------------------------------------------------------- starter map


def test_starter_shape(starter: dict[str, Any]) -> None:
    assert starter["format"] == 1
    assert isinstance(starter["cards"], list)
    assert isinstance(starter["links"], list)
    motion = starter["motion"]
    for field in ("resolution", "side_a", "side_b"):
        assert isinstance(motion[field], str)
        assert motion[field].strip(), f"motion {field} is empty"
        assert "\n" not in motion[field]
    for field in ("side_a", "side_b"):
        assert len(motion[field]) <= MAX_SIDE_NAME, f"side name too long: {motion[field]!r}"
    assert motion["side_a"] != motion["side_b"]


def test_refs_are_unique_and_lowercase(starter: dict[str, Any]) -> None:
    refs = [card["ref"] for card in starter["cards"]]
    duplicates = sorted(ref for ref, n in Counter(refs).items() if n > 1)
    assert not duplicates, f"duplicate refs: {duplicates}"
    for ref in refs:
        assert isinstance(ref, str)
        assert ref, "empty ref"
        assert ref == ref.lower(), ref
        assert ref == ref.strip(), ref
        assert " " not in ref, ref


def test_cards_have_valid_kind_side_tag_notes_labels(cards: dict[str, dict[str, Any]]) -> None:
    for ref, card in cards.items():
        assert card["kind"] in KINDS, f"{ref}: bad kind {card['kind']!r}"
        assert card["side"] in SIDES, f"{ref}: bad side {card['side']!r}"
        tag = card["tag"]
        assert isinstance(tag, str), ref
        assert tag.strip(), f"{ref}: empty tag"
        assert "\n" not in tag and "\r" not in tag, f"{ref}: tag spans lines"
        assert len(tag) <= MAX_TAG, f"{ref}: tag too long for one line"
        assert isinstance(card.get("notes", ""), str), ref
        labels = card.get("labels", [])
        assert isinstance(labels, list), ref
        for label in labels:
            assert isinstance(label, str), ref
            assert label.strip(), f"{ref}: empty label"
            assert label == label.lower(), f"{ref}: label {label!r} is not lowercase"
            assert "," not in label, f"{ref}: label {label!r} contains a comma"
            assert len(label) <= MAX_LABEL, f"{ref}: label {label!r} is too long"
        assert len(set(labels)) == len(labels), f"{ref}: duplicate labels"


def test_claims_have_notes_and_no_evidence_fields(cards: dict[str, dict[str, Any]]) -> None:
    for ref, card in cards.items():
        if card["kind"] in CLAIM_KINDS:
            assert card["notes"].strip(), f"{ref}: argument without a warrant in notes"
            present = [field for field in EVIDENCE_FIELDS if field in card]
            assert not present, f"{ref}: non-evidence card has {present}"


def test_evidence_quotes_occur_verbatim_in_their_source(
    cards: dict[str, dict[str, Any]],
) -> None:
    texts: dict[str, str] = {}
    for ref, card in cards.items():
        if card["kind"] != "evidence":
            continue
        source = card["source"]
        assert (CORPUS / source).is_file(), f"{ref}: unknown source {source!r}"
        if source not in texts:
            texts[source] = _corpus_text(source)
        quote = card["quote"]
        assert isinstance(quote, str), ref
        assert quote.strip(), f"{ref}: empty quote"
        assert quote == quote.strip(), f"{ref}: quote has stray leading/trailing whitespace"
        occurrence = card["occurrence"]
        assert isinstance(occurrence, int), ref
        assert not isinstance(occurrence, bool), ref
        assert occurrence >= 1, f"{ref}: occurrence is 1-based"
        found = _count(texts[source], quote)
        assert found >= occurrence, (
            f"{ref}: quote found {found} time(s) in {source}, occurrence is {occurrence}: {quote!r}"
        )


def test_highlights_lie_inside_the_quote_and_do_not_overlap(
    cards: dict[str, dict[str, Any]],
) -> None:
    for ref, card in cards.items():
        if card["kind"] != "evidence":
            continue
        quote, highlights = card["quote"], card["highlights"]
        assert isinstance(highlights, list), ref
        assert 1 <= len(highlights) <= 3, f"{ref}: expected 1-3 highlights"
        spans = []
        for highlight in highlights:
            assert isinstance(highlight, str), ref
            assert highlight.strip(), f"{ref}: empty highlight"
            start = quote.find(highlight)  # the app uses the first occurrence
            assert start != -1, f"{ref}: highlight not in quote: {highlight!r}"
            spans.append((start, start + len(highlight)))
        spans.sort()
        for (_, end), (start, _) in pairwise(spans):
            assert start >= end, f"{ref}: overlapping highlights"


def test_links_are_well_formed(
    cards: dict[str, dict[str, Any]], links: list[dict[str, Any]]
) -> None:
    seen: set[tuple[str, str]] = set()
    for link in links:
        assert link["kind"] in LINK_KINDS, f"bad link kind: {link}"
        assert link["from"] in cards, f"link from unknown ref: {link}"
        assert link["to"] in cards, f"link to unknown ref: {link}"
        assert link["from"] != link["to"], f"self link: {link}"
        pair = (link["from"], link["to"])
        assert pair not in seen, f"duplicate link: {link}"
        seen.add(pair)


def test_supports_links_join_same_side_claims(
    cards: dict[str, dict[str, Any]], links: list[dict[str, Any]]
) -> None:
    for link in links:
        if link["kind"] != "supports":
            continue
        source, target = cards[link["from"]], cards[link["to"]]
        assert source["kind"] in {"evidence", "argument"}, f"supports from a {source['kind']}"
        assert target["kind"] in CLAIM_KINDS, f"supports into a {target['kind']}: {link}"
        assert source["side"] == target["side"], f"supports across sides: {link}"


def test_answers_links_join_different_sides(
    cards: dict[str, dict[str, Any]], links: list[dict[str, Any]]
) -> None:
    answers = [link for link in links if link["kind"] == "answers"]
    assert len(answers) >= MIN_ANSWERS_LINKS
    for link in answers:
        source, target = cards[link["from"]], cards[link["to"]]
        assert source["kind"] == "counterargument", f"answers from a {source['kind']}: {link}"
        assert target["kind"] in CLAIM_KINDS, f"answers into a {target['kind']}: {link}"
        assert source["side"] != target["side"], f"answers within one side: {link}"


def _supporting_evidence(
    ref: str, cards: dict[str, dict[str, Any]], links: list[dict[str, Any]]
) -> list[str]:
    return [
        link["from"]
        for link in links
        if link["kind"] == "supports"
        and link["to"] == ref
        and cards[link["from"]]["kind"] == "evidence"
        and cards[link["from"]]["side"] == cards[ref]["side"]
    ]


@pytest.mark.parametrize("side", sorted(SIDES))
def test_each_side_has_supported_arguments(
    side: str, cards: dict[str, dict[str, Any]], links: list[dict[str, Any]]
) -> None:
    arguments = [
        ref for ref, card in cards.items() if card["kind"] == "argument" and card["side"] == side
    ]
    assert len(arguments) >= MIN_ARGUMENTS_PER_SIDE, f"side {side}: too few arguments"
    unsupported = [ref for ref in arguments if not _supporting_evidence(ref, cards, links)]
    assert not unsupported, f"arguments without evidence: {unsupported}"


@pytest.mark.parametrize("side", sorted(SIDES))
def test_each_side_has_counterarguments_that_answer(
    side: str, cards: dict[str, dict[str, Any]], links: list[dict[str, Any]]
) -> None:
    counters = [
        ref
        for ref, card in cards.items()
        if card["kind"] == "counterargument" and card["side"] == side
    ]
    assert len(counters) >= MIN_COUNTERARGUMENTS_PER_SIDE, f"side {side}: too few"
    answering = {link["from"] for link in links if link["kind"] == "answers"}
    idle = [ref for ref in counters if ref not in answering]
    assert not idle, f"counterarguments that answer nothing: {idle}"


def test_enough_evidence_and_all_of_it_used(
    cards: dict[str, dict[str, Any]], links: list[dict[str, Any]]
) -> None:
    evidence = [ref for ref, card in cards.items() if card["kind"] == "evidence"]
    assert len(evidence) >= MIN_EVIDENCE
    supporting = {link["from"] for link in links if link["kind"] == "supports"}
    unused = [ref for ref in evidence if ref not in supporting]
    assert not unused, f"evidence that supports nothing: {unused}"
