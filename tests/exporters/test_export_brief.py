"""The brief: Verbatim's heading hierarchy, cards in order, highlights, references."""

from __future__ import annotations

from dataclasses import replace

from exporter_html import Page, render

from debateprep.exporters import render_brief
from debateprep.records import BriefRecord, BriefSectionRecord, MotionBundle


def test_headings_follow_pocket_hat_block_tag(brief: BriefRecord, bundle: MotionBundle) -> None:
    page = Page(render(render_brief(brief, bundle)))
    # The brief's title, motion and side are front lines, not headings: the headings are
    # exactly each section's level (pocket, hat, block) and the cards' tags.
    assert page.headings == [
        ("h1", "Case"),
        ("h3", "Crime"),
        ("h4", "Sanctuary policies release criminals back into communities"),
        ("h4", "Jails release people before ICE can act"),
        ("h2", "Answers"),
        ("h3", "A2 trust"),
        ("h4", "Community trust is not harmed by enforcement"),
        ("h4", "Cooperation is cheap"),
        ("h4", "Families can stay together through voluntary departure"),
        ("h3", "Cooperation #1"),
        ("h4", "Federal law requires cooperation with detainers"),
        ("h4", "Hostile markup in a reader comment"),
        ("h4", "Jails release people before ICE can act"),  # card 999 is skipped
        ("h3", "Untitled section"),
        ("h1", "References"),
    ]
    text = render_brief(brief, bundle)
    assert text.startswith(
        "**Negative: enforcement works**\n\n**Motion:** Resolved: The United States"
    )


def test_evidence_card_layout(brief: BriefRecord, bundle: MotionBundle) -> None:
    text = render_brief(brief, bundle)
    assert "**Side:** Negative \\| Con\n" in text
    assert (
        "#### Cooperation is cheap\n\n"
        "Marcus T. **Hale** Jr., former Deputy Director, Office of Detention Policy, "
        '**2018**-03-07, "Why Detainers Matter," Policy Review Quarterly, '
        "https://example.org/detainers?id=7&amp;ref=a\\_b, accessed 2024-05-01\n\n"
        "> Cooperation **costs little**: a phone call, a fax, a 48-hour hold.\n\n"
    ) in text
    # A quote over two paragraphs keeps the break, and a "#" opening one stays text.
    assert (
        "> **released** before federal officers can act.\n>\n"
        "> \\# When a detainer is ignored, the person **walks out the door**\n"
    ) in text
    assert "*Note:* Context: the author quotes a reader &lt;!-- hidden --&gt;." in text


def test_claims_show_warrant_and_what_they_answer(brief: BriefRecord, bundle: MotionBundle) -> None:
    text = render_brief(brief, bundle)
    assert "communities\n\nWarrant: a released person can reoffend before removal.\n" in text
    assert (
        "#### Community trust is not harmed by enforcement\n\n"
        "*Answers:* Sanctuary policies build trust \\| cooperation with police\n"
    ) in text


def test_references_list_quoted_sources_by_first_appearance(
    brief: BriefRecord, bundle: MotionBundle
) -> None:
    references = render_brief(brief, bundle).split("# References\n\n")[1].splitlines()
    assert len(references) == 2
    assert references[0].startswith("1. Marcus T. Hale Jr. (former Deputy Director")
    assert references[1].startswith("2. Okafor, Ngozi and Lee Chen (researchers")


def test_brief_without_evidence_has_no_reference_list(bundle: MotionBundle) -> None:
    brief = BriefRecord(0, 1, bundle.cards[0].side, "", (BriefSectionRecord(1, "Only", (1,)),))
    text = render_brief(brief, bundle)
    assert text.startswith("**Untitled brief**\n")
    assert "References" not in text
    assert text.endswith("from U.S.-citizen children.\n")


def test_evidence_without_any_citation_is_flagged(brief: BriefRecord, bundle: MotionBundle) -> None:
    cards = tuple(replace(card, source_id=None) if card.id == 15 else card for card in bundle.cards)
    cards = tuple(
        replace(card, cite=type(card.cite)()) if card.id == 15 else card for card in cards
    )
    text = render_brief(brief, replace(bundle, cards=cards))
    assert "#### Cooperation is cheap\n\n⚠ No citation\n\n> Cooperation" in text
