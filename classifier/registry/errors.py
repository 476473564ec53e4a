"""Errors raised while loading or running recognizers.

Everything derives from `RecognizerError`, so the engine can catch one type per
record and fail that record closed. Messages name recognizers, patterns, files
and lines — never the analysed text, which may be the very value to protect.
"""

from __future__ import annotations

from classifier.config import ConfigError


class RecognizerError(Exception):
    """Base of every error a recognizer or the recognizer registry raises."""


class RecognizerTimeoutError(RecognizerError):
    """A pattern ran past its time limit on one text (likely catastrophic backtracking)."""

    def __init__(self, recognizer: str, pattern: str, timeout: float) -> None:
        self.recognizer = recognizer
        self.pattern = pattern
        self.timeout = timeout
        super().__init__(
            f"recognizer {recognizer!r}: pattern {pattern!r} exceeded its time limit of {timeout:g} s"
        )


class RecognizerLoadError(RecognizerError, ConfigError):
    """A recognizer definition that cannot be used; each problem names its file and line.

    It is also a `ConfigError`, so the command line reports it like any other bad
    configuration (exit code 2).
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
