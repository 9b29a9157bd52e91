"""Two processes editing one library at once: every edit of both is kept and indexed.

SQLite's write lock is waited for (busy_timeout, BEGIN IMMEDIATE) and so is Whoosh's single
writer lock; neither may surface as a traceback. Afterwards the database is intact, every
card and link of both writers is there, and the index (repaired on reopen if the two writers'
updates interleaved) finds every tag.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from debateprep.facade.checkup import check_library
from debateprep.facade.library import Library

REPO = Path(__file__).resolve().parents[1]
EDITS = 30

WRITER = textwrap.dedent(
    """
    import sys
    from debateprep.facade.library import Library

    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Library.open(path) as library:
        previous = None
        for n in range(count):
            card = library.create_card("argument", "A", f"{name} claim {n} tagword{name}{n:02d}x")
            if previous is not None:
                library.link(card.id, previous, "supports")
            previous = card.id
    print("done")
    """
)


def _tag_word(name: str, n: int) -> str:
    return f"tagword{name}{n:02d}x"


def test_two_processes_keep_every_edit(_starter_template: Path, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(_starter_template, folder)
    db_path = folder / "library.db"
    names = ("alpha", "beta")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), name, str(EDITS)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "done"
        assert "Traceback" not in err, err

    report = check_library(db_path)
    assert report.ok, report
    with Library.open(db_path) as library:
        assert library.index_is_current()
        for name in names:
            cards = [c for c in library.cards() if c.tag.startswith(f"{name} claim ")]
            assert len(cards) == EDITS
            by_tag = {c.tag.split()[2]: c.id for c in cards}
            links = {(link.from_id, link.to_id) for link in library.links()}
            for n in range(1, EDITS):
                assert (by_tag[str(n)], by_tag[str(n - 1)]) in links
            for n in range(EDITS):
                hits = library.search(_tag_word(name, n))
                assert [hit.key for hit in hits] == [f"card:{by_tag[str(n)]}"]
        documents = len(library.sources()) + len(library.cards())
        assert library._store.index.doc_count() == documents
