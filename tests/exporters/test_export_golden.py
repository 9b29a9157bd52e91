"""Exports match the golden files in tests/data/golden/ byte for byte, and are deterministic.

When an export changes on purpose, rewrite the golden files and review their diff::

    DEBATEPREP_UPDATE_GOLDEN=1 python -m pytest tests/exporters/test_export_golden.py

With the variable set the tests write the files instead of comparing against them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

import pytest
from exporter_samples import sample_brief
from golden_support import Golden

from debateprep.exporters import (
    render_brief,
    render_map,
    render_packet_html,
    render_packet_markdown,
)
from debateprep.records import MotionBundle

Export = Callable[[MotionBundle, str], str]
EXPORTS: dict[str, Export] = {
    "brief.md": lambda bundle, css: render_brief(sample_brief(), bundle),
    "map.md": lambda bundle, css: render_map(bundle),
    "packet_teacher.md": lambda bundle, css: render_packet_markdown(bundle, "teacher"),
    "packet_worksheet.md": lambda bundle, css: render_packet_markdown(bundle, "worksheet"),
    "packet_teacher.html": lambda bundle, css: render_packet_html(bundle, "teacher", css),
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_matches_golden_file(
    name: str, bundle: MotionBundle, packet_css: str, golden: Golden
) -> None:
    golden(name, EXPORTS[name](bundle, packet_css))


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_text_is_well_formed(name: str, bundle: MotionBundle, packet_css: str) -> None:
    text = EXPORTS[name](bundle, packet_css)
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\r" not in text
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_is_deterministic(name: str, bundle: MotionBundle, packet_css: str) -> None:
    first = EXPORTS[name](bundle, packet_css)
    assert EXPORTS[name](bundle, packet_css) == first
    shuffler = random.Random(name)
    for _ in range(5):
        links = list(bundle.links)
        shuffler.shuffle(links)
        texts = dict(reversed(list(bundle.texts.items())))
        shuffled = replace(bundle, links=tuple(links), texts=texts)
        assert EXPORTS[name](shuffled, packet_css) == first
