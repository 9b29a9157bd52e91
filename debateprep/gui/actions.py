"""The window's actions: names, shortcuts (standard keys where Qt has them), menus, toolbar.

Kept apart from the window so the Help > Keyboard shortcuts list and the tests read the same
table. Shortcuts follow Verbatim where debaters expect them (F2 paste, F7 cut and tag, F8 copy,
F9-F12 underline / emphasis / highlight / clear, ` send).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

StandardKey = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    name: str  # objectName, also the attribute on WindowActions
    text: str
    keys: tuple[str | StandardKey, ...] = ()
    tip: str = ""


SPECS: dict[str, tuple[ActionSpec, ...]] = {
    "&File": (
        ActionSpec("actionNewLibrary", "&New Library…", (StandardKey.New,)),
        ActionSpec("actionOpenLibrary", "&Open Library…", (StandardKey.Open,)),
        ActionSpec(
            "actionOpenClassLibrary",
            "Open &Class Library…",
            (),
            "Open the class's shared library on a PostgreSQL server (postgresql://server/class)",
        ),
        ActionSpec(
            "actionImport",
            "&Import…",
            ("Ctrl+I",),
            "Import articles (.txt, .md, .html, .pdf), Verbatim .docx cards or a Kialo export",
        ),
        ActionSpec(
            "actionImportUrl",
            "Import from &URL…",
            ("Ctrl+Shift+I",),
            "Download a web page, PDF or text file by its address and import it",
        ),
        ActionSpec("actionExportBrief", "Export &Brief…", ("Ctrl+E",)),
        ActionSpec("actionExportMap", "Export &Map…", ("Ctrl+Shift+M",)),
        ActionSpec("actionExportPacket", "Export Classroom &Packet…", ("Ctrl+Shift+P",)),
        ActionSpec("actionReindex", "Rebuild Search Inde&x", (), "Rebuild the search index"),
        ActionSpec("actionQuit", "&Quit", (StandardKey.Quit, "Ctrl+Q")),
    ),
    "&Edit": (
        ActionSpec("actionUndo", "&Undo", (StandardKey.Undo,)),
        ActionSpec("actionRedo", "&Redo", (StandardKey.Redo, "Ctrl+Shift+Z")),
        # Its text names what it deletes (the focused panel's item): see gui/deleting.py.
        ActionSpec("actionDelete", "&Delete", (StandardKey.Delete,)),
        ActionSpec(
            "actionDeleteSource",
            "Delete &Source…",
            (),
            "Delete the source being read (and, after asking, its cards)",
        ),
        ActionSpec("actionFind", "&Find…", (StandardKey.Find,), "Search sources and cards"),
        ActionSpec(
            "actionPasteAsSource",
            "&Paste as New Source",
            ("F2", "Ctrl+Shift+V"),
            "Add the copied article (text or a browser's page) as a new source",
        ),
    ),
    "&Card": (
        ActionSpec("actionNewMotion", "New &Motion…", ("Ctrl+Shift+N",)),
        ActionSpec(
            "actionDeleteMotion",
            "&Delete Motion…",
            (),
            "Delete the current motion with its briefs and cards (asks first)",
        ),
        ActionSpec(
            "actionLockMotion",
            "Loc&k Motion for Students",
            (),
            "A class library: only teachers may then change the motion and its cards",
        ),
        ActionSpec("actionNewArgument", "New &Argument", ("Ctrl+Shift+A",)),
        ActionSpec("actionNewCounterargument", "New &Counterargument", ("Ctrl+Shift+R",)),
        ActionSpec(
            "actionAnswerThis",
            "Ans&wer This",
            ("Ctrl+R",),
            "Write a counterargument that answers the selected claim (map or editor)",
        ),
        ActionSpec(
            "actionSupportThis",
            "Su&pport This",
            ("Ctrl+Shift+S",),
            "Write an argument that supports the selected claim (map or editor)",
        ),
        ActionSpec(
            "actionCutCard",
            "C&ut Card from Selection",
            ("F7", "Ctrl+K"),
            "Make an evidence card from the selected passage",
        ),
        ActionSpec(
            "actionCopyCard", "Copy Card with C&ite", ("F8",), "Copy tag, cite and card text"
        ),
        ActionSpec("actionLink", "&Link to…", ("Ctrl+L",)),
        ActionSpec("actionUnlink", "U&nlink", ("Ctrl+Shift+L",)),
        ActionSpec(
            "actionSendToBrief",
            "&Send to Brief",
            ("`",),
            "Send the card to the selected block of a brief of its side (` outside text fields)",
        ),
    ),
    "&View": (
        ActionSpec("actionZoomIn", "&Larger Text", (StandardKey.ZoomIn, "Ctrl+=")),
        ActionSpec("actionZoomOut", "&Smaller Text", (StandardKey.ZoomOut,)),
        # Jump to a panel and put focus in it (gui/keyboard.py PANEL_KEYS).
        ActionSpec("actionGoLibrary", "Go to Librar&y", ("Ctrl+1",)),
        ActionSpec("actionGoReader", "Go to &Reader", ("Ctrl+2",)),
        ActionSpec("actionGoCard", "Go to &Card", ("Ctrl+3",)),
        ActionSpec("actionGoMap", "Go to Argument &Map", ("Ctrl+4",)),
        ActionSpec("actionGoBrief", "Go to &Brief", ("Ctrl+5",)),
        ActionSpec(
            "actionShowHidden",
            "Show &Hidden Lines",
            ("Ctrl+Shift+H",),
            "Show the lines hidden at import (ads, captions, copyright notices) in the reader",
        ),
    ),
    "Searc&h": (
        ActionSpec(
            "actionAliases",
            "&Aliases…",
            (),
            "See and edit the acronyms search expands (learned from the sources, built-in, yours)",
        ),
    ),
    "Hel&p": (
        ActionSpec("actionShortcuts", "&Keyboard Shortcuts", (StandardKey.HelpContents,)),
        ActionSpec(
            "actionEvidenceEthics",
            "&Evidence Ethics",
            (),
            "Evidence ethics: how the starter map is cut, and how to cut and use evidence fairly",
        ),
        ActionSpec("actionAbout", "&About DebatePrep"),
    ),
}

TOOLBAR = (
    "actionImport",
    "actionCutCard",
    "actionNewArgument",
    "actionNewCounterargument",
    "actionLink",
    "actionSendToBrief",
    "actionUndo",
    "actionRedo",
    "actionExportMap",
    "actionExportBrief",
)


# Keys that belong to one panel rather than the window.
EXTRA_SHORTCUTS = [
    ("Next paragraph / select to the end of the paragraph (reader)", "Ctrl+Down, Ctrl+Shift+Down"),
    ("Back to the reader or map after typing a tag (Tag field)", "Enter"),
    ("Start a brief when Send to Brief finds none (press it again)", "`"),
    ("Underline (selected words of a card: its quote, or the reader)", "F9"),
    ("Emphasis (selected words of a card: its quote, or the reader)", "F10"),
    ("Highlight, what is read aloud (selected words of a card)", "F11"),
    ("Clear underline, emphasis and highlight (selected words of a card)", "F12"),
    ("Remove card from brief (brief builder)", "Del"),
    ("Insert pocket / hat / block after the selection (brief builder)", "F4 / F5 / F6"),
    ("Open result (search results)", "Enter"),
    ("Undo the deletion just made (the bar at the bottom: Tab to Undo)", "Space"),
    ("Next / previous widget (leaves every table and list)", "Tab, Shift+Tab"),
    ("Open or close a map row's answers to answers (argument map)", "+, −"),
]


def build_actions(window: QMainWindow) -> tuple[dict[str, QAction], dict[str, QMenu]]:
    """Create every action with its shortcuts and the menus holding them."""
    actions: dict[str, QAction] = {}
    menus: dict[str, QMenu] = {}
    bar = window.menuBar()
    for title, specs in SPECS.items():
        menu = bar.addMenu(title)
        menu.setObjectName("menu" + title.replace("&", ""))
        menus[title.replace("&", "")] = menu
        for spec in specs:
            action = QAction(spec.text, window)
            action.setObjectName(spec.name)
            sequences = [QKeySequence(key) for key in spec.keys]
            action.setShortcuts([seq for seq in sequences if not seq.isEmpty()])
            tip = spec.tip or spec.text.replace("&", "").rstrip("…")
            action.setToolTip(tip)
            action.setStatusTip(tip)
            menu.addAction(action)
            actions[spec.name] = action
            if spec.name in ("actionImportUrl", "actionDeleteSource"):
                menu.addSeparator()
    return actions, menus


# Short toolbar labels, so the whole toolbar fits a 900-pixel window; menus keep the full text.
TOOLBAR_TEXT = {"actionCutCard": "Cut Card", "actionLink": "Link"}


def build_toolbar(window: QMainWindow, actions: dict[str, QAction]) -> QToolBar:
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    for name in TOOLBAR:
        action = actions[name]
        if name in TOOLBAR_TEXT:
            action.setToolTip(action.text().replace("&", "").rstrip("…"))
            action.setIconText(TOOLBAR_TEXT[name])
        toolbar.addAction(action)
    return toolbar


def name_undo(action: QAction, verb: str, text: str) -> None:
    """Menu and tooltip say what Undo/Redo would do; the toolbar keeps its short icon text."""
    action.setText(f"&{verb} {text}" if text else f"&{verb}")
    action.setToolTip(f"{verb} {text}" if text else verb)


class UndoNamer(QObject):
    """Calls :func:`name_undo` for one action. A child of the action, so the connection ends
    with it: the undo stack comes with the panels, after the actions, and outlives them."""

    def __init__(self, action: QAction, verb: str) -> None:
        super().__init__(action)
        self._action = action
        self._verb = verb

    def name(self, text: str) -> None:
        name_undo(self._action, self._verb, text)


def shortcut_rows(actions: dict[str, QAction]) -> list[tuple[str, str]]:
    """(action, keys) for Help > Keyboard shortcuts, in menu order."""
    rows = []
    for specs in SPECS.values():
        for spec in specs:
            keys = ", ".join(
                seq.toString(QKeySequence.SequenceFormat.NativeText)
                for seq in actions[spec.name].shortcuts()
            )
            if keys:
                rows.append((spec.text.replace("&", "").rstrip("…"), keys))
    return rows + EXTRA_SHORTCUTS
