"""The local executor: worker processes that each load the engine once (pool initializer).

At most two tasks per worker are in flight, so a scan of a large archive holds
memory flat: the driver reads ahead only as far as the workers can take.
Even one worker runs in a process of its own, so that the protections below hold
for `--workers 1` (and on a machine with one CPU, where it is the default).

A worker process that dies (out of memory, a native crash) breaks the whole pool.
The tasks then in flight are retried one at a time in a new pool, and the files
of a task that kills a worker again one by one; a file that kills its worker on
its own becomes an error record (ineligible) and the scan goes on, so one
poisonous file can neither stop a scan nor make `--resume` loop on it.

A worker that is stuck where the soft time limits cannot reach it (`batch.heartbeat`) shows no
progress; once it has shown none for `stall_limit(record_timeout)` seconds the driver stops it,
and its tasks are retried in the same way. The file that stalls again alone becomes an error
record. With `record_timeout: 0` (no limits) nothing is stopped.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from classifier.batch import heartbeat
from classifier.batch.executors import OnResult, Task, Tasks
from classifier.batch.results import TaskResult
from classifier.batch.worker import ScanSettings, ScanWorker
from classifier.record_limit import BATCH_SHARES

_WORKER: ScanWorker | None = None
#: this worker's (pid, busy since) pair in the memory it shares with the driver (`_Pool.beats`)
_BEATS: Any = None
_SLOT = -1

#: The least time a busy worker may go without progress before it is stopped: reading a large
#: member or writing its redacted copy shows none, and takes far less than this.
STALL_FLOOR = 300.0
#: How often (seconds) the driver looks for a stalled worker while it waits for results.
WATCH_EVERY = 1.0


def stall_limit(record_timeout: float) -> float | None:
    """Seconds without progress after which a busy worker is stopped; None with no record limit.

    Between two beats a worker detects at most one batch, which the soft limit cuts after
    `BATCH_SHARES` record limits, or one record alone (one limit); two limits more are the margin.
    """
    if record_timeout <= 0:
        return None
    return max(STALL_FLOOR, (BATCH_SHARES + 2) * record_timeout)


def _init(settings: ScanSettings, beats: Any, slots: Any) -> None:
    global _WORKER, _BEATS, _SLOT
    _exit_with_the_driver()
    with slots.get_lock():
        _SLOT = slots.value
        slots.value += 1
    if 2 * _SLOT + 1 < len(beats):
        _BEATS = beats
        beats[2 * _SLOT] = os.getpid()
        heartbeat.install(_stamp)
    _WORKER = ScanWorker(settings)


def _stamp() -> None:
    _BEATS[2 * _SLOT + 1] = time.monotonic()


def _exit_with_the_driver() -> None:
    """End this worker as soon as the driver process is gone.

    A driver stopped by SIGTERM or `kill -9` cannot shut its pool down, and a worker would
    otherwise finish every task already queued to it (minutes for large members) as an
    orphan, holding its CPU and memory. A daemon thread waits on the driver's sentinel.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-driver", daemon=True).start()


def _process(task: Task) -> TaskResult:
    assert _WORKER is not None, "worker process not initialised"
    heartbeat.beat()
    try:
        return _WORKER.process(task)
    finally:
        if _BEATS is not None:
            _BEATS[2 * _SLOT + 1] = 0.0  # idle: waiting for a task is no stall


def run_local(settings: ScanSettings, tasks: Tasks, on_result: OnResult, workers: int) -> None:
    """Process every task; `on_result` is called in this process as tasks finish."""
    pool = _Pool(settings, max(1, workers), on_result)
    try:
        for task in tasks:
            pool.submit(task)
            if len(pool.pending) >= 2 * workers:
                pool.drain(FIRST_COMPLETED)
        pool.drain(None)
    finally:
        pool.close()


class _Pool:
    """Worker processes that each hold a `ScanWorker`, replaced when one of them dies."""

    def __init__(self, settings: ScanSettings, workers: int, on_result: OnResult) -> None:
        self.settings, self.workers, self.on_result = settings, workers, on_result
        self.pending: dict[Future[TaskResult], Task] = {}
        self.limit = stall_limit(settings.config.record_timeout)
        #: whether the pool broke because a stalled worker was stopped (the error it gives the file)
        self.stopped = False
        self.executor = self._start()
        self._driver_worker: ScanWorker | None = None

    def _start(self) -> ProcessPoolExecutor:
        # spawn: fork would copy the driver's state (and any threads) into every worker
        context = multiprocessing.get_context("spawn")
        # per worker (pid, busy since), 0.0 while idle; `slots` hands each worker its pair
        self.beats = context.Array("d", 2 * self.workers, lock=False)
        slots = context.Value("i", 0)
        return ProcessPoolExecutor(
            self.workers,
            mp_context=context,
            initializer=_init,
            initargs=(self.settings, self.beats, slots),
        )

    def submit(self, task: Task) -> None:
        self.pending[self.executor.submit(_process, task)] = task

    def _wait(self, futures: Iterable[Future[TaskResult]], until: str) -> set[Future[TaskResult]]:
        """`wait`, stopping any worker that stalls meanwhile (its futures then fail the pool)."""
        futures = list(futures)
        while True:
            done, not_done = wait(futures, timeout=WATCH_EVERY if self.limit else None, return_when=until)
            if (done and until == FIRST_COMPLETED) or not not_done:
                return done
            self._stop_stalled()

    def _stop_stalled(self) -> None:
        """Kill each worker that has been busy without a beat for longer than the limit."""
        assert self.limit is not None
        now = time.monotonic()
        for slot in range(self.workers):
            pid, since = int(self.beats[2 * slot]), self.beats[2 * slot + 1]
            if pid and since and now - since > self.limit:
                self.beats[2 * slot + 1] = 0.0
                self.stopped = True
                try:
                    os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
                except OSError:  # it ended on its own meanwhile
                    pass

    def drain(self, until: str | None) -> None:
        done = self._wait(self.pending, until or ALL_COMPLETED)
        for future in done:
            if future not in self.pending:  # taken by a recovery below
                continue
            task = self.pending.pop(future)
            try:
                result = future.result()
            except BrokenProcessPool:
                self._recover([task, *self.pending.values()])
                continue
            self.on_result(task, result)

    def _recover(self, in_flight: list[Task]) -> None:
        """Retry each task of the broken pool alone, then each file of a task that breaks it again.

        A file that kills its worker on its own becomes an error record (fail closed).
        """
        self.pending.clear()
        self._restart()
        for task in in_flight:
            result = self._alone(task)
            if result is not None:
                self.on_result(task, result)
                continue
            for item in task:
                single = [item]
                outcome = self._alone(single)
                if outcome is None:
                    outcome = self._fallback().failed(single, self._break_message())
                self.on_result(single, outcome)

    def _break_message(self) -> str:
        if self.stopped:
            return f"worker process stopped: no progress for {self.limit:g} s while scanning this file"
        return "worker process died while scanning this file"

    def _alone(self, task: Task) -> TaskResult | None:
        """The task's result from the pool, or None when it broke the pool (which is then restarted;
        `stopped` tells whether it broke because it stalled)."""
        self.stopped = False
        future = self.executor.submit(_process, task)
        self._wait([future], ALL_COMPLETED)
        try:
            return future.result()
        except BrokenProcessPool:
            self._restart()
            return None

    def _restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def _fallback(self) -> ScanWorker:
        """A worker in the driver, built only when needed, to write error records."""
        if self._driver_worker is None:
            self._driver_worker = ScanWorker(self.settings)
        return self._driver_worker

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
