"""The classroom packet: numbered sources and paragraphs, the appendix's pointers, variants."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import pytest

from debateprep.exporters import render_packet_html, render_packet_markdown
from debateprep.exporters.argument_map import BLANK_CELL
from debateprep.exporters.packet_questions import QUESTIONS, question_line
from debateprep.records import MotionBundle


def test_source_texts_are_numbered_paragraphs(bundle: MotionBundle) -> None:
    text = render_packet_markdown(bundle, "teacher")
    assert "### 1. Why Detainers Matter\n" in text
    assert "**¶2** \\# When a detainer is ignored" in text
    assert "**¶3** Cooperation costs little" in text
    assert "### 2. What “sanctuary” \\| really means &lt;script&gt;" in text


def test_appendix_points_to_the_paragraph_each_quote_starts_in(bundle: MotionBundle) -> None:
    text = render_packet_markdown(bundle, "teacher")
    appendix = text.split("## Evidence appendix\n\n")[1]
    pointers = [line for line in appendix.splitlines() if line.startswith("*Source:*")]
    assert pointers == [
        f"*Source:* {where}" for where in ("2, ¶2", "2, ¶1", "1, ¶1", "1, ¶3", "2, ¶3")
    ]


def test_missing_text_is_said_and_the_pointer_loses_its_paragraph(bundle: MotionBundle) -> None:
    text = render_packet_markdown(replace(bundle, texts={2: bundle.texts[2]}), "teacher")
    assert "*The text of this source is not included.*" in text
    assert "\n*Source:* 1\n" in text


def test_teacher_copy_shows_answers_and_the_questions(bundle: MotionBundle) -> None:
    text = render_packet_markdown(bundle, "teacher")
    assert "**Teacher copy:**" in text
    assert "Families can stay together" in text
    assert "### Unlinked counterarguments" in text
    assert "*Supports:* Community trust is not harmed by enforcement" in text
    assert BLANK_CELL not in text
    questions = text.split("## Questions\n\n")[1]
    for n, question in enumerate(QUESTIONS, start=1):
        assert f"{question_line(n, question)}\n\n*Model answer:*\n\n" in questions


def test_worksheet_blanks_the_answers_and_asks_questions(bundle: MotionBundle) -> None:
    text = render_packet_markdown(bundle, "worksheet")
    assert "**Student worksheet:**" in text
    assert text.count(BLANK_CELL) == 6
    for answer in ("Families can stay together", "Unlinked", "*Supports:*"):
        assert answer not in text
    questions = text.split("## Questions\n\n")[1]
    assert (
        questions
        == "\n\n".join(question_line(n, q) for n, q in enumerate(QUESTIONS, start=1)) + "\n"
    )
    assert "Model answer" not in text


def test_unknown_variant_is_refused(bundle: MotionBundle) -> None:
    with pytest.raises(ValueError, match="variant"):
        render_packet_markdown(bundle, "student")  # type: ignore[arg-type]


def test_stylesheet_cannot_close_its_element(bundle: MotionBundle) -> None:
    html = render_packet_html(bundle, "worksheet", css="p { color: red } </style><script>")
    assert html.count("</style>") == 1
    assert '<body class="packet packet-worksheet">' in html


def test_html_from_markdown_already_rendered_is_the_same(bundle: MotionBundle) -> None:
    # The facade renders the packet's Markdown once and hands it to the HTML renderer.
    variant: Literal["teacher", "worksheet"]
    for variant in ("teacher", "worksheet"):
        text = render_packet_markdown(bundle, variant)
        given = render_packet_html(bundle, variant, "p {}", markdown_text=text)
        assert given == render_packet_html(bundle, variant, "p {}")
