"""The packet's questions: teacher-only note answers, model answers computed from the bundle,
and the source facts (missing ones flagged) that Q3 asks about."""

from __future__ import annotations

from dataclasses import replace

import pytest

from debateprep.exporters import render_packet_markdown
from debateprep.exporters.argument_map import side_rows
from debateprep.exporters.packet_questions import NO_MODEL_ANSWER, read_aloud
from debateprep.facade.library import Library
from debateprep.records import (
    CardKind,
    CardRecord,
    LinkKind,
    LinkRecord,
    MotionBundle,
    Side,
)
from debateprep.text.note_kinds import is_answer

ANSWER = "Answer: Con will say one reader proves nothing."


def _card(bundle: MotionBundle, card_id: int) -> CardRecord:
    (card,) = (card for card in bundle.cards if card.id == card_id)
    return card


def _with_cards(bundle: MotionBundle, *cards: CardRecord) -> MotionBundle:
    by_id = {card.id: card for card in cards}
    return replace(bundle, cards=tuple(by_id.get(card.id, card) for card in bundle.cards))


def _model_answer(text: str, number: int) -> str:
    """The teacher copy's model answer under question ``number``."""
    after = text.split(f"**{number}.** ")[1].split("*Model answer:*\n\n")[1]
    return after.split(f"**{number + 1}.** ")[0]


def _row_lines(answer: str) -> list[list[str]]:
    """Q2's model answer as rows: each "- Row n:" line with the indented lines under it."""
    rows: list[list[str]] = []
    for line in answer.strip().splitlines():
        if line.startswith("- Row "):
            rows.append([line])
        else:
            assert line.startswith("    "), line
            rows[-1].append(line)
    return rows


def _assert_every_row_answered_or_flagged(bundle: MotionBundle) -> None:
    text = render_packet_markdown(bundle, "teacher")
    rows = _row_lines(_model_answer(text, 2))
    map_rows = side_rows(bundle)
    assert [row[0].split(":")[0] for row in rows] == [
        f"- Row {n}" for n in range(1, len(map_rows) + 1)
    ]
    for row, map_row in zip(rows, map_rows, strict=True):
        if NO_MODEL_ANSWER in row[0]:
            assert len(row) == 1
        else:
            assert row[1].startswith("    - Answer ("), row
        answered = any(card.id != map_row.anchor.id for card in map_row.cell(Side.A))
        answered |= any(card.id != map_row.anchor.id for card in map_row.cell(Side.B))
        assert (NO_MODEL_ANSWER in row[0]) is not answered


def test_worksheet_hides_answer_paragraphs_the_teacher_copy_keeps(bundle: MotionBundle) -> None:
    card = _card(bundle, 16)
    notes = f"{card.notes}\n\n{ANSWER}\n\nCaveat (anecdote): one reader's comment."
    bundle = _with_cards(bundle, replace(card, notes=notes))
    teacher = render_packet_markdown(bundle, "teacher")
    worksheet = render_packet_markdown(bundle, "worksheet")
    assert "\nAnswer: Con will say one reader proves nothing.\n" in teacher
    assert not any(is_answer(paragraph) for paragraph in worksheet.split("\n\n"))
    assert "one reader proves nothing" not in worksheet
    # The rest of the notes stay on the worksheet.
    for kept in ("*Note:* Context: the author quotes", "Caveat (anecdote): one reader's comment."):
        assert kept in worksheet and kept in teacher


def test_every_map_row_has_a_model_answer_or_a_visible_flag(bundle: MotionBundle) -> None:
    _assert_every_row_answered_or_flagged(bundle)
    answer = _model_answer(render_packet_markdown(bundle, "teacher"), 2)
    assert (
        "- Row 2: **Sanctuary policies build trust \\| cooperation with police** (Affirmative)\n"
        "    - Answer (Negative \\| Con): **Community trust is not harmed by enforcement**\n"
        "        - Evidence: *Cooperation is cheap* (Hale 18). Read aloud: “costs little”\n"
    ) in answer
    assert (
        "- Row 1: **Interior enforcement separates families** (Affirmative)\n"
        "    - Answer (Negative \\| Con): **Families can stay together through voluntary "
        "departure** ⚠ No evidence card supports this answer yet.\n"
    ) in answer
    assert (
        "- Row 3: ⚠ No model answer yet: nobody answers "
        "**\\# Enforcement costs outweigh its benefits \\#** (Affirmative).\n"
    ) in answer


def test_every_starter_map_row_has_a_model_answer_or_a_flag(starter_library: Library) -> None:
    bundle = starter_library.motion_bundle(starter_library.default_motion().id)
    assert side_rows(bundle)
    _assert_every_row_answered_or_flagged(bundle)
    worksheet = render_packet_markdown(bundle, "worksheet")
    assert not any(is_answer(paragraph) for paragraph in worksheet.split("\n\n"))


def test_strongest_evidence_counts_cards_without_caveats_first(bundle: MotionBundle) -> None:
    links = (
        *bundle.links,
        LinkRecord(id=20, kind=LinkKind.SUPPORTS, from_id=15, to_id=10),
        LinkRecord(id=21, kind=LinkKind.SUPPORTS, from_id=16, to_id=11),
    )
    caveat = "Caveat (no data): a claim, no figures."
    bundle = _with_cards(
        replace(bundle, links=links),
        replace(_card(bundle, 14), notes=caveat),
        replace(_card(bundle, 15), notes="Caveat (anecdote): one sheriff."),
    )
    answer = _model_answer(render_packet_markdown(bundle, "teacher"), 1)
    assert (
        "- Negative \\| Con: **Federal law requires cooperation with detainers** "
        "(1 evidence card, 0 caveats): *Hostile markup in a reader comment* (Okafor 19; no "
        "caveat). Why: more evidence cards without a caveat than any other Negative \\| Con "
        "argument (1 of 1; next best: 0).\n"
    ) in answer
    assert (
        "- Affirmative: **Sanctuary policies build trust \\| cooperation with police** "
        "(1 evidence card, 0 caveats): *Residents report more crimes when police stay out of "
        "immigration* (Okafor 19; no caveat). Why: more evidence cards without a caveat than "
        "any other Affirmative argument (1 of 1; next best: 0).\n"
    ) in answer


def test_a_side_without_evidence_is_flagged(bundle: MotionBundle) -> None:
    bundle = replace(bundle, links=())
    answer = _model_answer(render_packet_markdown(bundle, "teacher"), 1)
    assert answer.count(f"{NO_MODEL_ANSWER} no argument on this side has evidence.") == 2


@pytest.mark.parametrize("variant", ["teacher", "worksheet"])
def test_sources_list_flags_what_each_source_lacks(bundle: MotionBundle, variant: str) -> None:
    source = replace(bundle.sources[1], date="", outlet="", qualifications="")
    bundle = replace(bundle, sources=(bundle.sources[0], source))
    text = render_packet_markdown(bundle, variant)  # type: ignore[arg-type]
    listed = text.split("## Sources\n\n")[1].split("\n\n")[0].splitlines()
    assert listed[0].startswith("1. Marcus T. Hale Jr.") and "⚠" not in listed[0]
    assert listed[1].startswith("2. Okafor, Ngozi and Lee Chen.")
    assert listed[1].endswith(" — ⚠ *no date, no qualifications, no outlet*")


def test_source_facts_show_each_field_or_flag_it(bundle: MotionBundle) -> None:
    source = replace(bundle.sources[1], date="", outlet="")
    # Without card 16, source 2 is quoted by the Affirmative only: a pair to compare.
    cards = tuple(card for card in bundle.cards if card.id != 16)
    bundle = replace(bundle, sources=(bundle.sources[0], source), cards=cards)
    answer = _model_answer(render_packet_markdown(bundle, "teacher"), 3)
    assert (
        "- **1\\. Why Detainers Matter**: author: Marcus T. Hale Jr.; qualifications: former "
        "Deputy Director, Office of Detention Policy; date: 2018-03-07; outlet: Policy Review "
        "Quarterly. Quoted by Negative \\| Con (2 cards).\n"
    ) in answer
    assert (
        "author: Okafor, Ngozi and Lee Chen; qualifications: researchers, Center for Community "
        "Safety; date: ⚠ missing; outlet: ⚠ missing. Missing: no date, no outlet. "
        "Quoted by Affirmative (2 cards).\n"
    ) in answer
    assert (
        "To compare two that disagree: source 2 (2 of its 2 cards on Affirmative) against "
        "source 1 (2 of its 2 cards on Negative \\| Con)."
    ) in answer


def test_read_aloud_is_the_highlights_else_the_first_sentence(bundle: MotionBundle) -> None:
    card = _card(bundle, 14)
    assert read_aloud(card) == "“released … walks out the door”"
    plain = CardRecord(
        id=30,
        kind=CardKind.EVIDENCE,
        side=Side.A,
        tag="t",
        quote="Crime fell 3.5% in 2019. It rose\nagain later.",
    )
    assert read_aloud(plain) == "“Crime fell 3.5% in 2019.”"
    assert read_aloud(replace(plain, quote="")) == "⚠ the card has no quote"
    # A quotation keeps its own marks, not doubled ones.
    assert read_aloud(replace(plain, quote="“We’re looking.” He left.")) == "“We’re looking.”"


def test_source_facts_name_a_recorded_stance(bundle: MotionBundle) -> None:
    source = replace(bundle.sources[0], lean="for stricter enforcement")
    bundle = replace(bundle, sources=(source, *bundle.sources[1:]))
    answer = _model_answer(render_packet_markdown(bundle, "teacher"), 3)
    assert "outlet: Policy Review Quarterly; stance: for stricter enforcement. Quoted by" in answer
