"""Citations: names and dates guessed from free text; debate, MLA 9 and APA 7 cites; short cites."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debateprep.records import Cite, SourceRecord
from debateprep.text.citations import (
    CITE_STYLES,
    CiteDate,
    CiteStyle,
    StyledText,
    cite_parts,
    debate_cite,
    format_cite,
    format_reference,
    full_reference,
    in_text_cite,
    last_name,
    parse_date,
    short_cite,
    short_year,
)
from debateprep.text.cite_gaps import is_stand_in_title
from debateprep.text.markdown_text import collapse_whitespace

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
        (Cite(author="Sessions, Jeff"), "**Sessions**, Jeff, **n.d.**, \\[Untitled\\]"),
        (Cite(date="March 7, 2018"), "**\\[Untitled\\]**, March 7, **2018**"),
        (Cite(date="Spring"), "**\\[Untitled\\]**, **Spring**"),
        (Cite(title="Remarks"), '**Remarks**, **n.d.**, "Remarks"'),
        (Cite(title="Remarks.", outlet="DOJ"), "**DOJ**, **n.d.**, \"Remarks.\""),
        (Cite(title="Why enforce?", url="https://x.org"), (
            '**Why enforce?**, **n.d.**, "Why enforce?" https://x.org'
        )),
        (Cite(title="\u201cQuoted\u201d", outlet="DOJ"), '**DOJ**, **n.d.**, "Quoted"'),
        (Cite(author="Jeff Sessions", outlet="DOJ"), (
            "Jeff **Sessions**, **n.d.**, \\[Untitled\\], DOJ"
        )),
        (Cite(author="Jeff Sessions,", qualifications="AG,", date="2018"), (
            "Jeff **Sessions**, AG, **2018**, \\[Untitled\\]"
        )),
        (Cite(outlet="DOJ", accessed="2024-05-01"), (
            "**DOJ**, **n.d.**, \\[Untitled\\], accessed 2024-05-01"
        )),
        (Cite(accessed="2024-05-01"), "**\\[Untitled\\]**, **n.d.**, accessed 2024-05-01"),
        (Cite(author="Pew Research Center", date="2019"), (
            "**Pew Research Center**, **2019**, \\[Untitled\\]"
        )),
        (Cite(author="Ann <B>Lee", title="x|y *z*"), (
            'Ann **&lt;B&gt;Lee**, **n.d.**, "x\\|y \\*z\\*"'
        )),
        # The importers' opening-words stand-in is never printed as a title.
        (
            Cite(title="As reported by Cox Media, sanctuary cities were…"),
            "**\\[Untitled\\]**, **n.d.**",
        ),
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
        (Cite(author="Jeff Sessions"), "Sessions n.d."),
        (Cite(author="Sessions, Jeff", date="March 2018"), "Sessions 18"),
        (Cite(outlet="Reuters", date="2020-01-02", title="Raids"), "Reuters 20"),
        (Cite(title="Border wall costs soar again in 2019"), "Border wall costs soar… n.d."),
        (Cite(title="\u201cShort title\u201d", date="2021"), "Short title 21"),
        (Cite(date="2021"), "[Untitled] 21"),
        (Cite(), "[Untitled] n.d."),
        (Cite(title="As reported by Cox Media, sanctuary cities were…"), "[Untitled] n.d."),
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
        (SourceRecord(id=1, title=""), "\\[Untitled\\]"),
        (SourceRecord(id=1, title="Why?"), '"Why?"'),
        (SourceRecord(id=1, title="T", date="2019"), '"T." 2019.'),
        (SourceRecord(id=1, title="T", outlet="Ledger"), '"T." *Ledger*.'),
        (SourceRecord(id=1, title="T", author="Ann Lee"), 'Ann Lee. "T."'),
    ],
)
def test_full_reference_skips_missing_fields(source: SourceRecord, expected: str) -> None:
    assert full_reference(source) == expected


# --- Citation styles: MLA 9, APA 7, and the debate cite through cite_parts ------------------

HALE = Cite(
    author="Marcus T. Hale Jr.",
    qualifications="former Deputy Director",
    date="2018-03-07",
    title="Why Detainers Matter",
    outlet="Policy Review Quarterly",
    url="https://example.org/detainers",
    accessed="2024-05-01",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-03-07", CiteDate(2018, 3, 7)),
        ("2018/3/7", CiteDate(2018, 3, 7)),
        ("2018-03", CiteDate(2018, 3)),
        ("2018-03-07T10:30:00Z", CiteDate(2018, 3, 7)),
        ("3-7-18", CiteDate(2018, 3, 7)),
        ("3/7/2018", CiteDate(2018, 3, 7)),
        ("03.07.2018", CiteDate(2018, 3, 7)),
        ("25/12/2018", CiteDate(2018, 12, 25)),
        ("1-1-99", CiteDate(1999, 1, 1)),
        ("1-1-3000", CiteDate(3000, 1, 1)),
        ("3/2018", CiteDate(2018, 3)),
        ("March 7, 2018", CiteDate(2018, 3, 7)),
        ("Mar. 7 2018", CiteDate(2018, 3, 7)),
        ("Sept. 1, 2019", CiteDate(2019, 9, 1)),
        ("Wednesday, March 7th, 2018", CiteDate(2018, 3, 7)),
        ("7 March 2018", CiteDate(2018, 3, 7)),
        ("March 2018", CiteDate(2018, 3)),
        ("  2018. ", CiteDate(2018)),
        ("", None),
        ("n.d.", None),
        ("Spring 2019", None),
        ("FY2019", None),
        ("2018-02-30", None),
        ("13/13/2018", None),
        ("Smarch 7, 2018", None),
    ],
)
def test_parse_date(text: str, expected: CiteDate | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("mla", (
            'Hale, Marcus T., Jr. "Why Detainers Matter." *Policy Review Quarterly*, 7 Mar. '
            "2018, https://example.org/detainers. Accessed 1 May 2024."
        )),
        ("apa", (
            "Hale, M. T., Jr. (2018, March 7). Why Detainers Matter. *Policy Review Quarterly*. "
            "Retrieved May 1, 2024, from https://example.org/detainers"
        )),
        ("debate", (
            "Marcus T. **Hale** Jr., former Deputy Director, **2018**-03-07, "
            '"Why Detainers Matter," Policy Review Quarterly, https://example.org/detainers, '
            "accessed 2024-05-01"
        )),
    ],
)  # fmt: skip
def test_format_cite_full(style: CiteStyle, expected: str) -> None:
    assert format_cite(HALE, style) == expected


def test_debate_style_is_the_debate_cite() -> None:
    for cite in (SESSIONS, HALE, Cite(), Cite(author="Ann <B>Lee", title="x|y *z*")):
        assert format_cite(cite, "debate") == debate_cite(cite)
        assert format_cite(cite) == debate_cite(cite)
    parts = cite_parts(SESSIONS, "debate")
    assert [parts.text[start:end] for start, end in parts.bold] == ["Sessions", "2018"]
    assert parts.italic == ()


def test_cite_parts_spans_mark_the_container() -> None:
    mla = cite_parts(HALE, "mla")
    assert [mla.text[start:end] for start, end in mla.italic] == ["Policy Review Quarterly"]
    apa = cite_parts(Cite(author="Ann Lee", title="Standalone report", date="2020"), "apa")
    assert apa.text == "Lee, A. (2020). Standalone report."
    assert [apa.text[start:end] for start, end in apa.italic] == ["Standalone report"]


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError, match="style"):
        cite_parts(SESSIONS, "chicago")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cite", "mla", "apa"),
    [
        (Cite(), "", ""),
        (Cite(author="Jeff Sessions"), "Sessions, Jeff.", "Sessions, J. (n.d.)."),
        (Cite(author="Sessions, Jeff Beauregard"), "Sessions, Jeff Beauregard.",
         "Sessions, J. B. (n.d.)."),
        (Cite(author="Sessions, J. B."), "Sessions, J. B.", "Sessions, J. B. (n.d.)."),
        (Cite(author="Jean-Paul Sartre"), "Sartre, Jean-Paul.", "Sartre, J.-P. (n.d.)."),
        (Cite(author="Maria de la Cruz"), "de la Cruz, Maria.", "de la Cruz, M. (n.d.)."),
        (Cite(author="Martin Luther King, Jr."), "King, Martin Luther, Jr.",
         "King, M. L., Jr. (n.d.)."),
        (Cite(author="Jeff Sessions and Jane Doe"), "Sessions, Jeff, and Jane Doe.",
         "Sessions, J., & Doe, J. (n.d.)."),
        (Cite(author="Sessions, Jeff and Doe, Jane"), "Sessions, Jeff, and Jane Doe.",
         "Sessions, J., & Doe, J. (n.d.)."),
        (Cite(author="Jeff Sessions, Jane Doe, and Bo Roe"), "Sessions, Jeff, et al.",
         "Sessions, J., Doe, J., & Roe, B. (n.d.)."),
        (Cite(author="Jeff Sessions et al."), "Sessions, Jeff, et al.",
         "Sessions, J., et al. (n.d.)."),
        (Cite(author="Pew Research Center", date="2019"), "Pew Research Center. 2019.",
         "Pew Research Center. (2019)."),
        (Cite(author="Department of Justice", outlet="Department of Justice", title="Remarks"),
         '"Remarks." *Department of Justice*.', "Department of Justice. (n.d.). *Remarks*."),
        (Cite(author="Sessions", date="Spring 2019"), "Sessions. Spring 2019.",
         "Sessions. (Spring 2019)."),
        (Cite(author="Jeff Sessions.", date="(2018)"), "Sessions, Jeff. (2018).",
         "Sessions, J. (2018)."),
        (Cite(title="Why enforce?", outlet="DOJ", date="2018"),
         '"Why enforce?" *DOJ*, 2018.', "Why enforce? (2018). *DOJ*."),
        (Cite(title="Remarks.", url="https://x.org"), '"Remarks." https://x.org.',
         "*Remarks.* (n.d.). https://x.org"),
        (Cite(title="\u201cQuoted\u201d", outlet="DOJ"), '"Quoted." *DOJ*.',
         "Quoted. (n.d.). *DOJ*."),
        (Cite(outlet="Reuters", date="2020-01-02"), "*Reuters*, 2 Jan. 2020.",
         "*Reuters*. (2020, January 2)."),
        (Cite(outlet="Who knows?", date="2020"), "*Who knows?* 2020.",
         "*Who knows?* (2020)."),
        (Cite(date="March 2019"), "Mar. 2019.", "(2019, March)."),
        (Cite(url="https://x.org"), "https://x.org.", "https://x.org"),
        (Cite(accessed="2024-05-01"), "Accessed 1 May 2024.", "Retrieved May 1, 2024."),
        (Cite(qualifications="Attorney General"), "", ""),
        (Cite(author="Acme Inc.", outlet="Ledger", date="2018"), "Acme Inc. *Ledger*, 2018.",
         "Acme Inc. (2018). *Ledger*."),
    ],
)  # fmt: skip
def test_mla_and_apa_degrade_gracefully(cite: Cite, mla: str, apa: str) -> None:
    assert _starred(cite_parts(cite, "mla")) == mla
    assert _starred(cite_parts(cite, "apa")) == apa


def _starred(parts: StyledText) -> str:
    """The plain text with its italic spans between stars, for readable expectations."""
    text = parts.text
    for start, end in sorted(parts.italic, reverse=True):
        text = f"{text[:start]}*{text[start:end]}*{text[end:]}"
    return text


def test_mla_and_apa_markdown_is_escaped() -> None:
    cite = Cite(author="Ann <B>Lee & Bo Roe", title="x|y *z*", outlet="#1 [News]_")
    assert format_cite(cite, "mla") == (
        '&lt;B&gt;Lee, Ann, and Bo Roe. "x\\|y \\*z\\*." *\\#1 \\[News\\]\\_*.'
    )
    assert format_cite(cite, "apa") == (
        "&lt;B&gt;Lee, A., &amp; Roe, B. (n.d.). x\\|y \\*z\\*. *\\#1 \\[News\\]\\_*."
    )


def test_apa_lists_twenty_authors_then_elides() -> None:
    names = [f"Ann Lee{n}" for n in range(1, 23)]
    text = cite_parts(Cite(author="; ".join(names)), "apa").text
    assert text.startswith("Lee1, A., Lee2, A.,")
    assert "Lee19, A., . . . Lee22, A. (n.d.)." in text and "Lee20" not in text


@pytest.mark.parametrize(
    ("cite", "debate", "mla", "apa"),
    [
        (SESSIONS, "Sessions 18", "Sessions", "Sessions, 2018"),
        (Cite(author="Jeff Sessions and Jane Doe", date="2019"), "Sessions 19",
         "Sessions and Doe", "Sessions & Doe, 2019"),
        (Cite(author="A. Lee, B. Roe and C. Poe"), "Lee n.d.", "Lee et al.", "Lee et al., n.d."),
        (Cite(outlet="Reuters", date="2020"), "Reuters 20", "Reuters", "Reuters, 2020"),
        (Cite(title="Raids"), "Raids n.d.", '"Raids"', '"Raids", n.d.'),
        (Cite(date="Spring"), "[Untitled]", "[Untitled]", "[Untitled], Spring"),
        (Cite(), "[Untitled] n.d.", "[Untitled]", "[Untitled], n.d."),
    ],
)  # fmt: skip
def test_in_text_cite(cite: Cite, debate: str, mla: str, apa: str) -> None:
    assert in_text_cite(cite, "debate") == debate
    assert in_text_cite(cite, "mla") == mla
    assert in_text_cite(cite, "apa") == apa


def test_format_reference() -> None:
    source = SourceRecord(
        id=1, title="Remarks", author="Jeff Sessions", outlet="DOJ", date="March 7, 2018"
    )
    assert format_reference(source, "debate") == full_reference(source)
    assert format_reference(source, "mla") == 'Sessions, Jeff. "Remarks." *DOJ*, 7 Mar. 2018.'
    assert format_reference(source, "apa") == "Sessions, J. (2018, March 7). Remarks. *DOJ*."
    for style in CITE_STYLES:
        assert format_reference(SourceRecord(id=2, title=""), style) == "\\[Untitled\\]"


# Hypothesis: whatever users type, no style invents "None", doubled punctuation or "()".
_WORD = st.text(alphabet="abcXYZéß0129'-/&", min_size=1, max_size=6)
_PUNCT = st.sampled_from(["", "", "", ".", ",", ";", ":", "?", "!", "…"])


@st.composite
def _field(draw: st.DrawFn) -> str:
    """Free text the way users type it: words, single punctuation, stray spaces and breaks."""
    kind = draw(st.sampled_from(["words", "words", "date", "blank", "none"]))
    if kind == "none":
        return None  # type: ignore[return-value]  # old rows and careless callers
    if kind == "blank":
        return draw(st.sampled_from(["", " ", "\n", "\t "]))
    if kind == "date":
        return draw(
            st.sampled_from(
                ["2018-03-07", "3-7-18", "March 7, 2018", "2018", "Spring", "n.d.", "7 Mar 2018"]
            )
        )
    words = draw(st.lists(st.tuples(_WORD, _PUNCT), min_size=1, max_size=5))
    text = " ".join(word + punct for word, punct in words)
    if draw(st.booleans()):
        text = f"({text})" if draw(st.booleans()) else f"\u201c{text}\u201d"
    return draw(st.sampled_from(["", " ", "\n"])) + text + draw(st.sampled_from(["", " ", ",\n"]))


_DOUBLED = ("..", ",,", ". .", ", ,", ",.", ";;", " ,", " .", "()", "( )", ".,", "?.", "!.")


def _field_doubles(value: str | None) -> bool:
    return any(bad in collapse_whitespace(value or "") for bad in _DOUBLED)


@given(
    st.builds(
        Cite,
        author=_field(), qualifications=_field(), date=_field(), title=_field(),
        outlet=_field(), url=_field(), accessed=_field(),
    ),
    st.sampled_from(CITE_STYLES),
)  # fmt: skip
@settings(max_examples=400, deadline=None)
def test_styles_never_invent_punctuation_or_lose_fields(cite: Cite, style: CiteStyle) -> None:
    fields = [cite.author, cite.qualifications, cite.date, cite.title, cite.outlet, cite.url]
    parts = cite_parts(cite, style)
    text = parts.text
    markdown_text = format_cite(cite, style)
    assert "None" not in text and "None" not in markdown_text
    assert text == text.strip() and "  " not in text and "\n" not in text
    if not any(_field_doubles(value) for value in [*fields, cite.accessed]):
        # "Inc.," is fine English, but only when the user typed the abbreviation's period.
        for bad in _DOUBLED:
            assert bad not in text.replace(".,", "") or bad == ".,", (bad, text)
    for start, end in parts.bold + parts.italic:
        assert 0 <= start < end <= len(text)
    # Every field the style has room for shows up, as typed or re-formatted.
    for value in (cite.outlet, cite.url):
        if _clean_field(value):
            assert _clean_field(value) in text
    title = _clean_field(cite.title).strip("\u201c\u201d")
    if title and not is_stand_in_title(title):  # the importers' stand-in is left out
        assert title.rstrip(".") in text
    surname = last_name(_clean_field(cite.author))
    if surname and style != "debate":
        assert _without_period(surname) in text
    for date_field in (cite.date, cite.accessed):
        date = parse_date(date_field or "")
        if date is not None:
            assert str(date.year) in text or style == "debate"
        elif _clean_field(date_field):
            assert _clean_field(date_field).strip("()[] ") in text
    if style == "debate" and _clean_field(cite.qualifications):
        assert _clean_field(cite.qualifications) in text


def _clean_field(value: str | None) -> str:
    return collapse_whitespace(value or "").rstrip(",;:").rstrip()


def _without_period(name: str) -> str:
    return name.rstrip(".").rstrip() if len(name.split()[-1].rstrip(".")) > 1 else name


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("The Washington Times", "The Washington Times quoted in Kraychik 17"),
        ("Washington Times", "Washington Times quoted in Kraychik 17"),
        ("Associated Press", "Associated Press quoted in Kraychik 17"),
        ("Thomas Homan", "Homan quoted in Kraychik 17"),
        ("Theodore Post", "Post quoted in Kraychik 17"),
    ],
)
def test_a_quoted_newspaper_keeps_its_whole_name(speaker: str, expected: str) -> None:
    cite = Cite(author="Robert Kraychik", date="[2017]", speaker=speaker, speaker_quals="x")
    assert in_text_cite(cite, "debate") == expected
