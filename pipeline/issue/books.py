"""``make so-van-ban YEAR=2024``: the registers of a calendar year, as DOCX, PDF and CSV, published whole.

For each issuer (and its secret series) that has numbers signed in the year, the
lines come from :func:`lines`: archived documents as they were issued, numbered
documents of every data folder not archived yet (a number given by
``make cap-so`` counts at once), and numbers given outside the pipeline. Each
number appears once. The files go to ``output/so_van_ban/<năm>/<co_quan>.*``;
a book whose PDF fails is not written, and the others are.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import build
from pipeline.data.problems import Problem
from pipeline.issue import archive, register, series
from pipeline.nd30.context import Properties
from pipeline.oserrors import describe
from pipeline.output import lock
from pipeline.output.files import new_staging, remove_staging, write_atomic
from pipeline.pdf import check as pdf_check
from pipeline.pdf import convert as pdf
from pipeline.pdf import stamp
from pipeline.project import Project
from pipeline.render.redline import header_rows, paragraph_texts
from pipeline.render.template import Template

FOLDER = "so_van_ban"


@dataclass
class Books:
    """The registers of a year and what stood in their way."""

    books: list[register.Book] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Numbered documents left out of the register because their data has errors."""
    failures: list[str] = field(default_factory=list)


def collect(project: Project, year: int) -> Books:
    """Return the registers of a calendar year, one per issuer and series, each number once."""
    out = Books()
    registries = build.load_registry(project)
    if registries.problems:
        out.failures.append(build.STOPPED_BY_REGISTRY)
        return out
    store = archive.Archive(project.archive_dir, project.show) if project.archive_dir else None
    try:
        entries = store.entries() if store else []
        out.failures += store.damaged() if store else []
    except archive.ArchiveError as exc:
        out.failures.append(str(exc))
        return out
    if out.failures:  # the register records what was issued: not from a damaged archive
        return out
    found: dict[tuple[str, bool, int], register.Line] = {}
    for entry in entries:
        if entry.nam == year:
            found[(entry.co_quan, entry.mat, entry.so)] = _archived_line(entry, store)
    numbered = {  # numbered documents of the year the register would miss (those already archived are in it)
        n.file
        for n in series.in_data(project, registries, project.years())
        if n.year == year and (n.issuer, n.secret, n.number) not in found
    }
    for plan_year in project.years():
        ready, problems, _ = build.prepare(project, plan_year, registries)
        out.problems += [p for p in problems if p.file in numbered]  # a numbered document the register would miss
        for doc in ready:
            entry = doc.issued
            if entry is not None and entry.nam == year and (entry.co_quan, entry.mat, entry.so) not in found:
                found[(entry.co_quan, entry.mat, entry.so)] = register.Line(entry.so, dict(entry.dang_ky), doc.file)
    outside, problems = series.external(project, registries)
    out.problems += problems
    for (issuer, outside_year, secret), numbers in outside.items():
        for number in numbers:
            if outside_year == year and (issuer, secret, number) not in found:
                found[(issuer, secret, number)] = register.outside_line(number)
    reg = registries.registry
    for issuer, secret in sorted({(k[0], k[1]) for k in found}):
        body = reg.co_quan[issuer].at(dt.date(year, 12, 31))
        parent = reg.co_quan[body.co_quan_chu_quan].at(dt.date(year, 12, 31)).ten if body.co_quan_chu_quan in reg.co_quan else ""
        name = body.ten if parent else body.ten_day_du or body.ten
        lines = [found[k] for k in sorted(k for k in found if k[:2] == (issuer, secret))]
        out.books.append(register.Book(issuer, year, secret, parent, name, lines))
    return out


def _archived_line(entry: archive.Entry, store: archive.Archive) -> register.Line:
    columns = dict(entry.dang_ky)
    notes = []
    if any(s["buoc"] == "co_quan" for s in entry.ky_so):
        notes.append("Đã ký số")
    elif any(s["buoc"] == "nguoi_ky" for s in entry.ky_so):
        notes.append("Người ký đã ký số")
    columns["ghi_chu"] = "; ".join(notes)
    return register.Line(
        entry.so,
        columns,
        entry.tep,
        entry.sha256.get(entry.tep_luu.get("docx", ""), ""),
        entry.sha256.get(entry.tep_luu.get("pdf", ""), ""),
    )


def write_books(project: Project, year: int, *, make_pdf: bool = True) -> int:
    """Write the registers of a year into output/so_van_ban/<năm>/; print what was done; return the exit code."""
    collected = collect(project, year)
    for problem in sorted(collected.problems):
        print(f"LỖI      {problem}", file=sys.stderr)
    if collected.problems:
        print("LỖI      các văn bản có số ở trên còn lỗi nên chưa vào sổ; hãy sửa rồi chạy lại", file=sys.stderr)
    for failure in collected.failures:
        print(f"LỖI      {failure}", file=sys.stderr)
    if collected.failures:
        return 1
    if not collected.books:
        print(f"Năm {year} chưa có văn bản nào có số và ngày ký đủ (cấp số bằng make cap-so); không có sổ nào để in.")
        return 1 if collected.problems else 0
    target = project.root / project.output / FOLDER / str(year)
    failures: list[str] = []
    try:
        with lock.hold(target):
            _write(project, collected.books, target, make_pdf, failures)
    except (lock.Busy, OSError) as exc:
        failures.append(str(exc) if isinstance(exc, lock.Busy) else f"không ghi được {project.show(target)}: {describe(exc)}")
    for failure in failures:
        print(f"LỖI      {failure}", file=sys.stderr)
    return 1 if failures or collected.problems else 0


def _write(project: Project, books: list[register.Book], target: Path, make_pdf: bool, failures: list[str]) -> None:
    template = Template(project.root / "doc_templates" / FOLDER)
    scratch = new_staging(target)
    try:
        staged: dict[str, dict[str, Path]] = {}
        for book in books:
            props = Properties(f"Sổ đăng ký văn bản đi năm {book.year}", book.name, book.date())
            files = {"docx": scratch / f"{book.file_stem}.docx", "csv": scratch / f"{book.file_stem}.csv"}
            files["docx"].write_bytes(template.render(book.context(), props))
            files["csv"].write_bytes(book.csv())
            staged[book.file_stem] = files
        if make_pdf:
            _pdfs(books, staged, scratch, failures, project)
        for book in books:
            files = staged[book.file_stem]
            if make_pdf and "pdf" not in files:
                continue
            for kind, path in sorted(files.items()):
                write_atomic(target / f"{book.file_stem}.{kind}", path.read_bytes())
            if not make_pdf:  # a PDF of an older register must not stand beside the new one
                (target / f"{book.file_stem}.pdf").unlink(missing_ok=True)
            shown = ", ".join(f"{book.file_stem}.{k}" for k in sorted(files))
            print(f"Đã ghi   {project.show(target)}/: {shown} ({book.title.lower().capitalize()} của {book.name}, {len(book.lines)} số)")
    finally:
        remove_staging(scratch)


def _pdfs(books: list[register.Book], staged: dict[str, dict[str, Path]], scratch: Path, failures: list[str], project: Project) -> None:
    by_docx = {staged[b.file_stem]["docx"]: b for b in books}

    def settle_and_check(docx: Path, made: Path) -> str | None:
        stamp.settle_file(made, by_docx[docx].date(), docx)
        data = docx.read_bytes()
        return pdf_check.check(made, pdf_check.Expected(by_docx[docx].title, tuple(paragraph_texts(data)), tuple(header_rows(data))))

    (scratch / "pdf").mkdir()
    try:
        outcomes = pdf.convert(list(by_docx), scratch / "pdf", check=settle_and_check, record=scratch / pdf.RECORD)
    except pdf.ConverterMissing as exc:
        failures.append(str(exc))
        return
    for docx, book in by_docx.items():
        outcome = outcomes[docx]
        if outcome.pdf is None:
            failures.append(f"sổ của {book.name}: không tạo được PDF: {outcome.problem}; sổ này không được ghi, bản cũ giữ nguyên")
        else:
            staged[book.file_stem]["pdf"] = outcome.pdf
