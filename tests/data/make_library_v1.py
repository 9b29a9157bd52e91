"""Make ``tests/data/library_v1.db``: a library saved by the first released schema (version 1).

Not run by the tests: the fixture is committed so the migration test always upgrades a file
that really was written by schema 1. Reproduce it by running this script on a checkout of the
schema-1 code (commit 61570e1, before ``debateprep/storage/migrations.py`` existed)::

    PYTHONPATH=. python tests/data/make_library_v1.py [OUT]

It holds the starter content plus hand-made content the upgrade must keep: an imported source
with curly quotes, an evidence card with highlights and a custom cite, an argument and a
counterargument with supports/answers links, labels, and a stored brief with two sections.
The WAL is checkpointed into the main file so the fixture is one self-contained file.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from debateprep.facade.library import Library
from debateprep.records import Cite
from debateprep.storage.models import SCHEMA_VERSION

HERE = Path(__file__).resolve().parent

SOURCE_TEXT = (
    "Homework and the “Ten-Minute Rule”\n"
    "\n"
    "By Dana Reyes\n"
    "\n"
    "Researchers found that “more homework isn’t always better” for younger students. "
    "The ‘ten-minute rule’ suggests ten minutes per grade level each night.\n"
)


def build(out: Path) -> None:
    if SCHEMA_VERSION != 1:
        raise SystemExit(f"run this on the schema-1 code (this is schema {SCHEMA_VERSION})")
    if out.exists():
        raise SystemExit(f"{out} exists; delete it first")
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "homework_curly.txt"
        article.write_text(SOURCE_TEXT, encoding="utf-8")
        with Library.open(out) as library:
            motion = library.default_motion()
            outcome = library.import_file(article)
            assert outcome.source is not None
            source = outcome.source
            text = library.source_text(source.id)
            quote = "“more homework isn’t always better”"
            start = text.index(quote)
            evidence = library.cut_card(
                source.id,
                start,
                start + len(quote),
                tag="Homework has diminishing returns",
                side="A",
                motion_id=motion.id,
                highlights=[(1, 14), (23, 29)],
                labels=["homework", "Fixture"],
            )
            library.edit_card(
                evidence.id,
                cite=Cite(
                    author="Dana Reyes",
                    qualifications="education reporter",
                    date="2023-09-01",
                    title="Homework and the “Ten-Minute Rule”",
                    outlet="The Fixture Times",
                    url="https://example.org/homework",
                    accessed="2024-01-15",
                ),
            )
            argument = library.create_card(
                "argument",
                "A",
                "Schools should cap nightly homework",
                motion_id=motion.id,
                notes="Lead with the ten-minute rule.",
                labels=["fixture", "policy"],
            )
            counter = library.create_card(
                "counterargument",
                "B",
                "A cap ignores older students’ needs",
                motion_id=motion.id,
                labels=["fixture"],
            )
            library.link(evidence.id, argument.id, "supports")
            library.link(counter.id, argument.id, "answers")
            brief = library.create_brief(motion.id, "A", "Fixture brief")
            brief = library.add_brief_section(brief.id, "Why cap it")
            brief = library.add_brief_section(brief.id, "Answers")
            first, second = (section.id for section in brief.sections)
            library.add_to_brief(first, argument.id)
            library.add_to_brief(first, evidence.id)
            library.add_to_brief(second, counter.id)
    # Fold the WAL into the main file and leave WAL mode, so opening the committed file
    # (even read-only) never needs or creates -wal/-shm files beside it. The app switches
    # it back to WAL on open; the journal mode is not part of the schema.
    conn = sqlite3.connect(out)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    index = out.with_name(out.stem + ".index")
    if index.exists():
        shutil.rmtree(index)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "library_v1.db")
