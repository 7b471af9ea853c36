"""``make xem YEAR=2024``: rebuild on every save, with the PDF converters already running, and say what happened.

The files are watched by their size and modification time, read every :data:`POLL` seconds (a few dozen files:
cheaper than a watcher thread per folder, and it works as well on a network share or a mounted folder, where file
system notifications do not arrive). A save is acted on once the files have been still for :data:`SETTLE` seconds,
so an editor that writes in two steps causes one rebuild. The rebuild is :func:`pipeline.build.build`, which redoes
only the documents whose data, registries or templates changed.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.build import Report, build
from pipeline.pdf import convert as pdf
from pipeline.project import Project

POLL = 0.05
SETTLE = 0.05


def watched(project: Project, year: int) -> list[Path]:
    """Return the folders and files a rebuild of the year depends on."""
    return [
        project.year_dir(year),
        project.registry_dir,
        project.template_dir,
        project.root / "data" / "so_cap_ngoai.yaml",
    ]


def fingerprint(paths: list[Path]) -> tuple:
    """Return what changes when any watched file is saved, added, renamed or removed."""
    seen = []
    for top in paths:
        files = sorted(top.rglob("*")) if top.is_dir() else [top]
        for path in files:
            try:
                info = path.stat()
            except OSError:
                continue
            if path.is_file() and not path.name.startswith((".", "~")) and not path.name.endswith(("~", ".swp", ".tmp")):
                seen.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(seen)


@dataclass
class Round:
    """One rebuild: when, what it found, how long it took."""

    number: int
    report: Report
    seconds: float
    at: str = field(default_factory=lambda: dt.datetime.now().strftime("%H:%M:%S"))  # shown on screen, never in a document


def loop(
    project: Project,
    year: int,
    converters: pdf.Pool,
    after: Callable[[Round], None],
    stop: Callable[[], bool] = lambda: False,
    out=sys.stdout,  # noqa: ANN001 - a text stream
) -> None:
    """Rebuild once, then on every save until stop(); call after(round) each time."""
    paths = watched(project, year)
    last = None
    number = 0
    while not stop():
        now = fingerprint(paths)
        if now != last:
            time.sleep(SETTLE)
            if fingerprint(paths) != now:
                continue  # still being written
            number += 1
            start = time.perf_counter()
            report = build(project, year, converters=converters)
            done = Round(number, report, time.perf_counter() - start)
            last = now
            say(project, done, out)
            after(done)
        time.sleep(POLL)


def say(project: Project, done: Round, out) -> None:  # noqa: ANN001 - a text stream
    """Print what a rebuild did: the errors, or what was updated and how long it took."""
    report = done.report
    made = sorted({p.stem for p in report.written if p.suffix in (".pdf", ".docx") and ".redline" not in p.name})
    print(f"[{done.at}] lần dựng {done.number}: {done.seconds:.2f} giây", file=out, flush=True)
    for name in made:
        print(f"  Đã cập nhật {name}", file=out)
    if not made and report.ok:
        print("  Không có văn bản nào cần dựng lại", file=out)
    for warning in report.warnings:
        print(f"  CẢNH BÁO {warning}", file=out)
    for problem in report.problems:
        print(f"  LỖI      {problem}", file=out)
    for line in report.failures + report.internal:
        print(f"  LỖI      {line}", file=out)
    out.flush()
