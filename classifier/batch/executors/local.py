"""The local executor: worker processes that each load the engine once (pool initializer).

At most two tasks per worker are in flight, so a scan of a large archive holds
memory flat: the driver reads ahead only as far as the workers can take.
With one worker the steps run in this process (no pickling, no start-up cost).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from classifier.batch.executors import OnResult, Task, Tasks
from classifier.batch.results import TaskResult
from classifier.batch.worker import ScanSettings, ScanWorker

_WORKER: ScanWorker | None = None


def _init(settings: ScanSettings) -> None:
    global _WORKER
    _WORKER = ScanWorker(settings)


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
    # spawn: fork would copy the driver's state (and any threads) into every worker
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=(settings,)) as pool:
        pending: dict[Future[TaskResult], Task] = {}
        for task in tasks:
            pending[pool.submit(_process, task)] = task
            if len(pending) >= 2 * workers:
                _drain(pending, on_result, FIRST_COMPLETED)
        _drain(pending, on_result, None)


def _drain(pending: dict[Future[TaskResult], Task], on_result: OnResult, until: str | None) -> None:
    done, _ = wait(list(pending), return_when=until or "ALL_COMPLETED")
    for future in done:
        task = pending.pop(future)
        on_result(task, future.result())
