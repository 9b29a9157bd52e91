"""Painting many rows must not leak references to None.

PySide6 6.12.0 drops a reference to None in every QStyleOption call (``initStyleOption``,
``drawControl``, reading ``option.widget``); scrolling a long list made Python abort with
"deallocating None". pyproject.toml keeps PySide6 below 6.12; this test fails on any release
with the same bug.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from debateprep.gui.controller import Controller
from debateprep.gui.search_panel import SearchPanel
from tests.gui.test_search_rows_cached import HIT


def test_painting_search_results_keeps_none_alive(qtbot: QtBot, controller: Controller) -> None:
    panel = SearchPanel(controller)
    qtbot.addWidget(panel)
    hit = HIT
    panel.model.set_hits([hit])
    delegate = panel.results.itemDelegate()
    header, index = panel.model.index(0), panel.model.index(1)  # "Evidence (1)", the hit
    image = QImage(400, 100, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    option = QStyleOptionViewItem()  # widget left null, as some paths pass it
    option.rect.setRect(0, 0, 400, 100)
    before = sys.getrefcount(None)
    for _ in range(1500):  # 3,000 paints, as with one row
        for row in (header, index):
            delegate.paint(painter, option, row)
            delegate.sizeHint(option, row)
    painter.end()
    assert sys.getrefcount(None) >= before - 10
