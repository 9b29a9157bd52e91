"""A quoted speaker's cite in every export, and the short cite always bold in .docx."""

from __future__ import annotations

from dataclasses import replace

from docx_support import dump_docx
from exporter_samples import sample_brief

from debateprep.exporters.brief import render_brief
from debateprep.exporters.verbatim_docx import render_brief_docx
from debateprep.importers.verbatim_docx import parse_verbatim_docx
from debateprep.records import Cite, MotionBundle
from debateprep.text.citations import cite_parts

SPEAKER = {"speaker": "Jeff Sessions", "speaker_quals": "Attorney General"}


def _with_speaker(bundle: MotionBundle, card_id: int = 14) -> MotionBundle:
    cards = tuple(
        replace(card, cite=replace(card.cite, **SPEAKER)) if card.id == card_id else card
        for card in bundle.cards
    )
    return replace(bundle, cards=cards)


def test_speaker_leads_the_docx_cite_with_the_short_cite_in_the_cite_style(
    bundle: MotionBundle,
) -> None:
    dump = dump_docx(render_brief_docx(sample_brief(), _with_speaker(bundle)))
    line = next(line for line in dump.splitlines() if "quoted in" in line)
    assert line.startswith('Normal: "Jeff "')
    assert '"Sessions"[Cite]' in line and "Attorney General, quoted in " in line
    assert " n.d." in line or any(ch.isdigit() for ch in line)  # the article's short cite


def test_speaker_in_the_markdown_brief(bundle: MotionBundle) -> None:
    text = render_brief(sample_brief(), _with_speaker(bundle))
    assert "Jeff **Sessions**, Attorney General, quoted in **" in text


def test_short_cite_is_bold_in_docx_without_author_or_date(bundle: MotionBundle) -> None:
    cards = tuple(
        replace(card, cite=Cite(outlet="Reuters", title="Jails release people"))
        if card.id == 14
        else card
        for card in bundle.cards
    )
    data = render_brief_docx(sample_brief(), replace(bundle, cards=cards))
    dump = dump_docx(data)
    assert '"Reuters"[Cite] ", " "n.d."[Cite]' in dump
    # Verbatim's reader reads the line back exactly (an outlet leading the line reads as an
    # author: the two print the same, so the cite it gives back prints the same line).
    found = parse_verbatim_docx(data, "b.docx").cards
    assert all(card.cite_exact for card in found)
    line = cite_parts(Cite(outlet="Reuters", title="Jails release people"), "debate")
    assert any(cite_parts(card.cite, "debate") == line for card in found)
