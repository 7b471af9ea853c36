"""The benchmark runs (its figures are read by people, never asserted as timings)."""

from __future__ import annotations

from tests.conftest import DOCUMENTS
from tools.bench import render_figures


def test_bench_prints_one_row_per_document_with_a_ratio(project, capsys):
    render_figures(project, 2024, runs=2)
    rows = capsys.readouterr().out.strip().splitlines()[1:]
    assert len(rows) == DOCUMENTS and all(row.rstrip().endswith("x") for row in rows)
