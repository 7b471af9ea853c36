"""PDF from the DOCX itself through headless LibreOffice (the only module that runs it).

All documents of a run go through one LibreOffice start (about 0.15 s per
extra document against more than a second per cold start), with:

- a private profile made for the run (never a fixed path shared by users or
  checkouts), removed afterwards;
- its own process session, and a time limit proportional to the work; on
  timeout the whole process group is killed (``soffice`` starts ``oosplash``
  which starts ``soffice.bin``: killing only the first leaves the others
  running, holding the profile);
- every PDF checked (:mod:`pipeline.pdf.check`) before it counts; what is
  missing or wrong is tried once more with a fresh profile, and what still
  fails is reported per document, in Vietnamese, while the others go on;
- a record of the converter's process group in the run's staging folder, so a
  run killed while converting leaves nothing the next run trips over
  (:func:`kill_stale`).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.oserrors import describe

TIMEOUT = (60.0, 5.0)
"""Seconds allowed for one LibreOffice call: a base, plus so much per document (ND30_PDF_TIMEOUT="base,per_doc")."""
PER_SECOND = 2_000
"""Bytes of DOCX LibreOffice is given a second for, beyond the base and per-document time."""
RECORD = "converter.json"
PDFA = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
"""PDF/A-2b (fonts embedded, XMP metadata with title and author from the DOCX, an sRGB output intent): the PDF of an
issued document, the one kept and signed (ISO 19005-2). Only issued documents get it: LibreOffice stamps the time of
conversion into the colour profile it embeds, inside a compressed stream, so two conversions differ; a draft's PDF
must come out the same each time, and an issued one is converted once and kept."""


class ConverterMissing(Exception):
    """LibreOffice is not installed (message in Vietnamese, with how to install it)."""


@dataclass(frozen=True)
class Outcome:
    """The result for one document: its checked PDF, or what went wrong (Vietnamese)."""

    pdf: Path | None
    problem: str | None = None


def soffice() -> str:
    """Return the LibreOffice executable, or raise ConverterMissing saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ConverterMissing(
            "không tìm thấy LibreOffice (soffice) để tạo PDF; chạy 'make setup' "
            "(hoặc apt-get install libreoffice-writer-nogui); chỉ cần DOCX thì chạy make plan PDF=khong"
        )
    return found


def time_limit(count: int, size: int = 0) -> float:
    """Return the seconds allowed to convert count documents of size bytes in all in one call: a long list (an
    appendix of thousands of names, hundreds of pages) is given time in proportion, a second per 2 KB of DOCX (zipped).

    >>> time_limit(1), time_limit(4, 2_000_000)
    (65.0, 1080.0)
    """
    base, per_document, per_second = *TIMEOUT, PER_SECOND
    if setting := os.environ.get("ND30_PDF_TIMEOUT"):  # "base,per_doc" (no time for size) or "base,per_doc,bytes_per_second"
        try:
            values = [float(x) for x in setting.split(",")]
            base, per_document = values[:2]
            per_second = values[2] if len(values) > 2 else 0
        except ValueError:
            pass
    return base + per_document * count + (size / per_second if per_second > 0 else 0)


def convert(
    documents: list[Path],
    outdir: Path,
    *,
    check: Callable[[Path, Path], str | None],
    record: Path | None = None,
    archival: bool = False,
) -> dict[Path, Outcome]:
    """Convert DOCX files to PDF (PDF/A-2b if archival) in outdir; return docx -> Outcome. Each PDF is checked with
    check(docx, pdf) (a Vietnamese problem, or None when right); failures are retried once."""
    outcomes: dict[Path, Outcome] = {}
    todo = list(documents)
    for attempt in (1, 2):
        if not todo:
            break
        for pdf in (outdir / (d.stem + ".pdf") for d in todo):
            pdf.unlink(missing_ok=True)
        failure = _run(todo, outdir, record, archival)
        retry = []
        for docx in todo:
            pdf = outdir / (docx.stem + ".pdf")
            if not pdf.is_file():
                problem = failure or "LibreOffice kết thúc mà không tạo ra PDF"
            elif wrong := check(docx, pdf):
                problem = f"PDF tạo ra không dùng được: {wrong}"
            else:
                problem = None
            if problem is not None and (free := _free(outdir)) is not None and free < LOW_SPACE:
                problem = (
                    f"ổ đĩa gần đầy (còn {free // 1024} KB): LibreOffice không ghi được PDF đầy đủ; hãy giải phóng chỗ trống rồi chạy lại"
                )
            if problem is None:
                outcomes[docx] = Outcome(pdf)
            else:
                outcomes[docx] = Outcome(None, problem + (" (đã thử lại lần hai)" if attempt == 2 else ""))
                retry.append(docx)
        todo = retry
    for docx in todo:
        (outdir / (docx.stem + ".pdf")).unlink(missing_ok=True)
    return outcomes


LOW_SPACE = 20 * 1024 * 1024
"""Below this much free space, a failed conversion is put down to the disk."""


def _free(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _run(documents: list[Path], outdir: Path, record: Path | None, archival: bool = False) -> str | None:
    """Run one LibreOffice call with a fresh profile; return what went wrong, in Vietnamese, or None."""
    profile = Path(tempfile.mkdtemp(prefix="nd30-lo-"))
    command = [
        soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nolockcheck",
        "--nologo",
        "--nodefault",
        "--convert-to",
        PDFA if archival else "pdf",
        "--outdir",
        str(outdir),
        *map(str, documents),
    ]
    env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp", "TZ": "UTC"}  # the same PDF bytes in every time zone
    limit = time_limit(len(documents), sum(_size(d) for d in documents))
    said = profile.parent / f"{profile.name}.txt"  # not a pipe: a child that keeps it open cannot make us wait
    try:
        with open(said, "wb") as log:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, start_new_session=True)
    except OSError as exc:
        shutil.rmtree(profile, ignore_errors=True)
        said.unlink(missing_ok=True)
        return f"không chạy được LibreOffice: {describe(exc)}"
    if record is not None:
        record.write_text(json.dumps({"pgid": process.pid, "profile": str(profile)}), encoding="utf-8")
    timed_out = False
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(process.pid)
        process.wait()
    except BaseException:  # Ctrl+C or a signal: leave no converter behind
        _kill_group(process.pid)
        process.wait()
        raise
    finally:
        _kill_group(process.pid)  # soffice.bin may outlive the launcher even after a clean exit
        shutil.rmtree(profile, ignore_errors=True)
        if record is not None:
            record.unlink(missing_ok=True)
    try:
        stderr = said.read_bytes()[-20000:].decode("utf-8", "replace")
    except OSError:
        stderr = ""
    said.unlink(missing_ok=True)
    return explain(process.returncode, stderr, timed_out, limit)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def explain(code: int, stderr: str, timed_out: bool, limit: float) -> str | None:
    """Return what LibreOffice's exit means for the clerk, or None when it reported no failure.

    >>> explain(0, "javaldx: Could not find a Java Runtime Environment!", False, 60) is None
    True
    >>> explain(1, "Error: ... (Error Area:Io Class:Write Code:16) No space left on device", False, 60)
    'ổ đĩa đầy: LibreOffice không ghi được PDF; hãy giải phóng chỗ trống rồi chạy lại'
    """
    said = stderr.lower()
    if timed_out:
        return f"LibreOffice không trả lời sau {int(limit)} giây (bị treo) nên đã bị dừng hẳn"
    if "no space left" in said or "code:16" in said.replace(" ", ""):
        return "ổ đĩa đầy: LibreOffice không ghi được PDF; hãy giải phóng chỗ trống rồi chạy lại"
    if code < 0:
        return f"LibreOffice bị dừng đột ngột (tín hiệu {-code}); có thể máy thiếu bộ nhớ hoặc LibreOffice bị lỗi"
    if "user installation could not be completed" in said or "failed to launch javaldx" in said and code != 0:
        return (
            "LibreOffice không khởi động được: hồ sơ người dùng bị khóa hoặc hỏng (có thể một LibreOffice khác "
            "đang chạy); hãy chờ lần chạy khác xong rồi chạy lại"
        )
    if "area:io" in said.replace(" ", "") and ("class:access" in said.replace(" ", "") or "code:13" in said.replace(" ", "")):
        return "LibreOffice không có quyền ghi PDF vào thư mục tạm; kiểm tra quyền ghi của thư mục output/"
    if "area:io" in said.replace(" ", ""):
        return "LibreOffice gặp lỗi đọc ghi khi tạo PDF; kiểm tra chỗ trống trên ổ đĩa và quyền ghi của thư mục output/"
    if "source file could not be loaded" in said:
        return "LibreOffice không mở được tệp DOCX vừa tạo"
    if code != 0:
        return f"LibreOffice báo lỗi (mã {code}) mà không nói rõ nguyên nhân"
    return None


def kill_stale(record: Path) -> None:
    """Stop the converter a killed run left running (read from its record), and remove its profile."""
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
        pgid, profile = int(saved["pgid"]), str(saved["profile"])
    except (OSError, ValueError, KeyError, TypeError):
        return
    ours = False  # the group is ours if one of its processes runs with our private profile (not a reused id)
    for pid in _group_members(pgid):
        try:
            ours = ours or profile.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
    if ours:
        _kill_group(pgid)
    if Path(profile).name.startswith("nd30-lo-"):
        shutil.rmtree(profile, ignore_errors=True)


def _group_members(pgid: int) -> list[int]:
    """Return the processes of a process group (Linux /proc)."""
    members = []
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[2]) == pgid:
                    members.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return members
