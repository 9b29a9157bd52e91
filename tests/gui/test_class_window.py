"""The window on a class library: other people's changes reach it within 2 seconds and
refresh lists, map and editor in place; the status bar shows who is connected; connecting
by URL, a password prompt, and a local library when the server cannot be used."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pg_cluster import Cluster
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from debateprep.facade.library import Library
from debateprep.facade.live import ChangeEntry, Connected, Presence
from debateprep.gui import app
from debateprep.gui.class_connect import (
    LOCAL_INSTEAD,
    ClassUrlDialog,
    recent_class_urls,
    remember_class_url,
)
from debateprep.gui.controller import BRIEFS, CARDS, LINKS, MOTIONS, SOURCES
from debateprep.gui.live_refresh import presence_text, topics_for, when
from debateprep.gui.mainwindow import MainWindow
from debateprep.records import CardKind, Side
from tests.gui.conflict_answers import Answer

REACH = 2.0  # seconds a change may take to show in every open window (issue 15, item 4)


@pytest.fixture
def class_url(pg_database: Callable[[str], str], pg_templates: dict[str, str]) -> str:
    return pg_database(pg_templates["starter"])


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def windows() -> Iterator[list[MainWindow]]:
    """Windows a test opened: closed (their libraries too) before its database is dropped."""
    opened: list[MainWindow] = []
    yield opened
    for window in opened:
        window.close()


def _ready(window: MainWindow, qtbot: QtBot, opened: list[MainWindow]) -> MainWindow:
    opened.append(window)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.is_attached(), timeout=30000)
    assert window.tasks.wait(60000)  # the index checked (caught up or rebuilt): following
    qtbot.waitUntil(lambda: window.map_view.is_idle() and window.library_panel.is_idle())
    return window


def _class_window(
    url: str, settings: QSettings, qtbot: QtBot, opened: list[MainWindow]
) -> MainWindow:
    return _ready(app.create_main_window(url, settings), qtbot, opened)


def _reaches(qtbot: QtBot, shown: Callable[[], bool]) -> float:
    """Seconds until ``shown()`` holds (fails past REACH)."""
    start = time.monotonic()
    qtbot.waitUntil(shown, timeout=int(REACH * 1000))
    return time.monotonic() - start


def _answer(kind: type[QWidget], name: str, act: Callable[[QWidget], None]) -> None:
    """When a modal dialog ``name`` opens (from a later exec()), ``act`` on it."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.objectName() == name:
            act(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_other_peoples_changes_reach_the_window_within_two_seconds(
    class_url: str, settings: QSettings, qtbot: QtBot, windows: list[MainWindow]
) -> None:
    window = _class_window(class_url, settings, qtbot, windows)
    assert "class library" in window.windowTitle()
    panel, map_view = window.library_panel, window.map_view
    first = panel.model.rows()[0].id
    assert panel.select_source(first)
    motion = window.controller.current_motion_id
    chosen = window.library.card_titles(motion_id=motion, kinds=("argument",), limit=3)[-1].id
    assert map_view.select_card(chosen)
    with Library.open(class_url, index=False) as other:
        source = other.add_source("Otters hold hands while sleeping.", title="Otter facts")
        took_source = _reaches(qtbot, lambda: panel.model.row_of(source.id) is not None)
        card = other.create_card("argument", "A", "Otters are cooperative", motion_id=motion)
        took_card = _reaches(qtbot, lambda: map_view.model.position_of(card.id) is not None)
        assert panel.current_source_id() == first  # the user's selections are kept
        assert map_view.current_card_id() == chosen
        took_search = _reaches(
            qtbot,
            lambda: (
                [h.key for h in window.library.search("otters cooperative")][:1]
                == [f"card:{card.id}"]
            ),
        )
        label = window.findChild(QLabel, "statusPresence")
        assert label is not None
        _reaches(qtbot, lambda: "changed card “Otters are cooperative”" in label.text())
        assert label.text().startswith(f"1 connected: {window.library.user}")
        assert label.toolTip().startswith(f"{window.library.user}, connected since ")
    print(f"reached the window in {took_source:.2f} s, {took_card:.2f} s, {took_search:.2f} s")
    assert max(took_source, took_card, took_search) < REACH


def test_a_change_made_in_one_window_reaches_another_within_two_seconds(
    class_url: str, settings: QSettings, qtbot: QtBot, windows: list[MainWindow]
) -> None:
    first = _class_window(class_url, settings, qtbot, windows)
    second = _class_window(class_url, settings, qtbot, windows)
    made = second.controller.create_card(CardKind.ARGUMENT, Side.B, "Puffins mate for life")
    assert made is not None
    took = _reaches(qtbot, lambda: first.map_view.model.position_of(made.id) is not None)
    second.controller.undo()  # the undo is somebody else's change too
    took_undo = _reaches(qtbot, lambda: first.map_view.model.position_of(made.id) is None)
    print(f"one window's card reached the other in {took:.2f} s, its undo in {took_undo:.2f} s")
    assert max(took, took_undo) < REACH


def test_the_editor_shows_their_version_and_keeps_the_users_typing(
    class_url: str, settings: QSettings, qtbot: QtBot, windows: list[MainWindow]
) -> None:
    window = _class_window(class_url, settings, qtbot, windows)
    editor = window.card_editor
    with Library.open(class_url, index=False) as other:
        card = other.create_card("argument", "A", "Beavers build dams")
        window.open_card(card.id)
        other.edit_card(card.id, tag="Beavers build lodges")
        _reaches(qtbot, lambda: editor.tag.text() == "Beavers build lodges")

        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        editor.notes.setFocus()
        qtbot.waitUntil(lambda: editor.notes.hasFocus())
        qtbot.keyClicks(editor.notes, "my unsaved warrant")
        typed_on = editor.version
        other.edit_card(card.id, tag="Beavers engineer wetlands")
        _reaches(qtbot, lambda: editor.tag.text() == "Beavers engineer wetlands")
        assert editor.notes.toPlainText() == "my unsaved warrant"  # the typing is kept
        assert editor.version == typed_on  # and what it is based on
        # Finishing the field saves through the conflict dialog (helper B's), not over theirs.
        answer = Answer("conflictKeepMine")
        editor.tag.setFocus()
        qtbot.waitUntil(lambda: bool(answer.message))
        assert "changed this card at" in answer.message  # (the same login: "You (another …)")
        qtbot.waitUntil(lambda: window.library.card(card.id).notes == "my unsaved warrant")


def test_a_class_url_opens_at_start_and_is_remembered_without_a_password(
    class_url: str, settings: QSettings, qtbot: QtBot, windows: list[MainWindow]
) -> None:
    window = _ready(app.start_main_window(class_url, settings), qtbot, windows)
    assert window.library.is_class_library
    shown = window.library.location
    assert recent_class_urls(settings) == [shown]
    window.close()
    assert settings.value("lastLibrary") == shown
    again = _ready(app.start_main_window(None, settings), qtbot, windows)  # the last one
    assert again.library.is_class_library and again.library.location == shown


def _student(cluster: Cluster, class_url: str, name: str) -> tuple[str, str]:
    """A login role with the password 'otter-secret' and rights on the class's tables."""
    database = class_url.split("?", 1)[0].rsplit("/", 1)[1]
    student = f"{name}_{database}"  # roles are cluster-wide: one per test database
    cluster.psql(
        f"CREATE ROLE {student} LOGIN PASSWORD 'otter-secret';"
        f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {student};"
        f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {student};",
        database,
    )
    return database, student


def test_a_password_written_in_the_url_is_used_but_never_shown_or_kept(
    pg_cluster: Cluster,
    class_url: str,
    settings: QSettings,
    qtbot: QtBot,
    windows: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    database, student = _student(pg_cluster, class_url, "li")
    url = pg_cluster.url(database, user=f"{student}:otter-secret")
    window = app.start_main_window(url, settings)
    assert "otter-secret" not in window.windowTitle()  # the frame, before it connects
    _ready(window, qtbot, windows)
    assert window.library.user == student
    assert "otter-secret" not in window.windowTitle() + window.library.location
    window.close()
    settings.sync()
    assert "otter-secret" not in Path(settings.fileName()).read_text(encoding="utf-8")
    assert recent_class_urls(settings) == [window.library.location]


def test_a_password_is_asked_for_and_never_stored(
    pg_cluster: Cluster,
    class_url: str,
    settings: QSettings,
    tmp_path: Path,
    qtbot: QtBot,
    windows: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    database, student = _student(pg_cluster, class_url, "maria")
    local = _ready(
        app.create_main_window(tmp_path / "mine" / "library.db", settings), qtbot, windows
    )
    url = pg_cluster.url(database, user=student)
    prompts: list[str] = []

    def password(dialog: QWidget, typed: str) -> None:
        field = dialog.findChild(QLineEdit, "classPassword")
        assert field is not None and field.echoMode() is QLineEdit.EchoMode.Password
        prompts.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        field.setText(typed)
        assert isinstance(dialog, QDialog)
        dialog.accept()
        if typed == "wrong":  # refused: asked again
            _answer(QDialog, "classPasswordDialog", lambda d: password(d, "otter-secret"))

    def address(dialog: QWidget) -> None:
        field = dialog.findChild(QWidget, "classUrl")
        assert field is not None
        field.setCurrentText(url)  # type: ignore[attr-defined]
        assert isinstance(dialog, QDialog)
        _answer(QDialog, "classPasswordDialog", lambda d: password(d, "wrong"))
        dialog.accept()

    _answer(QDialog, "classUrlDialog", address)
    before = list(app._windows)
    local.action("actionOpenClassLibrary").trigger()
    opened = [w for w in app._windows if w not in before]
    assert opened, "the class library's window did not open"
    window = _ready(opened[-1], qtbot, windows)
    app._windows.remove(window)
    assert window.library.user == student
    assert len(prompts) == 2
    assert "asks" in prompts[0] and "none was given" in prompts[0]
    assert f"refused the password of {student}" in prompts[1]
    assert student in window.windowTitle()
    settings.sync()
    assert "otter-secret" not in Path(settings.fileName()).read_text(encoding="utf-8")
    assert recent_class_urls(settings) == [window.library.location]


def test_a_server_that_cannot_be_used_offers_a_local_library(
    pg_cluster: Cluster,
    settings: QSettings,
    tmp_path: Path,
    qtbot: QtBot,
    windows: list[MainWindow],
) -> None:
    local_file = tmp_path / "local" / "library.db"
    Library.open(local_file, starter=False).close()
    settings.setValue("recentLibraries", [str(local_file)])
    said: list[str] = []

    def offer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        next(b for b in box.buttons() if b.text() == LOCAL_INSTEAD).click()

    _answer(QMessageBox, "classOpenFailed", offer)
    window = _ready(
        app.start_main_window(pg_cluster.url("no_such_class"), settings), qtbot, windows
    )
    assert len(said) == 1 and "\n" not in said[0]  # one line
    assert said[0].startswith("There is no database 'no_such_class' on the server at ")
    assert window.library.file == local_file


def test_the_status_bar_line_and_what_panels_reload() -> None:
    me, li = "maria", "li"
    entry = ChangeEntry(7, li, "2026-03-02T14:02:00+00:00", "card “Otters”", ("card:3",), ())
    people = tuple(Connected(name, datetime(2026, 3, 2, tzinfo=UTC)) for name in (li, me))
    moment = datetime.fromisoformat(entry.at).astimezone()
    text = presence_text(Presence(people, entry), me)
    assert text == f"2 connected: li, maria · li changed card “Otters” {when(entry.at)}"
    assert when(entry.at, moment) == moment.strftime("%H:%M")
    assert when(entry.at, moment + timedelta(days=2)) == moment.strftime("%d %b %H:%M")
    assert presence_text(Presence(people, replace(entry, actor=me)), me).startswith(
        "2 connected: li, maria · you changed"
    )
    assert topics_for([entry]) == [CARDS, LINKS, BRIEFS]
    assert topics_for([replace(entry, upserts=(), deletes=("source:2",))]) == [SOURCES]
    assert topics_for([replace(entry, upserts=(), summary="the map or a brief")]) == [
        MOTIONS,
        LINKS,
        BRIEFS,
    ]


def test_the_address_dialog_takes_only_a_class_librarys_address(
    qtbot: QtBot, settings: QSettings
) -> None:
    remember_class_url(settings, "postgresql://li@school-server/debate_class")
    dialog = ClassUrlDialog(recent_class_urls(settings))
    qtbot.addWidget(dialog)
    assert dialog.url() == "postgresql://li@school-server/debate_class"  # the recent one
    dialog.field.setCurrentText("school-server/debate_class")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    problem = dialog.findChild(QLabel, "classUrlProblem")
    assert problem is not None and problem.text().startswith("Not a class library's address")
    dialog.field.setCurrentText("postgresql://maria@school-server/debate_class")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_cancelling_the_password_offers_a_local_library_and_declining_closes(
    pg_cluster: Cluster,
    class_url: str,
    settings: QSettings,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    database, student = _student(pg_cluster, class_url, "sam")
    said: list[str] = []

    def decline(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        next(b for b in box.buttons() if b.text() != LOCAL_INSTEAD).click()

    def cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        _answer(QMessageBox, "classOpenFailed", decline)
        dialog.reject()

    _answer(QDialog, "classPasswordDialog", cancel)
    window = app.start_main_window(pg_cluster.url(database, user=student), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window.property(app.OPEN_FAILED)), timeout=30000)
    assert said == ["The class library was not opened: no password was given."]
    assert not window.is_attached() and not window.isVisible()
    assert recent_class_urls(settings) == []
