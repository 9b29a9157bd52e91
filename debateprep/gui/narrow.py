"""Widgets that give width back: combo boxes that shrink with their dock.

A combo box asks for the width of its longest item by default, so one long side name or
source title would widen a whole dock column (and squeeze the reader at 900 pixels).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def fit_combos(*combos: QComboBox, chars: int = 8) -> None:
    """Combos that shrink to ``chars`` characters with the dock; the popup shows every item
    in full."""
    for combo in combos:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)
