"""Renaming the brief the brief builder shows, based on the version it shows: when somebody
else changed the brief meanwhile, the conflict dialog shows both (title and sections) and asks
Keep Mine or Take Theirs; either answer is one undo step (``BriefEdits.rename_brief``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QLineEdit

from debateprep.errors import ConflictError
from debateprep.gui.conflict_dialog import Choice, ConflictDialog

if TYPE_CHECKING:
    from debateprep.gui.brief_view import BriefView


def rename_shown_brief(view: BriefView) -> bool:
    """Ask for the shown brief's new title and save it; False when nothing was renamed."""
    brief = view.model.brief()
    if brief is None:
        return False
    title, ok = QInputDialog.getText(
        view, "Rename brief", "Title:", QLineEdit.EchoMode.Normal, brief.title
    )
    if not ok or not title.strip() or " ".join(title.split()) == brief.title:
        return False

    def keep_mine(conflict: ConflictError[Any]) -> bool:
        return ConflictDialog.ask(conflict, view) is Choice.KEEP_MINE

    return view.controller.rename_brief(brief.id, title, brief.version, keep_mine)
