"""The map picture as PNG: QtSvg draws our SVG at twice its size on white."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from debateprep.errors import UserError
from debateprep.exporters.map_svg import render_map_svg
from debateprep.facade.library import Library
from debateprep.render.map_png import SCALE, render_map_image, write_map_png


def _starter_svg(library: Library) -> str:
    return render_map_svg(library.motion_bundle(library.motions()[0].id))


def test_png_is_the_svg_at_twice_its_size(
    qapp: object, starter_library: Library, tmp_path: Path
) -> None:
    svg = _starter_svg(starter_library)
    out = write_map_png(svg, tmp_path / "maps" / "map.png")
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    image = QImage(str(out))
    assert image.width() == 1000 * SCALE
    assert image.height() > 3000  # the starter map's twelve rows
    assert image.pixelColor(1, 1) == QColor("white")  # no transparent background
    # Something dark is drawn: the title's text in the top margin band.
    band = [image.pixelColor(x, 60).lightness() for x in range(0, image.width(), 2)]
    assert min(band) < 100
    assert not list(tmp_path.glob("maps/.map.png*"))  # no temporary file left behind


def test_png_refuses_a_folder_and_bad_svg(
    qapp: object, starter_library: Library, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="folder"):
        write_map_png(_starter_svg(starter_library), tmp_path)
    with pytest.raises(ValueError, match="SVG"):
        render_map_image("<svg")
