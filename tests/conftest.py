"""Shared fixtures: the real project, a disposable copy of it, and its 2024 render."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline.build import Project, render_documents

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = len(Project(ROOT).data_files(2024)[0])
"""How many documents data/2024/ has: what a full build of the year writes."""


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture
def tmp_project(tmp_path: Path) -> Project:
    """A copy of the data and templates in a temporary folder, safe to edit and build."""
    for folder in ("data", "doc_templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return Project(tmp_path)


@pytest.fixture(scope="session")
def rendered(project: Project) -> dict[str, bytes]:
    documents, problems = render_documents(project, 2024)
    assert not problems, "\n".join(map(str, problems))
    return documents


def edit_data(project: Project, name: str, replacements: dict[str, str], year: int = 2024) -> None:
    """Apply regex replacements (each must match once, multiline) to data/<year>/<name>.yaml."""
    path = project.year_dir(year) / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    for pattern, new in replacements.items():
        text, count = re.subn(pattern, new, text, count=1, flags=re.M)
        assert count == 1, pattern
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def edit():
    """The data-editing helper, for tests that break or change a document."""
    return edit_data
