"""Kinds of note paragraphs: caveats by kind, teacher-only answers, [sic], plain notes."""

from __future__ import annotations

import pytest

from debateprep.text.note_kinds import (
    CAVEAT_KINDS,
    NoteParagraph,
    caveats,
    classify,
    is_answer,
    note_paragraphs,
    student_notes,
)

NOTES = (
    "Caveat (advocacy source): the outlet campaigns\nfor stricter enforcement.\n\n"
    "Answer: Con will say it binds only Massachusetts.\n\n"
    "[sic] The source spells it “detainor”.\n\n"
    "Read with the 2019 follow-up.\n\n"
    "caveat (No Data):   one county, one year."
)


def test_each_paragraph_gets_its_kind() -> None:
    assert note_paragraphs(NOTES) == [
        NoteParagraph(
            "caveat", "the outlet campaigns for stricter enforcement.", "advocacy source"
        ),
        NoteParagraph("answer", "Con will say it binds only Massachusetts."),
        NoteParagraph("sic", "The source spells it “detainor”."),
        NoteParagraph("plain", "Read with the 2019 follow-up."),
        NoteParagraph("caveat", "one county, one year.", "no data"),
    ]


def test_caveats_lists_kind_and_text_in_order() -> None:
    assert caveats(NOTES) == [
        ("advocacy source", "the outlet campaigns for stricter enforcement."),
        ("no data", "one county, one year."),
    ]
    assert caveats("") == [] and caveats("Plain words only.") == []


@pytest.mark.parametrize("kind", CAVEAT_KINDS)
def test_every_caveat_kind_is_recognised(kind: str) -> None:
    assert caveats(f"Caveat ({kind}): why.") == [(kind, "why.")]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Caveat (bias): an unknown kind is not a caveat.",
        "Caveat: no kind given.",
        "The caveat (no data): is not at the start.",
    ],
)
def test_not_a_caveat(paragraph: str) -> None:
    assert classify(paragraph).kind == "plain"
    assert caveats(paragraph) == []


@pytest.mark.parametrize(
    ("paragraph", "answer"),
    [
        ("Answer: Con will say it binds only Massachusetts.", True),
        ("  answer :  lower case and spaced", True),
        ("Answers the claim that jails are full.", False),
        ("The answer: is mid-sentence.", False),
        ("", False),
    ],
)
def test_is_answer(paragraph: str, answer: bool) -> None:
    assert is_answer(paragraph) is answer


def test_student_notes_drop_answers_and_keep_the_rest_as_written() -> None:
    kept = student_notes(NOTES)
    assert "Massachusetts" not in kept
    assert kept == (
        "Caveat (advocacy source): the outlet campaigns\nfor stricter enforcement.\n\n"
        "[sic] The source spells it “detainor”.\n\n"
        "Read with the 2019 follow-up.\n\n"
        "caveat (No Data):   one county, one year."
    )


def test_student_notes_without_answers_are_unchanged() -> None:
    notes = "First line\nsecond line.\n\n\n\nAnother paragraph.\n"
    assert student_notes(notes) == notes
    assert student_notes("Answer: only the answer.") == ""
