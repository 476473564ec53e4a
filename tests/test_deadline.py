"""`classifier.deadline.time_limit`: SIGALRM limit, restored handler and timer; a watchdog off the main
thread."""

from __future__ import annotations

import signal
import threading
import time

import pytest
import regex

from classifier.deadline import TimeLimitExceeded, available, time_limit

pytestmark = pytest.mark.skipif(not available(), reason="needs SIGALRM and setitimer")


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


@pytest.fixture
def own_handler():
    """A SIGALRM handler of the test's own and no timer running (pytest-timeout's, which also
    uses SIGALRM, is put aside and restored afterwards)."""

    def handler(signum, frame):
        raise AssertionError("the outer handler must not run here")

    outer = signal.setitimer(signal.ITIMER_REAL, 0)
    before = signal.signal(signal.SIGALRM, handler)
    yield handler
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, before)
    if outer[0] > 0:
        signal.setitimer(signal.ITIMER_REAL, *outer)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("work", [_spin, time.sleep], ids=["python loop", "sleep"])
def test_a_block_past_its_limit_is_interrupted(work) -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded) as info, time_limit(0.2):
        work(5.0)
    assert 0.15 < time.monotonic() - started < 2.0
    assert info.value.seconds == 0.2


@pytest.mark.timeout(20)
def test_a_regex_search_without_its_own_timeout_is_interrupted() -> None:
    catastrophic = regex.compile(r"(a|aa)+$")
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded), time_limit(0.2):
        catastrophic.search("a" * 60 + "!")
    assert time.monotonic() - started < 2.0


@pytest.mark.timeout(20)
def test_except_exception_does_not_swallow_the_limit() -> None:
    with pytest.raises(TimeLimitExceeded), time_limit(0.1):
        try:
            time.sleep(5)
        except Exception:  # noqa: BLE001 - what a recognizer might do
            pass


@pytest.mark.timeout(20)
def test_previous_handler_and_no_timer_after_a_timeout_and_after_a_normal_exit(own_handler) -> None:
    with pytest.raises(TimeLimitExceeded), time_limit(0.1):
        time.sleep(5)
    assert signal.getsignal(signal.SIGALRM) is own_handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with time_limit(0.5):
        pass
    assert signal.getsignal(signal.SIGALRM) is own_handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(0.7)  # the inner timer of 0.5 s must not fire into the test's handler


@pytest.mark.timeout(20)
def test_an_outer_timer_is_rearmed_with_what_was_left(own_handler) -> None:
    signal.setitimer(signal.ITIMER_REAL, 10.0)
    with pytest.raises(TimeLimitExceeded), time_limit(0.1):
        time.sleep(5)
    remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    assert 9.0 < remaining < 10.0
    assert signal.getsignal(signal.SIGALRM) is own_handler


@pytest.mark.timeout(20)
def test_no_limit_for_zero_and_none(own_handler) -> None:
    for seconds in (0, None):
        with time_limit(seconds):
            time.sleep(0.2)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def _in_thread(body) -> list:
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(body()))
    thread.start()
    thread.join()
    return outcome


@pytest.mark.timeout(20)
def test_off_the_main_thread_a_watchdog_interrupts_python_code(own_handler) -> None:
    """Ray Data runs the scan worker off the main thread: the limit must hold there too."""

    def body() -> tuple[str, float]:
        assert not available()
        started = time.monotonic()
        try:
            with time_limit(0.1):
                _spin(5)
        except TimeLimitExceeded as exc:
            return f"interrupted, limit {exc.seconds:g}", time.monotonic() - started
        return "finished", time.monotonic() - started

    [(outcome, seconds)] = _in_thread(body)
    assert outcome == "interrupted, limit 0.1" and 0.1 <= seconds < 2
    # the signal timer and the main thread's handler were not touched
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is own_handler


@pytest.mark.timeout(20)
def test_off_the_main_thread_a_block_within_its_limit_is_not_hit_later(own_handler) -> None:
    def body() -> str:
        for _ in range(20):
            with time_limit(0.05):
                _spin(0.04)
        _spin(0.3)  # any late exception would land here
        return "finished"

    assert _in_thread(body) == ["finished"]


def _retrying(attempts: int, seconds: float) -> int:
    """Code that swallows even BaseException and retries (a recognizer's own retry loop): the number
    of attempts interrupted before the loop gives up."""
    interrupted = 0
    for _ in range(attempts):
        try:
            _spin(seconds)
        except BaseException:  # noqa: BLE001 - what a careless recognizer might do
            interrupted += 1
    return interrupted


@pytest.mark.timeout(30)
def test_the_limit_repeats_until_a_block_that_swallows_it_is_left(own_handler) -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded), time_limit(0.1):
        _retrying(3, 10)  # each attempt is cut, the loop ends, the next repeat leaves the block
        _spin(10)
    assert time.monotonic() - started < 5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.timeout(30)
def test_off_the_main_thread_the_limit_repeats_too(own_handler) -> None:
    def body() -> str:
        try:
            with time_limit(0.1):
                _retrying(3, 10)
                _spin(10)
        except TimeLimitExceeded:
            return "interrupted"
        return "finished"

    started = time.monotonic()
    assert _in_thread(body) == ["interrupted"]
    assert time.monotonic() - started < 5
