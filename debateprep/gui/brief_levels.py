"""Verbatim's levels in the brief builder: F4 inserts a pocket, F5 a hat, F6 a block.

Each key asks for the title and inserts the section after the selected one (or at the end),
through the controller, so it is one undo step. Sections are drawn indented by level, so the
tree reads like Verbatim's navigation pane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from debateprep.gui.brief_dialogs import SectionTitleDialog
from debateprep.gui.briefmodels import LEVEL_ROLE
from debateprep.records import SectionLevel

if TYPE_CHECKING:
    from debateprep.gui.brief_view import BriefView

LEVEL_KEYS = {SectionLevel.POCKET: "F4", SectionLevel.HAT: "F5", SectionLevel.BLOCK: "F6"}
INDENT_PX = 14  # per level below a pocket


class LevelIndentDelegate(QStyledItemDelegate):
    """Draws a hat one step and a block two steps in from a pocket (column 0 only)."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        level = index.data(LEVEL_ROLE) if index.column() == 0 else None
        if level is not None:
            option = QStyleOptionViewItem(option)
            option.rect.adjust(INDENT_PX * (int(level) - 1), 0, 0, 0)
        super().paint(painter, option, index)


def install_level_keys(view: BriefView) -> dict[SectionLevel, QAction]:
    """F4/F5/F6 on the brief builder (and its children): insert a pocket, hat or block."""
    actions: dict[SectionLevel, QAction] = {}
    for level, key in LEVEL_KEYS.items():
        action = QAction(f"Insert {level.label}", view)
        action.setObjectName(f"actionInsert{level.label}")
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _c=False, lv=level: insert_section(view, lv))
        view.addAction(action)
        actions[level] = action
    view.tree.setItemDelegate(LevelIndentDelegate(view.tree))
    return actions


def insert_section(view: BriefView, level: SectionLevel, title: str | None = None) -> int | None:
    """Ask for a title, insert the section after the selection, select it; its id or None."""
    brief = view.model.brief()
    if brief is None:
        view.controller.userError.emit("Start a brief first: press “New brief…”.")
        return None
    if title is None:
        title = SectionTitleDialog.ask(view, f"New {level.label.lower()}")
    if not title:
        return None
    place = view._selected_place()
    ids = [section.id for section in brief.sections]
    position = ids.index(place[0]) + 1 if place is not None and place[0] in ids else len(ids)
    section_id = view.controller.insert_brief_section(brief.id, title, position, level)
    if section_id is not None:
        view._select_after_refresh = (section_id, None)
        view.refresh()
        view.tree.setFocus()
    return section_id
