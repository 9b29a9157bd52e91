"""Exports in MLA 9 and APA 7 match their golden files; the default stays the debate cite.

Refresh the golden files after a deliberate change with ``DEBATEPREP_UPDATE_GOLDEN=1`` (see
test_export_golden.py) and review their diff.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import pytest
from exporter_html import render
from exporter_samples import sample_brief
from golden_support import Golden

from debateprep.exporters import render_brief, render_map, render_packet_markdown
from debateprep.records import MotionBundle
from debateprep.text.citations import CiteStyle, format_cite, format_reference
from debateprep.text.markdown_text import styled_inline

Export = Callable[[MotionBundle, CiteStyle], str]
EXPORTS: dict[str, Export] = {
    "brief": lambda bundle, style: render_brief(sample_brief(), bundle, cite_style=style),
    "packet_teacher": lambda bundle, style: render_packet_markdown(
        bundle, "teacher", cite_style=style
    ),
    "map": lambda bundle, style: render_map(bundle, cite_style=style),
}


@pytest.mark.parametrize("style", ["mla", "apa"])
@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_styled_export_matches_golden_file(
    name: str, style: CiteStyle, bundle: MotionBundle, golden: Golden
) -> None:
    text = EXPORTS[name](bundle, style)
    golden(f"{name}_{style}.md", text)
    assert text.endswith("\n") and "\n\n\n" not in text


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_debate_style_is_the_default(name: str, bundle: MotionBundle) -> None:
    default = {
        "brief": lambda: render_brief(sample_brief(), bundle),
        "packet_teacher": lambda: render_packet_markdown(bundle, "teacher"),
        "map": lambda: render_map(bundle),
    }[name]()
    assert EXPORTS[name](bundle, "debate") == default


@pytest.mark.parametrize("style", ["mla", "apa"])
def test_styled_packet_uses_the_style_everywhere(style: CiteStyle, bundle: MotionBundle) -> None:
    text = render_packet_markdown(bundle, "teacher", cite_style=style)
    for source in bundle.sources:
        assert format_reference(source, style) in text  # the numbered source list
        assert format_cite(source.cite, style) in text  # under each source text
    assert "**2018**" not in text  # no debate cite is left behind


def test_brief_reference_list_is_named_for_the_style(bundle: MotionBundle) -> None:
    assert "\n# Works Cited" in render_brief(sample_brief(), bundle, cite_style="mla")
    assert "\n# References" in render_brief(sample_brief(), bundle, cite_style="apa")


@pytest.mark.parametrize(
    ("text", "bold", "italic", "expected"),
    [
        ("Lee. Title. Outlet, 2018.", [], [(12, 18)], "Lee. Title. *Outlet*, 2018."),
        ("Lee 2018", [(0, 3)], [], "**Lee** 2018"),
        ("Lee, Outlet", [(0, 3)], [(5, 11)], "**Lee**, *Outlet*"),
        # Touching or overlapping: bold wins and a gap keeps the markers apart.
        ("LeeOutlet", [(0, 3)], [(3, 9)], "**Lee**O*utlet*"),
        ("Lee Outlet", [(0, 5)], [(2, 10)], "**Lee O**u*tlet*"),
        ("*x* [y]", [], [(0, 7)], "*\\*x\\* \\[y\\]*"),
    ],
)
def test_styled_inline(
    text: str, bold: list[tuple[int, int]], italic: list[tuple[int, int]], expected: str
) -> None:
    assert styled_inline(text, bold, italic) == expected


@pytest.mark.parametrize("style", ["mla", "apa"])
def test_styled_cites_render_as_emphasis(style: CiteStyle, bundle: MotionBundle) -> None:
    for source in bundle.sources:
        html = render(format_cite(source.cite, style))
        assert f"<em>{escape(source.outlet)}</em>" in html
        assert "*" not in html.replace("\\*", "")
