"""The one exception a sub-command raises for bad input (INTERFACES.md: exit 2, JSON on stderr)."""

from typing import Any


class BadInput(Exception):
    """The command's input is wrong; `code` is machine-readable, `message` plain English."""

    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra
