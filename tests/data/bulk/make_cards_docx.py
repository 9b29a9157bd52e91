"""Makes 08-verbatim-cards.docx: two cards cut by DebatePrep and exported as a Verbatim brief.

Run from the repository root: ``python tests/data/bulk/make_cards_docx.py``. The file is
committed; this script only says how it was made.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from debateprep.facade.library import Library

HERE = Path(__file__).resolve().parent
TEXT = (
    "Homework in primary school\n\nA review of 180 studies found that homework before age "
    "eleven did little for test scores. Reading at home for twenty minutes a day helped more "
    "than worksheets did."
)


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        Library.open(Path(folder) / "lib.db", starter=False) as library,
    ):
        source = library.add_source(TEXT, title="Homework in primary school", author="Lee Chan")
        motion = library.create_motion("Primary schools should ban homework", "Pro", "Con")
        cards = []
        for quote, tag in (
            ("homework before age eleven did little for test scores", "Homework does not help"),
            ("Reading at home for twenty minutes a day helped more", "Reading helps more"),
        ):
            start = TEXT.index(quote)
            card = library.cut_card(
                source.id, start, start + len(quote), tag=tag, side="A", motion_id=motion.id
            )
            cards.append(card.id)
        brief = library.create_brief(motion.id, "A", "Homework brief", card_ids=cards)
        library.export_brief_docx(HERE / "08-verbatim-cards.docx", brief_id=brief.id)


if __name__ == "__main__":
    main()
