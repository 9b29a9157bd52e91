"""Importing keeps the text exact, stores the hidden spans and reports front-matter warnings."""

from __future__ import annotations

from pathlib import Path

from debateprep.facade.library import Library
from debateprep.records import ImportStatus

CLIP = """---
title: De Blasio To Trump: We'll See You In Court
source: https://news.example/de-blasio
---
<p>Mayor Bill de Blasio said he would sue.</p>
<p>ADVERTISEMENT</p>
<p>The city gets $7 billion a year.</p>
"""


def test_clip_import_warns_and_hides_boilerplate(empty_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "clip.md"
    path.write_text(CLIP, encoding="utf-8")
    outcome = empty_library.import_file(path)
    assert outcome.status is ImportStatus.IMPORTED
    assert "Warning: clip.md: the front matter is not valid YAML" in outcome.message
    assert outcome.source is not None
    source = empty_library.source(outcome.source.id)
    text = empty_library.source_text(source.id)
    assert source.title == "De Blasio To Trump: We'll See You In Court"
    assert source.url == "https://news.example/de-blasio"
    assert [text[a:b] for a, b in source.hidden] == ["ADVERTISEMENT"]
    assert text == (
        "Mayor Bill de Blasio said he would sue.\n\nADVERTISEMENT\n\n"
        "The city gets $7 billion a year."
    )
    # Hidden lines stay quotable: a card across them quotes the stored text exactly.
    motion = empty_library.create_motion("Cities should keep sanctuary policies", "Pro", "Con")
    card = empty_library.cut_card(
        source.id, 0, len(text), tag="All of it", side="A", motion_id=motion.id
    )
    assert card.quote == text


def test_pasted_sources_have_no_hidden_spans(empty_library: Library) -> None:
    source = empty_library.add_source("ADVERTISEMENT\n\nBody text.", title="Pasted")
    assert source.hidden == ()
