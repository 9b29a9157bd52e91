"""The argument map as a PNG: the SVG of :mod:`debateprep.exporters.map_svg`, rasterised.

QtSvg's renderer draws the SVG at twice its size, so text stays sharp on high-density screens
and in slides; the background is white (an image viewer's checkerboard behind transparent
text is hard to read). A map too tall for that is drawn smaller, down to its own size; one
taller than MAX_SIDE pixels even then (about 250 arguments) is refused with a message: its
picture would take gigabytes of memory and open in no image viewer; SVG has no such limit.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from debateprep.errors import UserError
from debateprep.export_target import check_export_target
from debateprep.files import write_bytes
from debateprep.render.headless import gui_application

SCALE = 2
# The largest picture drawn: no side over 32,000 pixels (what common image viewers and
# Qt's own painter handle) and at most 64 megapixels (256 MB while it is drawn).
MAX_SIDE = 32_000
MAX_PIXELS = 64_000_000


def picture_scale(width: int, height: int, scale: float = SCALE) -> float:
    """``scale``, or less so the picture fits the limits; UserError if even the map's own
    size (scale 1) does not fit."""
    largest = min(
        MAX_SIDE / max(width, 1),
        MAX_SIDE / max(height, 1),
        (MAX_PIXELS / max(width * height, 1)) ** 0.5,
    )
    if largest < 1:
        raise UserError(
            f"The map is too large for one picture ({width:,} × {height:,} pixels; a PNG "
            f"holds up to {MAX_SIDE:,} a side). Export it as SVG instead."
        )
    return min(scale, largest)


def render_map_image(svg_text: str, scale: float = SCALE) -> QImage:
    """The SVG drawn on a white image ``scale`` times its size (less if too large)."""
    gui_application()
    renderer = QSvgRenderer(QByteArray(svg_text.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError("the map SVG could not be read")
    size = renderer.defaultSize()
    scale = picture_scale(size.width(), size.height(), scale)
    image = QImage(
        round(size.width() * scale), round(size.height() * scale), QImage.Format.Format_RGB32
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    finally:
        painter.end()
    return image


def write_map_png(svg_text: str, out: Path, *, library_db: Path | None = None) -> Path:
    """Render ``svg_text`` (from ``render_map_svg``) at 2× to the PNG file ``out``, atomically,
    never over the files of the library ``library_db``."""
    check_export_target(out, library_db)
    image = render_map_image(svg_text)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # PySide6 wants str
        raise UserError(f"Qt could not encode {out.name} as PNG.")
    buffer.close()
    return write_bytes(out, bytes(data.data()), library_db=library_db)
