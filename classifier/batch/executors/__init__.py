"""Executors run the scan steps over tasks: `local` (worker processes) or `ray` (Ray Data actors).

Both take the same `ScanSettings`, an iterator of tasks (lists of items) and a
callback that receives each `TaskResult` in the driver, where outputs are
written; so the choice of executor never changes what is written.
"""

from collections.abc import Callable, Iterator

from classifier.batch.items import SourceItem
from classifier.batch.results import TaskResult

Task = list[SourceItem]
OnResult = Callable[[Task, TaskResult], None]
Tasks = Iterator[Task]
