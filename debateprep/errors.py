"""The one error type users see: a problem they can fix, shown as a plain message.

Anything else that escapes is a bug and is reported as such by the CLI and the window.
"""

from __future__ import annotations


class UserError(Exception):
    """A request the user can correct (bad file, unknown id, empty tag...).

    The message is a complete sentence a student understands; it is shown as is.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
