"""How far a long batch has come: a bar with the count and the time left on a terminal, plain lines otherwise.

Nothing is shown for a batch that ends within :data:`QUIET` seconds (the usual year of eight documents); a log or
CI gets a line per tenth of the work, never the carriage returns a bar is drawn with.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm

QUIET = 2.0
"""Seconds a stage runs before anything is shown."""
STAGES = {"docx": "Dựng DOCX", "pdf": "Tạo PDF"}


class Progress:
    """``progress(stage, done, total)``, as :func:`pipeline.build.build` calls it."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.terminal = bool(getattr(self.stream, "isatty", lambda: False)())
        self.stage: str | None = None
        self.bar: tqdm | None = None
        self.started = 0.0
        self.said = -1

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage, self.started, self.said = stage, time.monotonic(), -1
        name = STAGES.get(stage, stage)
        if self.terminal:
            if self.bar is None:
                self.bar = tqdm(
                    total=total,
                    desc=name,
                    file=self.stream,
                    delay=QUIET,
                    unit=" văn bản",
                    bar_format="{desc}: {n}/{total} văn bản |{bar}| {percentage:3.0f}%, còn khoảng {remaining}",
                )
            self.bar.update(done - self.bar.n)
            return
        elapsed = time.monotonic() - self.started
        tenth = done * 10 // max(total, 1)
        if elapsed >= QUIET and (tenth > self.said or done == total):
            self.said = tenth
            left = elapsed / done * (total - done) if done else 0
            print(f"{name}: {done}/{total} văn bản ({done * 100 // max(total, 1)}%), còn khoảng {_clock(left)}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _clock(seconds: float) -> str:
    """Return a duration as m:ss.

    >>> _clock(75.4), _clock(0)
    ('1:15', '0:00')
    """
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
