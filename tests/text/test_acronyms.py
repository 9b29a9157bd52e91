"""The acronym detector on sentences of the bundled corpus, and what it must not take."""

from __future__ import annotations

from pathlib import Path

import pytest

from debateprep.text.acronyms import Alias, find_acronyms

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "agents of U.S. Immigration and Customs Enforcement (ICE) arrested",
            [Alias("ICE", "Immigration and Customs Enforcement")],
        ),
        (
            "the Department of Homeland Security (DHS) said",
            [Alias("DHS", "Department of Homeland Security")],
        ),
        (
            "through the Edward Byrne Justice Assistance Grant (JAG) program",
            [Alias("JAG", "Justice Assistance Grant")],
        ),
        (
            "officers of Immigrations and Customs Enforcement (I.C.E.) came",
            [Alias("ICE", "Immigrations and Customs Enforcement")],
        ),
        (
            "detainers from ICE (Immigration and Customs Enforcement) were ignored",
            [Alias("ICE", "Immigration and Customs Enforcement")],
        ),
    ],
)
def test_finds_long_form_and_acronym(sentence: str, expected: list[Alias]) -> None:
    assert find_acronyms(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "the law passed in Texas (2017) was upheld",
        "as argued before (see above) the city",
        "the immigration and customs enforcement (ICE) agency",  # lowercase long form
        "Immigration Customs (ICE)",  # initials do not spell it
        "ICE (see the agency's site)",
        "a Department of Homeland Security. (DHS)",  # a sentence break in between
        "Text (A)",  # one letter is not an acronym
    ],
)
def test_negatives(sentence: str) -> None:
    assert find_acronyms(sentence) == []


def test_real_corpus_texts_yield_the_agencies() -> None:
    found = {
        alias
        for path in sorted(CORPUS.glob("*.txt"))
        for alias in find_acronyms(path.read_text("utf-8"))
    }
    assert Alias("ICE", "Immigration and Customs Enforcement") in found
    assert Alias("DHS", "Department of Homeland Security") in found
    # Nothing but agencies: every long form starts with a capital and spells its short form.
    for alias in found:
        initials = "".join(w[0] for w in alias.long.split() if w not in {"and", "of", "the", "for"})
        assert initials == alias.short
