"""Consecutive values in groups bounded by count and by size: tasks of items, windows of tasks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def grouped(
    values: Iterable[T], max_count: int, max_size: int, size: Callable[[T], int]
) -> Iterator[list[T]]:
    """Lists of consecutive `values`, in order, each closed as soon as it holds `max_count` values
    or at least `max_size` in `size` (its last value may take it past `max_size`)."""
    group: list[T] = []
    total = 0
    for value in values:
        group.append(value)
        total += size(value)
        if len(group) >= max_count or total >= max_size:
            yield group
            group, total = [], 0
    if group:
        yield group
