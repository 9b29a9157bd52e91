"""Citations: Verbatim debate cites, MLA 9 and APA 7 entries, short and in-text cites.

``cite_parts`` builds a cite in one of the three styles as plain text plus bold/italic spans,
for any renderer (Markdown, SVG, Word); ``format_cite``, ``format_reference``, ``debate_cite``
and ``full_reference`` return Markdown through the exporters' one escaping mechanism;
``short_cite`` and ``in_text_cite`` return plain text for callers to escape where they place
it. The fields are read by :mod:`debateprep.text.cite_fields` (``last_name``, ``short_year`` and
``parse_date`` are re-exported here), so every style degrades the same way on what users type.
The MLA and APA entries are written by :mod:`debateprep.text.academic_cites`; the
:class:`StyledText` every style returns lives in :mod:`debateprep.text.styled_text`.

MLA and APA have no place for an author's qualifications, and titles keep the capitalisation
the user typed (changing it would mangle proper nouns we cannot recognise). A card that
quotes someone other than the author (``Cite.speaker``) is cited through
:func:`cite_parts` in every style: "Jeff Sessions, Attorney General, quoted in Kraychik n.d.".
"""

from __future__ import annotations

from dataclasses import replace

from debateprep.formats import CITE_STYLES, CiteStyle
from debateprep.records import Cite, SourceRecord
from debateprep.text.academic_cites import apa_parts, mla_parts
from debateprep.text.cite_fields import (
    CiteDate,
    clean_field,
    last_name,
    parse_date,
    read_authors,
    short_year,
    unquoted_title,
    year_span,
)
from debateprep.text.cite_gaps import (
    NO_DATE,
    UNTITLED,
    is_stand_in_title,
    real_title,
    short_title,
)
from debateprep.text.markdown_text import marked_inline
from debateprep.text.styled_text import StyledText, sentence

# Re-exported: callers have always asked this module for names and years.
__all__ = [
    "CITE_STYLES",
    "REFERENCES_HEADING",
    "CiteDate",
    "CiteStyle",
    "StyledText",
    "cite_parts",
    "debate_cite",
    "format_cite",
    "format_reference",
    "full_reference",
    "in_text_cite",
    "last_name",
    "parse_date",
    "raw_debate_parts",
    "short_cite",
    "short_year",
]

# What a reference list is called in each style.
REFERENCES_HEADING: dict[CiteStyle, str] = {
    "debate": "References",
    "mla": "Works Cited",
    "apa": "References",
}


def _stand_in(cite: Cite) -> str:
    """What names a work without an author: its outlet, else its title's first words."""
    return clean_field(cite.outlet) or short_title(cite.title)


def _debate_parts(cite: Cite, *, fallbacks: bool = True) -> StyledText:
    """``Jeff Sessions, Attorney General, 3-7-2018, "Title," Outlet, URL, accessed 5-1-24``.

    Without an author the outlet (or the title's first words, or "[Untitled]") leads in bold;
    without a date a bold "n.d." stands in; without a title "[Untitled]" does.
    """
    text = ""
    bold: list[tuple[int, int]] = []

    def add(field: str, separator: str = ", ", bold_span: tuple[int, int] | None = None) -> None:
        nonlocal text
        if not field:
            return
        if text:
            text += separator
        if bold_span is not None:
            bold.append((len(text) + bold_span[0], len(text) + bold_span[1]))
        text += field

    author = clean_field(cite.author)
    surname = last_name(author)
    at = author.rfind(surname) if surname else -1
    lead = author or (_stand_in(cite) or UNTITLED if fallbacks else "")
    add(lead, bold_span=(at, at + len(surname)) if at >= 0 else (0, len(lead)))
    add(clean_field(cite.qualifications))
    date = clean_field(cite.date) or (NO_DATE if fallbacks else "")
    add(date, bold_span=year_span(date) or (0, len(date)))
    title = real_title(cite.title) if fallbacks else unquoted_title(clean_field(cite.title))
    outlet = "" if lead == clean_field(cite.outlet) else clean_field(cite.outlet)
    rest = [outlet, clean_field(cite.pages), clean_field(cite.url)]
    if clean_field(cite.accessed):
        rest.append("accessed " + clean_field(cite.accessed))
    after_title = ", "
    if title:
        # American style keeps the comma inside the quotes; "?" and "!" replace it.
        ending = "," if any(rest) and title[-1] not in "?!" else ""
        add(f'"{title.rstrip(".,") if ending else title}{ending}"')
        after_title = " "
    elif fallbacks and lead != UNTITLED:
        add(UNTITLED)
    for index, field in enumerate(value for value in rest if value):
        add(field, separator=after_title if index == 0 else ", ")
    return StyledText(text, bold=tuple(bold))


def raw_debate_parts(cite: Cite) -> StyledText:
    """The debate line of exactly the fields given, without the "n.d." and "[Untitled]"
    stand-ins: the Verbatim reader (importers/cite_line.py) matches field guesses with it."""
    return _debate_parts(cite, fallbacks=False)


def _speaker_lead(cite: Cite, style: CiteStyle) -> str:
    """ "Jeff Sessions, Attorney General, quoted in " (APA: "…, as cited in "); "" without one."""
    speaker = clean_field(cite.speaker)
    if not speaker:
        return ""
    quals = clean_field(cite.speaker_quals)
    said = "as cited in" if style == "apa" else "quoted in"
    return ", ".join(part for part in (speaker, quals, said) if part) + " "


def _with_speaker(cite: Cite, style: CiteStyle, article: StyledText) -> StyledText:
    """The article's cite led by who is quoted in it: every style and export builds it here.

    Debate: ``Jeff **Sessions**, Attorney General, quoted in **Kraychik n.d.** (Robert
    Kraychik, …)``, the speaker's last name and the article's short cite bold; MLA and APA put
    the lead before their own entry.
    """
    lead = _speaker_lead(cite, style)
    if not lead:
        return article
    bold: list[tuple[int, int]] = []
    surname = last_name(clean_field(cite.speaker))
    at = lead.rfind(surname) if surname else -1
    if at >= 0:
        bold.append((at, at + len(surname)))
    if style != "debate":
        article = article if article.text else StyledText(UNTITLED)
        shift = len(lead)
        return StyledText(
            lead + article.text,
            bold=(*bold, *((a + shift, b + shift) for a, b in article.bold)),
            italic=tuple((a + shift, b + shift) for a, b in article.italic),
        )
    short = short_cite(replace(cite, speaker="", speaker_quals=""))
    text = lead + short
    bold.append((len(lead), len(text)))
    if article.text:
        text += f" ({article.text})"
    return StyledText(text, bold=tuple(bold))


def debate_cite(cite: Cite) -> str:
    """The Verbatim/openCaselist one-line cite, in Markdown.

    ``Jeff **Sessions**, Attorney General, 3-7-**2018**, "Title," Outlet, URL, accessed 5-1-24``:
    the last name and the year inside the date are bold; missing fields are skipped.
    """
    parts = cite_parts(cite, "debate")
    return marked_inline(parts.text, parts.bold)


def short_cite(cite: Cite) -> str:
    """Plain-text short cite as debaters write it: "Sessions 18", "Sessions n.d.", "Reuters 18".

    Without an author the outlet stands in, then the title's first words, then "[Untitled]";
    without a date, "n.d.". A date with no year we can read adds nothing.
    """
    name = last_name(cite.author) or _stand_in(cite) or UNTITLED
    year = short_year(cite.date) if clean_field(cite.date) else NO_DATE
    return f"{name} {year}".rstrip()


def full_reference(source: SourceRecord) -> str:
    """A reference-list entry in Markdown, outlet in italics.

    ``Jeff Sessions (Attorney General). "Title." *Outlet*, March 7, 2018. URL. Accessed 5-1-24.``
    """
    text = ""
    italic: list[tuple[int, int]] = []
    author = clean_field(source.author)
    qualifications = clean_field(source.qualifications)
    if author:
        text = sentence(f"{author} ({qualifications})" if qualifications else author) + " "
    title = real_title(source.title)
    text += f'"{sentence(title)}" ' if title else UNTITLED + " "
    outlet, date = clean_field(source.outlet), clean_field(source.date)
    if outlet:
        italic.append((len(text), len(text) + len(outlet)))
        text += outlet + (", " if date else "")
    text += date
    if outlet or date:
        text = sentence(text) + " "
    if clean_field(source.url):
        text += sentence(clean_field(source.url)) + " "
    if clean_field(source.accessed):
        text += sentence("Accessed " + clean_field(source.accessed))
    return marked_inline(text.strip() or "Untitled source", italic, marker="*")


def cite_parts(cite: Cite, style: CiteStyle) -> StyledText:
    """The cite in ``style``: the debate line (bold last name and year), MLA 9 or APA 7.

    Every style skips what is missing; an empty cite gives empty text.
    """
    if cite.is_empty() and not clean_field(cite.speaker) and not clean_field(cite.accessed):
        return StyledText("")
    # The importers' opening-words stand-in is no title: every style leaves it out.
    title = "" if is_stand_in_title(cite.title) else cite.title
    article = replace(cite, speaker="", speaker_quals="", title=title)
    if style == "debate":
        parts = _debate_parts(article)
    elif style == "mla":
        parts = mla_parts(article)
    elif style == "apa":
        parts = apa_parts(article)
    else:
        raise ValueError(f"unknown citation style {style!r}")
    return _with_speaker(cite, style, parts)


def format_cite(cite: Cite, style: CiteStyle = "debate") -> str:
    """The cite in ``style`` as one line of escaped Markdown (empty when the cite is)."""
    return cite_parts(cite, style).markdown()


def format_reference(source: SourceRecord, style: CiteStyle = "debate") -> str:
    """A reference-list entry in Markdown: :func:`full_reference` for debate, else the style's
    full entry (which is already a reference-list entry); "[Untitled]" when empty."""
    if style == "debate":
        return full_reference(source)
    return format_cite(source.cite, style) or StyledText(UNTITLED).markdown()


def in_text_cite(cite: Cite, style: CiteStyle = "debate") -> str:
    """A plain-text short cite: debate "Sessions 18", MLA "Sessions", APA "Sessions, 2018".

    A card from a paged source (a PDF) adds its page in MLA ("Sessions 12") and APA
    ("Sessions, 2018, p. 12"), as those styles cite quotations; the debate short cite has none.

    Two authors are joined ("Sessions and Doe"; APA "Sessions & Doe"), more become "et al.";
    without an author the outlet or the title's first words stand in, as in :func:`short_cite`.
    A quoted speaker leads: "Sessions quoted in Kraychik n.d.", MLA "Sessions qtd. in
    Kraychik", APA "Sessions, as cited in Kraychik, n.d.".
    """
    base = _article_in_text(cite, style)
    speaker = last_name(clean_field(cite.speaker))
    if not speaker:
        return base
    if style == "apa":
        return f"{speaker}, as cited in {base}"
    return f"{speaker} {'qtd.' if style == 'mla' else 'quoted'} in {base}"


def _article_in_text(cite: Cite, style: CiteStyle) -> str:
    if style == "debate":
        return short_cite(cite)
    people, et_al = read_authors(cite.author)
    families = [person.family for person in people]
    if et_al or len(families) > 2:
        name = f"{families[0]} et al."
    elif len(families) == 2:
        name = f"{families[0]} {'&' if style == 'apa' else 'and'} {families[1]}"
    elif families:
        name = families[0]
    else:
        name = _stand_in(cite)
        if not clean_field(cite.outlet) and name:
            name = f'"{name}"'  # MLA and APA quote a title standing in for an author
    pages = clean_field(cite.pages)
    if style == "mla":
        # MLA names the page bare: (Sessions 12), (Sessions 12–13).
        bare = pages.removeprefix("pp. ").removeprefix("p. ")
        return f"{name or UNTITLED} {bare}".rstrip()
    date = parse_date(cite.date)
    year = str(date.year) if date else (clean_field(cite.date) or NO_DATE)
    return f"{name or UNTITLED}, {year}" + (f", {pages}" if pages else "")
