"""What counts as a failure of code the engine runs on data: recognizers, steps and conditions.

Such code may be a plugin of yours. If it calls `sys.exit()`, or raises `SystemExit` with the text
it choked on, the record must fail like it would on any other bug. Otherwise the scan would end and
print that text. Ctrl-C (`KeyboardInterrupt`) still stops a run.
"""

from __future__ import annotations

#: Catch these, not bare `Exception`, around code that reads records.
FAILURES: tuple[type[BaseException], ...] = (Exception, SystemExit)


def os_reason(exc: OSError) -> str:
    """The system's reason for an OS error without its path, which `str(exc)` repeats and which may
    hold anything (a file named after a person); for messages and reports."""
    return exc.strerror or type(exc).__name__
