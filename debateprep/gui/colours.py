"""Text colours that stay readable (WCAG AA, 4.5:1) on the palette they are drawn on.

Muted and warning colours used to be fixed hex values: fine on white, 1.7:1 on a selected row
or under a dark palette. Here every such colour is derived from the background it sits on, and
pushed towards black or white until it reaches the minimum contrast.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

AA = 4.5  # WCAG 2 level AA for normal-size text
_TARGET = 4.6  # a little above AA, so rounding to 8-bit colours never lands below it
FLAG_LIGHT = "#b3261e"  # warning red on light backgrounds
FLAG_DARK = "#ff8a80"  # the same warning on dark backgrounds
Role = QPalette.ColorRole


def luminance(color: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def contrast(foreground: QColor, background: QColor) -> float:
    """WCAG contrast ratio (1 to 21); a translucent foreground is blended onto the background."""
    fg = (
        blend(foreground, background, 1 - foreground.alphaF())
        if foreground.alpha() < 255
        else (foreground)
    )
    light, dark = sorted((luminance(fg), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def blend(color: QColor, other: QColor, amount: float) -> QColor:
    """``color`` moved ``amount`` (0..1) of the way towards ``other``, opaque."""
    return QColor(
        round(color.red() + (other.red() - color.red()) * amount),
        round(color.green() + (other.green() - color.green()) * amount),
        round(color.blue() + (other.blue() - color.blue()) * amount),
    )


def readable(color: QColor, background: QColor) -> QColor:
    """``color`` itself when it reads on ``background``, else the nearest mix that does."""
    if contrast(color, background) >= _TARGET:
        return QColor(color.red(), color.green(), color.blue())
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    extreme = black if contrast(black, background) >= contrast(white, background) else white
    for step in range(1, 21):
        mixed = blend(color, extreme, step / 20)
        if contrast(mixed, background) >= _TARGET:
            return mixed
    return extreme


def muted(palette: QPalette, selected: bool = False, background: Role = Role.Base) -> QColor:
    """Secondary text: the text colour softened towards its background, still AA."""
    bg = palette.color(Role.Highlight if selected else background)
    text_role = (
        Role.HighlightedText
        if selected
        else (Role.WindowText if background == Role.Window else Role.Text)
    )
    return _on_rows(palette, blend(palette.color(text_role), bg, 0.35), bg, selected, background)


def flag(palette: QPalette, selected: bool = False, background: Role = Role.Base) -> QColor:
    """Warning text ("⚠ No evidence"): red where red reads, the selection's text colour else."""
    bg = palette.color(Role.Highlight if selected else background)
    if selected:
        return readable(palette.color(Role.HighlightedText), bg)
    base = FLAG_DARK if luminance(bg) < 0.2 else FLAG_LIGHT
    return _on_rows(palette, QColor(base), bg, selected, background)


def _on_rows(
    palette: QPalette, color: QColor, bg: QColor, selected: bool, background: Role
) -> QColor:
    """Readable on ``bg`` and, for unselected rows of a view, on the alternate row colour."""
    color = readable(color, bg)
    if not selected and background == Role.Base:
        color = readable(color, palette.color(Role.AlternateBase))
    return color


def fix_palette(palette: QPalette) -> QPalette:
    """The palette with selection text and placeholders made readable (Fusion's white on
    #308cc6 is 3.6:1); other roles are left as the platform set them."""
    fixed = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        highlight = fixed.color(group, Role.Highlight)
        text = fixed.color(group, Role.HighlightedText)
        if contrast(text, highlight) < _TARGET:
            fixed.setColor(group, Role.Highlight, readable(highlight, text))
        base = fixed.color(group, Role.Base)
        placeholder = fixed.color(group, Role.PlaceholderText)
        fixed.setColor(group, Role.PlaceholderText, readable(placeholder, base))
    return fixed


def apply_readable_palette() -> None:
    """Fix the application's palette once (the window calls it when it is built)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        palette = app.palette()
        fixed = fix_palette(palette)
        if fixed != palette:
            app.setPalette(fixed)


def mute(widget: QWidget) -> None:
    """Draw a label's text in the muted colour of its own palette (readable on its window)."""
    palette = widget.palette()
    palette.setColor(Role.WindowText, muted(palette, background=Role.Window))
    widget.setPalette(palette)
