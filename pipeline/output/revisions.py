"""Revisions: keep every previous version and show what changed.

When a document is rendered again and its DOCX differs from the one in
``output/<year>/``, the previous DOCX and PDF are kept as revision N in
``output/<year>/lich_su/<name>/`` and, beside the new version, a redline DOCX
(Word tracked changes from the previous version) and a short text summary are
written.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from pipeline.render import redline

HISTORY = "lich_su"
AUTHOR = "nd30-pipeline"


def history_dir(target: Path, name: str) -> Path:
    return target / HISTORY / name


def next_revision(target: Path, name: str) -> int:
    """Return the number the next kept revision of a document gets (1 for the first)."""
    numbers = [int(m[1]) for p in history_dir(target, name).glob(f"{name}.r*.docx") if (m := re.search(r"\.r(\d+)\.docx$", p.name))]
    return max(numbers, default=0) + 1


def changed(target: Path, name: str, new: bytes) -> bytes | None:
    """Return the previous DOCX if a different one is in the output folder, else None."""
    previous = target / f"{name}.docx"
    if not previous.exists():
        return None
    old = previous.read_bytes()
    return old if old != new else None


def stage_changes(scratch: Path, name: str, old: bytes, new: bytes, date: dt.date) -> list[Path]:
    """Write the redline DOCX and the change summary into the staging folder; return them."""
    when = dt.datetime.combine(date, dt.time())
    marked = scratch / f"{name}.redline.docx"
    marked.write_bytes(redline.redline(old, new, author=AUTHOR, when=when))
    notes = scratch / f"{name}.thay_doi.txt"
    notes.write_text(redline.summary(old, new) + "\n", encoding="utf-8")
    return [marked, notes]


def keep_previous(target: Path, name: str) -> int:
    """Copy the current DOCX and PDF of a document into its history; return the revision number."""
    number = next_revision(target, name)
    folder = history_dir(target, name)
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in (".docx", ".pdf"):
        current = target / f"{name}{suffix}"
        if current.exists():
            shutil.copy2(current, folder / f"{name}.r{number}{suffix}")
    return number
