"""The Ray executor: the same steps on Ray Data, workers as actors that keep the engine loaded.

Tasks travel with their bytes (`SourceItem.inlined`), because workers on other
machines cannot read this machine's disk (a Slack export folder is the one
exception: it must be on storage every node sees). The driver streams the
inputs and hands Ray windows of tasks, so memory stays bounded; results come
back to the driver, which writes the same parts as the local executor.

`address` connects to an existing cluster (`ray://host:10001` or `auto`);
without it a local Ray is started with `workers` CPUs, no dashboard and quiet logs.
"""

from __future__ import annotations

import itertools
import logging
import pickle
from typing import Any

from classifier.batch.executors import OnResult, Task, Tasks
from classifier.batch.worker import ScanSettings, ScanWorker

#: tasks per Ray Data dataset; each window reuses nothing, so it should amortise actor start-up
WINDOW_TASKS = 256


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
    options: dict[str, Any] = {
        "include_dashboard": False,
        "logging_level": logging.WARNING,
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
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False


def run_ray(
    settings: ScanSettings, tasks: Tasks, on_result: OnResult, workers: int, address: str | None
) -> None:
    """Process every task on Ray; `on_result` is called in the driver as results arrive."""
    start_ray(address, workers)
    import ray

    while window := list(itertools.islice(tasks, WINDOW_TASKS)):
        shipped: list[Task] = [[item.inlined() for item in task] for task in window]
        dataset = ray.data.from_items([{"index": i, "task": pickle.dumps(t)} for i, t in enumerate(shipped)])
        results = dataset.map_batches(
            RayScanWorker,
            fn_constructor_kwargs={"settings": settings},
            batch_size=1,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=max(1, min(workers, len(window)))),
            num_cpus=1,
        )
        for row in results.iter_rows():
            on_result(window[int(row["index"])], pickle.loads(row["result"]))
