"""Argdown export: golden file, and the real validator (@argdown/cli 1.7.5) on every export.

The CLI checks the starter map, a library full of hostile text and fuzzed variants of the
sample bundle in one run: it must exit 0 without error output, and its JSON export must hold
exactly the statements and relations we wrote, each statement's text and data reading back as
the card's (so escaping lost nothing). See graph_support for where the CLI is found.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

from exporter_samples import sample_bundle
from golden_support import Golden
from graph_support import REPO, argdown_cli, fuzzed_bundles, hostile_map

from debateprep.exporters.argdown import (
    RESOLUTION_TITLE,
    escape_text,
    relation_count,
    render_argdown,
    statement_titles,
)
from debateprep.facade.library import Library
from debateprep.records import MotionBundle
from debateprep.text.bundleindex import BundleIndex, display_tag
from debateprep.text.markdown_text import collapse_whitespace

KIALO = REPO / "tests" / "data" / "kialo"


def _starter(library: Library) -> MotionBundle:
    return library.motion_bundle(library.default_motion().id)


def _kialo_bundle(tmp_path: Path) -> MotionBundle:
    """A map imported from a Kialo export: Kialo -> DebatePrep -> Argdown."""
    with Library.open(tmp_path / "kialo.db", starter=False) as library:
        result = library.import_kialo(KIALO / "sanctuary_cities.txt")
        return library.motion_bundle(result.motion.id)


def test_starter_map_matches_golden_file(starter_library: Library, golden: Golden) -> None:
    golden("starter_map.argdown", render_argdown(_starter(starter_library)))


def test_export_is_deterministic_and_well_formed() -> None:
    bundle = sample_bundle()
    text = render_argdown(bundle)
    assert render_argdown(replace(bundle, links=tuple(reversed(bundle.links)))) == text
    assert text.endswith("\n") and not text.endswith("\n\n") and "\r" not in text


def test_titles_are_unique_words_of_the_tag() -> None:
    bundle = sample_bundle()
    cards = (*bundle.cards, *(replace(card, id=100 + i) for i, card in enumerate(bundle.cards[:3])))
    titles = statement_titles(BundleIndex.of(replace(bundle, cards=cards)))
    assert len({title.casefold() for title in titles.values()}) == len(cards)
    assert titles[1] == "Interior enforcement separates families"
    assert titles[100] == "Interior enforcement separates families 2"
    assert titles[3] == "Enforcement costs outweigh its benefits"  # "#" dropped
    assert all(len(title) <= 42 and "[" not in title for title in titles.values())
    assert RESOLUTION_TITLE not in titles.values()


def test_escaping_covers_every_argdown_token_start() -> None:
    assert escape_text("a // b") == "a \\/\\/ b"
    assert escape_text("[T]: <A> #t {d} @x *e* _u_ ===") == (
        "\\[T\\]: \\<A\\> \\#t \\{d\\} \\@x \\*e\\* \\_u\\_ \\=\\=\\="
    )
    assert escape_text(".A. x: y:z e.g. end.") == "\\.A. x: y\\:z e\\.g. end."
    assert escape_text("line\nbreak \\") == "line break \\\\"


def _statement_text(statement: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The text and data of a statement's defining member (not its references)."""
    members = [m for m in statement["members"] if not m.get("isReference")]
    assert len(members) == 1, statement["title"]
    return members[0].get("text", ""), members[0].get("data") or {}


def _check_json(bundle: MotionBundle, exported: dict[str, Any]) -> None:
    index = BundleIndex.of(bundle)
    titles = statement_titles(index)
    statements = exported["statements"]
    assert len(statements) == len(index.cards) + 1
    assert set(statements) == {RESOLUTION_TITLE, *titles.values()}
    assert len(exported["relations"]) == relation_count(bundle)
    for card in index.cards.values():
        text, data = _statement_text(statements[titles[card.id]])
        assert text.rstrip() == f"{collapse_whitespace(display_tag(card))} #{card.kind.value}"
        assert data.get("notes", "") == collapse_whitespace(card.notes)
        if card.is_evidence:
            assert data.get("quote", "") == collapse_whitespace(card.quote)
            assert data.get("url", "") == collapse_whitespace(index.cite_of(card).url)
    resolution, _ = _statement_text(statements[RESOLUTION_TITLE])
    expected = collapse_whitespace(bundle.motion.resolution) or "Untitled motion"
    assert resolution.rstrip() == f"{expected} #motion"


def test_the_argdown_cli_accepts_every_export(starter_library: Library, tmp_path: Path) -> None:
    cli = str(argdown_cli())
    bundles = {
        "starter": _starter(starter_library),
        "sample": sample_bundle(),
        "hostile": hostile_map(),
        "kialo": _kialo_bundle(tmp_path),
        **{f"fuzz{i:02}": bundle for i, bundle in enumerate(fuzzed_bundles(12))},
    }
    folder = tmp_path / "argdown"
    folder.mkdir()
    for name, bundle in bundles.items():
        (folder / f"{name}.argdown").write_bytes(render_argdown(bundle).encode("utf-8"))

    checked = subprocess.run(
        [cli, "*.argdown"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stderr == "", checked.stderr
    assert f"Successfully checked {len(bundles)} files" in checked.stdout

    exported = subprocess.run(
        [cli, "json", "*.argdown", "json"], cwd=folder, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert exported.returncode == 0 and exported.stderr == "", exported.stdout + exported.stderr
    for name, bundle in bundles.items():
        data = json.loads((folder / "json" / f"{name}.json").read_text(encoding="utf-8"))
        _check_json(bundle, data)
