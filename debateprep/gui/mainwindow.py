"""The main window: docks, actions and wiring. It holds no logic of its own.

Every edit goes through the controller (one facade call, one undo step); reading panels
refresh on the controller's ``changed`` signal; long work goes to the task runner.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QWidget

from debateprep.errors import UserError
from debateprep.gui import dialogs
from debateprep.gui.actions import UndoNamer, shortcut_rows
from debateprep.gui.classroom import MotionLocking
from debateprep.gui.controller import CARDS, MOTIONS, SOURCES, Controller
from debateprep.gui.deleting import DeletingMixin
from debateprep.gui.filework import FileWorkMixin
from debateprep.gui.library_switching import LibrarySwitching
from debateprep.gui.tasks import LatestReader, TaskRunner
from debateprep.gui.window_layout import WindowLayout
from debateprep.records import CardKind
from debateprep.text.plural import plural

# The panels load in ``attach``, after the frame's first paint (issue 14, item 6).
if TYPE_CHECKING:
    from debateprep.facade.library import Library
    from debateprep.gui.brief_send import BriefSender

logger = logging.getLogger(__name__)


class MainWindow(FileWorkMixin, DeletingMixin, LibrarySwitching, WindowLayout, QMainWindow):
    """The window. Built in two steps so it can be shown before its library is open: the
    frame (docks, menus, toolbar, the last layout) needs no library; :meth:`attach` adds the
    panels on ``library``. Given a library, the constructor does both (tests, new windows);
    :func:`debateprep.gui.app.start_main_window` paints the frame first and attaches after."""

    library: Library
    controller: Controller
    tasks: TaskRunner

    def __init__(
        self,
        library: Library | None,
        settings: QSettings,
        open_window: Callable[..., object] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setAccessibleName("DebatePrep main window")
        self.settings = settings
        self._open_window = open_window
        self._attached = False
        self.current_card_id: int | None = None
        self._font_size = 11
        self.log_file: Path | None = None  # set by the app once logging is set up
        self._build_frame()
        if library is not None:
            self.attach(library)

    def attach(self, library: Library) -> None:
        """The panels on ``library``, wired; the first article and argument shown."""
        from debateprep.gui.brief_view import BriefView
        from debateprep.gui.card_editor import CardEditor
        from debateprep.gui.exporting import ExportOptions
        from debateprep.gui.library_panel import LibraryPanel
        from debateprep.gui.live_refresh import LiveRefresh
        from debateprep.gui.map_view import MapView
        from debateprep.gui.reader import ReaderView
        from debateprep.gui.search_panel import SearchPanel

        self.library = library
        self.controller = Controller(library, self)
        self.tasks = self.controller.tasks
        self.reader = ReaderView(self.controller, self)
        self.setCentralWidget(self.reader)
        self.library_panel = LibraryPanel(self.controller, self)
        self.search_panel = SearchPanel(self.controller, self)
        self.card_editor = CardEditor(self.controller, self)
        self.map_view = MapView(self.controller, self)
        self.brief_view = BriefView(self.controller, self)
        panels = (self.library_panel, self.search_panel, self.card_editor, self.map_view)
        for dock, panel in zip(self.docks.values(), (*panels, self.brief_view), strict=True):
            dock.setWidget(panel)  # in the frame's order: Library, Search, Card, map, Brief
        self.export_options = ExportOptions(self.settings, self)
        self.export_options.add_menu(
            self.menus["File"], before=self.actions_by_name["actionReindex"]
        )
        for action in self.actions_by_name.values():
            action.setEnabled(True)  # the frame's were off; _wire and _update_actions decide
        self._wire()
        self._attached = True
        self._update_title()
        self._update_recent_menu()
        self._update_actions()
        # Counting 100,000 cards takes a moment: the status bar hears the counts when ready.
        self._counts = self._summary_reader()
        self._refresh_summary()
        self._open_first_source()
        self.reader.editor.setFocus()  # the article, not the "Cut for" box, takes the keys
        self.index_task = self.repair_index_in_background()  # a class library: then follows
        self.live = LiveRefresh(self) if library.is_class_library else None

    def is_attached(self) -> bool:
        """True once the panels are on a library (see :meth:`attach`)."""
        return self._attached

    # -- construction ----------------------------------------------------------------------

    def _summary_reader(self) -> LatestReader:
        """The status bar's counts: a permanent widget (a toolbar button's status tip would
        wipe a plain message) filled by a background reader."""
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("statusSummary")
        self.statusBar().addPermanentWidget(self.summary_label)
        counts = self.tasks.reader(self)
        counts.loaded.connect(self._show_summary)
        return counts

    def _brief_sender(self) -> BriefSender:
        """Send to Brief (`) goes through the sender; the guard lets text fields type a `."""
        from debateprep.gui.brief_send import BriefSender, TextKeyGuard

        self._key_guard = TextKeyGuard(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._key_guard)
        return BriefSender(self.brief_view, self.statusBar())

    def action(self, name: str) -> QAction:
        return self.actions_by_name[name]

    def _wire(self) -> None:
        from debateprep.gui.ethics_help import EthicsHelp
        from debateprep.gui.search_status import SearchStatus
        from debateprep.gui.url_import import LinkDrop

        act = self.actions_by_name
        self._wire_undo()
        self.search_status = SearchStatus(self, self.library)  # "Search restarted…" messages
        act["actionNewLibrary"].triggered.connect(self.new_library)
        act["actionOpenLibrary"].triggered.connect(self.open_library)
        act["actionOpenClassLibrary"].triggered.connect(self.open_class_library)
        act["actionImport"].triggered.connect(self.import_sources)
        act["actionImportUrl"].triggered.connect(self.import_from_url)
        self._link_drop = LinkDrop(self, self.import_items)  # links or files dropped anywhere
        act["actionExportBrief"].triggered.connect(lambda: self.export_brief(None))
        act["actionExportMap"].triggered.connect(self.export_map)
        act["actionExportPacket"].triggered.connect(self.export_packet)
        act["actionQuit"].triggered.connect(self.close)
        act["actionFind"].triggered.connect(self.focus_search)
        act["actionNewMotion"].triggered.connect(self.new_motion)
        MotionLocking(self.controller, act["actionLockMotion"])  # a class's teacher only
        act["actionReindex"].triggered.connect(self.reindex)
        self._wire_cards()
        act["actionSendToBrief"].triggered.connect(self.send_to_brief)
        act["actionZoomIn"].triggered.connect(lambda: self.set_text_size(self._font_size + 1))
        act["actionZoomOut"].triggered.connect(lambda: self.set_text_size(self._font_size - 1))
        act["actionShowHidden"].setCheckable(True)
        act["actionShowHidden"].toggled.connect(self.reader.set_show_hidden)
        act["actionShortcuts"].triggered.connect(self.show_shortcuts)
        act["actionAliases"].triggered.connect(self.show_aliases)
        self.ethics_help = EthicsHelp(self, act["actionEvidenceEthics"])
        act["actionAbout"].triggered.connect(
            lambda: QMessageBox.about(self, "About DebatePrep", dialogs.about_text())
        )

        self.controller.userError.connect(lambda message: dialogs.show_user_error(self, message))
        self.controller.cardActivated.connect(self.open_card)
        self.controller.sourceRequested.connect(self.show_source)
        self.controller.changed.connect(self._on_changed)
        self.reader.selectionChanged.connect(self._update_actions)
        self.map_view.exportRequested.connect(self.export_map)
        self.brief_view.exportRequested.connect(self.export_brief)
        self.library_panel.sourceSelected.connect(lambda sid: self.show_source(sid, 0, 0))
        self.library_panel.briefSelected.connect(self._open_brief)
        self._wire_deleting()
        self._wire_keyboard()

    def _wire_undo(self) -> None:
        act = self.actions_by_name
        stack = self.controller.undo_stack
        act["actionUndo"].triggered.connect(self.controller.undo)
        act["actionRedo"].triggered.connect(self.controller.redo)
        stack.canUndoChanged.connect(act["actionUndo"].setEnabled)
        stack.canRedoChanged.connect(act["actionRedo"].setEnabled)
        # The menu and tooltip name what would be undone; the toolbar keeps a short fixed
        # label, so a long tag never pushes Export Map/Brief into the overflow menu.
        for name, verb, signal in (
            ("actionUndo", "Undo", stack.undoTextChanged),
            ("actionRedo", "Redo", stack.redoTextChanged),
        ):
            act[name].setIconText(verb)
            signal.connect(UndoNamer(act[name], verb).name)
        act["actionUndo"].setEnabled(False)
        act["actionRedo"].setEnabled(False)

    def _wire_cards(self) -> None:
        """New/answer/support claims, cutting keys, links and Send to Brief."""
        from debateprep.gui.claim_actions import ClaimActions
        from debateprep.gui.cutting import CuttingKeys

        act = self.actions_by_name
        act["actionNewArgument"].triggered.connect(lambda: self.new_claim(CardKind.ARGUMENT))
        act["actionNewCounterargument"].triggered.connect(
            lambda: self.new_claim(CardKind.COUNTERARGUMENT)
        )
        self.claims = ClaimActions(self)
        act["actionAnswerThis"].triggered.connect(self.claims.answer_this)
        act["actionSupportThis"].triggered.connect(self.claims.support_this)
        self.map_view.add_cell_actions(
            [act[name] for name in ("actionAnswerThis", "actionSupportThis", "actionLink")]
        )
        act["actionCutCard"].triggered.connect(self.reader.cut_selection)
        # Verbatim-speed cutting: F2 paste as source, F8 copy card, remembered "Cut for".
        self.cutting = CuttingKeys(
            self.controller,
            self.reader,
            self.card_editor,
            self.settings,
            lambda: self.current_card_id,
        )
        act["actionPasteAsSource"].triggered.connect(self.cutting.paste_source)
        act["actionCopyCard"].triggered.connect(self.cutting.copy_card)
        act["actionLink"].triggered.connect(self.link_card)
        act["actionUnlink"].triggered.connect(self.unlink_card)
        self.brief_sender = self._brief_sender()

    def _wire_keyboard(self) -> None:
        """Tab leaves every list, focus is outlined, Ctrl+1..Ctrl+5 go to the panels."""
        from debateprep.gui.keyboard import PANEL_KEYS, FocusRing, show_panel, untrap_item_views

        untrap_item_views(self)
        self.focus_ring = FocusRing(self)
        panels: dict[str, tuple[QWidget, QWidget]] = {
            "": (self.reader.editor, self.reader),
            "Library": (self.library_panel.table, self.library_panel),
            "Card": (self.card_editor.tag, self.card_editor),
            "Argument map": (self.map_view.table, self.map_view),
            "Brief": (self.brief_view.tree, self.brief_view),
        }
        for name, title in PANEL_KEYS:
            target, panel = panels[title]
            dock = self.docks.get(title)
            self.actions_by_name[name].triggered.connect(
                lambda _=False, d=dock, t=target, p=panel: show_panel(d, t, p)
            )

    # -- state -----------------------------------------------------------------------------

    def _update_title(self) -> None:
        path = self.library.file
        where = f"{path.name} — {path.parent}" if path else f"class library {self.library.location}"
        self.setWindowTitle(f"{where} — DebatePrep")

    def _refresh_summary(self) -> None:
        self._counts.request(self.library.counts)

    def _show_summary(self, counts: object) -> None:
        sources, cards = counts if isinstance(counts, tuple) else (0, 0)
        self.summary_label.setText(
            f"{plural(sources, 'source')} · {plural(cards, 'card')} · saved automatically"
        )

    def _update_actions(self) -> None:
        act = self.actions_by_name
        act["actionCutCard"].setEnabled(self.reader.selection_span() is not None)
        has_card = self.current_card_id is not None
        for name in ("actionLink", "actionUnlink", "actionSendToBrief"):
            act[name].setEnabled(has_card)
        act["actionCopyCard"].setEnabled(has_card)
        self.update_delete_action()

    def _on_changed(self, topic: str) -> None:
        if topic in (CARDS, SOURCES):
            self._refresh_summary()
        if topic == MOTIONS:
            self._leave_other_motion()
        if self.current_card_id is not None and topic == CARDS:
            try:
                self.library.card(self.current_card_id)
            except UserError:  # the card was deleted (or undone away)
                self.current_card_id = None
                self._update_actions()

    def _leave_other_motion(self) -> None:
        """After switching motion, the editor stops showing a card of the old one."""
        if self.current_card_id is None:
            return
        try:
            card = self.library.card(self.current_card_id)
        except UserError:
            return  # deleted: the CARDS refresh clears it
        if card.motion_id not in (None, self.controller.current_motion_id):
            self.current_card_id = None
            self.card_editor.load(None)
            self._update_actions()

    # -- actions ---------------------------------------------------------------------------

    def open_card(self, card_id: int) -> None:
        self.current_card_id = card_id
        self.card_editor.load(card_id)
        self.docks["Card"].show()
        self.docks["Card"].raise_()
        self._update_actions()

    def show_source(self, source_id: int, start: int, end: int) -> None:
        self.reader.show_source(source_id, start, end)
        self.library_panel.select_source(source_id)

    def _open_brief(self, brief_id: int) -> None:
        self.brief_view.select_brief(brief_id)
        self.docks["Brief"].show()
        self.docks["Brief"].raise_()

    def focus_search(self) -> None:
        self.docks["Search"].show()
        self.docks["Search"].raise_()
        self.search_panel.focus_search()

    def new_claim(self, kind: CardKind) -> None:
        """New Argument (the current side) or New Counterargument (answering the claim in
        front of the student); see :mod:`debateprep.gui.claim_actions`."""
        if kind is CardKind.ARGUMENT:
            self.claims.new_argument()
        else:
            self.claims.new_counterargument()

    def new_motion(self) -> None:
        answer = dialogs.MotionDialog.ask(self)
        if answer is not None:
            self.controller.create_motion(*answer)

    def delete_card(self) -> None:
        if self.current_card_id is not None and self.controller.delete_card(self.current_card_id):
            self.current_card_id = None
            self.card_editor.load(None)
            self._update_actions()

    def link_card(self) -> None:
        if self.current_card_id is None:
            return
        from debateprep.gui.link_picker import LinkPicker, link_picked

        picked = LinkPicker.ask(self.controller, self.current_card_id, self)
        if picked is not None:
            link_picked(self.controller, self.current_card_id, picked)

    def unlink_card(self) -> None:
        self.card_editor.unlink_selected()

    def send_to_brief(self) -> None:
        if self.brief_sender.send(self.current_card_id):
            self.docks["Brief"].show()
            self.docks["Brief"].raise_()

    def set_text_size(self, size: int) -> None:
        self._font_size = max(7, min(28, size))
        self.reader.set_font_point_size(self._font_size)

    def show_aliases(self) -> None:
        from debateprep.gui.alias_dialog import AliasDialog  # only when asked for

        AliasDialog(self.controller, self).exec()

    def show_shortcuts(self) -> None:
        dialogs.shortcuts_dialog(self, shortcut_rows(self.actions_by_name)).exec()

    def _open_first_source(self) -> None:
        """A new user sees an article at once, not an empty reader."""
        library = self.library
        first = library.first_source_id()  # one small query, however big the library
        if first is not None and self.reader.current_source_id() is None:
            self.show_source(first, 0, 0)
        motion_id = self.controller.current_motion_id
        claims = library.card_titles(motion_id=motion_id, kinds=("argument",), limit=1)
        if claims and self.current_card_id is None:
            self.open_card(claims[0].id)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._attached:  # closed while the library was still opening
            self.settings.setValue("geometry", self.saveGeometry())
            super().closeEvent(event)
            return
        self.card_editor.commit_pending()  # notes typed but not yet left are saved
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        self.settings.setValue("lastLibrary", self.library.location)
        self.tasks.shutdown(30000)  # the running job, then every panel's reader
        super().closeEvent(event)
        self.library.close()
