"""Build one plan year: load all → validate all → context → render → PDF → write → report."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import re

from pipeline.data import checks

from pipeline.pdf import convert as pdf

from pipeline.output import revisions

from pipeline.data import source

from pipeline.data import validate
from pipeline.nd30.context import ContextBuilder, Properties
from pipeline.output.files import MANIFEST, digest, publish, read_manifest, staging, tree_bytes, write_atomic
from pipeline.data.problems import Problem
from pipeline.render.template import RenderError, Template
from pipeline.data.schema import REGISTRIES, Registry

ROOT = Path(__file__).resolve().parent.parent
SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CODE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Project:
    """Where the data, templates and output are: ``data/<year>/`` by default, or an
    example folder such as ``data/examples/<seed>/<year>/`` (same registries)."""

    root: Path = ROOT
    data: str = "data"
    output: str = "output"

    @property
    def registry_dir(self) -> Path:
        return self.root / "data" / "danh_muc"

    @property
    def template_dir(self) -> Path:
        return self.root / "doc_templates" / "mau_1_4"

    def year_dir(self, year: int) -> Path:
        return self.root / self.data / str(year)

    def output_dir(self, year: int) -> Path:
        return self.root / self.output / str(year)

    def show(self, path: Path) -> str:
        """Return a path relative to the project, as messages print it."""
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)

    def example(self, name: str) -> Project:
        """Return the project of one example: data/examples/<name>/, output/examples/<name>/."""
        return Project(self.root, f"data/examples/{name}", f"output/examples/{name}")

    def examples(self) -> list[str]:
        """Return the names of the reference example folders (data/examples/<name>/)."""
        folder = self.root / "data" / "examples"
        return sorted(p.name for p in folder.iterdir() if (p / "seed.txt").exists()) if folder.exists() else []

    def years(self) -> list[int]:
        """Return the plan years that have a data folder."""
        return sorted(int(p.name) for p in (self.root / self.data).iterdir() if p.is_dir() and p.name.isdigit())


@dataclass
class Prepared:
    """A document ready to render."""

    name: str
    context: dict[str, Any]
    properties: Properties
    inputs: str
    issued: bool = False
    file: str = ""


@dataclass
class Report:
    """What a run did: written, skipped, and every problem."""

    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.failures


def _load(path: Path, project: Project, problems: list[Problem]) -> source.Source | None:
    try:
        return source.load(path, name=project.show(path))
    except source.DataError as exc:
        problems.extend(exc.problems)
        return None


def load_registry(project: Project) -> tuple[Registry, list[Problem]]:
    """Return the validated registries and their problems (missing files included)."""
    problems: list[Problem] = []
    sources = {}
    for name in REGISTRIES:
        path = project.registry_dir / f"{name}.yaml"
        if not path.exists():
            problems.append(Problem(project.show(path), 1, 1, "", "thiếu tệp danh mục này"))
        elif (loaded := _load(path, project, problems)) is not None:
            sources[name] = loaded
    reg, found = validate.registry(sources)
    return reg, sorted(problems + found)


def prepare(project: Project, year: int, reg: Registry) -> tuple[list[Prepared], list[Problem], list[Problem]]:
    """Validate and check every document of the year and build its context.

    Return the documents ready to render, the problems (errors) and the warnings.
    """
    ready, problems, findings, numbered = [], [], [], []
    shared = tree_bytes(project.registry_dir, project.template_dir, CODE)
    for path in sorted(project.year_dir(year).glob("*.yaml")):
        loaded = _load(path, project, problems)
        if loaded is None:
            continue
        if not SAFE_NAME.match(path.stem):
            problems.append(Problem(loaded.name, 1, 1, "", f"tên tệp {path.stem!r} chỉ được gồm chữ thường không dấu, chữ số, '_' và '-' (tên tệp kết quả)"))
            continue
        doc, found = validate.document(loaded, reg)
        if doc is not None and not found:
            context, props, found = ContextBuilder(loaded, reg, year).build(doc)
            issued = checks.Checker(loaded, doc, reg, year).run()
            findings += issued
            numbered.append((loaded, doc, context["so_ky_hieu"]))
            found += [f.problem for f in issued if f.error]
        problems += found
        if doc is not None and not found:
            ready.append(Prepared(path.stem, context, props, digest(shared, path.read_bytes()), doc.so is not None, loaded.name))
    duplicates = checks.duplicate_numbers(numbered)
    problems += [f.problem for f in duplicates]
    clashing = {f.problem.file for f in duplicates}
    ready = [d for d in ready if d.file not in clashing]
    return ready, problems, [f.problem for f in findings if not f.error]


def check(project: Project, year: int) -> Report:
    """Validate and check the documents of a year without rendering anything."""
    report = Report()
    reg, report.problems = load_registry(project)
    if not report.problems:
        _, problems, report.warnings = prepare(project, year, reg)
        report.problems = sorted(problems)
    return report


def build(project: Project, year: int, *, make_pdf: bool = True, force: bool = False) -> Report:
    """Render every valid document of the year into output/<year>/; return what happened."""
    report = Report()
    if not project.year_dir(year).is_dir():
        report.failures.append(f"không có thư mục dữ liệu {project.show(project.year_dir(year))}")
        return report
    reg, report.problems = load_registry(project)
    if report.problems:
        return report
    ready, problems, report.warnings = prepare(project, year, reg)
    report.problems = sorted(problems)
    target = project.output_dir(year)
    manifest = read_manifest(target)
    todo = [d for d in ready if force or not _unchanged(d, manifest, target, make_pdf)]
    report.skipped = [d.name for d in ready if d not in todo]
    if todo:
        _render_all(project, todo, target, make_pdf, report)
    done = {d.name: d.inputs for d in todo if target.joinpath(d.name + ".docx") in report.written}
    write_atomic(target / MANIFEST, json.dumps({**manifest, **done}, indent=1, sort_keys=True).encode())
    return report


def _unchanged(doc: Prepared, manifest: dict[str, str], target: Path, make_pdf: bool) -> bool:
    outputs = [target / f"{doc.name}.docx"] + ([target / f"{doc.name}.pdf"] if make_pdf else [])
    return manifest.get(doc.name) == doc.inputs and all(p.exists() for p in outputs)


def _render_all(project: Project, todo: list[Prepared], target: Path, make_pdf: bool, report: Report) -> None:
    """Render into a staging folder, convert to PDF, keep revisions, then publish everything."""
    with staging(target) as scratch:
        staged, extras, revised = _stage(Template(project.template_dir), todo, scratch, target, report)
        pdfs = []
        if make_pdf and staged:
            try:
                pdfs = list(pdf.convert(staged, scratch).values())
            except pdf.PdfError as exc:
                report.failures.append(str(exc))
                return  # nothing published: the previous DOCX and PDF stay together
        _keep_revisions(revised, target, report)
        report.written += publish(staged + pdfs + extras, target)


def _stage(template: Template, todo: list[Prepared], scratch: Path, target: Path, report: Report):
    """Write each DOCX (and, when it changed, its redline and summary) to scratch.

    Return (DOCX files, redline files, documents that changed).
    """
    staged, extras, revised = [], [], []
    for doc in todo:
        try:
            data = template.render(doc.context, doc.properties)
        except RenderError as exc:
            report.failures.append(f"{doc.name}: {exc}")
            continue
        write_atomic(scratch / f"{doc.name}.docx", data)
        staged.append(scratch / f"{doc.name}.docx")
        previous = revisions.changed(target, doc.name, data)
        if previous is not None:
            extras += revisions.stage_changes(scratch, doc.name, previous, data, doc.properties.date)
            revised.append(doc)
    return staged, extras, revised


def _keep_revisions(revised: list[Prepared], target: Path, report: Report) -> None:
    """Copy the previous version of each changed document into its history; flag issued ones."""
    for doc in revised:
        number = revisions.keep_previous(target, doc.name)
        report.revised.append(f"{doc.name}: bản cũ lưu thành lần sửa {number} ({revisions.HISTORY}/{doc.name}/), "
                              f"xem {doc.name}.redline.docx và {doc.name}.thay_doi.txt")
        if doc.issued:
            report.warnings.append(Problem(doc.file, 1, 1, "so", "[da-ban-hanh] văn bản đã có số (đã ban hành) nhưng nội dung "
                                           "thay đổi; cần văn bản sửa đổi hoặc đính chính, không sửa bản đã phát hành"))


def render_documents(project: Project, year: int) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every valid document of the year in memory (no PDF, nothing written)."""
    reg, problems = load_registry(project)
    if problems:
        return {}, problems
    ready, problems, _ = prepare(project, year, reg)
    template = Template(project.template_dir)
    return {d.name: template.render(d.context, d.properties) for d in ready}, problems
