"""Card > Lock Motion for Students: a class library's teacher locks the current motion
through the undo stack; students and personal libraries never see the action."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from class_support import class_name, classes
from pg_cluster import Cluster
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from debateprep.facade.classroom import create_class
from debateprep.facade.library import Library
from debateprep.gui.mainwindow import MainWindow


@pytest.fixture
def made_classes(pg_cluster: Cluster) -> Iterator[list[str]]:
    yield from classes(pg_cluster)


def class_window(library: Library, tmp_path: Path, qtbot: QtBot) -> MainWindow:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.map_view.is_idle() and window.library_panel.is_idle())
    return window


def locked(cluster: Cluster, database: str, motion_id: int) -> str:
    return cluster.psql(f"SELECT locked FROM motions WHERE id = {motion_id}", database)


def test_teacher_locks_and_unlocks_through_undo(
    pg_cluster: Cluster, made_classes: list[str], tmp_path: Path, qtbot: QtBot
) -> None:
    database = class_name()
    made_classes.append(database)
    teacher = f"{database}_teacher"
    created = create_class(pg_cluster.url(database), teacher)
    library = Library.open(pg_cluster.url(database, teacher), password=created.password)
    window = class_window(library, tmp_path, qtbot)
    try:
        action = window.action("actionLockMotion")
        motion_id = window.controller.current_motion_id
        assert motion_id is not None
        assert action.isVisible() and action.isEnabled() and not action.isChecked()
        action.trigger()
        assert action.isChecked()
        assert locked(pg_cluster, database, motion_id) == "1"
        assert window.controller.undo_stack.undoText() == "Lock motion"
        assert window.controller.undo()
        assert locked(pg_cluster, database, motion_id) == "0"
        assert not action.isChecked()
        assert window.controller.redo()
        assert locked(pg_cluster, database, motion_id) == "1" and action.isChecked()
    finally:
        window.close()


def test_students_do_not_see_the_lock(
    pg_cluster: Cluster, made_classes: list[str], tmp_path: Path, qtbot: QtBot
) -> None:
    database = class_name()
    made_classes.append(database)
    teacher, student = f"{database}_teacher", f"{database}_sam"
    created = create_class(pg_cluster.url(database), teacher)
    with Library.open(
        pg_cluster.url(database, teacher), password=created.password, index=False
    ) as library:
        password = library.add_student(student)
    window = class_window(
        Library.open(pg_cluster.url(database, student), password=password), tmp_path, qtbot
    )
    try:
        assert not window.action("actionLockMotion").isVisible()
    finally:
        window.close()


def test_a_personal_library_has_no_lock(window: MainWindow) -> None:
    assert not window.action("actionLockMotion").isVisible()
