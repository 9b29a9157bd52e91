"""Proposing the quoted speaker of a cut span: real sentences from the bundled corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from debateprep import paths
from debateprep.text.speakers import SpeakerProposal, propose_speaker


def _corpus(prefix: str) -> str:
    folder: Path = paths.corpus_dir()
    return next(folder.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _around(text: str, quote: str) -> SpeakerProposal | None:
    start = text.index(quote)
    return propose_speaker(text, start, start + len(quote))


def test_sessions_said_after_the_quote_gives_his_full_name() -> None:
    text = _corpus("003")  # “By forcing police …,” Sessions said.
    found = _around(text, "these policies endanger law enforcement officers more than anyone")
    assert found is not None and found.name == "Jeff Sessions"


def test_said_title_and_name_after_the_quote() -> None:
    text = _corpus("002")  # … mission,” said Acting ICE Director Thomas Homan.
    found = _around(text, "it undermines ICE’s ability to protect the public safety")
    assert found == SpeakerProposal("Thomas Homan", "Acting ICE Director")


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        (
            "“We will not comply,” said Tom Homan, the acting ICE director. More text.",
            "We will not comply",
            SpeakerProposal("Tom Homan", "the acting ICE director"),
        ),
        (
            "Mayor Eric Garcetti said: “Our values are not for sale.” Then he left.",
            "Our values are not for sale",
            SpeakerProposal("Eric Garcetti", "Mayor"),
        ),
        (
            "Arrests fell sharply last year, according to Tom Homan, the acting ICE director.",
            "Arrests fell sharply last year",
            SpeakerProposal("Tom Homan", "the acting ICE director"),
        ),
    ],
)
def test_attribution_patterns(text: str, quote: str, expected: SpeakerProposal) -> None:
    assert _around(text, quote) == expected


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        # The author's own words: no quotation, no attribution.
        ("Cities are safer when immigrants trust police. Crime fell.", "Cities are safer"),
        # A quotation that nobody is said to have said.
        ("The so-called “sanctuary cities” refuse detainers.", "sanctuary cities"),
        # The span runs out of the quotation into the author's words.
        ("“We will not comply,” Sessions said. Cities refused anyway.", "Sessions said. Cities"),
        # A scare-quoted phrase inside the author's sentence, then an unrelated "said".
        ("He called it “theatre” and left. Later Homan said nothing.", "theatre"),
    ],
)
def test_negatives_propose_nobody(text: str, quote: str) -> None:
    assert _around(text, quote) is None


def test_spans_outside_the_text_propose_nobody() -> None:
    assert propose_speaker("abc", 2, 1) is None and propose_speaker("abc", 0, 9) is None


def test_corpus_author_voice_is_not_attributed() -> None:
    text = _corpus("004")
    assert _around(text, "the law has stood on the side of immigrants") is None


def test_block_quotes_after_a_lead_in_name_their_speaker() -> None:
    kraychik = _corpus("002")  # Attorney General Jeff Sessions released the following statement…:
    found = _around(kraychik, "This important report demonstrates a clear and ongoing threat")
    assert found == SpeakerProposal("Jeff Sessions", "Attorney General")
    blog = _corpus("004")  # Los Angeles Mayor Eric Garcetti, in response to Sessions, told…:
    found = _around(blog, "our values are not for sale")
    assert found is not None and found.name == "Eric Garcetti"
    assert "Mayor" in found.quals
    # The executive order's text is not a person's words.
    assert _around(kraychik, "shall utilize the Declined Detainer Outcome Report") is None


def test_a_cut_with_its_quote_marks_and_attribution_names_the_speaker() -> None:
    text = _corpus("003")  # “By forcing police …,” Sessions said.
    start = text.index("“By forcing police")
    end = text.index("Sessions said.", start) + len("Sessions said.")
    found = propose_speaker(text, start, end)
    assert found is not None and found.name == "Jeff Sessions"
    # Running on past the attribution into the author's words is not his quote any more.
    assert propose_speaker(text, start, end + 40) is None


def test_a_quotation_introduced_as_follows() -> None:
    text = _corpus("001")  # … Sessions elaborated as follows. “For example, …”
    found = _around(text, "For example, the Department of Homeland Security")
    assert found == SpeakerProposal("Jeff Sessions", "Attorney General")


def test_a_scare_quote_opening_the_authors_sentence_is_not_a_speaker() -> None:
    text = _corpus("000")  # “Sanctuary” cities send a message … (Sessions' own op-ed)
    start = text.index("“Sanctuary” cities send a message")
    assert propose_speaker(text, start, start + 60) is None
