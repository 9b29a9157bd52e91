"""Packets leave out the boilerplate lines hidden at import, keeping paragraph numbers."""

from __future__ import annotations

from dataclasses import replace

from debateprep.exporters import render_packet_markdown
from debateprep.records import MotionBundle
from debateprep.text.article_lines import hidden_spans

TEXT = (
    "ADVERTISEMENT\n\n"
    "Cooperation costs little, the sheriff said.\n"
    "Photo: Ana Ruiz (Getty Images)\n\n"
    "Counties that honour detainers report no rise in costs.\n\n"
    "© 2024 The Daily. All rights reserved."
)


def test_hidden_lines_are_not_printed_and_numbers_stay(bundle: MotionBundle) -> None:
    source = bundle.sources[0]
    hidden = hidden_spans(TEXT)
    sources = (replace(source, hidden=hidden), *bundle.sources[1:])
    packet = render_packet_markdown(
        replace(bundle, sources=sources, texts={**bundle.texts, source.id: TEXT}), "teacher"
    )
    section = packet.split("## Source texts")[1]
    for junk in ("ADVERTISEMENT", "Getty", "All rights reserved"):
        assert junk not in section
    # Paragraph 1 was all boilerplate: it is skipped, and the others keep their numbers.
    assert "**¶1**" not in section.split("### 2.")[0]
    assert "**¶2** Cooperation costs little, the sheriff said.\n" in section
    assert "**¶3** Counties that honour detainers report no rise in costs." in section


def test_without_hidden_spans_everything_is_printed(bundle: MotionBundle) -> None:
    source = bundle.sources[0]
    packet = render_packet_markdown(
        replace(bundle, texts={**bundle.texts, source.id: TEXT}), "teacher"
    )
    assert "**¶1** ADVERTISEMENT" in packet
