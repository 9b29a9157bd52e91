"""The main window: its named parts, actions, long work with cancel, exports, errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot

from debateprep.gui import dialogs
from debateprep.gui.app import create_main_window, save_screenshot
from debateprep.gui.brief_dialogs import NewBriefDialog
from debateprep.gui.exporting import BRIEF_FORMATS, MAP_FORMATS, FileFormat, chosen_format
from debateprep.gui.mainwindow import MainWindow
from debateprep.records import Side

WIDGETS = {
    "mainWindow",
    "sourceList",
    "readerView",
    "cardEditor",
    "mapView",
    "searchBox",
    "searchResults",
    "briefView",
}
ACTIONS = {
    "actionCutCard",
    "actionNewArgument",
    "actionNewCounterargument",
    "actionLink",
    "actionUndo",
    "actionRedo",
    "actionExportMap",
    "actionExportBrief",
    "actionImport",
}


def test_named_parts_for_automation(window: MainWindow) -> None:
    names = {window.objectName()} | {
        w.objectName() for w in window.findChildren(QWidget) if w.objectName() in WIDGETS
    }
    assert names == WIDGETS
    for name in WIDGETS - {"mainWindow"}:
        widget = window.findChild(QWidget, name)
        assert widget is not None and widget.accessibleName(), name
    actions = {a.objectName() for a in window.findChildren(QAction)}
    assert actions >= ACTIONS
    assert "DebatePrep" in window.windowTitle() and "library.db" in window.windowTitle()


def test_every_main_action_has_a_shortcut(window: MainWindow) -> None:
    for name in ACTIONS | {"actionDelete", "actionFind", "actionExportPacket", "actionQuit"}:
        assert window.action(name).shortcuts(), name


def test_find_focuses_the_search_box(window: MainWindow, qtbot: QtBot) -> None:
    window.action("actionFind").trigger()
    box = window.findChild(QWidget, "searchBox")
    qtbot.waitUntil(lambda: box is not None and box.hasFocus(), timeout=2000)


def test_screenshot(window: MainWindow, tmp_path: Path) -> None:
    path = save_screenshot(window, tmp_path / "shot.png")
    assert path.stat().st_size > 10_000


def test_import_can_be_cancelled_without_half_sources(
    window: MainWindow, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    # Enough files that the import is still running when the first progress arrives (an
    # import takes a few milliseconds per file).
    for n in range(300):
        (folder / f"{n:03}.txt").write_text(f"Article {n}\n\nBody text {n} " * 50, "utf-8")
    monkeypatch.setattr(dialogs.Ask, "import_files", classmethod(lambda cls, *a: [folder]))
    before = len(window.library.sources())
    task = window.import_sources()
    assert task is not None
    # Polled, not waitSignal: the modal progress dialog's setValue() runs nested event loops,
    # and quitting pytest-qt's loop from inside one of them crashed Qt now and then.
    progressed: list[int] = []
    cancelled: list[bool] = []
    task.progress.connect(lambda done, _total, _message: progressed.append(done))
    task.cancelled.connect(lambda: cancelled.append(True))
    qtbot.waitUntil(lambda: bool(progressed), timeout=10000)
    task.cancel()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=10000)
    sources = window.library.sources()
    imported = len(sources) - before
    assert 0 < imported < 300
    for source in sources:
        assert window.library.source_text(source.id)


def test_import_recognises_kialo_and_verbatim_files(
    window: MainWindow, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    kialo = tmp_path / "discussion.txt"
    shutil.copy(Path(__file__).parents[1] / "data" / "kialo" / "sanctuary_cities.txt", kialo)
    docx = tmp_path / "brief.docx"
    window.library.export_brief_docx(docx, motion_id=window.library.default_motion().id)
    motions = len(window.library.motions())
    monkeypatch.setattr(dialogs.Ask, "import_files", classmethod(lambda cls, *a: [kialo, docx]))
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs,
        "show_import_summary",
        lambda parent, outcomes: shown.extend(o.message for o in outcomes),
    )
    task = window.import_sources()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert len(window.library.motions()) == motions + 1  # the Kialo discussion
    # The .docx: titled by its Title paragraph, the brief's title (side A's outline here).
    assert any(s.title.endswith(" brief") for s in window.library.sources())
    assert len(shown) == 2 and "Kialo discussion" in shown[0]


def test_import_finishes_and_reports(
    window: MainWindow, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A new source\n\nAbout Byrne grants.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    monkeypatch.setattr(dialogs.Ask, "import_files", classmethod(lambda cls, *a: [good, empty]))
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs,
        "show_import_summary",
        lambda parent, outcomes: shown.extend(o.message for o in outcomes),
    )
    task = window.import_sources()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass
    assert any(s.title == "A new source" for s in window.library.sources())
    assert len(shown) == 2 and "imported as" in shown[0] and "empty" in shown[1]


def test_export_map_with_the_file_dialog_replaced(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.md"
    monkeypatch.setattr(
        dialogs.Ask, "export_file", classmethod(lambda cls, *a: (target, MAP_FORMATS[0]))
    )
    window.action("actionExportMap").trigger()
    assert window.tasks.wait()  # exports run on the worker thread
    assert target.read_text(encoding="utf-8").startswith("# Resolved")


def test_export_brief_with_the_file_dialog_replaced(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.md"
    monkeypatch.setattr(
        dialogs.Ask, "export_file", classmethod(lambda cls, *a: (target, BRIEF_FORMATS[0]))
    )
    monkeypatch.setattr(dialogs.Ask, "no_brief", classmethod(lambda cls, *a: "outline"))
    window.action("actionExportBrief").trigger()
    assert window.tasks.wait()
    assert "####" in target.read_text(encoding="utf-8")


def test_export_brief_with_no_brief_says_so_and_offers_one(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.md"
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs.Ask, "export_file", classmethod(lambda cls, *a: (target, BRIEF_FORMATS[0]))
    )
    monkeypatch.setattr(
        dialogs.Ask, "no_brief", classmethod(lambda cls, p, side: asked.append(side))
    )
    window.action("actionExportBrief").trigger()  # cancelled: nothing is written
    assert asked and not target.exists()
    monkeypatch.setattr(dialogs.Ask, "no_brief", classmethod(lambda cls, *a: "new"))
    monkeypatch.setattr(
        NewBriefDialog, "ask", classmethod(lambda cls, parent, names: ("Con case", Side.B))
    )
    window.action("actionExportBrief").trigger()  # starts the brief, then exports it
    assert window.tasks.wait()
    assert target.read_text(encoding="utf-8").startswith("**Con case**")
    assert [b.title for b in window.library.briefs()] == ["Con case"]


@pytest.mark.parametrize(
    ("action", "formats", "name", "magic"),
    [
        ("actionExportBrief", BRIEF_FORMATS, "brief.docx", b"PK\x03\x04"),
        ("actionExportBrief", BRIEF_FORMATS, "brief.pdf", b"%PDF-"),
        ("actionExportMap", MAP_FORMATS, "map.png", b"\x89PNG"),
        ("actionExportMap", MAP_FORMATS, "map.svg", b"<?xml"),
        ("actionExportMap", MAP_FORMATS, "map.argdown", b"==="),
        ("actionExportMap", MAP_FORMATS, "map.json", b"{"),
    ],
)
def test_export_formats_from_the_window(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    action: str,
    formats: tuple[FileFormat, ...],
    name: str,
    magic: bytes,
) -> None:
    # The dialog's answer goes through the same choice the real dialog makes: the typed
    # extension picks the format.
    target, fmt = chosen_format(tmp_path / name, "", formats)
    assert fmt.extension == name.rsplit(".", 1)[1]
    monkeypatch.setattr(dialogs.Ask, "export_file", classmethod(lambda cls, *a: (target, fmt)))
    monkeypatch.setattr(dialogs.Ask, "no_brief", classmethod(lambda cls, *a: "outline"))
    window.action(action).trigger()
    assert window.tasks.wait()
    assert target.read_bytes().startswith(magic)


def test_export_options_choose_the_citation_style(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    menu = window.findChild(QMenu, "menuExportOptions")
    assert menu is not None
    mla = window.findChild(QAction, "actionCiteStyle_mla")
    letter = window.findChild(QAction, "actionPageSize_Letter")
    assert mla is not None and letter is not None
    mla.trigger()
    letter.trigger()
    assert window.export_options.cite_style == "mla"
    assert window.export_options.page_size == "Letter"
    target = tmp_path / "brief.md"
    monkeypatch.setattr(
        dialogs.Ask, "export_file", classmethod(lambda cls, *a: (target, BRIEF_FORMATS[0]))
    )
    monkeypatch.setattr(dialogs.Ask, "no_brief", classmethod(lambda cls, *a: "outline"))
    window.action("actionExportBrief").trigger()
    assert window.tasks.wait()
    assert "\n# Works Cited" in target.read_text(encoding="utf-8")


def test_chosen_format_adds_the_selected_types_extension(tmp_path: Path) -> None:
    path, fmt = chosen_format(tmp_path / "map", "PNG picture (*.png)", MAP_FORMATS)
    assert (path.name, fmt.name) == ("map.png", "png")
    path, fmt = chosen_format(tmp_path / "map.v2", "AIF argument graph (*.json)", MAP_FORMATS)
    assert (path.name, fmt.name) == ("map.v2.json", "aif")
    path, fmt = chosen_format(tmp_path / "Map.SVG", "Markdown with diagram (*.md)", MAP_FORMATS)
    assert (path.name, fmt.name) == ("Map.SVG", "svg")  # a typed extension wins


def test_new_argument_then_undo(window: MainWindow) -> None:
    count = len(window.library.cards())
    window.action("actionNewArgument").trigger()
    assert len(window.library.cards()) == count + 1
    assert window.current_card_id is not None
    window.action("actionUndo").trigger()
    assert len(window.library.cards()) == count


def test_user_error_becomes_a_message(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_user_error", lambda parent, message: shown.append(message))
    card = window.library.cards(kind="argument")[0]
    window.controller.edit_card(card.id, tag="")
    assert shown and "needs a tag" in shown[0]


def test_layout_is_remembered(_starter_template: Path, tmp_path: Path, qtbot: QtBot) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(_starter_template, folder)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = create_main_window(folder / "library.db", settings)
    qtbot.addWidget(first)
    first.show()
    first.docks["Brief"].hide()
    first.close()
    second = create_main_window(None, settings)
    qtbot.addWidget(second)
    second.show()
    assert second.library.path == folder / "library.db"
    assert not second.docks["Brief"].isVisible()
    second.close()


def test_new_motion_becomes_current_and_undoes(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        dialogs.MotionDialog,
        "ask",
        classmethod(lambda cls, parent: ("Resolved: ICE detainers are unlawful.", "Aff", "Neg")),
    )
    before = window.controller.current_motion_id
    window.action("actionNewMotion").trigger()
    motions = window.library.motions()
    assert len(motions) == 2
    assert window.controller.current_motion_id == motions[-1].id
    window.action("actionUndo").trigger()
    assert len(window.library.motions()) == 1
    assert window.controller.current_motion_id == before


def test_reindex_runs_in_the_background(window: MainWindow, qtbot: QtBot) -> None:
    task = window.reindex()
    with qtbot.waitSignal(task.finished, timeout=20000) as blocker:
        pass
    assert blocker.args[0] == len(window.library.sources()) + len(window.library.cards())


def test_shortcuts_dialog_lists_the_keys(window: MainWindow) -> None:
    from debateprep.gui.actions import shortcut_rows

    rows = dict(shortcut_rows(window.actions_by_name))
    assert rows["Cut Card from Selection"].startswith("F7")
    assert any("F11" in keys for keys in rows.values())


def test_missing_index_is_rebuilt_in_the_background(
    _starter_template: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(_starter_template, folder)
    shutil.rmtree(folder / "library.index")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = create_main_window(folder / "library.db", settings)
    qtbot.addWidget(main)
    main.show()
    task = main.index_task
    assert task is not None  # the window opened at once; the rebuild runs behind it
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert main.library.index_is_current()
    assert main.library.search("oven")
    main.close()


def test_screenshot_command_leaves_settings_alone(_starter_template: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    folder = tmp_path / "lib"
    shutil.copytree(_starter_template, folder)
    config = tmp_path / "config"
    env = {**os.environ, "XDG_CONFIG_HOME": str(config), "QT_QPA_PLATFORM": "offscreen"}
    shot = tmp_path / "window.png"
    result = subprocess.run(
        [sys.executable, "-m", "debateprep", "--library", str(folder), "--screenshot", str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 50_000
    assert not (config / "DebatePrep").exists()


def test_start_opens_the_first_source_and_argument_and_counts_in_the_background(
    window: MainWindow, qtbot: QtBot
) -> None:
    library = window.library
    assert window.reader.current_source_id() == min(s.id for s in library.sources())
    first_argument = library.cards(motion_id=window.controller.current_motion_id, kind="argument")
    assert window.current_card_id == first_argument[0].id
    sources, cards = library.counts()
    expected = f"{sources} sources · {cards} cards · saved automatically"
    qtbot.waitUntil(lambda: window.summary_label.text() == expected, timeout=5000)
    # The map and the source table are read on worker threads and arrive too.
    assert window.map_view.wait_idle() and window.library_panel.wait_idle()
    assert window.map_view.model.rowCount() > 0
    assert window.library_panel.model.rowCount() == sources
    assert window.library_panel.current_source_id() == window.reader.current_source_id()


def test_export_dialogs_offer_what_the_registry_lists() -> None:
    from debateprep.formats import formats_for
    from debateprep.gui import exporting

    assert formats_for("brief") == exporting.BRIEF_FORMATS
    assert formats_for("map") == exporting.MAP_FORMATS
    assert formats_for("packet") == exporting.PACKET_FORMATS
