"""The converter pool under load and under fire: a converter killed or hung in the middle of a batch, converters on
other machines, the same output whatever the number of workers, and a bad ND30_PDF_WORKERS setting.

Every wait is guarded by a generous deadline (a guard against a hang, never a measure of speed).
"""

from __future__ import annotations

import hashlib
import os
import select
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.build import Project, build
from pipeline.pdf.check import page_texts
from pipeline.pdf.convert import Pool
from pipeline.render.redline import paragraph_texts
from tests.conftest import DOCUMENTS
from tools import batch

FAKES = Path(__file__).parent / "fakes"
COPIES = 24
"""Documents in the batch a converter is killed or hung in: enough that the pool has work left after the fault."""
FAULT_AFTER = 3
"""The fault strikes when this many documents are finished."""
DEADLINE = 120.0


def wait_until(condition: Callable[[], object], what: str, seconds: float = DEADLINE) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def group_members(pgid: int) -> list[int]:
    """Return the live (not zombie) processes of a process group, from /proc/*/stat."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state != "Z":
            members.append(int(entry.name))
    return members


def squeezed(text: str) -> str:
    """Text without white space, in NFC: how a DOCX paragraph is looked for in the text of a PDF."""
    return "".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture
def batch_docx(tmp_project: Project, tmp_path: Path) -> list[Path]:
    """COPIES DOCX files under distinct names, rendered from the project's documents of 2024."""
    report = build(tmp_project, 2024, make_pdf=False)
    assert report.ok, report
    rendered = sorted(p for p in tmp_project.output_dir(2024).glob("*.docx") if not p.name.endswith(".redline.docx"))
    assert len(rendered) == DOCUMENTS
    folder = tmp_path / "docx"
    folder.mkdir()
    copies = []
    for index in range(COPIES):
        source = rendered[index % len(rendered)]
        copy = folder / f"{source.stem}_{index:02d}.docx"
        shutil.copyfile(source, copy)
        copies.append(copy)
    return copies


def first_paragraph_check(documents: list[Path]) -> Callable[[Path, Path], str | None]:
    """A check that passes a PDF only if its text has its DOCX's first non-empty paragraph."""
    first = {}
    for docx in documents:
        paragraphs = [p for p in paragraph_texts(docx.read_bytes()) if p.strip()]
        first[docx] = squeezed(paragraphs[0])

    def check(docx: Path, pdf: Path) -> str | None:
        try:
            text = squeezed("".join(page_texts(pdf)))
        except ValueError as exc:
            return f"not a PDF: {exc}"
        return None if first[docx] and first[docx] in text else f"{first[docx]!r} not in the PDF"

    return check


def convert_with_fault(documents: list[Path], outdir: Path, fault: signal.Signals) -> tuple[dict, int, Pool, object]:
    """Convert the documents with two local converters, sending fault to the whole process group of a running one
    once FAULT_AFTER documents are finished; return the outcomes, the group hit, and the (still open) pool and
    converter it belonged to. The caller closes the pool."""
    outdir.mkdir()
    hit: dict[str, object] = {}
    pool = Pool(local=2)

    def progress(done: int, total: int) -> None:  # in the pool's checking thread: never raise here
        if done >= FAULT_AFTER and not hit:
            running = [c for c in pool._converters if c.process is not None and c.process.poll() is None]
            hit["running"] = len(running)
            if running:
                victim = running[0]
                hit["converter"], hit["pgid"] = victim, victim.process.pid
                hit["members"] = group_members(victim.process.pid)
                os.killpg(victim.process.pid, fault)

    try:
        outcomes = pool.convert(documents, outdir, check=first_paragraph_check(documents), progress=progress)
        assert hit.get("running"), f"no converter running when the fault was due: {hit}"
        assert len(hit["members"]) >= 2, f"the converter's group is not the worker and its LibreOffice: {hit}"
    except BaseException:
        pool.close()
        if "pgid" in hit:
            try:
                os.killpg(hit["pgid"], signal.SIGKILL)
            except ProcessLookupError:
                pass
        raise
    return outcomes, hit["pgid"], pool, hit["converter"]


def assert_all_good(outcomes: dict, documents: list[Path]) -> None:
    assert set(outcomes) == set(documents)
    bad = {d.name: o for d, o in outcomes.items() if o.pdf is None or o.problem is not None}
    assert not bad, bad
    for docx, outcome in outcomes.items():
        assert outcome.pdf.is_file() and outcome.pdf.stem == docx.stem


def test_killing_a_converter_mid_batch_costs_a_retry_not_a_document(batch_docx, tmp_path):
    outcomes, pgid, pool, victim = convert_with_fault(batch_docx, tmp_path / "pdf", signal.SIGKILL)
    try:
        assert_all_good(outcomes, batch_docx)
        wait_until(lambda: not group_members(pgid), f"processes of the killed converter outlived it: {group_members(pgid)}")
        assert victim.process is not None and victim.process.pid != pgid, "the killed converter was not started again"
        assert victim.process.poll() is None and group_members(victim.process.pid)
    finally:
        pool.close()
    assert not group_members(pgid)


def test_a_hung_converter_is_killed_and_its_chunk_done_elsewhere(batch_docx, tmp_path, monkeypatch):
    monkeypatch.setenv("ND30_PDF_TIMEOUT", "3,1")
    outcomes, pgid, pool, victim = convert_with_fault(batch_docx, tmp_path / "pdf", signal.SIGSTOP)
    try:
        assert_all_good(outcomes, batch_docx)
        # killed by the pool when its chunk ran out of time, not left for close() to find
        wait_until(lambda: not group_members(pgid), f"processes of the hung converter outlived it: {group_members(pgid)}")
        assert victim.process is None or victim.process.pid != pgid
    finally:
        pool.close()
        try:  # never leave a stopped group behind, whatever happened
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def start_remote(log: Path) -> tuple[subprocess.Popen, int]:
    """Start a stand-in converter for another machine (a detached worker on a port of its own); return it and its
    port once it answers."""
    env = {**os.environ, "FAKE_CONVERTER": "real", "FAKE_LOG": str(log), "SAL_USE_VCLPLUGIN": "svp", "TZ": "UTC"}
    env.pop("ND30_PDF_WORKER_SCRIPT", None)
    process = subprocess.Popen(
        [sys.executable, str(FAKES / "converter.py"), "--port", "0", "--detached"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    line, deadline = b"", time.monotonic() + DEADLINE
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([process.stdout], [], [], left)[0]:
            break
        chunk = os.read(process.stdout.fileno(), 256)
        if not chunk:
            break
        line += chunk
    said = line.decode().split()
    if len(said) != 2 or said[0] != "READY":
        kill(process)
        pytest.fail(f"the stand-in converter did not start: {line!r}")
    return process, int(said[1])


def kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=DEADLINE)
    if process.stdout:
        process.stdout.close()


def converting_pids(log: Path) -> list[int]:
    return [int(line.split()[1]) for line in log.read_text().splitlines()] if log.exists() else []


@pytest.fixture
def remotes(tmp_path, monkeypatch):
    """Two stand-in converters for other machines, on two ports, named in ND30_PDF_WORKERS; yield their log
    (a line per conversion, naming the converter's process) and the processes. Both are killed at the end."""
    log = tmp_path / "fake.log"
    started = []
    try:
        for _ in range(2):
            started.append(start_remote(log))
        (_, p1), (_, p2) = started
        assert p1 != p2
        monkeypatch.setenv("ND30_PDF_WORKERS", f"127.0.0.1:{p1},127.0.0.1:{p2}")
        yield log, [process for process, _ in started]
    finally:
        for process, _ in started:
            kill(process)


def build_remotely(project: Project, log: Path, processes: list[subprocess.Popen]) -> list[Path]:
    """Build the year with the converters on other machines; return the PDFs written, after checking both worked."""
    report = build(project, 2024)
    assert report.ok, report
    pdfs = sorted(p for p in report.written if p.suffix == ".pdf")
    assert len(pdfs) == DOCUMENTS and all(p.is_file() and p.parent == project.output_dir(2024) for p in pdfs)
    calls = converting_pids(log)
    assert len(calls) == DOCUMENTS and set(calls) == {p.pid for p in processes}, calls
    return pdfs


def test_converters_on_other_machines_share_the_work(tmp_project, remotes):
    log, processes = remotes
    build_remotely(tmp_project, log, processes)  # each PDF checked by the build against its DOCX


def test_losing_a_converter_on_another_machine_loses_no_document(tmp_project, remotes):
    log, (first, second) = remotes
    pdfs = build_remotely(tmp_project, log, [first, second])
    kill(first)  # a machine gone: the other takes its share
    log.unlink()
    again = build(tmp_project, 2024, force=True)
    assert again.ok, again.failures
    assert all(p.is_file() for p in pdfs)
    assert set(converting_pids(log)) == {second.pid}


def test_output_does_not_depend_on_the_number_of_workers(project, tmp_path, monkeypatch):
    one = batch.make(tmp_path / "one", project, 2024, 60)
    two = Project(tmp_path / "two")
    shutil.copytree(one.root, two.root)
    hashes = []
    for built, workers in ((one, "1"), (two, "2")):
        monkeypatch.setenv("ND30_WORKERS", workers)
        monkeypatch.setenv("ND30_PDF_WORKERS", workers)
        report = build(built, 2024)
        assert report.ok, report
        out = built.output_dir(2024)
        hashes.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir()) if p.suffix in (".docx", ".pdf")})
    assert len([n for n in hashes[0] if n.endswith(".docx")]) == 60
    assert len([n for n in hashes[0] if n.endswith(".pdf")]) == 60
    assert hashes[0] == hashes[1], sorted(n for n in hashes[0] if hashes[0][n] != hashes[1].get(n))


def test_a_bad_workers_setting_is_told_and_publishes_no_pdf(tmp_project, monkeypatch):
    monkeypatch.setenv("ND30_PDF_WORKERS", "ba")
    report = build(tmp_project, 2024)
    assert not report.ok and not report.internal, report
    assert any("ND30_PDF_WORKERS" in f and "'ba'" in f for f in report.failures), report.failures
    assert not any("Traceback" in f for f in report.failures)
    assert not [p for p in report.written if p.suffix == ".pdf"]
    assert not list(tmp_project.output_dir(2024).glob("*.pdf"))
