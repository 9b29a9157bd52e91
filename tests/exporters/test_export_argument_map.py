"""The argument map: rows from side_rows, flags, the worksheet's blanks, the lists after it."""

from __future__ import annotations

from dataclasses import replace

from exporter_html import Page, render

from debateprep.exporters import MapRow, render_map, side_rows
from debateprep.exporters.argument_map import BLANK_CELL, NO_EVIDENCE, UNANSWERED
from debateprep.records import LinkKind, LinkRecord, MotionBundle, Side


def _ids(row: MapRow) -> tuple[tuple[int, ...], tuple[int, ...], Side]:
    return tuple(c.id for c in row.left), tuple(c.id for c in row.right), row.anchor_side


def test_side_rows_pairs_each_argument_with_its_answers(bundle: MotionBundle) -> None:
    rows = side_rows(bundle)
    assert [_ids(row) for row in rows] == [
        ((1,), (13,), Side.A),
        ((2, 5), (12,), Side.A),  # 5 answers 12, which answers 2: the chain stays in the row
        ((3,), (), Side.A),
        ((4,), (9,), Side.B),
        ((), (10,), Side.B),
        ((), (11,), Side.B),
    ]
    assert [row.anchor.id for row in rows] == [1, 2, 3, 9, 10, 11]
    assert rows[1].cell(Side.B) == rows[1].right


def test_side_rows_survive_answer_cycles(bundle: MotionBundle) -> None:
    cycle = (
        LinkRecord(100, LinkKind.ANSWERS, 12, 5),
        LinkRecord(101, LinkKind.ANSWERS, 2, 12),  # an argument answering is not placed twice
    )
    rows = side_rows(replace(bundle, links=bundle.links + cycle))
    assert _ids(rows[1]) == ((2, 5), (12,), Side.A)


def _cells(markdown_text: str) -> list[list[str]]:
    return Page(render(markdown_text)).tables[0].body_rows


def test_flags_mark_unanswered_arguments_and_claims_without_evidence(
    bundle: MotionBundle,
) -> None:
    rows = _cells(render_map(bundle))
    # Each row's argument carries the row's number, as in the window's map.
    assert rows[2] == [f"3. # Enforcement costs outweigh its benefits # {NO_EVIDENCE}", UNANSWERED]
    assert rows[4][0] == UNANSWERED
    assert rows[0][1].endswith(NO_EVIDENCE)
    assert rows[3] == [
        "↩ Answer: Crime is not higher in sanctuary countiesEvidence: Okafor 19",
        "4. Sanctuary policies release criminals back into communitiesEvidence: Hale 18",
    ]


def test_evidence_short_cites_are_listed_once(bundle: MotionBundle) -> None:
    extra = LinkRecord(100, LinkKind.SUPPORTS, 16, 2)  # a second Okafor 19 card
    text = render_map(replace(bundle, links=(*bundle.links, extra)))
    assert "**Sanctuary policies build trust \\| cooperation with police**<br>" in text
    assert "<br>Evidence: Okafor 19<br><br>" in text


def test_worksheet_blanks_every_answer_cell(bundle: MotionBundle) -> None:
    text = render_map(bundle, blank_answers=True)
    rows = text.split("| --- | --- |\n")[1].split("\n\n")[0].splitlines()
    assert len(rows) == 6
    for line, anchor_side in zip(rows, [Side.A] * 3 + [Side.B] * 3, strict=True):
        left, right = line[2:-2].split(" | ")
        assert (right if anchor_side is Side.A else left) == BLANK_CELL
    for answer in ("Families can stay together", "Trust surveys", "Unlinked counterarguments"):
        assert answer not in text
    assert UNANSWERED not in text
    cells = _cells(text)
    assert cells[0][1].startswith("✎ Your answer:")


def test_unlinked_counterarguments_and_evidence_lists(bundle: MotionBundle) -> None:
    text = render_map(bundle)
    unlinked = text.split("## Unlinked counterarguments\n\n")[1].split("\n\n")[0]
    assert unlinked == f"- **\\`Catch and release\\` is a myth** (Affirmative) — {NO_EVIDENCE}"
    evidence = text.split("## Evidence\n\n")[1]
    assert evidence.index("### Affirmative") < evidence.index("### Negative \\| Con")
    assert "- **Cooperation is cheap** — Hale 18" in evidence


def test_map_of_an_empty_motion(bundle: MotionBundle) -> None:
    empty = replace(bundle, cards=(), links=(), sources=())
    text = render_map(empty)
    assert text.endswith("| Affirmative | Negative \\| Con |\n| --- | --- |\n")
    assert side_rows(empty) == []
