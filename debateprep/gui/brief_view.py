"""The brief builder: choose or start a brief, arrange its sections and cards, preview it.

The tree edits only through the controller (drops become ``move_in_brief`` / ``add_to_brief``,
Delete becomes ``remove_from_brief``), so every change is one undo step and is saved at once.
The preview is the exporter's own Markdown rendered to HTML, refreshed a moment after each
change so a burst of edits renders once. Rendering reads the whole motion (a brief can quote
any of its cards), so it runs on a worker thread and the preview changes when it is done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from debateprep.gui.brief_dialogs import NewBriefDialog, SectionTitleDialog
from debateprep.gui.brief_levels import install_level_keys
from debateprep.gui.brief_preview import (
    EMPTY_PREVIEW,
    NO_MOTION_PREVIEW,
    PREVIEW_CSS,
    PREVIEW_DELAY_MS,
    preview_html,
)
from debateprep.gui.brief_rename import rename_shown_brief
from debateprep.gui.briefmodels import CARD_ID_ROLE, SECTION_ID_ROLE, BriefTreeModel
from debateprep.gui.controller import BRIEFS, CARDS, MOTIONS, SOURCES, Controller
from debateprep.records import BriefRecord, MotionRecord

logger = logging.getLogger(__name__)


class BriefView(QWidget):
    """Brief chooser and buttons on top; the section/card tree beside a live preview."""

    exportRequested = Signal(int)  # brief id
    sectionDeleteRequested = Signal(int)  # section id: the window asks first (gui/deleting.py)

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefView")
        self.setAccessibleName("Brief builder")
        self.controller = controller
        self._motion: MotionRecord | None = None
        self._select_after_refresh: tuple[int, int | None] | None = None
        self._renderer = controller.tasks.reader(self)
        self._renderer.loaded.connect(self._show_preview)
        self._renderer.failed.connect(controller.userError)

        self.chooser = QComboBox(self)
        self.chooser.setObjectName("briefChooser")
        self.chooser.setAccessibleName("Brief")
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setMinimumContentsLength(16)
        self.chooser.currentIndexChanged.connect(lambda _i: self._load_current())
        self.new_button = self._button("Ne&w brief…", "briefNewButton", self.new_brief)
        self.section_button = self._button("Add section…", "briefSectionButton", self.add_section)
        self.export_button = self._button("E&xport brief…", "briefExportButton", self._export)
        rename = lambda: rename_shown_brief(self)  # noqa: E731
        self.rename_button = self._button("Rena&me…", "briefRenameButton", rename)

        self.model = BriefTreeModel(controller, self)
        self.tree = self._make_tree()
        self.tree.installEventFilter(self)
        self.level_actions = install_level_keys(self)  # F4 pocket, F5 hat, F6 block
        self.preview = self._make_preview()
        self._lay_out()

        # Coalesce bursts (a card deletion emits four topics) into one reload and one render.
        self._refresh_timer = self._single_shot(0, self.refresh)
        self._preview_timer = self._single_shot(PREVIEW_DELAY_MS, self.update_preview)
        controller.changed.connect(self._on_changed)
        self.refresh()
        self.update_preview()

    def _make_tree(self) -> QTreeView:
        """The section/card tree, rearranged by drag and drop (Delete: see :meth:`eventFilter`)."""
        tree = QTreeView(self)
        tree.setObjectName("briefTree")
        tree.setAccessibleName("Brief sections and cards")
        tree.setModel(self.model)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        tree.setDropIndicatorShown(True)
        tree.setAlternatingRowColors(True)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        tree.activated.connect(self._activated)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._context_menu)
        self.model.modelReset.connect(tree.expandAll)
        return tree

    def _make_preview(self) -> QTextBrowser:
        preview = QTextBrowser(self)
        preview.setObjectName("briefPreview")
        preview.setAccessibleName("Brief preview")
        preview.setOpenExternalLinks(True)
        # The exporter's headings are sized for a printed page; tone them down for a pane.
        preview.document().setDefaultStyleSheet(PREVIEW_CSS)
        return preview

    def _lay_out(self) -> None:
        """The chooser and buttons in a bar on top; the tree beside the preview below."""
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Brief:", self)
        label.setBuddy(self.chooser)
        bar.addWidget(label)
        bar.addWidget(self.chooser, 1)
        for button in (self.new_button, self.rename_button, self.section_button):
            bar.addWidget(button)
        bar.addWidget(self.export_button)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("briefSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _single_shot(self, msecs: int, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msecs)
        timer.timeout.connect(slot)
        return timer

    # -- loading ---------------------------------------------------------------------------

    def _on_changed(self, topic: str) -> None:
        if topic in (BRIEFS, CARDS, MOTIONS, SOURCES):
            self._refresh_timer.start()

    def refresh(self) -> None:
        """Reload the briefs of the current motion and the chosen brief's tree."""
        self._refresh_timer.stop()
        library = self.controller.library
        motion_id = self.controller.current_motion_id
        self._motion = None
        if motion_id is not None:
            self._motion = self.controller.attempt(lambda: library.motion(motion_id))
        briefs = library.briefs(motion_id) if self._motion is not None else []
        current = self.current_brief_id()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for brief in briefs:
            self.chooser.addItem(self._label(brief), brief.id)
        if not briefs:
            self.chooser.addItem("No briefs yet", None)
        found = self.chooser.findData(current) if current is not None else -1
        self.chooser.setCurrentIndex(max(found, 0))
        self.chooser.blockSignals(False)
        has_motion, has_brief = self._motion is not None, bool(briefs)
        self.chooser.setEnabled(has_brief)
        self.new_button.setEnabled(has_motion)
        for button in (self.rename_button, self.section_button, self.export_button):
            button.setEnabled(has_brief)
        self._load_current()

    def _label(self, brief: BriefRecord) -> str:
        side = self._motion.side_name(brief.side) if self._motion else brief.side.value
        return f"{brief.title} ({side})"

    def _load_current(self) -> None:
        brief_id = self.current_brief_id()
        brief = None
        if brief_id is not None:
            brief = self.controller.attempt(lambda: self.controller.library.brief(brief_id))
        cards = {}
        if brief is not None:
            wanted = {card_id for section in brief.sections for card_id in section.card_ids}
            cards = {c.id: c for c in self.controller.library.cards(ids=wanted)}
        place = self._select_after_refresh or self._selected_place()
        self._select_after_refresh = None
        self.model.set_brief(brief, cards)
        if place is not None:
            self._select(*place)
        self._preview_timer.start()

    def update_preview(self) -> None:
        """Render the chosen brief now (normally a moment after the last change); the
        preview changes when the worker thread has rendered it."""
        self._preview_timer.stop()
        brief = self.model.brief()
        if self._motion is None or brief is None:
            html = NO_MOTION_PREVIEW if self._motion is None else EMPTY_PREVIEW
            self._renderer.request(lambda: html)  # also makes a render under way stale
            return
        library = self.controller.library
        self._renderer.request(lambda: preview_html(library.render_brief(brief)))

    def _show_preview(self, html: object) -> None:
        scroll = self.preview.verticalScrollBar().value()  # keep the reader's place
        self.preview.setHtml(str(html))
        self.preview.verticalScrollBar().setValue(scroll)

    def wait_preview(self, timeout_ms: int = 10000) -> bool:
        """Run the event loop until the newest preview is shown (tests)."""
        if self._preview_timer.isActive():
            self.update_preview()
        return self._renderer.wait(timeout_ms)

    # -- selection -------------------------------------------------------------------------

    def current_brief_id(self) -> int | None:
        value = self.chooser.currentData()
        return int(value) if value is not None else None

    def select_brief(self, brief_id: int) -> bool:
        found = self.chooser.findData(brief_id)
        if found < 0:
            self.refresh()  # it may have been created a moment ago
            found = self.chooser.findData(brief_id)
        if found >= 0:
            self.chooser.setCurrentIndex(found)
        return found >= 0

    def _selected_place(self) -> tuple[int, int | None] | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        return index.data(SECTION_ID_ROLE), index.data(CARD_ID_ROLE)

    def selected_card_id(self) -> int | None:
        """The card selected in the tree (None for a section): what Delete removes."""
        place = self._selected_place()
        return place[1] if place is not None else None

    def _select(self, section_id: int, card_id: int | None) -> None:
        if card_id is not None:
            index = self.model.card_index(section_id, card_id)
        else:
            index = self.model.section_index(section_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _target_section(self) -> int | None:
        """The selected section (or the selected card's), else the last one."""
        place = self._selected_place()
        if place is not None:
            return place[0]
        sections = self.model.sections
        return sections[-1].id if sections else None

    # -- actions ---------------------------------------------------------------------------

    def new_brief(self) -> None:
        motion = self._motion
        if motion is None:
            self.controller.userError.emit("This library has no motion yet; create one first.")
            return
        answer = NewBriefDialog.ask(self, (motion.side_a, motion.side_b))
        if answer is None:
            return
        title, side = answer
        brief = self.controller.create_brief(side, title)
        if brief is not None:
            self.select_brief(brief.id)

    def add_section(self) -> None:
        brief_id = self.current_brief_id()
        if brief_id is None:
            return
        title = SectionTitleDialog.ask(self)
        if title and self.controller.add_brief_section(brief_id, title):
            self.refresh()
            sections = self.model.sections
            if sections:
                self._select(sections[-1].id, None)

    def add_cards(self, card_ids: Iterable[int]) -> bool:
        """Add cards to the selected section, or the last one (Send to Brief)."""
        ids = list(card_ids)
        brief_id = self.current_brief_id()
        if brief_id is None:
            self.controller.userError.emit("Start a brief first: press “New brief…”.")
            return False
        section_id = self._target_section()
        if section_id is None:
            # An empty brief has no section to hold the card: make one.
            if not self.controller.add_brief_section(brief_id, "Cards"):
                return False
            self.refresh()
            section_id = self._target_section()
            if section_id is None:
                return False
        section = next(s for s in self.model.sections if s.id == section_id)
        done = self.model.add_cards(ids, section_id, len(section.card_ids))
        if done and ids:
            self._select_after_refresh = (section_id, ids[-1])
            self.refresh()
        return done

    def remove_selected(self) -> bool:
        place = self._selected_place()
        if place is None or place[1] is None:
            return False
        section_id, card_id = place[0], place[1]
        section = next(s for s in self.model.sections if s.id == section_id)
        # Keep the keyboard user in place: select the next card (or the section) afterwards.
        rest = [c for c in section.card_ids if c != card_id]
        row = section.card_ids.index(card_id)
        self._select_after_refresh = (section_id, rest[min(row, len(rest) - 1)] if rest else None)
        shown = self.model.brief()
        version = shown.version if shown is not None else None
        if not self.controller.remove_from_brief(section_id, card_id, version):
            self._select_after_refresh = None
            return False
        self.refresh()
        return True

    def _export(self) -> None:
        brief_id = self.current_brief_id()
        if brief_id is not None:
            self.exportRequested.emit(brief_id)

    def _activated(self, index: QModelIndex) -> None:
        card_id = index.data(CARD_ID_ROLE)
        if card_id is not None:
            self.controller.open_card(int(card_id))

    def select_section(self, section_id: int) -> None:
        """Reload now and select this section (the keyboard user's place after a deletion)."""
        self._select_after_refresh = (section_id, None)
        self.refresh()

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """A card's menu (open, remove from the brief) or a section's (delete it)."""
        if not index.isValid():
            return None
        self.tree.setCurrentIndex(index)
        menu, section_id = QMenu(self), index.data(SECTION_ID_ROLE)
        if index.data(CARD_ID_ROLE) is None:
            request = lambda: self.sectionDeleteRequested.emit(section_id)  # noqa: E731
            menu.addAction("Delete section").triggered.connect(request)
            return menu
        menu.addAction("Open card").triggered.connect(lambda: self._activated(index))
        menu.addAction("Remove from brief").triggered.connect(self.remove_selected)
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu(self.tree.indexAt(pos))
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Delete in the tree removes the card from the brief. Claiming the ShortcutOverride
        # keeps the window's Delete Card action from deleting the card itself.
        if watched is self.tree and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            assert isinstance(event, QKeyEvent)
            is_delete = event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            place = self._selected_place()
            if is_delete and place is not None and place[1] is not None:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                    return True
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)
