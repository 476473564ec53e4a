"""The local executor: worker processes that each load the engine once (pool initializer).

At most two tasks per worker are in flight, so a scan of a large archive holds
memory flat: the driver reads ahead only as far as the workers can take.
With one worker the steps run in this process (no pickling, no start-up cost).

A worker process that dies (out of memory, a native crash) breaks the whole pool.
The tasks then in flight are retried one at a time in a new pool, and the files
of a task that kills a worker again one by one; a file that kills its worker on
its own becomes an error record (ineligible) and the scan goes on, so one
poisonous file can neither stop a scan nor make `--resume` loop on it.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from classifier.batch.executors import OnResult, Task, Tasks
from classifier.batch.results import TaskResult
from classifier.batch.worker import ScanSettings, ScanWorker

_WORKER: ScanWorker | None = None


def _init(settings: ScanSettings) -> None:
    global _WORKER
    _exit_with_the_driver()
    _WORKER = ScanWorker(settings)


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
    return _WORKER.process(task)


def run_local(settings: ScanSettings, tasks: Tasks, on_result: OnResult, workers: int) -> None:
    """Process every task; `on_result` is called in this process as tasks finish."""
    if workers <= 1:
        worker = ScanWorker(settings)
        for task in tasks:
            on_result(task, worker.process(task))
        return
    pool = _Pool(settings, workers, on_result)
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
        self.executor = self._start()
        self._driver_worker: ScanWorker | None = None

    def _start(self) -> ProcessPoolExecutor:
        # spawn: fork would copy the driver's state (and any threads) into every worker
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_init, initargs=(self.settings,)
        )

    def submit(self, task: Task) -> None:
        self.pending[self.executor.submit(_process, task)] = task

    def drain(self, until: str | None) -> None:
        done, _ = wait(list(self.pending), return_when=until or "ALL_COMPLETED")
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
                outcome = self._alone(single) or self._fallback().failed(
                    single, "worker process died while scanning this file"
                )
                self.on_result(single, outcome)

    def _alone(self, task: Task) -> TaskResult | None:
        """The task's result from the pool, or None when it broke the pool (which is then restarted)."""
        try:
            return self.executor.submit(_process, task).result()
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
