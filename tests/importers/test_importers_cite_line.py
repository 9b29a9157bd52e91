"""Reading a cite line back into fields: exact for every debate cite DebatePrep writes, a
marked guess for the cites people type."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from debateprep.importers.cite_line import looks_like_cite, parse_cite_line
from debateprep.records import Cite
from debateprep.text.cardtext import NO_CITATION
from debateprep.text.citations import cite_parts

EXAMPLES = [
    Cite(
        author="Marcus T. Hale Jr.",
        qualifications="former Deputy Director, Office of Detention Policy",
        date="2018-03-07",
        title="Why Detainers Matter",
        outlet="Policy Review Quarterly",
        url="https://example.org/detainers?id=7&ref=a_b",
        accessed="2024-05-01",
    ),
    Cite(author="Okafor, Ngozi and Lee Chen", qualifications="researchers", date="March 2019"),
    Cite(author="Jeff Sessions", qualifications="Attorney General of the United States"),
    Cite(title="Sessions, Homan Are Threatening Sanctuary Cities — But Law So Far…"),
    Cite(author="Reuters", title="Is it legal?", outlet="Reuters", url="reuters.com/x"),
    Cite(date="March 7, 2018", title='He said "no," then left', accessed="May 1, 2024"),
    Cite(author="Maria de la Cruz", date="Spring", outlet="The Daily, Inc."),
    Cite(author="American Civil Liberties Union", date="n.d.", url="https://aclu.org"),
    Cite(outlet="Policy Review", url="https://x.org/a,b", accessed="5-1-24"),
]


@pytest.mark.parametrize("cite", EXAMPLES, ids=range(len(EXAMPLES)))
def test_debate_cites_read_back_exactly(cite: Cite) -> None:
    parts = cite_parts(cite, "debate")
    parsed = parse_cite_line(parts.text, parts.bold)
    assert parsed.exact
    assert cite_parts(parsed.cite, "debate") == parts


def test_clear_cases_give_back_the_fields() -> None:
    for cite in EXAMPLES[:2]:
        parts = cite_parts(cite, "debate")
        assert parse_cite_line(parts.text, parts.bold).cite == cite


# Field text as users type it: words, numbers, commas inside, quotes, "accessed", URLs. A
# field is one clean line, as the card editor keeps it.
_PIECES = st.sampled_from(
    [
        *"abc XYZ,\"“”'.-?!0123456789",
        *("Jr.", "accessed ", "https://x.org/y", "March ", "2018", ", ", "de la ", "Inc."),
        *(" and ", "et al.", "Smith", "Policy Review"),
    ]
)
_FIELD = (
    st.lists(_PIECES, max_size=8)
    .map(lambda pieces: " ".join("".join(pieces).split()))
    .filter(lambda f: f.strip(" ,;:") == f and ",," not in f and ", ," not in f)
)


@settings(max_examples=400, deadline=None)
@given(st.builds(Cite, _FIELD, _FIELD, _FIELD, _FIELD, _FIELD, _FIELD, _FIELD))
def test_any_debate_cite_reads_back_to_the_same_line(cite: Cite) -> None:
    parts = cite_parts(cite, "debate")
    parsed = parse_cite_line(parts.text, parts.bold)
    assert parsed.exact
    assert cite_parts(parsed.cite, "debate") == parts


def test_placeholder_and_blank_are_empty_cites() -> None:
    assert parse_cite_line(NO_CITATION, [(0, len(NO_CITATION))]).cite == Cite()
    assert parse_cite_line("   ").cite == Cite()


def test_typed_cites_are_read_loosely() -> None:
    line = 'Hardy 00 [Aaron Hardy, creator of Verbatim, 1-1-2000, "Manual." https://x.org, DOA 5/1]'
    parsed = parse_cite_line(line, [(0, 8)])
    assert not parsed.exact
    assert parsed.cite.author == "Aaron Hardy"
    assert parsed.cite.qualifications == "creator of Verbatim"
    assert parsed.cite.date == "1-1-2000"
    assert parsed.cite.title == "Manual"
    assert parsed.cite.url == "https://x.org"
    assert parsed.cite.accessed == "5/1"
    free = parse_cite_line("Smith  2019 – a blog post, no commas or quotes")
    assert not free.exact and free.cite.date  # something was kept; nothing raised


def test_a_cite_without_bold_is_recognised_by_its_shape() -> None:
    assert looks_like_cite('"A Title Only"')
    assert looks_like_cite("Smith, professor, 2019")
    assert looks_like_cite("see www.example.org")
    assert not looks_like_cite("Extend the trust warrant.")


# The starter map's forms (issue 16): dates worked out from the text in brackets, and cards
# quoting someone other than the author, led by that speaker.
BLOG_TITLE = (
    "Sessions, Homan Are Threatening Sanctuary Cities — But Law So Far Has Been on Immigrants’ Side"
)
BRACKETED = [
    Cite(date="[2017]", title=BLOG_TITLE),  # a title's first words, commas and all, lead
    Cite(author="Robert Kraychik", date="[2017]", title="Sessions Warns Sanctuary Cities"),
    Cite(date="[2017]", title=BLOG_TITLE, outlet="Sanctuary Blog, Issue 4", url="https://x.org/a"),
]
SPEAKERS = [
    Cite(
        speaker="Eric Garcetti",
        speaker_quals="Mayor of Los Angeles, speaking to Buzzfeed",
        date="[2017]",
        title=BLOG_TITLE,
    ),
    Cite(
        speaker="Department of Homeland Security",  # an organisation is bold whole
        speaker_quals="press release on the Declined Detainer Outcome Report",
        author="Robert Kraychik",
        date="[2017]",
        title="Attorney General Sessions Warns Sanctuary Cities: You Are Creating A ‘Clear’",
    ),
    Cite(speaker="Maryland corrections", speaker_quals="statement", date="[2017]", title="J S"),
    Cite(speaker="Thomas Homan", title=BLOG_TITLE),  # no qualifications, no date: "n.d."
    Cite(
        speaker="Associated Press",
        speaker_quals="news agency",
        outlet="Sanctuary Blog, Issue 4",  # leads the article's cite and names its short cite
        date="n.d.",  # typed: the short cite has no year, the article's cite a bold "n.d."
    ),
    Cite(
        speaker="Jeff Sessions",
        speaker_quals="Attorney General",
        author="Jane Doe",
        qualifications="reporter, Breitbart",
        date="March 7, 2018",
        title="Sessions: no, quoted in full",
        outlet="Breitbart",
        url="https://x.org/a,b",
        accessed="5-1-24",
    ),
    Cite(speaker="Martin Luther King, Jr.", author="Jane Doe", date="Spring", outlet="Ebony"),
    Cite(speaker="Ann Lee", author="Jane Doe", date="3-7-18"),
    Cite(speaker="Ann Lee", title="Short title here", date="2017"),  # title, not an author
]


@pytest.mark.parametrize("cite", BRACKETED + SPEAKERS, ids=range(len(BRACKETED + SPEAKERS)))
def test_bracketed_dates_and_quoted_speakers_read_back_field_for_field(cite: Cite) -> None:
    parts = cite_parts(cite, "debate")
    parsed = parse_cite_line(parts.text, parts.bold)
    assert parsed.exact
    assert parsed.cite == cite


def test_the_speaker_form_as_written() -> None:
    line = (
        "Eric Garcetti, Mayor of Los Angeles, quoted in Kraychik 17 "
        '(Robert Kraychik, [2017], "Sessions Warns")'
    )
    bold = [(5, 13), (47, 58)]
    parsed = parse_cite_line(line, bold)
    assert parsed.exact
    assert parsed.cite == Cite(
        author="Robert Kraychik",
        date="[2017]",
        title="Sessions Warns",
        speaker="Eric Garcetti",
        speaker_quals="Mayor of Los Angeles",
    )


@pytest.mark.parametrize(
    ("line", "bold"),
    [
        # The short cite names another year than the article's date.
        (
            'Eric Garcetti, Mayor, quoted in Kraychik 18 (Robert Kraychik, 2017, "T")',
            [(5, 13), (32, 43)],
        ),
        # The article's cite keeps its own bold, which the speaker form never has.
        (
            'Eric Garcetti, Mayor, quoted in Kraychik 17 (Robert Kraychik, 2017, "T")',
            [(5, 13), (32, 43), (52, 60)],
        ),
        # The speaker's last name is not the bold one.
        (
            'Eric Garcetti, Mayor, quoted in Kraychik 17 (Robert Kraychik, 2017, "T")',
            [(0, 4), (32, 43)],
        ),
        # No "quoted in" before the short cite.
        (
            'Eric Garcetti, Mayor, cited by Kraychik 17 (Robert Kraychik, 2017, "T")',
            [(5, 13), (31, 42)],
        ),
    ],
    ids=["year", "article-bold", "speaker-bold", "no-quoted-in"],
)
def test_a_line_that_only_looks_like_a_speaker_cite_is_a_guess(
    line: str, bold: list[tuple[int, int]]
) -> None:
    parsed = parse_cite_line(line, bold)
    assert not parsed.exact
    assert parsed.cite.author == "Robert Kraychik"  # a loose reading of the parentheses
    assert not parsed.cite.speaker


@settings(max_examples=300, deadline=None)
@given(
    st.builds(Cite, _FIELD, _FIELD, _FIELD, _FIELD, _FIELD, _FIELD, _FIELD),
    _FIELD.filter(lambda field: any(ch.isalnum() for ch in field)),
    _FIELD,
)
def test_any_speaker_cite_reads_back_to_the_same_line(
    article: Cite, speaker: str, quals: str
) -> None:
    # Some odd titles ('"a ."') do not read back even without a speaker; those are not at stake.
    plain = cite_parts(article, "debate")
    assume(parse_cite_line(plain.text, plain.bold).exact)
    parts = cite_parts(replace(article, speaker=speaker, speaker_quals=quals), "debate")
    parsed = parse_cite_line(parts.text, parts.bold)
    assert parsed.exact
    assert cite_parts(parsed.cite, "debate") == parts
