"""Reading a cite line back into fields: exact for every debate cite DebatePrep writes, a
marked guess for the cites people type."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
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
