"""Faults around the happy path: a converter that hangs, lies or dies, a file that cannot be
replaced, a full disk, another file system, two runs at once, a run killed half-way.

The converter is the real one or a stand-in whose conversions misbehave (tests/fakes/converter.py).
After every fault the output folder is exactly as before, no staging folder or converter is
left behind, and the next good run publishes each change once.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.build import Project, build
from pipeline.output.history import revisions
from pipeline.pdf.check import page_texts
from tests.conftest import DOCUMENTS

ROOT = Path(__file__).resolve().parent.parent
FAKES = Path(__file__).parent / "fakes"
DOC = "bao_cao_tong_ket_2024"
EDIT = ("luu: VP", "luu: VP (TĐKT)")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project whose output/2024 was built once with the real LibreOffice (copied by each test)."""
    root = tmp_path_factory.mktemp("built")
    for folder in ("data", "doc_templates"):
        shutil.copytree(ROOT / folder, root / folder)
    report = build(Project(root), 2024)
    assert report.ok and len([p for p in report.written if p.suffix == ".pdf"]) == DOCUMENTS, report
    return root


@pytest.fixture
def project(built, tmp_path) -> Project:
    root = tmp_path / "p"
    shutil.copytree(built, root, symlinks=True)
    return Project(root)


@pytest.fixture
def converter(monkeypatch, tmp_path):
    """Use the misbehaving converter: converter('garbage'), converter('once-killed'), …"""

    def use(mode: str, **env: str) -> Path:
        log = tmp_path / "fake.log"
        monkeypatch.setenv("ND30_PDF_WORKER_SCRIPT", str(FAKES / "converter.py"))
        monkeypatch.setenv("FAKE_CONVERTER", mode)
        monkeypatch.setenv("FAKE_STATE", str(tmp_path / "fake.state"))
        monkeypatch.setenv("FAKE_LOG", str(log))
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        return log

    return use


def edit(project: Project, name: str = DOC, change: tuple[str, str] = EDIT) -> None:
    path = project.year_dir(2024) / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".tam-")]


def running(marker: str) -> list[int]:
    """Return the processes whose command line contains marker."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.split()) for page in page_texts(path))


DELETE = ("  - nhom: phong_tu_phap\n", "")  # a recipient removed: every paragraph left is still in the old PDF
DRAFT = "phat_dong_thi_dua_2024"  # a draft: an issued document may not change at all (test_issue.py)


@pytest.mark.parametrize(
    "mode, other, change, words",
    [
        ("garbage", None, EDIT, "tệp không phải là PDF"),
        ("nothing", None, EDIT, "LibreOffice không tạo ra PDF"),
        ("wrong", DRAFT, EDIT, "trang đầu của PDF không có 'BÁO CÁO'"),  # another document's PDF
        ("wrong", DOC, EDIT, "chữ trong PDF khác DOCX"),  # the PDF of its previous version
        ("wrong", DRAFT, DELETE, "chữ trong PDF khác DOCX"),  # the same, after a deletion
        ("pages", None, EDIT, "chữ trong PDF khác DOCX"),  # its middle pages lost
        ("twice", None, EDIT, "chữ trong PDF khác DOCX"),  # the document printed twice
    ],
)
def test_a_converter_that_lies_never_gets_its_file_published(project, converter, mode, other, change, words):
    out = project.output_dir(2024)
    name = DRAFT if change is DELETE else DOC
    log = converter(mode, FAKE_PDF=str(out / f"{other}.pdf"))
    edit(project, name, change)
    before = snapshot(out)
    report = build(project, 2024)
    assert not report.ok and not report.written and len(report.failures) == 1, report
    assert f"data/2024/{name}.yaml" in report.failures[0] and words in report.failures[0] and "thử lại" in report.failures[0]
    assert snapshot(out) == before and not leftovers(out)
    assert len(set(log.read_text().splitlines())) == 2  # tried once more, by a fresh converter
    converter("real")
    again = build(project, 2024)  # later runs do not skip it: the good converter publishes the edit
    assert again.ok and (out / f"{name}.pdf") in again.written
    expected = "Lưu: VT, VP (TĐKT)." if change is EDIT else "- Phòng Tư pháp các huyện, thành phố"
    assert (expected in pdf_text(out / f"{name}.pdf")) is (change is EDIT)
    assert revisions(out, name) == [1]


def test_a_hung_converter_is_killed_with_its_whole_process_tree(project, converter):
    marker = f"987.{os.getpid()}"  # the fake's child sleeps this long: a process we can find
    converter("hang", ND30_PDF_TIMEOUT="1,0", FAKE_SLEEP=marker)
    edit(project)
    before = snapshot(project.output_dir(2024))
    report = build(project, 2024)
    assert not report.ok and "bị treo" in report.failures[0] and "1 giây" in report.failures[0]
    assert snapshot(project.output_dir(2024)) == before and not leftovers(project.output_dir(2024))
    assert not running(marker), "the converter's child outlived the timeout"


def test_a_converter_killed_mid_run_costs_a_retry_not_a_document(project, converter):
    out = project.output_dir(2024)
    log = converter("once-killed", FAKE_PDF=str(out / f"{DOC}.pdf"))
    edit(project)
    edit(project, "ke_hoach_dien_hinh_tien_tien", ("luu: VP", "luu: VP (TH)"))
    report = build(project, 2024)
    assert report.ok, report
    assert {p.name for p in report.written if p.suffix == ".pdf"} == {f"{DOC}.pdf", "ke_hoach_dien_hinh_tien_tien.pdf"}
    calls = log.read_text().splitlines()
    assert len(calls) == 3 and len(set(calls)) >= 2  # the killed call, its retry by a fresh converter, the other document
    assert "Lưu: VT, VP (TĐKT)." in pdf_text(out / f"{DOC}.pdf")


def start_hung_run(project: Project, converter, marker: str) -> tuple[subprocess.Popen, Path, dict]:
    """Start a plan whose converter hangs (its child sleeping `marker` seconds); return once it converts."""
    converter("hang", ND30_PDF_TIMEOUT="600,0", FAKE_SLEEP=marker)
    edit(project)
    out = project.output_dir(2024)
    before = snapshot(out)
    run = run_cli(project, "plan", "--year", "2024")
    deadline = time.monotonic() + 60
    while not any((p / "converter.json").exists() for p in out.glob(".tam-*")) or not running(marker):
        assert time.monotonic() < deadline and run.poll() is None, "the converter never started"
        time.sleep(0.1)
    return run, out, before


def test_a_run_killed_while_converting_leaves_nothing_the_next_run_trips_over(project, converter):
    marker = f"876.{os.getpid()}"
    run, out, before = start_hung_run(project, converter, marker)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert leftovers(out)  # what a killed run leaves: its staging folder; its converter ends with it
    deadline = time.monotonic() + 20
    while running(marker):  # the converter saw its run go (its stdin closed) and killed its own process tree
        assert time.monotonic() < deadline, "the converter outlived the run that started it"
        time.sleep(0.1)
    assert {k: v for k, v in snapshot(out).items() if not k.startswith(".tam-")} == before
    converter("real")
    report = build(project, 2024)
    assert report.ok and (out / f"{DOC}.pdf") in report.written
    assert not leftovers(out) and not running(marker)
    assert revisions(out, DOC) == [1]


def immutable(path: Path, on: bool) -> bool:
    """Set or clear the immutable attribute (root, ext4/tmpfs); return whether it worked."""
    return subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True).returncode == 0


def test_a_pdf_that_cannot_be_replaced_leaves_the_document_as_it_was(project, monkeypatch):
    out = project.output_dir(2024)
    pdf = out / f"{DOC}.pdf"
    real = os.link
    locked = immutable(pdf, True)
    if not locked:  # no chattr here: the same refusal, from the call that meets it

        def link(source, destination, *args, **kwargs):
            if Path(source) == pdf:
                raise PermissionError(1, "Operation not permitted", str(source))
            return real(source, destination, *args, **kwargs)

        monkeypatch.setattr(os, "link", link)
    try:
        edit(project)
        before = snapshot(out)
        report = build(project, 2024, make_pdf=False)
        assert not report.ok and "không được phép thay đổi" in report.failures[0] and DOC in report.failures[0]
        assert snapshot(out) == before and revisions(out, DOC) == [] and not leftovers(out)
    finally:
        if locked:
            immutable(pdf, False)
        monkeypatch.setattr(os, "link", real)
    report = build(project, 2024, make_pdf=False)
    assert report.ok and revisions(out, DOC) == [1] and not pdf.exists()  # the stale PDF went to history with its DOCX
    assert (out / "lich_su" / DOC / f"{DOC}.r1.pdf").exists()


@pytest.fixture
def small_disk(project):
    """Mount a 2 MB tmpfs as the output folder (root only); yield it, unmount after."""
    out = project.output_dir(2024)
    saved = project.root / "saved-output"
    shutil.move(out, saved)
    out.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(out)], capture_output=True).returncode:
        out.rmdir()
        shutil.move(saved, out)
        yield None
        return
    for entry in saved.iterdir():
        shutil.move(str(entry), out / entry.name)
    try:
        yield out
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False)


def fill(folder: Path, leave: int) -> Path:
    """Fill the file system of folder until about leave bytes are free; return the filler."""
    filler = folder / "filler.bin"
    free = shutil.disk_usage(folder).free - leave
    with open(filler, "wb") as f:
        f.write(b"\0" * max(free, 0))
    return filler


def test_a_full_disk_publishes_nothing_and_the_next_run_keeps_one_revision(project, small_disk, monkeypatch):
    out = project.output_dir(2024)
    if small_disk is None:  # cannot mount here: the disk fills up at the first write of the staging folder
        import pipeline.build as build_module

        def full(path, data):
            raise OSError(28, "No space left on device", str(path))

        monkeypatch.setattr(build_module, "write_atomic", full)
        filler = None
    else:
        filler = fill(out, 20_000)  # room for a DOCX, not for its PDF
    edit(project)
    before = snapshot(out)
    report = build(project, 2024)
    assert not report.ok and any("ổ đĩa" in f and "đầy" in f for f in report.failures), report.failures
    assert snapshot(out) == before and not leftovers(out) and revisions(out, DOC) == []
    assert build(project, 2024).ok is False  # still full: still nothing half-done
    assert revisions(out, DOC) == [] and snapshot(out) == before
    if filler:
        filler.unlink()
    else:
        monkeypatch.undo()
    report = build(project, 2024)
    assert report.ok, report
    assert revisions(out, DOC) == [1] and "Lưu: VT, VP (TĐKT)." in pdf_text(out / f"{DOC}.pdf")


def test_an_output_folder_on_another_file_system_publishes_once(project, small_disk):
    if small_disk is None:
        pytest.fail("this test needs to mount a tmpfs (run as root, as make test does on its Debian machine)")
    out = project.output_dir(2024)
    edit(project)
    first = build(project, 2024)
    assert first.ok and revisions(out, DOC) == [1]
    edit(project, change=("luu: VP (TĐKT)", "luu: VP (TĐKT, TH)"))
    second = build(project, 2024)
    assert second.ok and revisions(out, DOC) == [1, 2] and not leftovers(out)


def run_cli(project: Project, *args: str, **popen) -> subprocess.Popen:
    code = (
        "import sys, pipeline.cli as c; from pipeline.project import Project;"
        f"c.Project = lambda: Project({str(project.root)!r}); sys.exit(c.main(sys.argv[1:]))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen
    )


def test_two_runs_at_once_give_one_run_s_output_and_one_revision(project, tmp_path):
    alone = Project(tmp_path / "alone")
    shutil.copytree(project.root, alone.root, symlinks=True)
    edit(project)
    edit(alone)
    assert build(alone, 2024).ok
    runs = [run_cli(project, "plan", "--year", "2024") for _ in range(2)]
    results = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], results
    assert any("Đang chờ" in err for _, err in results) or all("Bỏ qua" in out for out, _ in results[1:])
    out = project.output_dir(2024)
    assert revisions(out, DOC) == [1]
    mine, theirs = snapshot(out), snapshot(alone.output_dir(2024))
    assert mine == theirs  # DOCX, PDF (dated from the data), history, redline, manifest: byte for byte


def test_an_edit_built_without_pdf_gets_its_pdf_at_the_next_run(project):
    out = project.output_dir(2024)
    edit(project)
    docx_only = build(project, 2024, make_pdf=False)
    assert docx_only.ok and not (out / f"{DOC}.pdf").exists()  # the old PDF left with the old DOCX, into history
    assert (out / "lich_su" / DOC / f"{DOC}.r1.pdf").exists()
    report = build(project, 2024)
    assert report.ok and report.written == [out / f"{DOC}.pdf"]  # "Bỏ qua" would leave it without its PDF
    assert "Lưu: VT, VP (TĐKT)." in pdf_text(out / f"{DOC}.pdf")


@pytest.mark.parametrize(
    "damage, kept", [(b"", []), (b"%PDF-1.4\n% truncated", [1]), (None, [1])]
)  # None: a signature appended, as a signing tool does
def test_a_pdf_changed_outside_is_kept_and_made_again(project, damage, kept):
    out = project.output_dir(2024)
    good = (out / f"{DOC}.pdf").read_bytes()
    changed = good + b"\n% chu ky so (incremental update)\n" if damage is None else damage
    (out / f"{DOC}.pdf").write_bytes(changed)
    report = build(project, 2024)
    assert report.ok and report.written == [out / f"{DOC}.pdf"] and report.notices
    assert (out / f"{DOC}.pdf").read_bytes() == good  # same DOCX, same PDF: dated from the data
    assert revisions(out, DOC) == kept  # an empty file holds nothing to keep; anything else is kept
    if kept:
        assert (out / "lich_su" / DOC / f"{DOC}.r1.pdf").read_bytes() == changed
        assert not (out / "lich_su" / DOC / f"{DOC}.r1.docx").exists()


@pytest.mark.parametrize(
    "stderr, code, words",
    [
        (
            "javaldx failed!\nfailed to launch javaldx - java may not function correctly\nUser installation could not be completed",
            1,
            "hồ sơ người dùng bị khóa hoặc hỏng",
        ),
        (
            "Error: Please verify input parameters... (SfxBaseModel::impl_store <file:///x.pdf> failed: 0xc10(Error Area:Io "
            "Class:Write Code:16))",
            1,
            "ổ đĩa đầy",
        ),
        ("Error: ... (Error Area:Io Class:Access Code:13)", 1, "không có quyền ghi"),
        ("Error: source file could not be loaded", 1, "không mở được tệp DOCX"),
        ("", -9, "bị dừng đột ngột"),
    ],
)
def test_libreoffice_s_own_words_become_what_the_clerk_can_do(stderr, code, words):
    from pipeline.pdf.convert import explain

    said = explain(code, stderr, False, 60)
    assert words in said and "Error" not in said and "javaldx" not in said


def test_a_read_only_output_folder_is_told_and_left_alone(project, small_disk):
    if small_disk is None:
        pytest.fail("this test needs to mount a tmpfs (run as root, as make test does on its Debian machine)")
    out = project.output_dir(2024)
    edit(project)
    before = snapshot(out)
    subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
    try:
        report = build(project, 2024)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(out)], check=True)
    assert not report.ok and any("chỉ cho đọc" in f for f in report.failures), report.failures
    assert snapshot(out) == before and not report.internal


def test_a_converter_child_that_outlives_it_cannot_make_the_run_wait(project, converter):
    marker = f"765.{os.getpid()}"
    converter("detach", FAKE_SLEEP=marker)
    edit(project)
    run = run_cli(project, "plan", "--year", "2024")
    try:
        out, err = run.communicate(timeout=120)  # a guard against a hang, not a measure of speed
    finally:
        for pid in running(marker):
            os.kill(pid, signal.SIGKILL)
    assert run.returncode == 0 and "bao_cao_tong_ket_2024.pdf" in out, err


def test_a_run_stopped_from_outside_cleans_up_like_ctrl_c(project, converter):
    marker = f"654.{os.getpid()}"
    run, out, before = start_hung_run(project, converter, marker)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 128 + signal.SIGTERM and "Đã dừng (tín hiệu 15)" in err and "Traceback" not in err
    assert snapshot(out) == before and not leftovers(out) and not running(marker)
