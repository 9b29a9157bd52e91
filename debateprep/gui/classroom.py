"""A class library's teacher locks the current motion: Card > Lock Motion for Students.

The action shows only to a teacher of a class library (``library.is_teacher``; students
and personal libraries never see it). Locking is one undoable step on the controller's
stack (``ClassroomSteps``, mixed into ``Controller``); the check mark follows the current
motion. The server enforces the lock; students who try are told "The teacher locked this
motion; ...".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from debateprep.facade.library import Library
    from debateprep.gui.controller import Controller

T = TypeVar("T")

# What changed, as in controller.py (which imports this module, so they are repeated here).
CARDS, MOTIONS = "cards", "motions"


class _Host(Protocol):
    library: Library

    def attempt(self, action: Callable[[], T]) -> T | None: ...

    def _push(
        self, text: str, redo: Callable[[], Any], undo: Callable[[], Any], *topics: str
    ) -> None: ...


class ClassroomSteps:
    """lock_motion for ``Controller``."""

    def lock_motion(self: _Host, motion_id: int, locked: bool) -> bool:
        """Lock (or unlock) a motion for the class's students; one step on the undo stack."""
        library = self.library
        if self.attempt(lambda: library.lock_motion(motion_id, locked)) is None:
            return False
        self._push(
            "Lock motion" if locked else "Unlock motion",
            lambda: library.lock_motion(motion_id, locked),
            lambda: library.lock_motion(motion_id, not locked),
            MOTIONS,
            CARDS,
        )
        return True


class MotionLocking(QObject):
    """Wires Card > Lock Motion for Students (a child of the action: it goes with it)."""

    def __init__(self, controller: Controller, action: QAction) -> None:
        super().__init__(action)
        self._controller = controller
        self._action = action
        library = controller.library
        action.setCheckable(True)
        action.setVisible(library.is_class_library and library.is_teacher)
        if not action.isVisible():
            return
        action.triggered.connect(self._toggle)
        controller.changed.connect(self._refresh)
        self._refresh(MOTIONS)

    def _toggle(self, checked: bool) -> None:
        motion_id = self._controller.current_motion_id
        if motion_id is None:
            self._controller.userError.emit("There is no motion to lock.")
        else:
            self._controller.lock_motion(motion_id, checked)
        self._refresh(MOTIONS)  # a refused lock leaves the mark as the motion is

    def _refresh(self, topic: str) -> None:
        if topic != MOTIONS:
            return
        motion_id = self._controller.current_motion_id
        motion = None
        if motion_id is not None:
            motion = self._controller.attempt(lambda: self._controller.library.motion(motion_id))
        self._action.setEnabled(motion is not None)
        self._action.setChecked(bool(motion and motion.locked))
