"""Dialogs the window asks the user through: files, messages, the crash report, help.

Each question is a classmethod (``ask_*``) so tests can monkeypatch it instead of clicking
through a modal dialog.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from debateprep import __version__
from debateprep.gui.exporting import BRIEF_FORMATS, FileFormat, chosen_format, dialog_filters
from debateprep.gui.import_summary import ImportSummary
from debateprep.records import ImportOutcome

SOURCE_FILTER = (
    "Articles, PDFs, Verbatim Word files and Kialo exports "
    "(*.txt *.text *.md *.markdown *.html *.htm *.pdf *.docx);;All files (*)"
)
LIBRARY_FILTER = "DebatePrep library (*.db);;All files (*)"


class Ask:
    """Questions answered through standard dialogs; None means the user cancelled."""

    @classmethod
    def import_files(cls, parent: QWidget, folder: str = "") -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(parent, "Import sources", folder, SOURCE_FILTER)
        return [Path(name) for name in names]

    @classmethod
    def no_brief(cls, parent: QWidget, side_name: str) -> str | None:
        """Export Brief with no brief: "new" (start one), "outline" (export the side's
        default outline as it is) or None."""
        box = QMessageBox(parent)
        box.setWindowTitle("Export brief")
        box.setText("There is no brief for this motion yet.")
        box.setInformativeText(
            f"Start one (it begins with the map's arguments and evidence), or export "
            f"{side_name}'s outline as it is now."
        )
        new = box.addButton("&New Brief…", QMessageBox.ButtonRole.AcceptRole)
        outline = box.addButton(f"Export {side_name} &outline", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(new)
        box.exec()
        clicked = box.clickedButton()
        return "new" if clicked is new else "outline" if clicked is outline else None

    @classmethod
    def export_file(
        cls,
        parent: QWidget,
        title: str,
        suggested: str,
        formats: Sequence[FileFormat] = BRIEF_FORMATS[:1],
    ) -> tuple[Path, FileFormat] | None:
        """Where to export, and in which of ``formats`` (the extension or chosen type)."""
        name, selected = QFileDialog.getSaveFileName(
            parent, title, suggested, dialog_filters(formats)
        )
        if not name:
            return None
        return chosen_format(Path(name), selected, formats)

    @classmethod
    def library_to_open(cls, parent: QWidget, folder: str = "") -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Open library", folder, LIBRARY_FILTER)
        return Path(name) if name else None

    @classmethod
    def new_library(cls, parent: QWidget, folder: str = "") -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, "New library", folder, LIBRARY_FILTER)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".db")

    @classmethod
    def packet_variant(
        cls, parent: QWidget, resolution: str = "", has_arguments: bool = True
    ) -> str | None:
        """ "worksheet" or "teacher" (None: cancelled), asked about the named motion."""
        box, buttons = packet_box(parent, resolution, has_arguments)
        box.exec()
        return buttons.get(box.clickedButton())

    @classmethod
    def new_library_contents(cls, parent: QWidget) -> bool | None:
        """True for the sample sources and map, False for an empty library, None: cancel."""
        box = QMessageBox(parent)
        box.setObjectName("newLibraryBox")
        box.setWindowTitle("New library")
        box.setText("Start the new library with the sample sources and argument map?")
        box.setInformativeText(
            "The sample has articles on US immigration enforcement and a starter map to "
            "practise on. An empty library starts with nothing: import your own articles."
        )
        sample = box.addButton("With the &sample sources and map", QMessageBox.ButtonRole.YesRole)
        empty = box.addButton("&Empty", QMessageBox.ButtonRole.NoRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(sample)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is sample else False if clicked is empty else None


def packet_box(
    parent: QWidget | None, resolution: str, has_arguments: bool
) -> tuple[QMessageBox, dict[object, str]]:
    """The packet question, worksheet first and default; warns when the motion has no
    arguments (its packet would be near-blank pages)."""
    box = QMessageBox(parent)
    box.setObjectName("packetBox")
    box.setWindowTitle("Export classroom packet")
    box.setText(f"Export a classroom packet for “{resolution}”?" if resolution else "Which packet?")
    info = "The worksheet leaves the answer cells of the map blank for students; the teacher "
    info += "key fills them in."
    if not has_arguments:
        box.setIcon(QMessageBox.Icon.Warning)
        info = (
            "This motion has no arguments yet, so the packet would be nearly blank pages. "
            "Add arguments on the map first (Card › New Argument), or export it anyway.\n\n" + info
        )
    box.setInformativeText(info)
    worksheet = box.addButton("&Worksheet", QMessageBox.ButtonRole.AcceptRole)
    teacher = box.addButton("&Teacher key", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(worksheet)
    return box, {worksheet: "worksheet", teacher: "teacher"}


class MotionDialog(QDialog):
    """Resolution and the two side names of a new motion."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("motionDialog")
        self.setWindowTitle("New motion")
        self.resolution = QLineEdit(self)
        self.resolution.setPlaceholderText("Resolved: …")
        self.side_a = QLineEdit("Pro", self)
        self.side_b = QLineEdit("Con", self)
        form = QFormLayout(self)
        form.addRow("&Resolution", self.resolution)
        form.addRow("Side &A", self.side_a)
        form.addRow("Side &B", self.side_b)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 150)

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, str, str] | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.resolution.text(), dialog.side_a.text(), dialog.side_b.text()


def show_user_error(parent: QWidget | None, message: str) -> None:
    """A problem the user can fix: a plain message, never a traceback."""
    QMessageBox.warning(parent, "DebatePrep", message)


def show_import_summary(parent: QWidget | None, outcomes: Sequence[ImportOutcome]) -> None:
    """What an import did to each file: imported, duplicate, refused (and why)."""
    ImportSummary(outcomes, parent).exec()


class CrashDialog(QDialog):
    """One dialog for anything unexpected: what happened, the details, where the log is."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("DebatePrep: something went wrong")
        layout = QVBoxLayout(self)
        where = f" The log is at {log_path}." if log_path else ""
        intro = QLabel(
            "DebatePrep hit a bug. Your library is saved after every action, so nothing "
            f"you did before this is lost.{where} Please send the details below to the "
            "developers."
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QPlainTextEdit(details)
        text.setReadOnly(True)
        text.setObjectName("crashDetails")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(intro)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(640, 420)


def shortcuts_dialog(parent: QWidget, rows: list[tuple[str, str]]) -> QDialog:
    dialog = QDialog(parent)
    dialog.setObjectName("shortcutsDialog")
    dialog.setWindowTitle("Keyboard shortcuts")
    view = QTextBrowser(dialog)
    body = "".join(
        f"<tr><td>{html.escape(name)}</td><td><b>{html.escape(keys)}</b></td></tr>"
        for name, keys in rows
    )
    view.setHtml(f"<table cellpadding='4'>{body}</table>")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    layout.addWidget(buttons)
    dialog.resize(460, 520)
    return dialog


def about_text() -> str:
    return (
        f"<h3>DebatePrep {html.escape(__version__)}</h3>"
        "<p>Prepare debates on US immigration enforcement: read sources, cut evidence "
        "cards, map arguments side by side and export briefs and classroom packets.</p>"
    )
