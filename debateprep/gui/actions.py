"""The window's actions: names, shortcuts (standard keys where Qt has them), menus, toolbar.

Kept apart from the window so the Help > Keyboard shortcuts list and the tests read the same
table. Shortcuts follow Verbatim where debaters expect them (F7 tag, F11 highlight, ` send).
"""

from __future__ import annotations

from dataclasses import dataclass

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
            "actionImport",
            "&Import…",
            ("Ctrl+I",),
            "Import articles (.txt, .md, .html), Verbatim .docx cards or a Kialo export",
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
        ActionSpec("actionDelete", "&Delete Card", (StandardKey.Delete,)),
        ActionSpec("actionFind", "&Find…", (StandardKey.Find,), "Search sources and cards"),
    ),
    "&Card": (
        ActionSpec("actionNewMotion", "New &Motion…", ("Ctrl+Shift+N",)),
        ActionSpec("actionNewArgument", "New &Argument", ("Ctrl+Shift+A",)),
        ActionSpec("actionNewCounterargument", "New &Counterargument", ("Ctrl+Shift+R",)),
        ActionSpec(
            "actionCutCard",
            "C&ut Card from Selection",
            ("F7", "Ctrl+K"),
            "Make an evidence card from the selected passage",
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
        ActionSpec(
            "actionShowHidden",
            "Show &Hidden Lines",
            ("Ctrl+Shift+H",),
            "Show the lines hidden at import (ads, captions, copyright notices) in the reader",
        ),
    ),
    "&Help": (
        ActionSpec("actionShortcuts", "&Keyboard Shortcuts", (StandardKey.HelpContents,)),
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
    ("Mark read-aloud (card editor, on a selection in the quote)", "F11"),
    ("Remove card from brief (brief builder)", "Del"),
    ("Insert pocket / hat / block after the selection (brief builder)", "F4 / F5 / F6"),
    ("Open result (search results)", "Enter"),
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
            if spec.name in ("actionImport", "actionDelete"):
                menu.addSeparator()
    return actions, menus


def build_toolbar(window: QMainWindow, actions: dict[str, QAction]) -> QToolBar:
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    for name in TOOLBAR:
        toolbar.addAction(actions[name])
    return toolbar


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
