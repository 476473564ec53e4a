"""The Ray executor: the same steps on Ray Data, workers as actors that keep the engine loaded.

Tasks travel with their bytes (`SourceItem.inlined`), because workers on other
machines cannot read this machine's disk (a Slack export folder is the one
exception: it must be on storage every node sees). The driver streams the
inputs and hands Ray windows of tasks, bounded by count and by bytes, so its
memory stays bounded; results come back to the driver, which writes the same
parts as the local executor.

`address` connects to an existing cluster (`ray://host:10001` or `auto`);
without it a local Ray is started with `workers` CPUs, no dashboard and quiet logs.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from classifier.batch.executors import OnResult, Task, Tasks
from classifier.batch.grouping import grouped
from classifier.batch.worker import ScanSettings, ScanWorker

#: tasks per Ray Data dataset; each window starts its own actors, so it should amortise their start-up
WINDOW_TASKS = 256
#: input bytes per window and worker: the driver holds a window's bytes about twice (the tasks
#: and their pickled form) while Ray takes them in, so this bounds its memory (64 MB for 2 workers)
WINDOW_BYTES_PER_WORKER = 32 * 1024 * 1024


class RayUnavailable(Exception):
    """Ray is not installed, or the cluster at --address cannot be reached."""


class RayScanWorker:
    """The callable class `map_batches` runs in each actor: one `ScanWorker` per actor."""

    def __init__(self, settings: ScanSettings) -> None:
        self.worker = ScanWorker(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        results = [pickle.dumps(self.worker.process(pickle.loads(task))) for task in batch["task"]]
        return {"index": batch["index"], "result": results}


def start_ray(address: str | None, workers: int) -> None:
    """Connect to `address`, or start a small local Ray without a dashboard."""
    try:
        import ray
    except ImportError:
        raise RayUnavailable("--engine ray needs Ray: pip install 'classifier[ray]'") from None
    if ray.is_initialized():
        return
    # Ray's Python notices (token authentication, "dataset finished in 3 s") would break into the
    # scan's own progress and --quiet; its errors still stop the scan as exceptions. Its C++ core
    # logs on its own (RAY_BACKEND_LOG_LEVEL): it marks as an error that Ray Data keeps the actors'
    # arguments in the object store (ray-project/ray#53727), which hiding would hide real errors too.
    options: dict[str, Any] = {
        "include_dashboard": False,
        "logging_level": logging.ERROR,
        "log_to_driver": False,
        "configure_logging": True,
    }
    try:
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=max(workers, 1), **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        raise RayUnavailable(f"cannot start or reach {where}: {exc}") from None
    import ray.data  # sets up its own loggers on import ("dataset finished in 3 s"), so after it

    logging.getLogger("ray.data").setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False


def run_ray(
    settings: ScanSettings, tasks: Tasks, on_result: OnResult, workers: int, address: str | None
) -> None:
    """Process every task on Ray; `on_result` is called in the driver as results arrive."""
    start_ray(address, workers)
    import ray

    for window in windows(tasks, WINDOW_TASKS, WINDOW_BYTES_PER_WORKER * max(workers, 1)):
        rows = [{"index": i, "task": _shipped(task)} for i, task in enumerate(window)]
        # what the driver keeps of the tasks for `on_result`: their items without the bytes just shipped
        kept = [[replace(item, data=None) for item in task] for task in window]
        window.clear()
        dataset = ray.data.from_items(rows)
        del rows
        results = dataset.map_batches(
            RayScanWorker,
            fn_constructor_kwargs={"settings": settings},
            batch_size=1,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=max(1, min(workers, len(kept)))),
            num_cpus=1,
        )
        for row in results.iter_rows():
            on_result(kept[int(row["index"])], pickle.loads(row["result"]))


def _shipped(task: Task) -> bytes:
    """A task as Ray ships it: pickled, with the bytes of items on this machine's disk inlined."""
    return pickle.dumps([item.inlined() for item in task])


def windows(tasks: Tasks, max_tasks: int, max_bytes: int) -> Iterator[list[Task]]:
    """Consecutive tasks, at most `max_tasks` of them or `max_bytes` of input per window."""
    return grouped(tasks, max_tasks, max_bytes, lambda task: sum(item.size for item in task))
