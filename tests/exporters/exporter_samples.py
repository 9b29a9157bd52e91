"""A small hand-built motion bundle for exporter tests, hostile text included on purpose.

Two sources with texts (curly quotes, a pipe, ``<script>``, backticks, ``#`` at a line start),
three arguments per side, counterarguments (one answering a counterargument, one answering
nothing), evidence with highlights, and links that include a duplicate and a dangling id.
Plain functions (not fixtures) so Hypothesis tests can build variants of it.
"""

from __future__ import annotations

from debateprep.records import (
    BriefRecord,
    BriefSectionRecord,
    CardKind,
    CardRecord,
    Cite,
    Highlight,
    LinkKind,
    LinkRecord,
    MotionBundle,
    MotionRecord,
    SectionLevel,
    Side,
    SourceRecord,
)

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- hidden -->",
    "[x](javascript:alert(1))",
)

TEXT_1 = (
    "Local jails hold thousands of people every year who are later released before federal "
    "officers can act.\n"
    "\n"
    "# When a detainer is ignored, the person walks out the door \u2014 and \u201cnobody is\n"
    "notified.\u201d That gap is what detainers close.\n"
    "\n\n"
    "Cooperation costs little: a phone call, a fax, a 48-hour hold.\n"
)
TEXT_2 = (
    "In counties that limit cooperation with immigration detainers, crime rates were "
    "statistically indistinguishable from comparable counties.\r\n"
    "\r\n"
    "Residents said they were \u201cmore willing\u201d to report crimes | call 911 when police "
    "stayed out of immigration.\r\n"
    "\r\n"
    "A reader wrote `<script>alert(1)</script>` and <img src=x onerror=alert(1)> in the "
    "comments; [x](javascript:alert(1)) too.\r\n"
    "- Not a list\r\n"
    "1. Not a list either\r\n"
)

SOURCE_1 = SourceRecord(
    id=1,
    title="Why Detainers Matter",
    author="Marcus T. Hale Jr.",
    qualifications="former Deputy Director, Office of Detention Policy",
    outlet="Policy Review Quarterly",
    date="2018-03-07",
    url="https://example.org/detainers?id=7&ref=a_b",
    accessed="2024-05-01",
    length=len(TEXT_1),
)
SOURCE_2 = SourceRecord(
    id=2,
    title="What \u201csanctuary\u201d | really means <script>alert(1)</script>",
    author="Okafor, Ngozi and Lee Chen",
    qualifications="researchers, Center for Community Safety",
    outlet="The Civic Ledger",
    date="March 2019",
    url="https://example.com/sanctuary",
    length=len(TEXT_2),
)


def _evidence(
    card_id: int,
    side: Side,
    tag: str,
    source: SourceRecord,
    text: str,
    quote: str,
    highlights: tuple[str, ...],
    *,
    cite: Cite | None = None,
    notes: str = "",
) -> CardRecord:
    """An evidence card quoting ``quote`` from ``text``, highlighting the given phrases."""
    start = text.index(quote)
    spans = tuple((quote.index(part), quote.index(part) + len(part)) for part in highlights)
    return CardRecord(
        id=card_id,
        kind=CardKind.EVIDENCE,
        side=side,
        tag=tag,
        motion_id=1,
        source_id=source.id,
        start=start,
        end=start + len(quote),
        quote=quote,
        highlights=tuple(Highlight(*span) for span in spans),
        cite=source.cite if cite is None else cite,
        notes=notes,
    )


def _claim(card_id: int, kind: CardKind, side: Side, tag: str, notes: str = "") -> CardRecord:
    return CardRecord(id=card_id, kind=kind, side=side, tag=tag, notes=notes, motion_id=1)


ARG, COUNTER = CardKind.ARGUMENT, CardKind.COUNTERARGUMENT
A, B = Side.A, Side.B

CARDS = (
    _claim(1, ARG, A, "Interior enforcement separates families",
           "Deportations remove parents\nfrom U.S.-citizen children."),
    _claim(2, ARG, A, "Sanctuary policies build trust | cooperation with police"),
    _claim(3, ARG, A, "# Enforcement costs outweigh its benefits #",
           "1. Money spent on detention\n\n2. is money not spent on courts."),
    _claim(4, COUNTER, A, "Crime is not higher in sanctuary counties"),
    _claim(5, COUNTER, A, "Trust surveys ask *police chiefs*, not residents"),
    _claim(6, COUNTER, A, "`Catch and release` is a myth"),
    _evidence(7, A, "Residents report more crimes when police stay out of immigration",
              SOURCE_2, TEXT_2,
              "Residents said they were \u201cmore willing\u201d to report crimes | call 911 "
              "when police stayed out of immigration.",
              ("\u201cmore willing\u201d", " report crimes ")),
    _evidence(8, A, "Crime rates are statistically the same", SOURCE_2, TEXT_2,
              "crime rates were statistically indistinguishable from comparable counties",
              ("statistically indistinguishable",), cite=Cite()),
    _claim(9, ARG, B, "Sanctuary policies release criminals back into communities",
           "Warrant: a released person\ncan reoffend before removal."),
    _claim(10, ARG, B, "Enforcement deters illegal entry <script>alert(1)</script>"),
    _claim(11, ARG, B, "Federal law requires\ncooperation with detainers"),
    _claim(12, COUNTER, B, "Community trust is not harmed by enforcement"),
    _claim(13, COUNTER, B, "Families can stay together through voluntary departure"),
    _evidence(14, B, "Jails release people before ICE can act", SOURCE_1, TEXT_1,
              "released before federal officers can act.\n\n# When a detainer is ignored, "
              "the person walks out the door",
              ("released", "walks out the door")),
    _evidence(15, B, "Cooperation is cheap", SOURCE_1, TEXT_1,
              "Cooperation costs little: a phone call, a fax, a 48-hour hold.",
              ("costs little",)),
    _evidence(16, B, "Hostile markup in a reader comment", SOURCE_2, TEXT_2,
              "A reader wrote `<script>alert(1)</script>` and <img src=x onerror=alert(1)> in "
              "the comments; [x](javascript:alert(1)) too.",
              ("<script>alert(1)</script>",),
              notes="Context: the author\nquotes a reader <!-- hidden -->."),
)  # fmt: skip


def _link(link_id: int, kind: LinkKind, from_id: int, to_id: int) -> LinkRecord:
    return LinkRecord(id=link_id, kind=kind, from_id=from_id, to_id=to_id)


S, ANS = LinkKind.SUPPORTS, LinkKind.ANSWERS
LINKS = (
    _link(1, S, 7, 2),
    _link(2, S, 8, 4),
    _link(3, S, 14, 9),
    _link(4, S, 15, 12),
    _link(5, ANS, 4, 9),
    _link(6, ANS, 5, 12),
    _link(7, ANS, 12, 2),
    _link(8, ANS, 13, 1),
    _link(9, S, 7, 2),  # a duplicate link is drawn once
    _link(10, ANS, 13, 999),  # a dangling link is ignored
    _link(11, S, 8, 5),
)


def sample_bundle() -> MotionBundle:
    return MotionBundle(
        motion=MotionRecord(
            id=1,
            resolution="Resolved: The United States should substantially reduce interior "
            "immigration enforcement.",
            side_a="Affirmative",
            side_b="Negative | Con",
        ),
        cards=CARDS,
        links=LINKS,
        sources=(SOURCE_1, SOURCE_2),
        texts={1: TEXT_1, 2: TEXT_2},
    )


def sample_brief() -> BriefRecord:
    return BriefRecord(
        id=3,
        motion_id=1,
        side=Side.B,
        title="Negative: enforcement works",
        sections=(
            BriefSectionRecord(id=5, title="Case", level=SectionLevel.POCKET),
            BriefSectionRecord(id=1, title="Crime", card_ids=(9, 14)),
            BriefSectionRecord(id=6, title="Answers", level=SectionLevel.HAT),
            BriefSectionRecord(id=2, title="A2 trust", card_ids=(12, 15, 13)),
            BriefSectionRecord(id=3, title="Cooperation\n#1", card_ids=(11, 16, 999, 14)),
            BriefSectionRecord(id=4, title="", card_ids=()),
        ),
    )
