"""The argument map as a PNG: the SVG of :mod:`debateprep.exporters.map_svg`, rasterised.

QtSvg's renderer draws the SVG at twice its size, so text stays sharp on high-density screens
and in slides; the background is white (an image viewer's checkerboard behind transparent
text is hard to read).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from debateprep.errors import UserError
from debateprep.files import write_bytes
from debateprep.gui.headless import gui_application

SCALE = 2


def render_map_image(svg_text: str, scale: float = SCALE) -> QImage:
    """The SVG drawn on a white image ``scale`` times its size."""
    gui_application()
    renderer = QSvgRenderer(QByteArray(svg_text.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError("the map SVG could not be read")
    size = renderer.defaultSize()
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


def write_map_png(svg_text: str, out: Path) -> Path:
    """Render ``svg_text`` (from ``render_map_svg``) at 2× to the PNG file ``out``, atomically."""
    image = render_map_image(svg_text)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # PySide6 wants str
        raise UserError(f"Qt could not encode {out.name} as PNG.")
    buffer.close()
    return write_bytes(out, bytes(data.data()))
