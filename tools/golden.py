"""Golden files: the readable text of each document of the reference year.

``make golden`` re-records them; the tests compare a fresh render with them
and print a unified diff on any difference.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from pipeline.build import Project, render_documents
from pipeline.output.files import write_atomic
from tools.docx_text import dump

GOLDEN_YEAR = 2024


def golden_dir(project: Project) -> Path:
    return project.root / "tests" / "golden"


def current(project: Project) -> dict[str, str]:
    """Return {document name: golden text} rendered now; raise if the data has problems."""
    documents, problems = render_documents(project, GOLDEN_YEAR)
    if problems:
        raise ValueError("\n".join(map(str, problems)))
    return {name: dump(data) for name, data in documents.items()}


def record(project: Project) -> list[Path]:
    """Write the golden files of the reference year; return their paths."""
    written = []
    for name, text in current(project).items():
        path = golden_dir(project) / f"{name}.txt"
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    return written


def diff(expected: str, actual: str, name: str) -> str:
    """Return a unified diff between a golden file and the current render."""
    return "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), f"tests/golden/{name}.txt", f"{name} (render)"))


if __name__ == "__main__":
    project = Project()
    for path in record(project):
        print(f"Đã ghi   {project.show(path)}")
