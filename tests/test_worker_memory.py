"""A scan worker reports its own peak memory, not the size of the process that started it."""

from __future__ import annotations

import multiprocessing
import resource
import sys

import pytest

from classifier.batch.worker import peak_rss_mb


def _child_figures() -> tuple[float, float]:
    return peak_rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux: /proc, ru_maxrss")
def test_a_spawned_worker_does_not_report_its_parents_memory() -> None:
    ballast = bytearray(400 * 1024 * 1024)  # the parent holds 400 MB more, touched
    ballast[::4096] = b"x" * len(ballast[::4096])
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        own, inherited = pool.apply(_child_figures)
    del ballast
    assert inherited >= 400  # what ru_maxrss says after the exec of a spawned child
    assert own < 300
