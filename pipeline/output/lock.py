"""One run at a time per output folder.

The lock is an ``flock`` on ``output/<nam>/.lock``: the kernel releases it when
the process ends, however it ends, so a killed run never leaves a lock behind.
A second run waits for the first (saying so), then sees its results.
"""
from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

NAME = ".lock"


class Busy(Exception):
    """Another run held the folder longer than we were willing to wait (message in Vietnamese)."""


@contextmanager
def hold(folder: Path, *, wait: float = 900, on_wait: Callable[[], None] = lambda: None, poll: float = 0.2) -> Iterator[None]:
    """Hold the folder's lock for the duration of the block; wait for another run first."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline, told = time.monotonic() + wait, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if not told:
                    on_wait()
                    told = True
                if time.monotonic() >= deadline:
                    raise Busy(f"một lần chạy khác đang ghi vào {folder.name}/ đã quá {int(wait)} giây; "
                               "chờ lần chạy đó xong rồi chạy lại") from None
                time.sleep(poll)
        yield
    finally:
        os.close(fd)  # closing releases the lock
