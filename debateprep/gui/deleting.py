"""Nothing lost by a key: what Delete acts on, the question before a big deletion, the Undo bar.

Delete is one window action whose target follows the keyboard focus: the card selected in the
argument map or shown in the card editor, the source selected in the source list, the motion
or brief selected in the motion tree, the card or section (pocket, hat, block) selected in the
brief. Anywhere else (the reader, the search results) it is disabled, so the key can never
delete a card the user is not looking at. Deleting something that holds cards asks first and
says how many. After every deletion the Undo bar says what went and undoes it with one key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QWidget,
)

from debateprep.text.plural import plural

if TYPE_CHECKING:  # the panels load when the window attaches its library
    from debateprep.facade.library import Library
    from debateprep.gui.brief_view import BriefView
    from debateprep.gui.card_editor import CardEditor
    from debateprep.gui.controller import Controller
    from debateprep.gui.library_panel import LibraryPanel
    from debateprep.gui.map_view import MapView
    from debateprep.gui.reader import ReaderView

UNDO_BAR_MS = 8000  # long enough to read the message and reach the button


@dataclass(frozen=True)
class DeleteTarget:
    """What Delete would act on now: the menu text names it."""

    text: str  # "&Delete Card", "&Delete Source", …
    run: Callable[[], object]


NOTHING = DeleteTarget("&Delete", lambda: None)


def inside(widget: QWidget | None, container: QWidget) -> bool:
    """True when ``widget`` is ``container`` or one of its children."""
    while widget is not None:
        if widget is container:
            return True
        widget = widget.parentWidget()
    return False


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Ask before a deletion that takes more than the one item (Cancel is the default)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(question)
    box.setInformativeText("Undo (Ctrl+Z) brings everything back.")
    delete = box.addButton("&Delete", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is delete


class UndoBar(QWidget):
    """ "Deleted <what> — Undo", shown for a few seconds after each deletion (non-modal)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.controller = controller
        self._index = -1  # the undo stack's index just after the deletion
        self.label = QLabel(self)
        self.label.setObjectName("undoBarText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setMaximumWidth(420)
        self.button = QPushButton("Undo", self)
        self.button.setObjectName("undoBarButton")
        self.button.setAccessibleName("Undo the deletion")
        self.button.setToolTip("Undo the deletion (Ctrl+Z)")
        self.button.clicked.connect(self.undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)
        controller.removed.connect(self.announce)
        controller.undo_stack.indexChanged.connect(self._stack_moved)
        self.hide()

    def announce(self, message: str) -> None:
        metrics = self.label.fontMetrics()
        text = metrics.elidedText(f"{message} —", Qt.TextElideMode.ElideMiddle, 400)
        self.label.setText(text)
        self.label.setToolTip(message)
        self._index = self.controller.undo_stack.index()
        self.show()
        self._timer.start(UNDO_BAR_MS)

    def undo(self) -> bool:
        """Undo the announced deletion, if it is still the last step."""
        if self._index != self.controller.undo_stack.index():
            self.hide()
            return False
        self.hide()
        return self.controller.undo()

    def _stack_moved(self, index: int) -> None:
        if index != self._index:
            self.hide()  # undone (or something else happened): the offer is stale

    def _expire(self) -> None:
        # Keep the offer while the user is on the button.
        if self.button.hasFocus():
            self._timer.start(UNDO_BAR_MS)
        else:
            self.hide()


class DeletingMixin:
    """The window's Delete: asks the focused panel what it shows and deletes only that."""

    library: Library
    controller: Controller
    actions_by_name: dict[str, QAction]
    library_panel: LibraryPanel
    map_view: MapView
    card_editor: CardEditor
    brief_view: BriefView
    reader: ReaderView
    current_card_id: int | None

    def delete_card(self) -> None: ...  # MainWindow's: the card in the editor

    def _window(self) -> QMainWindow:
        assert isinstance(self, QMainWindow)  # the mixin only ever serves MainWindow
        return self

    def _wire_deleting(self) -> None:
        act = self.actions_by_name
        act["actionDelete"].triggered.connect(lambda: self.delete_target().run())
        act["actionDeleteSource"].triggered.connect(self.delete_shown_source)
        act["actionDeleteMotion"].triggered.connect(self.delete_current_motion)
        self.brief_view.sectionDeleteRequested.connect(self.delete_section)
        self.undo_bar = UndoBar(self.controller, self._window())
        self._window().statusBar().addPermanentWidget(self.undo_bar)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # A method of the window, so Qt drops the connection when the window goes.
            app.focusChanged.connect(self.update_delete_action)
        for view in (
            self.map_view.table,
            self.library_panel.table,
            self.library_panel.motion_tree,
            self.brief_view.tree,
            self.card_editor.links.view,
        ):
            selection = view.selectionModel()
            selection.currentChanged.connect(self.update_delete_action)
            selection.selectionChanged.connect(self.update_delete_action)
        self.update_delete_action()

    def update_delete_action(self, *_: object) -> None:
        """Edit > Delete names what it would delete, and is off when focus holds nothing."""
        target = self.delete_target()
        action = self.actions_by_name["actionDelete"]
        action.setText(target.text)
        action.setEnabled(target is not NOTHING)

    def delete_target(self) -> DeleteTarget:
        from debateprep.gui.briefmodels import SECTION_ID_ROLE
        from debateprep.gui.itemmodels import BRIEF, ID_ROLE, KIND_ROLE, MOTION

        focus = QApplication.focusWidget()
        panel = self.library_panel
        if inside(focus, self.map_view.table):
            card_id = self.map_view.current_card_id()
            if card_id is not None:
                return DeleteTarget("&Delete Card", lambda: self.delete_card_by_id(card_id))
        elif inside(focus, panel.table):
            source_id = panel.current_source_id()
            if source_id is not None:
                return DeleteTarget("&Delete Source", lambda: self.delete_source(source_id))
        elif inside(focus, panel.motion_tree):
            index = panel.motion_tree.currentIndex()
            kind, item_id = index.data(KIND_ROLE), index.data(ID_ROLE)
            if kind == MOTION and isinstance(item_id, int):
                return DeleteTarget("&Delete Motion", lambda: self.delete_motion(item_id))
            if kind == BRIEF and isinstance(item_id, int):
                return DeleteTarget("&Delete Brief", lambda: self.delete_brief(item_id))
        elif inside(focus, self.brief_view.tree):
            place = self.brief_view.tree.currentIndex()
            section_id = place.data(SECTION_ID_ROLE) if place.isValid() else None
            if place.isValid() and self.brief_view.selected_card_id() is not None:
                return DeleteTarget("Re&move from Brief", self.brief_view.remove_selected)
            if isinstance(section_id, int):
                return DeleteTarget("&Delete Section", lambda: self.delete_section(section_id))
        elif inside(focus, self.card_editor.links):
            if self.card_editor.links.selected_row() is not None:
                return DeleteTarget("Re&move Link", self.card_editor.unlink_selected)
        elif inside(focus, self.card_editor) and self.current_card_id is not None:
            return DeleteTarget("&Delete Card", self.delete_card)
        return NOTHING

    def delete_card_by_id(self, card_id: int) -> None:
        if card_id == self.current_card_id:
            self.delete_card()
        else:
            self.controller.delete_card(card_id)

    def delete_source(self, source_id: int) -> bool:
        """Delete a source; with cards, first ask, naming how many go with it."""
        source = self.controller.attempt(lambda: self.library.source(source_id))
        if source is None:
            return False
        count = source.card_count
        if count and not confirm(
            self._window(),
            "Delete source",
            f"Delete “{source.title}” and its {plural(count, 'card')}?",
        ):
            return False
        return self.controller.delete_source(source_id, with_cards=count > 0)

    def delete_shown_source(self) -> bool:
        """Edit > Delete Source: the source selected in the list, else the one being read."""
        source_id = self.library_panel.current_source_id() or self.reader.current_source_id()
        if source_id is None:
            self.controller.userError.emit("Open a source first (select it in the Library).")
            return False
        return self.delete_source(source_id)

    def delete_motion(self, motion_id: int) -> bool:
        """Delete a motion with its briefs and cards, after saying how many."""
        library = self.library
        motion = self.controller.attempt(lambda: library.motion(motion_id))
        contents = self.controller.attempt(lambda: library.motion_contents(motion_id))
        if motion is None or contents is None:
            return False
        cards, briefs = contents
        if (cards or briefs) and not confirm(
            self._window(),
            "Delete motion",
            f"Delete the motion “{motion.resolution}” with its {plural(cards, 'card')} "
            f"and {plural(briefs, 'brief')}?",
        ):
            return False
        return self.controller.delete_motion(motion_id)

    def delete_current_motion(self) -> bool:
        motion_id = self.controller.current_motion_id
        if motion_id is None:
            self.controller.userError.emit("There is no motion to delete.")
            return False
        return self.delete_motion(motion_id)

    def delete_section(self, section_id: int) -> bool:
        """Delete a pocket, hat or block of the brief; with cards, first ask, naming how many.
        The next section is selected after, so the keyboard user keeps a place."""
        sections = self.brief_view.model.sections
        row = next((n for n, s in enumerate(sections) if s.id == section_id), None)
        if row is None:
            return False
        section = sections[row]
        what, count = section.level.label.lower(), len(section.card_ids)
        if count and not confirm(
            self._window(),
            f"Delete {what}",
            f"Delete the {what} “{section.title}” with its {plural(count, 'card')}? "
            "The cards stay in the library.",
        ):
            return False
        if not self.controller.delete_brief_section(section_id):
            return False
        rest = [s.id for s in sections if s.id != section_id]
        if rest:
            self.brief_view.select_section(rest[min(row, len(rest) - 1)])
        return True

    def delete_brief(self, brief_id: int) -> bool:
        """Delete a whole brief; with cards, first ask, naming how many."""
        brief = self.controller.attempt(lambda: self.library.brief(brief_id))
        if brief is None:
            return False
        count = brief.card_count
        if count and not confirm(
            self._window(),
            "Delete brief",
            f"Delete the brief “{brief.title}” with its {plural(count, 'card')}? "
            "The cards stay in the library.",
        ):
            return False
        return self.controller.delete_brief(brief_id)
