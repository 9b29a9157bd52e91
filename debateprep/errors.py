"""The one error type users see: a problem they can fix, shown as a plain message.

Anything else that escapes is a bug and is reported as such by the CLI and the window.
"""

from __future__ import annotations

from typing import Generic, TypeVar

R = TypeVar("R")


class UserError(Exception):
    """A request the user can correct (bad file, unknown id, empty tag...).

    The message is a complete sentence a student understands; it is shown as is.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConflictError(UserError, Generic[R]):
    """A save refused because somebody changed (or deleted) the row since the caller read it.

    ``mine`` is what the caller tried to save (the current row with their change applied,
    exactly what keeping theirs out would store), ``theirs`` the row as it is now; both None
    when the row is gone. ``version`` is the version to pass to save ``mine`` over ``theirs``.
    """

    def __init__(self, message: str, mine: R | None, theirs: R | None, version: int | None) -> None:
        super().__init__(message)
        self.mine = mine
        self.theirs = theirs
        self.version = version

    @property
    def deleted(self) -> bool:
        """True when the row is gone: there is nothing to keep mine over."""
        return self.theirs is None
