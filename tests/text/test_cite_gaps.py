"""What a cite lacks (one rule for the editor, the map and ``check``) and its stand-ins."""

from __future__ import annotations

import pytest

from debateprep.records import Cite
from debateprep.text.cite_gaps import (
    cite_gaps,
    gaps_note,
    is_stand_in_title,
    real_title,
    short_title,
)


@pytest.mark.parametrize(
    ("cite", "gaps"),
    [
        (Cite(author="Jeff Sessions", qualifications="Attorney General", date="2018"), ()),
        (Cite(author="Jeff Sessions", qualifications="Attorney General"), ("date",)),
        (Cite(author="Robert Kraychik"), ("date", "qualifications")),
        (Cite(title="Sanctuary cities"), ("author", "date", "qualifications")),
        # An organisation needs no qualifications.
        (Cite(author="Pew Research Center", date="2019"), ()),
        # A quoted speaker's qualifications are what count, not the reporter's.
        (Cite(author="Robert Kraychik", date="2018", speaker="Jeff Sessions"), ("qualifications",)),
        (
            Cite(
                author="Robert Kraychik",
                date="2018",
                speaker="Jeff Sessions",
                speaker_quals="Attorney General",
            ),
            (),
        ),
        (Cite(author="  ", qualifications=" , ", date=""), ("author", "date", "qualifications")),
    ],
)
def test_cite_gaps(cite: Cite, gaps: tuple[str, ...]) -> None:
    assert cite_gaps(cite) == gaps


def test_gaps_note_reads_as_one_line() -> None:
    assert gaps_note(Cite(author="Robert Kraychik")) == (
        "cite incomplete: no date, no qualifications"
    )
    assert gaps_note(Cite(author="Pew Research Center", date="2019")) == ""


def test_stand_in_titles_are_not_titles() -> None:
    stand_in = "As reported by Cox Media, sanctuary cities were the topic of a…"
    assert is_stand_in_title(stand_in)
    assert is_stand_in_title("") and is_stand_in_title("[Untitled]")
    assert not is_stand_in_title("Sanctuary cities send a message")
    assert real_title(stand_in) == "" and real_title("“Quoted”") == "Quoted"
    assert short_title("Border wall costs soar again in 2019") == "Border wall costs soar…"
    assert short_title("Raids") == "Raids" and short_title(stand_in) == ""
