"""The argument map in other tools' formats: Markdown, Argdown, AIF (JSON) and an SVG picture.

Pure functions of a loaded bundle; the ``Exports`` part (``exports.py``) reads the bundle and
writes the file. PDF and PNG need Qt to render and live outside the core.
"""

from __future__ import annotations

from typing import Literal, get_args

from debateprep.errors import UserError
from debateprep.exporters.aif import render_aif_json
from debateprep.exporters.argdown import render_argdown
from debateprep.exporters.argument_map import render_map
from debateprep.exporters.map_svg import render_map_svg
from debateprep.formats import CiteStyle
from debateprep.records import MotionBundle

MapFormat = Literal["md", "argdown", "aif", "svg"]
MAP_FORMATS: tuple[MapFormat, ...] = get_args(MapFormat)


def check_map_format(fmt: str) -> None:
    if fmt not in MAP_FORMATS:
        raise UserError(f"Unknown map format {fmt!r}; use one of {', '.join(MAP_FORMATS)}.")


def render_map_in(bundle: MotionBundle, fmt: MapFormat, cite_style: CiteStyle) -> str:
    """The map of ``bundle`` as text in ``fmt``."""
    if fmt == "argdown":
        return render_argdown(bundle)
    if fmt == "aif":
        return render_aif_json(bundle)
    if fmt == "svg":
        return render_map_svg(bundle, cite_style=cite_style)
    return render_map(bundle, cite_style=cite_style)
