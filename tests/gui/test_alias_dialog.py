"""Search > Aliases…: the table lists learned, built-in and user aliases; Add, Remove, Undo."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from pytestqt.qtbot import QtBot

from debateprep.gui.alias_dialog import AliasDialog
from debateprep.gui.controller import Controller
from debateprep.gui.mainwindow import MainWindow


def _pairs(dialog: AliasDialog) -> dict[tuple[str, str], str]:
    return {(e.short, e.long): e.origin for e in dialog.model.entries}


def test_search_menu_offers_aliases(window: MainWindow) -> None:
    menu = window.menus["Search"]
    assert window.actions_by_name["actionAliases"] in menu.actions()


def test_add_remove_and_undo(controller: Controller, qtbot: QtBot) -> None:
    dialog = AliasDialog(controller)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.columnCount() == 3 and model.rowCount() == len(model.entries) > 0
    assert _pairs(dialog)[("ICE", "Immigration and Customs Enforcement")] == "built-in"
    assert "learned" in _pairs(dialog).values()  # the bundled articles define DHS, ICE...

    dialog.short_edit.setText("SB4")
    dialog.long_edit.setText("Senate Bill 4")
    dialog.add()
    assert _pairs(dialog)[("SB4", "Senate Bill 4")] == "user"
    assert dialog.short_edit.text() == ""

    row = next(i for i, e in enumerate(model.entries) if e.short == "DHS")
    dialog.table.selectionModel().select(
        model.index(row, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    dialog.remove()
    assert not any(short == "DHS" for short, _ in _pairs(dialog))
    assert controller.undo()  # the removed built-in alias is back
    assert any(short == "DHS" for short, _ in _pairs(dialog))
    assert controller.undo()  # and the added one gone
    assert ("SB4", "Senate Bill 4") not in _pairs(dialog)
