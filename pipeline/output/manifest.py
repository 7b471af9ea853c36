"""The manifest of an output folder: what each document was built from and what was written.

``output/<nam>/.manifest.json`` records, per document, the hash of its inputs
(data, registries, templates, code), a fingerprint of what it says, and the
hash of each file written. What was issued is recorded in the archive
(:mod:`pipeline.issue.archive`), not here: this record may be deleted. A run skips a document only when its inputs are the
same *and* every file on disk still has the recorded hash; anything else
(an edit, a file truncated, replaced or deleted, a PDF never made) is rebuilt.
A manifest that cannot be read is treated as empty: everything is rebuilt,
which changes nothing that was right.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.output.files import file_hash, write_atomic

NAME = ".manifest.json"
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")  # a document's name, as data files are named (project.SAFE_NAME)
VERSION = 4


@dataclass
class Record:
    """What was built for one document."""

    inputs: str
    """Hash of everything the document is built from."""
    content: str = ""
    """Fingerprint of what the document says, its number and date left out."""
    files: dict[str, str] = field(default_factory=dict)
    """Hash of each file written, by file name (docx, pdf, redline, summary)."""

    def intact(self, folder: Path, names: list[str]) -> bool:
        """Return whether each named file is on disk with the hash recorded for it."""
        return all(name in self.files and file_hash(folder / name) == self.files[name] for name in names)


def read(folder: Path) -> tuple[dict[str, Record], str | None]:
    """Return the records of the folder and, if the manifest was unreadable, a notice for the clerk."""
    path = folder / NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError):
        return {}, f"tệp {NAME} hỏng hoặc không đọc được; mọi văn bản được dựng lại và kiểm tra lại"
    try:
        if not isinstance(raw, dict) or raw.get("version") != VERSION or not isinstance(raw.get("documents"), dict):
            raise TypeError("shape")
        records = {name: Record(**entry) for name, entry in raw["documents"].items()}
        if not all(_NAME.fullmatch(name) and isinstance(r.files, dict) and set(r.files) <= set(outputs(name))
                   and all(isinstance(h, str) for h in r.files.values()) for name, r in records.items()):
            raise TypeError("names")
        return records, None
    except TypeError:
        return {}, f"tệp {NAME} không đúng dạng (có thể từ phiên bản cũ); mọi văn bản được dựng lại và kiểm tra lại"


def outputs(name: str) -> tuple[str, ...]:
    """Return the names of the files a document publishes: DOCX, PDF, redline, summary."""
    return f"{name}.docx", f"{name}.pdf", f"{name}.redline.docx", f"{name}.thay_doi.txt"


def write(folder: Path, records: dict[str, Record]) -> None:
    """Write the records atomically, in a fixed order."""
    data = {"version": VERSION, "documents": {name: asdict(records[name]) for name in sorted(records)}}
    write_atomic(folder / NAME, (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))
