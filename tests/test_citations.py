"""Citations: last names and years guessed from free text, Verbatim cite lines, short cites."""

from __future__ import annotations

import pytest

from debateprep.citations import debate_cite, full_reference, last_name, short_cite, short_year
from debateprep.records import Cite, SourceRecord

SESSIONS = Cite(
    author="Jeff Sessions",
    qualifications="Attorney General of the United States",
    date="2018-03-07",
    title="Attorney General Sessions Delivers Remarks",
    outlet="Department of Justice",
    url="https://www.justice.gov/opa/speech",
    accessed="2024-05-01",
)


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Jeff Sessions", "Sessions"),
        ("Sessions, Jeff", "Sessions"),
        ("  Jeff   Sessions ", "Sessions"),
        ("Sessions, J. B.", "Sessions"),
        ("Sessions, Jeff Beauregard", "Sessions"),
        ("Jeff Sessions and Jane Doe", "Sessions"),
        ("Jeff Sessions & Jane Doe", "Sessions"),
        ("Jeff Sessions; Jane Doe", "Sessions"),
        ("Jeff Sessions, Jane Doe", "Sessions"),
        ("Jeff Sessions, Jane Doe, and Bo Roe", "Sessions"),
        ("Sessions, Jeff and Doe, Jane", "Sessions"),
        ("Jeff Sessions et al.", "Sessions"),
        ("Martin Luther King, Jr.", "King"),
        ("Martin Luther King Jr.", "King"),
        ("Jeff Sessions III", "Sessions"),
        ("King, Martin Luther, Jr.", "King"),
        ("Maria de la Cruz", "de la Cruz"),
        ("de la Cruz, Maria", "de la Cruz"),
        ("Ludwig van Beethoven", "van Beethoven"),
        ("Department of Homeland Security", "Department of Homeland Security"),
        ("Pew Research Center", "Pew Research Center"),
        ("Sessions", "Sessions"),
        ("", ""),
        ("   ", ""),
        ("Jr.", ""),
    ],
)
def test_last_name(author: str, expected: str) -> None:
    assert last_name(author) == expected


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2018-03-07", "18"),
        ("March 2018", "18"),
        ("March 7, 2018", "18"),
        ("3/7/2018", "18"),
        ("3/7/18", "18"),
        ("FY2019", "19"),
        ("1-1-3000", "00"),
        ("", ""),
        ("n.d.", ""),
        ("Spring", ""),
    ],
)
def test_short_year(date: str, expected: str) -> None:
    assert short_year(date) == expected


def test_debate_cite_full() -> None:
    assert debate_cite(SESSIONS) == (
        "Jeff **Sessions**, Attorney General of the United States, **2018**-03-07, "
        '"Attorney General Sessions Delivers Remarks," Department of Justice, '
        "https://www.justice.gov/opa/speech, accessed 2024-05-01"
    )


def test_debate_cite_matches_the_verbatim_manual_example() -> None:
    cite = Cite(
        author="Aaron Hardy",
        qualifications="creator of Verbatim",
        date="1-1-3000",
        title="Verbatim Online Manual",
        url="https://paperlessdebate.com",
    )
    assert debate_cite(cite) == (
        'Aaron **Hardy**, creator of Verbatim, 1-1-**3000**, "Verbatim Online Manual," '
        "https://paperlessdebate.com"
    )


@pytest.mark.parametrize(
    ("cite", "expected"),
    [
        (Cite(), ""),
        (Cite(author="Sessions, Jeff"), "**Sessions**, Jeff"),
        (Cite(date="March 7, 2018"), "March 7, **2018**"),
        (Cite(date="Spring"), "**Spring**"),
        (Cite(title="Remarks"), '"Remarks"'),
        (Cite(title="Remarks.", outlet="DOJ"), '"Remarks," DOJ'),
        (Cite(title="Why enforce?", url="https://x.org"), '"Why enforce?" https://x.org'),
        (Cite(title="\u201cQuoted\u201d", outlet="DOJ"), '"Quoted," DOJ'),
        (Cite(author="Jeff Sessions", outlet="DOJ"), "Jeff **Sessions**, DOJ"),
        (Cite(author="Jeff Sessions,", qualifications="AG,", date="2018"), (
            "Jeff **Sessions**, AG, **2018**"
        )),
        (Cite(outlet="DOJ", accessed="2024-05-01"), "DOJ, accessed 2024-05-01"),
        (Cite(accessed="2024-05-01"), "accessed 2024-05-01"),
        (Cite(author="Pew Research Center", date="2019"), "**Pew Research Center**, **2019**"),
        (Cite(author="Ann <B>Lee", title="x|y *z*"), 'Ann **&lt;B&gt;Lee**, "x\\|y \\*z\\*"'),
    ],
)  # fmt: skip
def test_debate_cite_skips_missing_fields(cite: Cite, expected: str) -> None:
    result = debate_cite(cite)
    assert result == expected
    assert "None" not in result
    assert ",," not in result and ", ," not in result and '",' not in result


def test_debate_cite_treats_none_as_missing() -> None:
    cite = Cite(author=None, date=None)  # type: ignore[arg-type]
    assert debate_cite(cite) == ""


@pytest.mark.parametrize(
    ("cite", "expected"),
    [
        (SESSIONS, "Sessions 18"),
        (Cite(author="Jeff Sessions"), "Sessions"),
        (Cite(author="Sessions, Jeff", date="March 2018"), "Sessions 18"),
        (Cite(outlet="Reuters", date="2020-01-02", title="Raids"), "Reuters 20"),
        (Cite(title="Border wall costs soar again in 2019"), "Border wall costs soar…"),
        (Cite(title="\u201cShort title\u201d", date="2021"), "Short title 21"),
        (Cite(date="2021"), "Unknown source 21"),
        (Cite(), "Unknown source"),
    ],
)
def test_short_cite(cite: Cite, expected: str) -> None:
    assert short_cite(cite) == expected


def test_full_reference() -> None:
    source = SourceRecord(
        id=1,
        title="Remarks on Sanctuary Cities",
        author="Jeff Sessions",
        qualifications="Attorney General",
        outlet="Department of Justice",
        date="March 7, 2018",
        url="https://www.justice.gov/x_y",
        accessed="2024-05-01",
    )
    assert full_reference(source) == (
        'Jeff Sessions (Attorney General). "Remarks on Sanctuary Cities." '
        "*Department of Justice*, March 7, 2018. https://www.justice.gov/x\\_y. "
        "Accessed 2024-05-01."
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (SourceRecord(id=1, title=""), "Untitled source"),
        (SourceRecord(id=1, title="Why?"), '"Why?"'),
        (SourceRecord(id=1, title="T", date="2019"), '"T." 2019.'),
        (SourceRecord(id=1, title="T", outlet="Ledger"), '"T." *Ledger*.'),
        (SourceRecord(id=1, title="T", author="Ann Lee"), 'Ann Lee. "T."'),
    ],
)
def test_full_reference_skips_missing_fields(source: SourceRecord, expected: str) -> None:
    assert full_reference(source) == expected
