"""Work spread over the machine's cores: the same results, in the same order, whatever the number of workers.

Reading, checking and rendering a document is pure Python, so threads would take turns; forked processes each get
a core and inherit everything loaded so far (registries, templates, the archive) without pickling it. Only the
results come back, in the order of the items, so what is written never depends on which worker was faster.
A short list is done in-process: starting processes costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

WORKERS = "ND30_WORKERS"
"""How many processes render in parallel (default: one per core; 1: none)."""
MINIMUM = 48
"""Fewer items than this are done in-process."""

_task: Callable | None = None
_items: Sequence = ()


def workers() -> int:
    """Return how many processes may work at once (ND30_WORKERS, else the number of cores).

    >>> os.environ[WORKERS] = "3"; workers()
    3
    >>> os.environ[WORKERS] = "không"; workers() == (os.cpu_count() or 1)
    True
    >>> del os.environ[WORKERS]
    """
    setting = os.environ.get(WORKERS, "")
    if setting.strip().isdigit() and int(setting) > 0:
        return int(setting)
    return max(1, os.cpu_count() or 1)


def map_ordered(task: Callable[[T], R], items: Sequence[T], *, minimum: int = MINIMUM) -> list[R]:
    """Return [task(item) for item in items], computed by forked worker processes when the list is long.

    task must catch what it can expect (a worker's exception stops the whole map) and return picklable results.

    >>> map_ordered(lambda x: x * x, range(100), minimum=10) == [x * x for x in range(100)]
    True
    """
    count = min(workers(), len(items) // max(1, minimum // 2) or 1)
    if count <= 1 or len(items) < minimum or "fork" not in multiprocessing.get_all_start_methods():
        return [task(item) for item in items]
    global _task, _items
    _task, _items = task, items
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            return pool.map(_run, range(len(items)), chunksize=max(1, len(items) // (count * 8)))
    finally:
        _task, _items = None, ()


def _run(index: int):  # noqa: ANN202 - in a worker: the task and items came with the fork
    return _task(_items[index])
