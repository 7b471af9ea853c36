"""Build one plan year: load all → validate all → context → render → PDF → publish → report.

Each document goes its own way: a problem in one (bad data, a PDF that fails,
a file that cannot be written, even a bug of ours) stops that document only,
and its earlier output stays as it was. A document's outputs (DOCX, PDF,
redline, summary, history entry) are published together or not at all
(:mod:`pipeline.output.publish`), under a lock so that one run at a time
writes a folder (:mod:`pipeline.output.lock`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import parallel
from pipeline.data import source, validate
from pipeline.data.problems import DataError, Problem
from pipeline.data.schema import REGISTRIES
from pipeline.data.text import Runs
from pipeline.issue import archive, register, series
from pipeline.kinds import KINDS
from pipeline.nd30 import checks
from pipeline.nd30.context import ContextBuilder, Properties
from pipeline.oserrors import describe
from pipeline.output import lock, manifest
from pipeline.output.files import digest, file_hash, new_staging, remove_staging, stale_staging, tree_bytes, write_atomic
from pipeline.output.history import HISTORY, stage_changes
from pipeline.output.publish import Change, PublishError, commit
from pipeline.pdf import check as pdf_check
from pipeline.pdf import convert as pdf
from pipeline.pdf import stamp
from pipeline.project import ROOT, Project, year_problem
from pipeline.render.redline import header_rows, paragraph_texts
from pipeline.render.template import Template
from pipeline.vn import format_date

CODE = Path(__file__).resolve().parent
LOG_DIR = "nhat_ky_loi"
NUMBER_KEYS = ("so_ky_hieu", "dia_danh_ngay")  # filled in at issue time: not a change of content

__all__ = ["Project", "ROOT", "Report", "build", "check", "render_documents", "load_registry", "prepare"]


@dataclass
class Prepared:
    """A document ready to render."""

    name: str
    file: str
    context: dict[str, Any]
    properties: Properties
    inputs: str
    content: str
    issued: archive.Entry | None
    """The archive entry it is built for when it has a number and a full date: new (not archived yet) or archived."""
    archived: bool = False
    """Whether that entry is in the archive already: its DOCX and PDF are frozen."""
    data: bytes = b""
    """The bytes of its data file, as read for this run."""
    so_at: tuple[int, int] = (1, 1)
    """Where its number stands in the data file."""
    kind: str = ""
    """What kind of document it is, in Vietnamese (Kế hoạch, Công văn…)."""
    han: dict[str, str] = field(default_factory=dict)
    """Its deadlines (``han:``), as printed."""


@dataclass
class Report:
    """What a run did: written, skipped, and every problem."""

    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    """Documents rendered again (their inputs changed) whose files came out identical: nothing rewritten."""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    """Documents or steps that could not be done, one Vietnamese line each (data is fine)."""
    revised: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """What the run did that the clerk should know (retired outputs, repaired files)."""
    internal: list[str] = field(default_factory=list)
    """Unexpected errors of the program, one line each, with where the details were written."""
    issued: list[str] = field(default_factory=list)
    """Documents archived as issued this run (ban_hanh/), one line each."""
    frozen: list[str] = field(default_factory=list)
    """Issued documents kept as archived although the templates or the program now lay them out otherwise."""
    documents: list[Prepared] = field(default_factory=list)
    """The documents of the year that passed every check (what the page of make xem lists)."""

    @property
    def ok(self) -> bool:
        return not self.problems and not self.failures and not self.internal

    @property
    def exit_code(self) -> int:
        return 2 if self.internal else 0 if self.ok else 1


def internal_error(project: Project, what: str, report: Report) -> None:
    """Record an unexpected error of the program: the traceback to a log file, one line for the clerk.

    Never raises: it is what runs when everything else has failed.
    """
    log = None
    try:
        details = traceback.format_exc()
        moment = dt.datetime.now().strftime("%Y%m%d-%H%M%S")  # a log name, never a document date
        for folder in (Path(project.root) / project.output / LOG_DIR, Path(tempfile.gettempdir()) / "nd30-nhat-ky-loi"):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                log = folder / f"loi-{moment}-{os.getpid()}-{len(report.internal)}.txt"
                log.write_text(f"{what}\n\n{details}", encoding="utf-8")
                break
            except OSError:
                log = None
        where = f"chi tiết ghi ở {project.show(log)}" if log else "không ghi được tệp chi tiết"
    except Exception:  # noqa: BLE001 - even the report of an error must not fail
        where = "không ghi được tệp chi tiết"
    report.internal.append(
        f"{what}: lỗi ngoài dự kiến của chương trình; {where}. Hãy gửi tệp đó cho người phụ trách kỹ thuật."
        if log
        else f"{what}: lỗi ngoài dự kiến của chương trình ({where})."
    )


@contextmanager
def isolated(project: Project, what: str, report: Report) -> Iterator[None]:
    """Run a block for one document; an unexpected error stops that document only."""
    try:
        yield
    except (KeyboardInterrupt, SystemExit, lock.Busy):
        raise
    except Exception:  # noqa: BLE001 - the last resort for one document: logged, reported, others go on
        internal_error(project, what, report)


def _load(path: Path, project: Project, problems: list[Problem]) -> source.Source | None:
    try:
        return source.load(path, name=project.show(path))
    except DataError as exc:
        problems.extend(exc.problems)
        return None


def load_registry(project: Project) -> validate.Registries:
    """Return the validated registries; their problems say that every document waits for them."""
    problems: list[Problem] = []
    sources: dict[str, source.Source | None] = {}
    for name in REGISTRIES:
        path = project.registry_dir / f"{name}.yaml"
        if not path.exists() and not path.is_symlink():
            problems.append(Problem(project.show(path), 1, 1, "", "thiếu tệp danh mục này"))
            sources[name] = None
        else:
            sources[name] = _load(path, project, problems)
    registries = validate.registry(sources)
    registries.problems = sorted(problems + registries.problems)
    registries.warnings = sorted(w for s in sources.values() if s for w in s.warnings)
    return registries


STOPPED_BY_REGISTRY = (
    "danh mục (data/danh_muc/) có lỗi nên mọi văn bản của năm tạm dừng, kết quả cũ được giữ nguyên; "
    "hãy sửa các lỗi danh mục ở trên rồi chạy lại"
)


def prepare(
    project: Project, year: int, registries: validate.Registries, records: dict[str, manifest.Record] | None = None
) -> tuple[list[Prepared], list[Problem], list[Problem]]:
    """Validate and check every document of the year and build its context.

    Return the documents ready to render, the problems (errors) and the warnings.
    """
    report = Report()
    ready = _prepare_all(project, year, registries, records or {}, report)
    return ready, sorted(report.problems), sorted(report.warnings)


def _prepare_all(
    project: Project, year: int, registries: validate.Registries, records: dict[str, manifest.Record], report: Report
) -> list[Prepared]:
    """Prepare every document of the year, each on its own; return those ready to render."""
    files, name_problems = project.data_files(year)
    report.problems += name_problems
    awards, awards_bytes = _awards(project, year, registries, report)
    shared = tree_bytes(project.registry_dir, project.template_dir, CODE) + awards_bytes
    store, entries = _archive(project, report)
    ready: list[Prepared] = []
    numbered: list[checks.Numbered] = []

    def one(path: Path) -> tuple[Prepared | None, Report, list[checks.Numbered]]:
        part, found = Report(), []
        with isolated(project, project.show(path), part):
            return _prepare_one(project, year, path, registries, shared, part, found, awards, entries), part, found
        return None, part, found

    for doc, part, found in parallel.map_ordered(one, files):  # in worker processes when there are many
        for name in ("problems", "warnings", "failures", "notices", "internal", "frozen"):
            getattr(report, name).extend(getattr(part, name))
        numbered += found
        if doc is not None:
            ready.append(doc)
    if entries is None:  # the archive cannot be read: nothing with a number may be built over what was issued
        ready = [d for d in ready if d.issued is None]
    template: list[Template] = []  # made once, only if an issued document needs it
    ready = [d for d in ready if not d.archived or _as_issued(project, d, report, template)]
    if not registries.problems:
        numbered += series.in_data(project, registries, (y for y in project.years() if y != year))
        if store is not None and entries is not None:
            present = {(n.issuer, n.year, n.secret, n.number) for n in numbered}
            numbered += [n for n in series.archived(store, present)]
        outside, found = series.external(project, registries)
        report.problems += found
        listed = project.show(series.external_file(project))
        clashes = checks.duplicate_numbers(numbered) + checks.given_outside(numbered, outside, listed)
        report.problems += [f.problem for f in clashes]
        clashing = {f.problem.file for f in clashes}
        ready = [d for d in ready if d.file not in clashing]
        report.warnings += [f.problem for f in checks.gaps(series.gaps(numbered, outside), listed)]
    return ready


def _as_issued(project: Project, doc: Prepared, report: Report, template: list[Template]) -> bool:
    """Return whether an issued document, whose words are as issued (checked by the rules), still renders as
    archived; if not, the difference comes from its layout in the data (refused: an đính chính công văn is needed)
    or from the templates or the program (the issued files are kept as they are: ``frozen``)."""
    entry = doc.issued
    template[:] = template or [Template(project.template_dir)]
    rendered = template[0].render(doc.context, doc.properties)
    if hashlib.sha256(rendered).hexdigest() == entry.sha256.get(entry.tep_luu.get("docx", "")):
        return True
    store = archive.Archive(project.archive_dir, project.show)
    if _data_as_issued(store, entry, doc.data):
        report.frozen.append(doc.name)
        return True
    line, column = doc.so_at
    report.problems.append(
        Problem(
            doc.file,
            line,
            column,
            "so",
            f"[the-thuc-ban-hanh] văn bản {entry.so_ky_hieu} đã ban hành ngày {format_date(dt.date.fromisoformat(entry.ngay))}: "
            "chữ vẫn như bản ban hành nhưng cách trình bày trong dữ liệu đã đổi; bản đã ban hành giữ nguyên "
            f"({project.show(store.path(entry, entry.tep_luu['docx']))}): sai sót về thể thức, kỹ thuật trình bày phải "
            "được đính chính bằng công văn (Điều 18.3 Nghị định 30); tệp này hãy trả về như lúc ban hành (chép lại từ "
            f"{project.show(store.path(entry, entry.tep_luu.get('yaml', '')))})",
        )
    )
    return False


def _data_as_issued(store: archive.Archive, entry: archive.Entry, data: bytes) -> bool:
    """Return whether a data file says what it said when issued (comments and spacing aside)."""
    kept = store.path(entry, entry.tep_luu.get("yaml", ""))
    if data == (kept.read_bytes() if kept.is_file() else None):
        return True
    try:
        return source.load(kept).data == source.parse(data.decode("utf-8-sig"), "now").data
    except (DataError, OSError, UnicodeDecodeError):
        return False


def _archive(project: Project, report: Report) -> tuple[archive.Archive | None, list[archive.Entry] | None]:
    """Return the project's archive of issued documents and its entries (None when it cannot be read: reported)."""
    if project.archive_dir is None:
        return None, []
    store = archive.Archive(project.archive_dir, project.show)
    try:
        entries = store.entries()
        report.failures += store.damaged()  # said at every run, skipped documents included, until restored
        return store, entries
    except archive.ArchiveError as exc:
        report.failures.append(str(exc))
        return store, None


def _prepare_one(
    project: Project,
    year: int,
    path: Path,
    registries: validate.Registries,
    shared: bytes,
    report: Report,
    numbered: list[checks.Numbered],
    awards: Any,
    entries: list[archive.Entry] | None,
) -> Prepared | None:
    found: list[Problem] = []
    loaded = _load(path, project, found)
    if loaded is None:
        report.problems += found
        return None
    report.warnings += loaded.warnings
    doc, found = validate.document(loaded, registries, year)
    if doc is None or found or registries.problems:
        report.problems += found
        return None
    reg = registries.registry
    context, props, found = ContextBuilder(loaded, reg, year, awards, project.show(project.awards_file(year))).build(doc)
    content = digest(
        "\x1f".join(_printed({k: v for k, v in context.items() if k not in NUMBER_KEYS})).encode(),
        props.title.encode(),
        props.creator.encode(),
    )
    signed = doc.ngay.complete if doc.ngay else None
    secret = doc.do_mat is not None
    key = (doc.co_quan, signed.year, secret, doc.so) if doc.so is not None and signed else None
    entries = entries or []
    archived = next((e for e in entries if key and e.key == key), None) or next((e for e in entries if e.tep == loaded.name), None)
    findings = checks.Checker(
        loaded,
        doc,
        reg,
        year,
        checks.Context(
            content=content,
            issued=_issued_for_rules(archived, project, path.read_bytes()) if archived else None,
            **(_last_year(project, year, path, doc) if KINDS[doc.loai].so_lieu_nam_truoc else {}),
        ),
        awards,
    ).run()
    found += [f.problem for f in findings if f.error]
    report.warnings += [f.problem for f in findings if not f.error]
    if key:
        numbered.append(checks.Numbered(loaded.name, doc.co_quan, doc.so, signed.year, context["so_ky_hieu"], loaded, secret, signed))
    if found:
        report.problems += found
        return None
    data = path.read_bytes()
    issued = None
    if key and archived is not None and archived.key == key:
        issued = archived
    elif key and project.archive_dir is not None:  # the reference examples are never issued again
        issued = archive.Entry(
            doc.co_quan,
            signed.year,
            secret,
            doc.so,
            context["so_ky_hieu"],
            signed.isoformat(),
            loaded.name,
            content,
            dang_ky=register.row(doc, context, props),
        )
    return Prepared(
        path.stem,
        loaded.name,
        context,
        props,
        digest(shared, data),
        content,
        issued,
        issued is not None and issued is archived,
        data,
        loaded.locate(("so",)),
        KINDS[doc.loai].ten,
        {k: format_date(when) for k, d in doc.han.items() if (when := d.resolve(year))},
    )


def _issued_for_rules(entry: archive.Entry, project: Project, data: bytes) -> dict[str, Any]:
    """Return what the rules need of an archive entry (they do not know the archive)."""
    store = archive.Archive(project.archive_dir, project.show)
    return {
        "so": entry.so,
        "ngay": entry.ngay,
        "content": entry.noi_dung,
        "so_ky_hieu": entry.so_ky_hieu,
        "tep": entry.tep,
        "luu": project.show(store.folder(entry.co_quan, entry.nam)) + "/",
        "du_lieu": _data_as_issued(store, entry, data),
        "yaml": project.show(store.path(entry, entry.tep_luu.get("yaml", ""))),
    }


def _awards(project: Project, year: int, registries: validate.Registries, report: Report) -> tuple[Any, bytes]:
    """Return the year's validated awards (None if there is no file or it has errors) and its bytes for the inputs
    of every document; its problems are reported once, located in the awards file."""
    path = project.awards_file(year)
    if not path.exists() and not path.is_symlink():
        return None, b""
    found: list[Problem] = []
    loaded = _load(path, project, found)
    if loaded is None:
        report.problems += found
        return None, b"\0awards-unreadable"
    report.warnings += loaded.warnings
    awards, found = validate.awards(loaded, registries)
    if awards is None or found or registries.problems:
        report.problems += found
        return None, b"\0awards-invalid"
    last = _last_awards(project, year)
    findings = checks.AwardsChecker(loaded, awards, year, *last).run()
    report.problems += [f.problem for f in findings if f.error]
    report.warnings += [f.problem for f in findings if not f.error]
    if any(f.error for f in findings):
        return None, b"\0awards-invalid"
    return awards, b"\0awards" + path.read_bytes()


def _last_awards(project: Project, year: int) -> tuple[source.Source | None, int | None]:
    """Return the awards file of the latest earlier year that has one, and that year."""
    for earlier in sorted((y for y in project.years() if y < year), reverse=True):
        path = project.awards_file(earlier)
        if path.is_file():
            try:
                return source.load(path, name=project.show(path)), earlier
            except DataError:
                return None, None
    return None, None


def _printed(value: Any) -> Iterator[str]:
    """Yield the words a document prints, in order: what its content is, whatever the layout around it
    (a change of style or spacing is not a change of content)."""
    if isinstance(value, str):
        if value:
            yield value
    elif isinstance(value, Runs):  # the words of rich text, whatever its bold and italic
        if joined := "".join(run.text for run in value):
            yield joined
    elif isinstance(value, dict):
        for key in sorted(value):
            yield from _printed(value[key])
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _printed(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            if name in ("text", "runs", "hang"):
                yield from _printed(getattr(value, name))


def _quiet(path: Path) -> Any:
    """Return the data of a file of another year, or None if it cannot be read (reported in its own year)."""
    try:
        return source.load(path).data
    except (DataError, OSError):
        return None


def _last_year(project: Project, year: int, path: Path, doc: Any) -> dict[str, Any]:
    """Return the same report in the latest earlier year folder that has it, as checks.Context arguments
    (empty if none): the file of the same name with the year moved back, else the one report there of the
    same issuer, whatever its name (a copy renamed by hand is still last year's)."""
    for earlier in sorted((y for y in project.years() if y < year), reverse=True):
        folder = project.year_dir(earlier)
        named = [folder / n for n in dict.fromkeys((path.name.replace(str(year), str(earlier)), path.name)) if (folder / n).is_file()]
        files, _ = project.data_files(earlier)
        same = [p for p in files if isinstance(d := _quiet(p), dict) and d.get("loai") == doc.loai and d.get("co_quan") == doc.co_quan]
        for found in named or (same if len(same) == 1 else []):
            try:
                return {"last_year": source.load(found, name=project.show(found)), "last_year_number": earlier}
            except DataError:
                return {}
        if named or same:
            return {}
    return {}


def check(project: Project, year: int) -> Report:
    """Validate and check the documents of a year without rendering anything."""
    report = Report()
    if not _year_ok(project, year, report):
        return report
    registries = load_registry(project)
    report.problems += registries.problems
    report.warnings += registries.warnings
    records, _ = manifest.read(project.output_dir(year))
    _prepare_all(project, year, registries, records, report)
    if registries.problems:
        report.failures.append(STOPPED_BY_REGISTRY)
    report.problems.sort()
    report.warnings.sort()
    return report


def _year_ok(project: Project, year: int, report: Report) -> bool:
    if problem := year_problem(year):
        report.failures.append(problem)
        return False
    if not project.year_dir(year).is_dir():
        report.failures.append(
            f"không có thư mục dữ liệu {project.show(project.year_dir(year))}; các năm đang có: "
            f"{', '.join(map(str, project.years())) or 'chưa có năm nào'}"
        )
        return False
    return True


def build(
    project: Project,
    year: int,
    *,
    make_pdf: bool = True,
    force: bool = False,
    on_wait: Callable[[], None] = lambda: None,
    converters: pdf.Pool | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """Render every valid document of the year into output/<year>/; return what happened.

    converters: PDF converters kept warm by the caller (the warm loop); by default a pool is started for the run.
    progress(stage, done, total) hears of each document rendered ("docx") and converted ("pdf").
    """
    report = Report()
    if not _year_ok(project, year, report):
        return report
    target = project.output_dir(year)
    try:
        with lock.hold(target, on_wait=on_wait):
            _build_locked(project, year, target, make_pdf, force, report, converters, progress)
    except lock.Busy as exc:
        report.failures.append(str(exc))
    except OSError as exc:  # the output folder itself cannot be written (full disk, read-only, no rights)
        named = Path(exc.filename) if exc.filename else None
        if named is not None and named.name.startswith("."):  # a temporary name: say the file it was for
            named = named.with_name(named.name.lstrip(".").rsplit(".", 1)[0])
        where = f" ({project.show(named)})" if named else ""
        report.failures.append(
            f"không ghi được vào thư mục kết quả {project.show(target)}{where}: {describe(exc)}; các tệp đã có được giữ nguyên"
        )
    report.problems.sort()
    report.warnings.sort()
    return report


def _build_locked(
    project: Project,
    year: int,
    target: Path,
    make_pdf: bool,
    force: bool,
    report: Report,
    converters: pdf.Pool | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> None:
    for stale in stale_staging(target):
        pdf.kill_stale(stale / pdf.RECORD)
        remove_staging(stale)
    registries = load_registry(project)
    report.problems += registries.problems
    report.warnings += registries.warnings
    records, notice = manifest.read(target)
    if notice:
        report.notices.append(notice)
    gone = sorted(n for n in records if n not in project.data_names(year))
    ready = _prepare_all(project, year, registries, records, report)
    report.documents = ready
    if registries.problems:
        report.failures.append(STOPPED_BY_REGISTRY)
        return
    scratch = new_staging(target)
    try:
        work = [w for doc in ready if (w := _plan(project, doc, records.get(doc.name), target, make_pdf, force, report))]
        _stage(project, work, scratch, target, report, progress)
        if make_pdf:
            _convert(project, [w for w in work if w.needs_pdf and w.staged], scratch, report, converters, progress)
        for item in work:
            with isolated(project, item.doc.file, report):
                _publish(project, item, target, scratch, records, report)
        _retire_deleted(project, gone, records, target, scratch, report)
        manifest.write(target, records)
    finally:
        remove_staging(scratch)


@dataclass
class Work:
    """One document to (re)build: what it needs and what was staged for it."""

    doc: Prepared
    record: manifest.Record | None
    make_pdf: bool
    force: bool
    pdf_ok: bool
    needs_pdf: bool = False
    staged: Path | None = None
    docx_hash: str = ""
    live_docx: str | None = None
    pdf: Path | None = None
    extras: list[Path] = field(default_factory=list)


def _plan(
    project: Project, doc: Prepared, record: manifest.Record | None, target: Path, make_pdf: bool, force: bool, report: Report
) -> Work | None:
    """Return the work a document needs, or None when its outputs are current and intact."""
    docx, pdf_name = f"{doc.name}.docx", f"{doc.name}.pdf"
    pdf_ok = record is not None and record.intact(target, [pdf_name])
    docx_ok = record is not None and record.inputs == doc.inputs and record.intact(target, [docx])
    stale_pdf = (target / pdf_name).exists() and not pdf_ok
    if doc.archived:  # an issued document's files must be the archived ones
        frozen = doc.issued.sha256
        pdf_ok = pdf_ok and record.files.get(pdf_name) == frozen.get(doc.issued.tep_luu.get("pdf"))
        docx_ok = docx_ok and record.files.get(docx) == frozen.get(doc.issued.tep_luu.get("docx"))
    if not force and docx_ok and (pdf_ok or (not make_pdf and not stale_pdf)):
        report.skipped.append(doc.name)
        return None
    return Work(doc, record, make_pdf, force, pdf_ok)


def _stage(
    project: Project, work: list[Work], scratch: Path, target: Path, report: Report, progress: Callable[[str, int, int], None] | None = None
) -> None:
    """Render each DOCX into the staging folder, with its redline and summary when it changed; an issued document
    gets its archived DOCX and PDF back, never new ones."""
    drafts = [item for item in work if not item.doc.archived]
    template = Template(project.template_dir) if drafts else None

    def render(item: Work) -> tuple[bytes | None, Report]:
        part = Report()
        with isolated(project, item.doc.file, part):  # a RenderError is a bug of ours: logged
            return template.render(item.doc.context, item.doc.properties), part
        return None, part

    rendered = {}
    for item, (data, part) in zip(drafts, parallel.map_ordered(render, drafts), strict=True):  # on every core
        rendered[item.doc.name] = data
        report.internal += part.internal
    for done, item in enumerate(work):
        if progress is not None:
            progress("docx", done, len(work))
        with isolated(project, item.doc.file, report):
            if item.doc.archived:
                data = _frozen(project, item, scratch, report)
            else:
                data = rendered[item.doc.name]
            if data is None:
                continue
            try:
                write_atomic(scratch / f"{item.doc.name}.docx", data)
            except OSError as exc:
                report.failures.append(f"{item.doc.file}: không ghi được DOCX tạm: {describe(exc)}; bản cũ giữ nguyên")
                continue
            item.staged = scratch / f"{item.doc.name}.docx"
            item.docx_hash = file_hash(item.staged) or ""
            live = target / f"{item.doc.name}.docx"
            item.live_docx = file_hash(live)
            changed = item.live_docx != item.docx_hash
            if changed and item.live_docx is not None:
                try:
                    item.extras = stage_changes(scratch, item.doc.name, live.read_bytes(), data, item.doc.properties.date)
                except OSError as exc:
                    report.failures.append(f"{item.doc.file}: không ghi được bản so sánh thay đổi: {describe(exc)}; bản cũ giữ nguyên")
                    item.staged = None
                    continue
            item.needs_pdf = not item.doc.archived and item.make_pdf and (changed or item.force or not item.pdf_ok)


def _frozen(project: Project, item: Work, scratch: Path, report: Report) -> bytes | None:
    """Return the archived DOCX of an issued document and stage its archived PDF (None, said, if the archive lost
    them): an issued document is published as it was issued, never rendered or converted again."""
    doc, entry = item.doc, item.doc.issued
    store = archive.Archive(project.archive_dir, project.show)
    if not (store.intact(entry, "docx") and store.intact(entry, "pdf")):
        report.failures.append(
            f"{doc.file}: bản đã ban hành {entry.so_ky_hieu} trong {project.show(store.folder(entry.co_quan, entry.nam))}/ bị "
            "thiếu hoặc đã bị sửa (không khớp mã băm trong so_dang_ky.json); hãy khôi phục từ bản sao lưu, văn bản này không "
            "được dựng lại"
        )
        return None
    (scratch / "ban_hanh").mkdir(exist_ok=True)
    item.pdf = scratch / "ban_hanh" / f"{doc.name}.pdf"
    item.pdf.write_bytes(store.path(entry, entry.tep_luu["pdf"]).read_bytes())
    return store.path(entry, entry.tep_luu["docx"]).read_bytes()


def _convert(
    project: Project,
    work: list[Work],
    scratch: Path,
    report: Report,
    converters: pdf.Pool | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> None:
    """Make and check the PDFs of the staged DOCX files; a document whose PDF fails is not published."""
    if not work:
        return
    by_docx = {item.staged: item.doc for item in work}

    def settle_and_check(docx: Path, made: Path) -> str | None:
        doc = by_docx[docx]
        stamp.settle_file(made, doc.properties.date, docx)  # dates from the data, ids from the DOCX
        data = docx.read_bytes()
        first = doc.context["ten_loai"] or (doc.context["vv"] or [""])[0]
        signature = (*doc.context["chuc_danh"], doc.context["ho_ten"])
        return pdf_check.check(made, pdf_check.Expected(first, tuple(paragraph_texts(data)), tuple(header_rows(data)), signature))

    (scratch / "pdf").mkdir()
    staged = [item.staged for item in work]
    archival = {item.staged for item in work if item.doc.issued is not None}  # issued documents get PDF/A
    told = (lambda done, total: progress("pdf", done, total)) if progress else None
    try:
        if converters is not None:
            outcomes = converters.convert(staged, scratch / "pdf", check=settle_and_check, archival=archival, progress=told)
        else:
            with pdf.Pool(record=scratch / pdf.RECORD) as pool:
                outcomes = pool.convert(staged, scratch / "pdf", check=settle_and_check, archival=archival, progress=told)
    except pdf.ConverterMissing as exc:
        for item in work:
            item.staged = None
        report.failures.append(str(exc))
        return
    for item in work:
        outcome = outcomes[item.staged]
        if outcome.pdf is None:
            report.failures.append(
                f"{item.doc.file}: không tạo được PDF: {outcome.problem}; văn bản này không được ghi, bản cũ (DOCX và PDF) giữ nguyên"
            )
            item.staged = None
        else:
            item.pdf = outcome.pdf


def _publish(project: Project, item: Work, target: Path, scratch: Path, records: dict[str, manifest.Record], report: Report) -> None:
    """Publish one document's outputs together and update its record.

    Whatever is replaced and was not written by us as recorded (a DOCX edited by hand, a PDF signed
    or damaged outside the program) is kept in history first: nothing earlier is lost.
    """
    if item.staged is None:
        return
    name, doc, record = item.doc.name, item.doc, item.record
    if doc.issued is not None and not doc.archived and project.archive_dir is not None:
        if item.pdf is None:
            report.notices.append(
                f"{name}: có số và ngày ký nhưng chưa lưu bản ban hành vì chạy không tạo PDF; chạy make plan (có PDF) để lưu"
            )
        else:
            try:
                archive.Archive(project.archive_dir, project.show).add(
                    doc.issued, {"docx": item.staged.read_bytes(), "pdf": item.pdf.read_bytes(), "yaml": doc.data}
                )
            except archive.ArchiveError as exc:
                report.failures.append(f"{doc.file}: {exc}; văn bản này không được ghi, bản cũ giữ nguyên")
                return
            report.issued.append(f"{doc.issued.so_ky_hieu} ({name}) → {project.show(project.archive_dir / doc.issued.co_quan)}/")
    docx, pdf_name = f"{name}.docx", f"{name}.pdf"
    recorded = record.files if record else {}
    live_pdf, new_pdf = file_hash(target / pdf_name), file_hash(item.pdf) if item.pdf else None
    change = Change(name)
    changed = item.live_docx != item.docx_hash
    if changed:
        change.incoming[docx] = item.staged
        change.incoming.update({extra.name: extra for extra in item.extras})
        if item.live_docx is not None and (target / docx).stat().st_size:  # an empty file holds nothing to keep
            change.keep.append(docx)
            if recorded.get(docx) == item.live_docx and live_pdf is not None and recorded.get(pdf_name) == live_pdf:
                change.keep.append(pdf_name)  # the PDF made from that DOCX goes with it
    if new_pdf is not None and new_pdf != live_pdf:
        change.incoming[pdf_name] = item.pdf
    elif new_pdf is None and live_pdf is not None and (changed or recorded.get(pdf_name) != live_pdf):
        change.outgoing.append(pdf_name)  # a PDF that does not come from this DOCX must not stay beside it
    live = {docx: item.live_docx, pdf_name: live_pdf, **{n: file_hash(target / n) for n in manifest.outputs(name)[2:]}}
    replaced = [n for n, h in live.items() if h is not None and h != recorded.get(n) and (n in change.incoming or n in change.outgoing)]
    empty = [n for n in replaced if (target / n).stat().st_size == 0]
    foreign = [n for n in replaced if n not in empty]
    change.keep += [n for n in foreign if n not in change.keep]
    try:
        revision = commit(target, change, scratch)
    except PublishError as exc:
        report.failures.append(f"{doc.file}: {exc}")
        return
    report.written += [target / n for n in sorted(change.incoming)]
    if not change.incoming and not change.outgoing and name not in report.frozen:
        report.unchanged.append(name)
    for n in empty:
        report.notices.append(f"{n} trong thư mục kết quả bị rỗng (hỏng); đã được tạo lại từ dữ liệu")
    for n in foreign:
        then = "được tạo lại từ dữ liệu" if n in change.incoming else "không tạo lại vì chạy không có PDF (PDF=khong)"
        signed = " (có thể đã ký số)" if n == pdf_name else ""
        why = (
            "chưa có trong hồ sơ kết quả .manifest.json (lần chạy đầu của phiên bản này, hoặc hồ sơ bị mất)"
            if record is None
            else f"đã bị sửa{signed}, hỏng hoặc không do chương trình ghi"
        )
        report.notices.append(f"{n} trong thư mục kết quả {why}; bản đó được lưu ở {HISTORY}/{name}/ (lần sửa {revision}) và {then}")
    if revision is not None and changed and docx in change.keep and docx not in foreign:
        extra = f", xem {name}.redline.docx và {name}.thay_doi.txt" if item.extras else ""
        report.revised.append(f"{name}: bản cũ lưu thành lần sửa {revision} ({HISTORY}/{name}/){extra}")
    files = {docx: item.docx_hash}
    files.update({n: file_hash(target / n) or "" for n in manifest.outputs(name)[2:] if n in change.incoming})
    files.update({n: h for n in manifest.outputs(name)[2:] if n not in change.incoming and (h := live[n]) and h == recorded.get(n)})
    if new_pdf is not None:
        files[pdf_name] = new_pdf
    elif pdf_name not in change.outgoing and live_pdf is not None and recorded.get(pdf_name) == live_pdf:
        files[pdf_name] = live_pdf
    records[name] = manifest.Record(doc.inputs, doc.content, files)


def _retire_deleted(
    project: Project, gone: list[str], records: dict[str, manifest.Record], target: Path, scratch: Path, report: Report
) -> None:
    """Move the outputs of documents whose data file is gone into history, with a notice."""
    for name in gone:
        with isolated(project, f"{name} (đã xóa)", report):
            outputs = [n for n in manifest.outputs(name) if (target / n).is_file()]
            change = Change(name, outgoing=outputs, keep=[n for n in outputs if n in manifest.outputs(name)[:2]])
            try:
                revision = commit(target, change, scratch)
            except PublishError as exc:
                report.failures.append(f"{name}: {exc}")
                continue
            records.pop(name, None)  # an issued one stays in the archive: its number stays taken
            if outputs:
                report.notices.append(
                    f"văn bản {name} không còn tệp dữ liệu {name}.yaml: kết quả cũ đã chuyển vào "
                    f"{project.show(target)}/{HISTORY}/{name}/ (lần sửa {revision})"
                )


def render_documents(project: Project, year: int) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every valid document of the year in memory (no PDF, nothing written)."""
    registries = load_registry(project)
    if registries.problems:
        return {}, registries.problems
    ready, problems, _ = prepare(project, year, registries)
    template = Template(project.template_dir)
    return {d.name: template.render(d.context, d.properties) for d in ready}, problems
