"""``make new-year FROM=2024 TO=2025``: start next year's documents from this year's.

The files are copied as text, so the clerk's comments and layout stay: the
number and date go back to draft, full-date deadlines move by the years
between, file names follow the year, placeholders are kept. The checks then
list whatever literal text would be stale.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from pipeline.build import Project, Report, check
from pipeline.output.files import staging, write_atomic

_NUMBER = re.compile(r"^so:.*$", re.M)
_DATE = re.compile(r"^ngay:.*$", re.M)
_FULL_DEADLINE = re.compile(r"^(\s+[a-z0-9_]+:\s*)(\d{4})(-\d{2}-\d{2})", re.M)


def roll_text(text: str, shift: int) -> str:
    """Return a document's YAML text made a draft of the year ``shift`` years later.

    >>> roll_text("so: 12\\nngay: 2024-02-28\\nhan:\\n  a: 2024-03-10  # x\\n  b: 31/01\\n", 1)
    'so: ~\\nngay: ~\\nhan:\\n  a: 2025-03-10  # x\\n  b: 31/01\\n'
    """
    text = _NUMBER.sub("so: ~", text)
    text = _DATE.sub("ngay: ~", text)
    return _FULL_DEADLINE.sub(lambda m: f"{m[1]}{int(m[2]) + shift}{m[3]}", text)


def new_year(project: Project, source_year: int, target_year: int) -> tuple[list[Path], Report]:
    """Create data/<target>/ from data/<source>/; return the files written and the check report."""
    source, target = project.year_dir(source_year), project.year_dir(target_year)
    if not source.is_dir():
        return [], Report(failures=[f"không có thư mục {project.show(source)}"])
    if target.exists() and any(target.iterdir()):
        return [], Report(failures=[f"{project.show(target)} đã có dữ liệu; không ghi đè (xóa hoặc đổi tên thư mục nếu muốn tạo lại)"])
    written = []
    with staging(target) as scratch:
        for path in sorted(source.glob("*.yaml")):
            name = path.name.replace(str(source_year), str(target_year))
            write_atomic(scratch / name, roll_text(path.read_text(encoding="utf-8"), target_year - source_year).encode("utf-8"))
        target.mkdir(parents=True, exist_ok=True)
        for staged in sorted(scratch.glob("*.yaml")):
            shutil.move(staged, target / staged.name)
            written.append(target / staged.name)
    return written, check(project, target_year)

