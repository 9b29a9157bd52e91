"""The starter's sources hide their ">> READ MORE:" lines, and older libraries get them hidden."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import update

from debateprep.facade.hidden_refresh import RULES_KEY, refresh_hidden_once
from debateprep.facade.library import Library
from debateprep.storage import db
from debateprep.storage.models import Source
from debateprep.text.markdown_text import paragraph_spans


def _read_more_source(library: Library) -> tuple[int, str]:
    source = next(s for s in library.sources() if "READ MORE" in library.source_text(s.id))
    return source.id, library.source_text(source.id)


def test_starter_packet_leaves_out_read_more_lines_and_keeps_numbers(
    starter_library: Library,
) -> None:
    source_id, text = _read_more_source(starter_library)
    source = next(s for s in starter_library.sources() if s.id == source_id)
    assert [text[a:b] for a, b in source.hidden if "READ MORE" in text[a:b]]
    packet = starter_library.render_packet(starter_library.default_motion().id, "teacher")[0]
    section = packet.split("## Source texts")[1]
    assert "READ MORE" not in section
    paragraphs = [text[a:b] for a, b in paragraph_spans(text)]
    numbers = [k for k, body in enumerate(paragraphs, start=1) if "READ MORE" in body]
    assert numbers
    for k in numbers:
        # The link's paragraph is skipped; the one after it keeps its own number.
        assert f"**¶{k}** " not in section.split("### ")[_packet_number(section, text)]
        following = " ".join(paragraphs[k].split()[:4])
        assert f"**¶{k + 1}** {following}" in section


def _packet_number(section: str, text: str) -> int:
    """Which "### n." block of the source texts holds ``text`` (its first words)."""
    opening = " ".join(text.split("\n\n")[1].split()[:5])
    return next(n for n, block in enumerate(section.split("### ")) if opening in block)


def test_an_older_library_gets_its_hidden_spans_computed_again(
    _starter_template: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "old"
    shutil.copytree(_starter_template, folder)
    with Library.open(folder / "library.db", index=False) as library:
        source_id, text = _read_more_source(library)
        with library._store.write() as tx:  # as a library imported before the new rules
            tx.session.execute(update(Source).values(hidden=""))
            db.set_meta(tx.session, RULES_KEY, "1")
    with Library.open(folder / "library.db", index=False) as library:
        source = next(s for s in library.sources() if s.id == source_id)
        hidden = [text[a:b] for a, b in source.hidden]
        assert sum("READ MORE" in line for line in hidden) == 3
        assert refresh_hidden_once(library) == 0  # once: the rules' version is recorded


def test_text_the_user_pasted_keeps_every_line_when_the_rules_change(tmp_path: Path) -> None:
    with Library.open(tmp_path / "l.db", empty=True, index=False) as library:
        pasted = library.add_source(">> READ MORE: my own line\n\nBody text.", title="Mine")
        with library._store.write() as tx:  # as before the rules learned link lines
            db.set_meta(tx.session, RULES_KEY, "1")
    with Library.open(tmp_path / "l.db", empty=True, index=False) as library:
        (source,) = library.sources()
        assert source.id == pasted.id and source.hidden == ()
