"""The one error every reader and writer raises for input it cannot use.

The message names the file and the line and says what is wrong with the
structure; it never quotes the content, which may be exactly the personal data
the engine exists to protect.
"""

from __future__ import annotations


class FormatError(ValueError):
    """A file that cannot be read or written in its format (names file and line, never content)."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")
