"""Each document of data/2024 against its committed golden text (``make golden`` re-records)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.project import Project
from tools.docx_text import dump
from tools.golden import diff, golden_dir

ROOT = Path(__file__).resolve().parent.parent

NAMES = sorted(p.stem for p in Project(ROOT).data_files(2024)[0])


def test_every_document_has_a_golden_file(project):
    assert NAMES and sorted(p.stem for p in golden_dir(project).glob("*.txt")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_document_matches_golden(name, rendered, project):
    expected = (golden_dir(project) / f"{name}.txt").read_text(encoding="utf-8")
    actual = dump(rendered[name])
    assert actual == expected, "golden mismatch (run `make golden` if intended):\n" + diff(expected, actual, name)
