"""Signs of progress from a scan worker, for the local executor's watchdog.

The soft time limits (`classifier.record_limit`) interrupt Python code, but a worker can be
stuck where they cannot reach it: C code that never returns to Python, or a recognizer's loop
that catches every exception, the limit's included, and tries again forever. Such a worker
would hold its task, and the scan, for ever. So the steps call `beat()` wherever work moves on
(a batch of records, a record detected again alone, a redacted copy), and the local executor
stops a worker that has shown none for longer than any of those can take
(`executors.local.stall_limit`); its files then become error records.

`beat()` does nothing until a worker process installs where to stamp the time (`install`).
"""

from __future__ import annotations

from collections.abc import Callable

_beat: Callable[[], None] | None = None


def install(stamp: Callable[[], None] | None) -> None:
    """Make `beat()` call `stamp` in this process (None: do nothing again)."""
    global _beat
    _beat = stamp


def beat() -> None:
    """Say that the work of this process moves on."""
    if _beat is not None:
        _beat()
