"""``make clean``: remove what the program wrote, and nothing else.

In each output folder, the files a document publishes are removed — but one
that differs from what the program recorded (a PDF signed, a DOCX edited by
hand) is first kept in history, since no run can make it again. History
folders and the manifest stay unless the clerk asked for everything; the archive of
issued documents (ban_hanh/) is never touched. A file the program never wrote is left where it is.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.output import lock, manifest
from pipeline.output.files import STAGING_PREFIX, file_hash, new_staging, remove_staging
from pipeline.output.history import HISTORY
from pipeline.output.publish import Change, PublishError, commit


@dataclass
class Cleaned:
    """What cleaning one output folder did."""

    removed: int = 0
    kept: list[str] = field(default_factory=list)
    """Files kept in history first (they differ from what the program wrote)."""
    left: list[str] = field(default_factory=list)
    """Files the program did not write, left where they are."""
    failures: list[str] = field(default_factory=list)


def clean(folder: Path, *, history: bool) -> Cleaned:
    """Clean one output folder (output/<year>/ or an example's); call under its lock."""
    result = Cleaned()
    records, _ = manifest.read(folder)
    ours = {n for name in records for n in manifest.outputs(name)}
    scratch = new_staging(folder)
    try:
        for name, record in records.items():
            changed = [n for n in manifest.outputs(name) if (folder / n).is_file() and (folder / n).stat().st_size
                       and file_hash(folder / n) != record.files.get(n)]
            if changed and not history:
                try:
                    revision = commit(folder, Change(name, keep=changed), scratch)
                    result.kept += [f"{n} → {HISTORY}/{name}/ (lần sửa {revision})" for n in changed]
                except PublishError as exc:
                    result.failures.append(str(exc))
                    ours -= set(changed)  # not kept: not removed either
    finally:
        remove_staging(scratch)
    for entry in sorted(folder.iterdir()):
        if entry.name == lock.NAME:
            continue
        if entry.name in (HISTORY, manifest.NAME) or entry.name.startswith(STAGING_PREFIX):
            if history or entry.name.startswith(STAGING_PREFIX):
                _remove(entry)
                result.removed += 1
            continue
        if entry.name in ours and entry.is_file():
            entry.unlink()
            result.removed += 1
        elif not entry.is_dir():
            result.left.append(entry.name)
    return result


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry)
    else:
        entry.unlink()
