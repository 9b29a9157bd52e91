"""Export actions through the facade: files written atomically, deterministic, on real data."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from debateprep.errors import UserError
from debateprep.facade.library import Library


def test_exports_are_deterministic(starter_library: Library, tmp_path: Path) -> None:
    first = starter_library.export_map(tmp_path / "one" / "map.md")
    second = starter_library.export_map(tmp_path / "two" / "map.md")
    assert first.read_bytes() == second.read_bytes()
    brief_a = starter_library.export_brief(tmp_path / "a.md", side="Pro").read_bytes()
    brief_b = starter_library.export_brief(tmp_path / "b.md", side="Pro").read_bytes()
    assert brief_a == brief_b


def test_map_shows_both_sides_with_answers_aligned(starter_library: Library) -> None:
    motion = starter_library.default_motion()
    text = starter_library.render_map(motion.id)
    header = next(line for line in text.splitlines() if line.startswith("| "))
    assert motion.side_a in header and motion.side_b in header
    html = markdown.markdown(text, extensions=["tables"])
    assert html.count("<tr>") >= 13  # header + 12 arguments
    assert "↩ <em>Answer:</em>" in html
    assert "⚠ Unanswered" in text


def test_packet_writes_markdown_and_html(starter_library: Library, tmp_path: Path) -> None:
    md_path, html_path = starter_library.export_packet(tmp_path / "packet.md", variant="worksheet")
    assert html_path == tmp_path / "packet.html"
    html = html_path.read_text(encoding="utf-8")
    assert html.lower().startswith("<!doctype html>") and "<style>" in html
    assert "<script" not in html.lower()
    text = md_path.read_text(encoding="utf-8")
    for source in starter_library.sources():
        assert source.title.split("…")[0][:30] in text or source.title[:30] in text
    teacher = starter_library.render_packet(starter_library.default_motion().id, "teacher")[0]
    assert teacher != text


def test_stored_brief_export(starter_library: Library, tmp_path: Path) -> None:
    motion = starter_library.default_motion()
    brief = starter_library.create_brief(motion.id, "B", "Neg case", outline=True)
    path = starter_library.export_brief(tmp_path / "neg.md", brief_id=brief.id)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("**Neg case**\n") and "\n# References" in text
    assert "\n### " in text and "\n## " not in text.split("# References")[0]  # all blocks


def test_export_refusals(starter_library: Library, tmp_path: Path) -> None:
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    with pytest.raises(UserError, match="is a folder"):
        starter_library.export_map(tmp_path)
    with pytest.raises(UserError, match="no motion with id 7"):
        starter_library.export_map(tmp_path / "m.md", motion_id=7)
    with pytest.raises(UserError, match=r"\.md file name"):
        starter_library.export_packet(tmp_path / "packet.html")
    with pytest.raises(UserError, match="Unknown packet variant"):
        starter_library.render_packet(1, "student")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
