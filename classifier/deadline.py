"""A wall-clock time limit on a block of code: `with time_limit(seconds): ...`.

The limit is a `signal.setitimer(ITIMER_REAL)` timer whose SIGALRM handler
raises `TimeLimitExceeded` in the main thread, wherever it is at that moment,
and again every `REPEAT` seconds until the block is left: code that catches
`BaseException` and retries (a recognizer's own retry loop) is interrupted at
each attempt, not only the first. It is used around the engine calls of one record (or one batch of
records) so that a recognizer or a conversation post-processor that hangs
fails its record instead of stopping the run (`classifier.record_limit`).

What it covers (checked with an experiment on the installed `regex` 2026.11.19
and CPython 3.11): Python code of any kind (recognizers, post-processors,
loops, `time.sleep`), and searches of the `regex` module and of the standard
`re` module, whose C matching loops check for signals while they backtrack —
a catastrophic `(a|aa)+$` search is interrupted at the limit.

Outside the main thread (Ray Data runs the scan worker in a thread of its
actor) and where SIGALRM does not exist (Windows), a watchdog thread raises
the same exception in the limited thread instead (`PyThreadState_SetAsyncExc`).
That reaches Python code only: a call into C (a `time.sleep`, a regex search)
is not interrupted, and the exception is raised as soon as it returns (the
engine's own `regex_timeout` bounds each regex search).

What it does not cover:
  - C code that never checks for signals (a long call inside some other C
    extension): the exception is raised as soon as that call returns to Python;
  - a SIGALRM handler installed outside Python (`signal.getsignal` gives None):
    it is left alone, and the block runs unlimited.

Nor does it end code that catches the exception and tries again for ever. In a scan with
worker processes, the driver stops a worker stuck in either way (`classifier.batch.heartbeat`).

`TimeLimitExceeded` derives from `BaseException`, not `Exception`, on purpose:
the engine and user recognizers catch `Exception` to fail or retry one text,
and would otherwise swallow the limit (and retry without one). The previous
handler is always put back; a timer that was already running (an outer limit)
is re-armed with what was left of it, at least a millisecond, so it still fires.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

#: The shortest time a restored outer timer is re-armed with (0 would disarm it).
_MIN_REARM = 0.001
#: Seconds between repeats of the exception once the limit is past, until the block is left.
REPEAT = 0.5


class TimeLimitExceeded(BaseException):  # noqa: N818 - reads better at the raise site than ...Error
    """The block ran past its time limit (carries the limit, never any input)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"time limit of {seconds:g} s exceeded")


def available() -> bool:
    """True where `time_limit` arms the signal timer: SIGALRM exists and this is the main thread
    (elsewhere it uses the watchdog thread)."""
    return (
        hasattr(signal, "setitimer")
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
    )


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `TimeLimitExceeded` in the block once `seconds` have passed (None or <= 0: no limit).

    Never yield to other code inside the block (no generator `yield` within it): the
    timer keeps running while the block waits.
    """
    if not seconds or seconds <= 0:
        yield
        return
    if not available():
        with _watchdog(seconds):
            yield
        return
    previous = signal.getsignal(signal.SIGALRM)
    if previous is None:  # installed outside Python: cannot be put back, so do not replace it
        yield
        return
    state = {"active": True}

    def _expired(signum: int, frame: FrameType | None) -> None:
        if state["active"]:  # each time until the block is left, should the first be swallowed
            raise TimeLimitExceeded(seconds)

    outer_remaining, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    started = time.monotonic()
    signal.signal(signal.SIGALRM, _expired)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
        yield
    finally:
        try:
            state["active"] = False  # a signal handled from here on is ignored
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if outer_remaining > 0:
                left = outer_remaining - (time.monotonic() - started)
                signal.setitimer(signal.ITIMER_REAL, max(left, _MIN_REARM), outer_interval)


@contextlib.contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    """`time_limit` for a thread without the signal timer: a timer thread raises the exception in
    this thread, unless the block has ended first (both sides decide under one lock)."""
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "sent": False}

    class Expired(TimeLimitExceeded):  # raised by class, without arguments
        def __init__(self) -> None:
            super().__init__(seconds)

    stop = threading.Event()

    def _fire() -> None:
        delay = seconds
        while not stop.wait(delay):  # again every REPEAT seconds until the block is left
            with lock:
                if not state["active"]:
                    return
                state["sent"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(Expired))
            delay = REPEAT

    timer = threading.Thread(target=_fire, daemon=True)
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
            stop.set()
            if state["sent"]:  # sent but maybe not delivered yet: it must not hit code after the block
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
