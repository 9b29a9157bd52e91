"""The starter map as a coach would publish it: rules that hold for every bundled card.

Each test states one rule of docs/evidence-ethics.md and checks it on all cards of
``resources/starter_map.json`` against the texts in ``corpus/``, so a card added later is held
to the same standard. The tables below (quotations in the articles and who said them, known
misprints) are read off the five articles by hand; the rules are applied mechanically.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from typing import Any

import pytest

from debateprep import paths
from debateprep.storage.models import Source
from debateprep.text.cite_fields import last_name
from debateprep.text.note_kinds import CAVEAT_KINDS, caveats

Card = dict[str, Any]

S000, S001, S002, S003, S004 = (
    "000_34808495c8239904.txt",
    "001_c8a0ed64784e462a.txt",
    "002_64e8a481e093006b.txt",
    "003_f6bc185d7ff8b6c4.txt",
    "004_b1e803f59332b0a5.txt",
)

# Passages of the articles that are someone else's words, quoted or block-quoted by the
# author: (source, first words, last words, who). Nested passages come after the passage
# they sit in; the innermost one containing a card's first character names its speaker.
QUOTATIONS = (
    (S001, "“The Department of Justice has a duty", "comply with these laws.”", "Sessions"),
    (S001, "“For example, the Department", "and even murder.”", "Sessions"),
    (S001, "“Today, I am urging", "willfully violates 1373.”", "Sessions"),
    (S002, "This important report demonstrates", "willfully violate federal law.", "Sessions"),
    (S002, "To better inform the public", "detainers with respect to such aliens.", "Trump"),
    (S002, "“Sanctuary jurisdictions” failing", "beyond those mandated by law.", "Trump"),
    (S002, "WASHINGTON – The Department", "notification with respect to such aliens.", "DHS"),
    (S002, "When law enforcement agencies fail", "living within our communities.”", "Homan"),
    (S003, "“By forcing police", "stop making their jobs harder.”", "Sessions"),
    (S003, "But it was not immediately clear", "” Berry wrote.", "Associated Press"),
    (S003, "“If your agency", "to their leadership,”", "Berry"),
    (S003, "“When an arrest is made", "scheduled to be released.”", "Maryland corrections"),
    (S004, "[Homan] said he won’t", "options we have.”", "Washington Times"),
    (S004, "“I think these sanctuary", "Because I am,”", "Homan"),
    (S004, "“We’re looking", "options we have.”", "Homan"),
    (S004, "we will not change what we are doing", "in violation of the Constitution.", "Garcetti"),
)
# What the articles call the organisations above, as the speaker field names them.
SPEAKER_NAMES = {"DHS": "Department of Homeland Security"}

# Misprints in the articles: a card quoting one says so in a "[sic]" note.
MISPRINTS = ("disbarment", "in eligibility", "Homans’", "adulate")

# Hedges: when a quote qualifies its claim with one of these, the tag keeps a hedge of the
# same family ("allegedly" -> "accused"; "many ... include" -> "many ... include").
HEDGE_FAMILIES = {
    "allegation": ("allegedly", "alleged", "accused", "charged"),
    "possibility": ("could", "may", "might", "potentially", "apparently", "possibly"),
    "quantity": (
        "many",
        "some",
        "several",
        "a number of",
        "include",
        "includes",
        "including",
        "most",
    ),
    "share": ("majority", "four out of five"),
    "frequency": ("typically", "usually", "repeatedly", "often"),
}
# Words a tag may use only when its quote does: they assert more than a description.
STRONG_WORDS = (
    *("should", "must", "ought", "can", "cannot", "can’t", "will", "only"),
    *("always", "never", "all", "every", "proves", "clearly"),
)
# Judging words a tag may use only when its quote does (matched as word stems).
LOADED_STEMS = (
    *("sanctuar", "shield", "danger", "modest", "retaliat", "principled", "cherry"),
    *("threat", "struck down", "unconstitutional", "open borders", "criminal", "overreach"),
)
# One standard for caveats, both sides: a quote with any of these words makes an
# unquantified claim of size, comparison or cause, and gets a "no data" caveat ...
NO_DATA_WORDS = (
    *("safer", "less safe", "more dangerous", "endanger", "many", "most", "majority"),
    *("billions", "attracts", "a number of", "repeatedly", "four out of five"),
)
# ... and a quote reporting what someone else said, ruled or wrote gets a "paraphrase" one,
# unless most of it is the person's own words in quotation marks.
REPORTING = re.compile(
    r"\b(ruled|reported|declared|noted|wrote|highlighted|refers|raised|denied that)\b", re.I
)


@cache
def starter() -> dict[str, Any]:
    return json.loads(paths.resource("starter_map.json").read_text(encoding="utf-8"))


@cache
def corpus_text(name: str) -> str:
    return (paths.corpus_dir() / name).read_text(encoding="utf-8")


@cache
def sidecar() -> dict[str, dict[str, str]]:
    text = (paths.corpus_dir() / "metadata.json").read_text(encoding="utf-8")
    sources: dict[str, dict[str, str]] = json.loads(text)["sources"]
    return sources


def cards(kind: str | None = None) -> list[Card]:
    return [card for card in starter()["cards"] if kind is None or card["kind"] == kind]


def evidence_ids() -> list[str]:
    return [card["ref"] for card in cards("evidence")]


def card(ref: str) -> Card:
    return next(card for card in cards() if card["ref"] == ref)


def has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w’]){re.escape(word)}(?![\w’])", text, re.I) is not None


def has_stem(text: str, stem: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(stem)}", text, re.I) is not None


def span(name: str, first: str, last: str) -> tuple[int, int]:
    text = corpus_text(name)
    start = text.index(first)
    return start, text.index(last, start) + len(last)


def speaker_at(name: str, offset: int) -> str | None:
    """Who the article quotes at ``offset`` (the innermost quotation), or None."""
    found = None
    for source, first, last, who in QUOTATIONS:
        if source == name:
            start, end = span(source, first, last)
            if start <= offset < end:
                found = who
    return found


def card_start(entry: Card) -> int:
    return corpus_text(entry["source"]).index(entry["quote"])


def test_the_quotation_table_matches_the_articles() -> None:
    for source, first, last, _who in QUOTATIONS:
        start, end = span(source, first, last)
        assert end - start > len(first), (source, first)


@pytest.mark.parametrize("ref", evidence_ids())
def test_a_tag_keeps_the_hedges_of_its_quote(ref: str) -> None:
    entry = card(ref)
    for family, words in HEDGE_FAMILIES.items():
        if any(has_word(entry["quote"], word) for word in words):
            assert any(has_word(entry["tag"], word) for word in words), (
                f"{ref}: the quote hedges ({family}) but the tag does not: {entry['tag']!r}"
            )


@pytest.mark.parametrize("ref", evidence_ids())
def test_a_tag_asserts_no_more_than_its_quote(ref: str) -> None:
    entry = card(ref)
    for word in STRONG_WORDS:
        if has_word(entry["tag"], word):
            assert has_word(entry["quote"], word), (
                f"{ref}: {word!r} is the tagger's, not the quote's"
            )
    for stem in LOADED_STEMS:
        if has_stem(entry["tag"], stem):
            assert has_stem(entry["quote"], stem), f"{ref}: {stem!r} is the tagger's word"


@pytest.mark.parametrize("ref", evidence_ids())
def test_a_card_quoting_someone_else_names_the_speaker(ref: str) -> None:
    entry = card(ref)
    author = sidecar()[entry["source"]]["author"]
    who = speaker_at(entry["source"], card_start(entry))
    if who is None or (author and who in author):
        assert not entry.get("speaker"), f"{ref}: these are the author's own words"
        return
    name = SPEAKER_NAMES.get(who, who)
    assert name in entry.get("speaker", ""), (
        f"{ref}: quotes {who} but cites {entry.get('speaker')!r}"
    )
    assert entry.get("speaker_quals"), f"{ref}: the speaker's qualifications are missing"
    assert last_name(entry["speaker"]) in corpus_text(entry["source"])


@pytest.mark.parametrize("ref", evidence_ids())
def test_a_quote_has_no_orphan_quotation_marks(ref: str) -> None:
    quote = card(ref)["quote"]
    assert quote.count("“") == quote.count("”"), f"{ref}: unbalanced quotation marks"


@pytest.mark.parametrize("ref", evidence_ids())
def test_a_quoted_misprint_is_marked_sic(ref: str) -> None:
    entry = card(ref)
    sic_notes = [p for p in entry["notes"].split("\n\n") if p.startswith("[sic]")]
    for misprint in MISPRINTS:
        if misprint in entry["quote"]:
            assert any(misprint.capitalize() in p or misprint in p for p in sic_notes), (
                f"{ref}: quotes {misprint!r} without a [sic] note"
            )


@pytest.mark.parametrize("ref", evidence_ids())
def test_caveats_follow_one_standard_on_both_sides(ref: str) -> None:
    entry = card(ref)
    kinds = {kind for kind, _text in caveats(entry["notes"])}
    assert kinds <= set(CAVEAT_KINDS)
    quote = entry["quote"]
    if any(has_word(quote, word) or has_stem(quote, word) for word in NO_DATA_WORDS):
        assert "no data" in kinds, f"{ref}: an unquantified claim needs a 'no data' caveat"
    direct = sum(len(m) for m in re.findall(r"“[^”]*”", quote))
    if REPORTING.search(quote) and direct < len(quote) / 2:
        assert "paraphrase" in kinds, f"{ref}: reports someone else's words; say it's a paraphrase"


def test_caveat_notes_are_counted_per_side_and_balanced() -> None:
    per_side: Counter[str] = Counter()
    evidence: Counter[str] = Counter()
    for entry in cards("evidence"):
        evidence[entry["side"]] += 1
        per_side[entry["side"]] += len(caveats(entry["notes"]))
    rates = {side: per_side[side] / evidence[side] for side in ("A", "B")}
    # The issue this rule came from: ten caveats on Con, two on Pro.
    assert abs(rates["A"] - rates["B"]) <= 0.25, (per_side, evidence)
    for kind in CAVEAT_KINDS:
        counts = Counter(
            entry["side"]
            for entry in cards("evidence")
            for found, _text in caveats(entry["notes"])
            if found == kind
        )
        assert counts["A"] and counts["B"], f"{kind!r} caveats on one side only: {counts}"


@pytest.mark.parametrize("ref", evidence_ids())
def test_a_card_about_48_hours_says_which_48_hours(ref: str) -> None:
    entry = card(ref)
    if re.search(r"48 hours|forty-eight hours", entry["quote"]):
        assert "“48 hours” here means" in entry["notes"], ref


def test_every_argument_is_answered_and_every_answer_has_evidence() -> None:
    links = starter()["links"]
    answered = {link["to"] for link in links if link["kind"] == "answers"}
    supported = {link["to"] for link in links if link["kind"] == "supports"}
    for entry in cards("argument"):
        assert entry["ref"] in answered, f"{entry['ref']} is unanswered"
    for entry in cards("counterargument"):
        assert entry["ref"] in supported, f"{entry['ref']} has no evidence"
        assert any(link["from"] == entry["ref"] and link["kind"] == "answers" for link in links), (
            f"{entry['ref']} answers nothing"
        )


@pytest.mark.parametrize(
    ("source", "passage"),
    [
        (S004, "federal overreach conservatives typically adulate"),
        (S003, "Public Safety Partnership"),
        (S003, "San Bernardino and Albuquerque, specifically denied"),
        (S003, "Officials from Baltimore, San Bernardino, and Stockton"),
        (S002, "Declined Detainer Outcome Report required by President Donald J. Trump"),
        (S003, "When an arrest is made, a notification is sent"),
        (S000, "Had he been an American, he would have received harsher punishment."),
    ],
)
def test_the_articles_main_arguments_are_carded(source: str, passage: str) -> None:
    assert any(
        entry["source"] == source and passage in entry["quote"] for entry in cards("evidence")
    ), passage


@pytest.mark.parametrize("name", sorted(sidecar()))
def test_a_cites_date_is_printed_inferred_with_its_evidence_or_flagged(name: str) -> None:
    fields = sidecar()[name]
    text = corpus_text(name)
    date = fields["date"]
    if not date:
        return  # the cite says "n.d." and `debateprep check` flags it
    if date in text:
        return
    assert date.startswith("[") and date.endswith("]"), f"{name}: an inferred date is bracketed"
    assert "inferred from the text" in fields["notes"]
    shown = re.findall(r"“([^”]+)”", fields["notes"])
    assert shown, f"{name}: the notes quote what in the text shows the date"
    for words in shown:
        fragments = [part.strip() for part in words.split("…")]
        assert all(part in text for part in fragments if part), f"{name}: {words!r} not in text"


@pytest.mark.parametrize("name", sorted(sidecar()))
def test_a_sidecar_field_fits_its_database_column(name: str) -> None:
    columns = Source.__table__.columns
    for field, value in sidecar()[name].items():
        if field in columns:
            length = getattr(columns[field].type, "length", None)
            assert length is None or len(value) <= length, f"{name}: {field} is too long"
