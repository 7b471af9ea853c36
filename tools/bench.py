"""``make bench``: render speed against bare docxtpl, PDF cost, ``make plan`` wall time, a generated batch of 1,000
documents (DOCX only, DOCX and PDF, peak memory), and the time from a save to its new PDF in the warm loop.

Timings are medians over repeated runs on this machine; nothing here is a test
(a timed assertion would flake), it prints figures to compare over time.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from docxtpl import DocxTemplate

from pipeline.build import Project, build, load_registry, prepare
from pipeline.live import watch
from pipeline.pdf import check as pdf_check
from pipeline.pdf import convert as pdf
from pipeline.render.package import pack
from pipeline.render.template import Template, environment
from tools import batch


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
        together = time.perf_counter() - start
        pages = sum(len(pdf_check.page_texts(o.pdf)) for o in made.values() if o.pdf)
        reading = median_ms(lambda: [pdf_check.page_texts(o.pdf) for o in made.values() if o.pdf], 20)
    print(
        f"PDF: one document with a converter started for it {single:.2f} s; {len(docs)} documents {together:.2f} s "
        f"= {together / len(docs):.2f} s per document (a pool started for the call, {pdf.Pool().size} converters)"
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


def own_plan_time(project: Project, year: int, runs: int = 5) -> None:
    """The pipeline's own time for make plan when nothing changed (in-process: no interpreter start, no imports)."""
    build(project, year)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        report = build(project, year)
        times.append(time.perf_counter() - start)
    print(
        f"make plan YEAR={year}, nothing changed, the pipeline's own time: {statistics.median(times):.3f} s ({len(report.skipped)} skipped)"
    )


class PeakMemory:
    """The largest resident memory of this process and all its descendants (LibreOffice included), sampled."""

    def __init__(self) -> None:
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, tree_rss(os.getpid()))


def tree_rss(root: int) -> int:
    """Return the resident bytes of a process and its descendants."""
    parents, rss = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
                rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


def batch_figures(project: Project, year: int, count: int) -> None:
    """A generated batch: DOCX only, then DOCX and PDF (every PDF checked before it is published)."""
    with tempfile.TemporaryDirectory() as tmp:
        generated = batch.make(Path(tmp) / "lo", project, year, count)
        start = time.perf_counter()
        report = build(generated, year, make_pdf=False)
        docx_only = time.perf_counter() - start
        made = len([p for p in report.written if p.suffix == ".docx" and ".redline" not in p.name])
        print(f"{count} generated documents, DOCX only: {docx_only:.2f} s ({made} DOCX, {len(report.problems)} problems)")
        shutil.rmtree(generated.output_dir(year))
        with PeakMemory() as memory:
            start = time.perf_counter()
            report = build(generated, year)
            both = time.perf_counter() - start
        pdfs = sorted(generated.output_dir(year).glob("*.pdf"))
        valid = sum(1 for p in pdfs if pdf_check.page_texts(p))
        print(
            f"{count} generated documents, DOCX and PDF: {both:.2f} s ({valid} valid PDF of {len(pdfs)}, each checked before "
            f"publishing; {len(report.failures)} failures); peak memory {memory.peak / 2**20:.0f} MB "
            f"(this process and its children, {pdf.Pool().size} LibreOffice converters)"
        )


def warm_figures(project: Project, year: int, edits: int = 5) -> None:
    """The warm loop: the time from saving a data file to its new PDF in the output folder."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = batch.make(Path(tmp) / "w", project, year, 8)
        stop = threading.Event()
        with pdf.Pool() as converters:
            converters.warm()
            rounds = []
            thread = threading.Thread(
                target=watch.loop, args=(copy, year, converters, rounds.append, stop.is_set, io.StringIO()), daemon=True
            )
            thread.start()
            while not rounds:
                time.sleep(0.05)
            data = sorted(copy.year_dir(year).glob("cong_van*.yaml"))[0]
            target = copy.output_dir(year) / f"{data.stem}.pdf"
            times = []
            for index in range(edits):
                before = target.read_bytes()
                text = data.read_text(encoding="utf-8")
                start = time.perf_counter()
                data.write_text(text.replace("luu: VP", f"luu: VP, {index}", 1), encoding="utf-8")
                while target.read_bytes() == before:
                    time.sleep(0.005)
                times.append(time.perf_counter() - start)
            stop.set()
            thread.join()
    print(
        f"warm loop (make xem), save to new PDF: median {statistics.median(times):.2f} s, worst {max(times):.2f} s "
        f"over {edits} saves (polling every {watch.POLL} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    project = Project()
    render_figures(project, args.year, args.runs)
    plan_figures(project, args.year)
    own_plan_time(project, args.year)
    pdf_figures(project, args.year)
    warm_figures(project, args.year)
    batch_figures(project, args.year, args.batch)


if __name__ == "__main__":
    main()
