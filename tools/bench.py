"""``make bench``: render speed against bare docxtpl, PDF cost, and ``make plan`` wall time.

Timings are medians over repeated runs on this machine; nothing here is a test
(a timed assertion would flake), it prints figures to compare over time.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from docxtpl import DocxTemplate

from pipeline.build import Project, load_registry, prepare
from pipeline.pdf import check as pdf_check
from pipeline.pdf import convert as pdf
from pipeline.render.package import pack
from pipeline.render.template import Template, environment


def median_ms(action: Callable[[], object], runs: int) -> float:
    """Return the median wall time of an action in milliseconds, after one warm-up."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bare_docxtpl(packed: bytes, context: dict) -> Callable[[], bytes]:
    """Return a render of the same template by docxtpl alone (its own compile and save each time)."""

    def render() -> bytes:
        template = DocxTemplate(io.BytesIO(packed))
        template.render(context, jinja_env=environment())
        out = io.BytesIO()
        template.save(out)
        return out.getvalue()

    return render


def render_figures(project: Project, year: int, runs: int) -> None:
    registries = load_registry(project)
    ready, more, _ = prepare(project, year, registries)
    if registries.problems or more:
        raise SystemExit("\n".join(map(str, registries.problems + more)))
    template = Template(project.template_dir)
    packed = pack(template.parts)
    print(f"{'document':34} {'ours ms':>8} {'docxtpl ms':>11} {'ratio':>6}")
    for doc in ready:
        ours = median_ms(lambda doc=doc: template.render(doc.context, doc.properties), runs)
        bare = median_ms(bare_docxtpl(packed, doc.context), max(runs // 5, 5))
        print(f"{doc.name:34} {ours:8.2f} {bare:11.2f} {bare / ours:5.1f}x")


def pdf_figures(project: Project, year: int) -> None:
    docs = sorted(p for p in project.output_dir(year).glob("*.docx") if ".redline" not in p.name)
    if not docs:
        print("PDF: no DOCX in output yet (run make plan)")
        return
    unchecked = lambda docx, made: None  # noqa: E731 - time the conversion alone
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        pdf.convert(docs[:1], Path(tmp), check=unchecked)
        single = time.perf_counter() - start
        start = time.perf_counter()
        made = pdf.convert(docs, Path(tmp), check=unchecked)
        batch = time.perf_counter() - start
        pages = sum(len(pdf_check.page_texts(o.pdf)) for o in made.values() if o.pdf)
        reading = median_ms(lambda: [pdf_check.page_texts(o.pdf) for o in made.values() if o.pdf], 20)
    print(
        f"PDF: one document alone {single:.2f} s; {len(docs)} in one LibreOffice call {batch:.2f} s "
        f"= {batch / len(docs):.2f} s per document (a fresh private profile each call)"
    )
    print(f"PDF check before publishing: {reading / len(docs):.1f} ms per document ({pages} pages read in {reading:.1f} ms)")


def plan_figures(project: Project, year: int) -> None:
    out = project.output_dir(year)
    backup = out.with_name(f".bench-backup-{year}")
    if out.exists():
        shutil.rmtree(backup, ignore_errors=True)
        out.rename(backup)
    try:
        for label in ("cold (no output)", "nothing changed"):
            start = time.perf_counter()
            subprocess.run(["make", "-s", "plan", f"YEAR={year}"], cwd=project.root, check=True, capture_output=True)
            print(f"make plan YEAR={year}, {label}: {time.perf_counter() - start:.2f} s")
    finally:
        if backup.exists():
            shutil.rmtree(out, ignore_errors=True)
            backup.rename(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    project = Project()
    render_figures(project, args.year, args.runs)
    plan_figures(project, args.year)
    pdf_figures(project, args.year)


if __name__ == "__main__":
    main()
