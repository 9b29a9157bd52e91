"""The argument map in other tools' formats: Argdown, AIF (JSON) and an SVG picture.

Markdown stays in ``exports.py``; the Verbatim .docx brief is in ``verbatim.py``; PDF and PNG
need Qt to render and live in ``debateprep.gui`` (``pdf_export``, ``map_png``). Each format
is a pure exporter module; this mixin only loads the motion and writes the file atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from debateprep.actions.base import ActionsBase
from debateprep.actions.exports import _load_bundle
from debateprep.errors import UserError
from debateprep.export_target import check_export_target
from debateprep.exporters.aif import render_aif_json
from debateprep.exporters.argdown import render_argdown
from debateprep.exporters.argument_map import render_map
from debateprep.exporters.map_svg import render_map_svg
from debateprep.files import write_text
from debateprep.formats import CiteStyle, check_cite_style

MapFormat = Literal["md", "argdown", "aif", "svg"]
MAP_FORMATS: tuple[MapFormat, ...] = get_args(MapFormat)


class FormatActions(ActionsBase):
    def render_map_as(
        self, motion_id: int | None, fmt: MapFormat, *, cite_style: CiteStyle = "debate"
    ) -> str:
        """The motion's (default: the first one's) map as Markdown, Argdown, AIF JSON or SVG."""
        if fmt not in MAP_FORMATS:
            raise UserError(f"Unknown map format {fmt!r}; use one of {', '.join(MAP_FORMATS)}.")
        check_cite_style(cite_style)
        with self._store.read() as session:
            motion = self._motion_or_default(session, motion_id)
            bundle = _load_bundle(session, self, motion.id, (), False)
        if fmt == "argdown":
            return render_argdown(bundle)
        if fmt == "aif":
            return render_aif_json(bundle)
        if fmt == "svg":
            return render_map_svg(bundle, cite_style=cite_style)
        return render_map(bundle, cite_style=cite_style)

    def export_map_as(
        self,
        out: Path,
        fmt: MapFormat,
        *,
        motion_id: int | None = None,
        cite_style: CiteStyle = "debate",
    ) -> Path:
        """Write the map in ``fmt`` to ``out`` (atomically; never over the library's files)."""
        check_export_target(out, self._store.db_path)
        text = self.render_map_as(motion_id, fmt, cite_style=cite_style)
        return write_text(out, text, library_db=self._store.db_path)
