"""History: every earlier version of a document, and what changed.

When a document's DOCX changes, the previous DOCX (with the PDF that was made
from it) is kept as revision N in ``output/<nam>/lich_su/<name>/`` and, beside
the new version, a redline DOCX (Word tracked changes from the previous
version) and a short text summary are written. A document whose data file is
gone is retired the same way. A revision is never written twice: if the newest
one already holds the same DOCX (a run killed after keeping it), it is reused.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from pipeline.render import redline

HISTORY = "lich_su"
AUTHOR = "nd30-pipeline"


def history_dir(target: Path, name: str) -> Path:
    return target / HISTORY / name


def revisions(target: Path, name: str) -> list[int]:
    """Return the revision numbers kept for a document, in order."""
    folder = history_dir(target, name)
    found = {int(m[1]) for p in (folder.iterdir() if folder.is_dir() else ())
             if (m := re.fullmatch(re.escape(name) + r"\.r(\d+)\.(docx|pdf|redline\.docx|thay_doi\.txt)", p.name))}
    return sorted(found)


def revision_path(target: Path, name: str, number: int, suffix: str) -> Path:
    return history_dir(target, name) / f"{name}.r{number}{suffix}"


def stage_changes(scratch: Path, name: str, old: bytes, new: bytes, date: dt.date) -> list[Path]:
    """Write the redline DOCX and the change summary into the staging folder; return them.

    Nothing is written when the old DOCX cannot be read (a damaged file): it is still kept in history.
    """
    try:
        if not redline.has_changes(old, new):
            return []  # the text is the same (a DOCX repaired or re-saved): nothing to show
        marked = redline.redline(old, new, author=AUTHOR, when=dt.datetime.combine(date, dt.time()))
        notes = redline.summary(old, new)
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        return []
    (scratch / f"{name}.redline.docx").write_bytes(marked)
    (scratch / f"{name}.thay_doi.txt").write_text(notes + "\n", encoding="utf-8")
    return [scratch / f"{name}.redline.docx", scratch / f"{name}.thay_doi.txt"]
