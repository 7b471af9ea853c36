"""PDF from the DOCX itself through LibreOffice, kept warm in a pool of converters (the only module that starts them).

A :class:`Pool` holds N converters (default: one per core), each a :mod:`pipeline.pdf.worker` process with its own
LibreOffice and private profile, or a converter on another machine (``host:port``, any unoserver). Documents go to
them in chunks; one converter's LibreOffice stays warm for many documents (about 0.09 s each against more than a
second per cold start) and is started afresh every :data:`RECYCLE` documents. Around that, the fault rules:

- each local converter runs in its own process session; a chunk has a time limit proportional to its work, and a
  converter that passes it, crashes or answers nonsense is killed with its whole process tree (the worker, the
  ``soffice`` launcher, ``soffice.bin``) and started again, and the chunk is retried: a killed converter costs a
  retry, never a document;
- every PDF is checked (:mod:`pipeline.pdf.check`) before it counts; what is missing or wrong is tried once more on
  a fresh converter, and what still fails is reported per document, in Vietnamese, while the others go on;
- a record of the local converters' process groups is kept in the run's staging folder, so a run killed while
  converting leaves nothing the next run trips over (:func:`kill_stale`); a converter also ends by itself when the
  run that started it is gone.

Why our own worker and not unoserver's server: unoserver's ``UnoConverter`` does the conversion and its XML-RPC API
is spoken on the wire (so a stock ``unoserver`` elsewhere is a worker), but its server waits a fixed 7 s at start,
listens on fixed ports, and outlives its parent; a pool that kills and restarts converters needs none of that.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import queue as queue_module
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from collections import deque
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.oserrors import describe

TIMEOUT = (60.0, 5.0)
"""Seconds allowed for one chunk: a base, plus so much per document (ND30_PDF_TIMEOUT="base,per_doc")."""
PER_SECOND = 2_000
"""Bytes of DOCX LibreOffice is given a second for, beyond the base and per-document time."""
RECORD = "converter.json"
PDFA = ("SelectPdfVersion=2",)
"""PDF/A-2b (fonts embedded, XMP metadata with title and author from the DOCX, an sRGB output intent): the PDF of an
issued document, the one kept and signed (ISO 19005-2). Only issued documents get it: LibreOffice stamps the time of
conversion into the colour profile it embeds, inside a compressed stream, so two conversions differ; a draft's PDF
must come out the same each time, and an issued one is converted once and kept."""
WORKERS = "ND30_PDF_WORKERS"
"""The converters: a count of local ones ("3"), converters on other machines ("may-b:2003,may-c:2003"), or both."""
CHUNK = 8
"""Most documents sent to one converter at a time: small enough to spread a batch evenly and lose little to a crash."""
RECYCLE = 200
"""Documents one LibreOffice converts before it is started afresh (a long-running LibreOffice grows and, in one
call, quits after some 245 documents without a word)."""
START_LIMIT = 60.0
"""Seconds a converter is given to start LibreOffice."""
ATTEMPTS = 2
"""Tries per document: the first, and one more on a fresh converter."""
TEST_WORKER = "ND30_PDF_WORKER_SCRIPT"
"""A stand-in converter script, run instead of :mod:`pipeline.pdf.worker` (the fault tests' misbehaving one)."""


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
            "(hoặc apt-get install libreoffice-writer-nogui python3-uno); chỉ cần DOCX thì chạy make plan PDF=khong"
        )
    return found


def time_limit(count: int, size: int = 0) -> float:
    """Return the seconds allowed to convert count documents of size bytes in all: a long list (an appendix of
    thousands of names, hundreds of pages) is given time in proportion, a second per 2 KB of DOCX (zipped).

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


def workers_setting(value: str | None) -> tuple[int, list[tuple[str, int]]]:
    """Return how many local converters to start and which converters on other machines to use.

    >>> workers_setting("2,may-b:2003, 10.0.0.7:2004")
    (2, [('may-b', 2003), ('10.0.0.7', 2004)])
    >>> workers_setting("may-b:2003")
    (0, [('may-b', 2003)])
    >>> workers_setting("ba")
    Traceback (most recent call last):
    ...
    ValueError: ND30_PDF_WORKERS='ba': mỗi mục phải là số bộ chuyển đổi trên máy này (ví dụ 2) hoặc máy:cổng (ví dụ may-b:2003)
    """
    if not value or not value.strip():
        return max(1, os.cpu_count() or 1), []
    local, remote = 0, []
    for item in (i.strip() for i in value.split(",") if i.strip()):
        host, _, port = item.rpartition(":")
        if item.isdigit() and int(item) > 0:
            local += int(item)
        elif host and port.isdigit() and 0 < int(port) < 65536:
            remote.append((host.strip("[]"), int(port)))
        else:
            raise ValueError(
                f"{WORKERS}={value!r}: mỗi mục phải là số bộ chuyển đổi trên máy này (ví dụ 2) hoặc máy:cổng (ví dụ may-b:2003)"
            )
    return local, remote


class _Down(Exception):
    """The converter stopped answering (crashed, killed, hung, unreachable): the chunk goes back to the queue."""

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


class _Refused(Exception):
    """The converter answered that it could not convert this document."""


class _Transport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host):  # noqa: ANN001 - xmlrpc's own signature
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


@dataclass
class _Converter:
    """One converter: a local worker process this pool starts, kills and restarts, or one on another machine."""

    remote: tuple[str, int] | None = None
    process: subprocess.Popen | None = None
    port: int = 0
    profile: Path | None = None
    log: Path | None = None
    converted: int = 0
    failures: int = 0
    """Failures in a row of a converter on another machine; after two it is left out."""
    suspect: bool = False
    """It made a wrong PDF or refused a document: started afresh before its next document."""

    @property
    def name(self) -> str:
        return f"{self.remote[0]}:{self.remote[1]}" if self.remote else "trên máy này"

    def start(self) -> None:
        """Start a local converter (LibreOffice with a private profile) and wait until it answers; raise _Down."""
        if self.remote or (self.process is not None and self.process.poll() is None):
            return
        self.stop()
        office = soffice()
        self.profile = Path(tempfile.mkdtemp(prefix="nd30-lo-"))
        self.log = self.profile.with_name(self.profile.name + ".txt")
        script = os.environ.get(TEST_WORKER)
        command = [sys.executable, *([script] if script else ["-m", "pipeline.pdf.worker"])]
        command += ["--profile", str(self.profile), "--soffice", office]
        env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp", "TZ": "UTC"}  # the same PDF bytes in every time zone
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH")]))
        try:
            with open(self.log, "wb") as log:  # not a pipe: a child that keeps it open cannot make us wait
                self.process = subprocess.Popen(
                    command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env, start_new_session=True
                )
        except OSError as exc:
            raise _Down(f"không chạy được bộ chuyển đổi PDF: {describe(exc)}") from None
        said = _read_line(self.process.stdout, START_LIMIT)
        if said.startswith("READY "):
            self.port = int(said.split()[1])
            return
        problem = explain(self.process.poll() or 0, self._said(), said == "", START_LIMIT)
        self.stop()
        if said.startswith("NO-UNO"):
            raise ConverterMissing(
                "thiếu cầu nối Python của LibreOffice (gói python3-uno) để tạo PDF; chạy 'make setup' "
                "(hoặc apt-get install python3-uno); chỉ cần DOCX thì chạy make plan PDF=khong"
            )
        raise _Down(problem or "LibreOffice không khởi động được")

    def convert(self, docx: Path, pdf: Path, options: Iterable[str], timeout: float, limit: float) -> bytes | None:
        """Convert a DOCX within timeout seconds (of its chunk's limit): a local converter writes the PDF itself
        (None), one on another machine sends it back (bytes). Raise _Refused (this document) or _Down (this
        converter)."""
        host, port = self.remote or ("127.0.0.1", self.port)
        proxy = xmlrpc.client.ServerProxy(f"http://{host}:{port}", transport=_Transport(max(timeout, 0.01)), allow_none=True)
        try:
            if self.remote:
                made = proxy.convert(None, xmlrpc.client.Binary(docx.read_bytes()), None, "pdf", None, list(options), False)
            else:
                made = proxy.convert(str(docx.resolve()), None, str(pdf.resolve()), None, None, list(options), False)
        except xmlrpc.client.Fault as fault:
            raise _Refused(f"LibreOffice không chuyển được tệp này ({_last_line(fault.faultString)})") from None
        except TimeoutError:
            raise _Down(explain(0, "", True, limit), timed_out=True) from None
        except (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError, EOFError) as exc:
            if self.remote:
                raise _Down(
                    f"máy chuyển đổi PDF {self.name} không trả lời ({describe(exc) if isinstance(exc, OSError) else exc})"
                ) from None
            time.sleep(0.05)  # let a dying worker's exit status settle
            code = self.process.poll() if self.process else None
            raise _Down(explain(code if code is not None else -9, self._said(), False, timeout) or _CRASHED) from None
        self.converted += 1
        return made.data if isinstance(made, xmlrpc.client.Binary) else None

    def _said(self) -> str:
        try:
            return self.log.read_bytes()[-20000:].decode("utf-8", "replace") if self.log else ""
        except OSError:
            return ""

    def stop(self) -> None:
        """Kill a local converter with its whole process tree and remove its profile."""
        if self.process is not None:
            _kill_group(self.process.pid)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            for stream in (self.process.stdin, self.process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self.process = None
        if self.profile is not None:
            shutil.rmtree(self.profile, ignore_errors=True)
            if self.log is not None:
                self.log.unlink(missing_ok=True)
            self.profile = self.log = None
        self.converted = 0
        self.suspect = False


_CRASHED = "LibreOffice bị dừng đột ngột; có thể máy thiếu bộ nhớ hoặc LibreOffice bị lỗi"


def _read_line(stream, limit: float) -> str:  # noqa: ANN001 - a pipe
    """Return the first line a process writes (empty if it writes none within limit seconds or exits)."""
    import select

    deadline, line = time.monotonic() + limit, b""
    fd = stream.fileno()
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return ""
        chunk = os.read(fd, 256)
        if not chunk:
            break
        line += chunk
    return line.decode("utf-8", "replace").strip()


def _last_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[-1][:200] if lines else "không rõ lý do"


@dataclass
class _Job:
    docx: Path
    archival: bool
    tries: int = 0
    problem: str | None = None
    grace: bool = False
    """Whether it had its one try not counted (refused by a converter at its first document)."""


@dataclass
class Pool:
    """Converters kept warm across calls of :meth:`convert` (a run, or the warm loop of ``make xem``).

    ``Pool()`` uses ND30_PDF_WORKERS (default: one local converter per core). Use as a context manager, or close().
    """

    local: int | None = None
    remote: list[tuple[str, int]] = field(default_factory=list)
    record: Path | None = None

    def __post_init__(self) -> None:
        if self.local is None and not self.remote:
            try:
                self.local, self.remote = workers_setting(os.environ.get(WORKERS))
            except ValueError as exc:
                raise ConverterMissing(str(exc)) from None
        self._converters = [_Converter() for _ in range(self.local or 0)] + [_Converter(remote=r) for r in self.remote]
        self._lock = threading.Lock()  # PDFium (the check) and the shared queue: one thread at a time
        self._closed = False

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *_) -> None:
        self.close()

    @property
    def size(self) -> int:
        return len(self._converters)

    def warm(self) -> None:
        """Start every local converter now, side by side, so the first document does not wait for LibreOffice (a
        converter that fails to start is tried again at its first document)."""

        def start(converter: _Converter) -> None:
            try:
                converter.start()
            except (_Down, ConverterMissing):
                converter.stop()

        threads = [threading.Thread(target=start, args=(c,), daemon=True) for c in self._converters if not c.remote]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self._write_record()

    def close(self) -> None:
        self._closed = True
        for converter in self._converters:
            converter.stop()
        self._write_record()

    def convert(
        self,
        documents: list[Path],
        outdir: Path,
        *,
        check: Callable[[Path, Path], str | None],
        archival: Collection[Path] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[Path, Outcome]:
        """Convert DOCX files to PDF (PDF/A-2b for those in archival) in outdir; return docx -> Outcome. Each PDF is
        checked with check(docx, pdf) (a Vietnamese problem, or None when right); failures are retried once.

        One thread per converter feeds it; one more checks the PDFs, so a LibreOffice never waits for our check."""
        if not documents:
            return {}
        if self.local:
            soffice()  # said once, before anything starts
        jobs = [_Job(d, d in archival) for d in documents]
        size = max(1, min(CHUNK, math.ceil(len(jobs) / (4 * max(self.size, 1)))))
        run = _Run(self, jobs, outdir, check, progress, threading.Condition(self._lock))
        run.queue.extend(jobs[i : i + size] for i in range(0, len(jobs), size))
        local = [c for c in self._converters if not c.remote][: max(1, len(run.queue))]  # no LibreOffice started for nothing
        threads = [threading.Thread(target=run.feed, args=(c,), daemon=True) for c in local + [c for c in self._converters if c.remote]]
        threads.append(threading.Thread(target=run.check_all, daemon=True))
        for thread in threads:
            thread.start()
        try:
            for thread in threads[:-1]:
                while thread.is_alive():
                    thread.join(0.2)
            run.checks.put(None)
            while threads[-1].is_alive():
                threads[-1].join(0.2)
        except BaseException:  # Ctrl+C or a signal: leave no converter behind
            self.close()
            raise
        if run.missing is not None:
            raise run.missing
        with run.wake:
            for job in jobs:  # left when every converter was lost
                if job.docx not in run.outcomes:
                    job.tries = ATTEMPTS
                    job.problem = job.problem or "không còn bộ chuyển đổi PDF nào trả lời"
                    run.finish(job, None)
        return run.outcomes

    def _write_record(self) -> None:
        if self.record is None:
            return
        running = [
            {"pgid": c.process.pid, "profile": str(c.profile)} for c in self._converters if c.process is not None and c.profile is not None
        ]
        try:
            if running:
                self.record.write_text(json.dumps({"workers": running}), encoding="utf-8")
            else:
                self.record.unlink(missing_ok=True)
        except OSError:
            pass


@dataclass
class _Run:
    """One call of Pool.convert: the queue of chunks, the PDFs waiting for their check, the outcomes."""

    pool: Pool
    jobs: list[_Job]
    outdir: Path
    check: Callable[[Path, Path], str | None]
    progress: Callable[[int, int], None] | None
    wake: threading.Condition
    queue: deque = field(default_factory=deque)
    checks: queue_module.SimpleQueue = field(default_factory=queue_module.SimpleQueue)
    outcomes: dict[Path, Outcome] = field(default_factory=dict)
    busy: int = 0
    """Chunks being converted and PDFs being checked: either may put a document back in the queue."""
    missing: ConverterMissing | None = None

    def finish(self, job: _Job, pdf: Path | None) -> None:
        """Record a document's outcome (under the lock)."""
        if pdf is None:
            (self.outdir / (job.docx.stem + ".pdf")).unlink(missing_ok=True)
            problem = job.problem or "LibreOffice không tạo ra PDF"
            if (free := _free(self.outdir)) is not None and free < LOW_SPACE:
                problem = (
                    f"ổ đĩa gần đầy (còn {free // 1024} KB): LibreOffice không ghi được PDF đầy đủ; hãy giải phóng chỗ trống rồi chạy lại"
                )
            self.outcomes[job.docx] = Outcome(None, problem + (" (đã thử lại lần hai)" if job.tries >= ATTEMPTS else ""))
        else:
            self.outcomes[job.docx] = Outcome(pdf)
        if self.progress is not None:
            self.progress(len(self.outcomes), len(self.jobs))

    def failed(self, job: _Job, problem: str) -> bool:
        """Count a failed try (under the lock); return whether the document may be tried again."""
        job.tries += 1
        job.problem = problem
        if job.tries >= ATTEMPTS:
            self.finish(job, None)
            return False
        return True

    def feed(self, converter: _Converter) -> None:
        """Give chunks to one converter until none is left (a thread of its own)."""
        while True:
            with self.wake:
                while not self.queue and self.busy and not self.pool._closed:
                    self.wake.wait(0.2)
                if not self.queue or self.pool._closed or self.missing:
                    self.wake.notify_all()
                    return
                chunk = self.queue.popleft()
                self.busy += 1
            try:
                back = self._chunk(converter, chunk)
            except ConverterMissing as exc:
                back = []
                with self.wake:
                    self.missing = exc
            with self.wake:
                self.busy -= 1
                if back:
                    self.queue.appendleft(back)
                self.wake.notify_all()
            if converter.remote and converter.failures >= 2:
                return  # an unreachable machine: the others take its share
            if converter.remote and converter.failures:
                time.sleep(0.2)  # let a converter that answers take back what this one could not do

    def _chunk(self, converter: _Converter, chunk: list[_Job]) -> list[_Job]:
        """Convert one chunk on one converter; return what must go back to the queue."""
        limit = time_limit(len(chunk), sum(_size(j.docx) for j in chunk))
        deadline = None
        for index, job in enumerate(chunk):
            try:
                if converter.converted >= RECYCLE or converter.suspect:
                    converter.stop()  # a fresh LibreOffice: after many documents, or after a wrong PDF
                converter.start()
                self.pool._write_record()
                deadline = deadline or time.monotonic() + limit  # the chunk's time counts from a running LibreOffice
                pdf = self.outdir / (job.docx.stem + ".pdf")
                pdf.unlink(missing_ok=True)
                made = converter.convert(job.docx, pdf, PDFA if job.archival else (), deadline - time.monotonic(), limit)
                converter.failures = 0
            except _Down as down:
                converter.stop()  # killed with its process tree; started afresh for what comes next
                converter.failures += 1
                self.pool._write_record()
                if converter.remote and not down.timed_out:  # that machine is gone, not this document's fault:
                    return chunk[index:]  # the others take it (this converter's thread ends after two failures)
                with self.wake:
                    again = self.failed(job, str(down))
                return ([job] if again else []) + chunk[index + 1 :]
            except _Refused as refused:
                converter.suspect = True  # the next try gets a fresh LibreOffice and profile
                if converter.converted == 0 and not job.grace:  # a LibreOffice that just started and failed at once:
                    job.grace = True  # not counted against the document, once
                    return chunk[index:]
                with self.wake:
                    if self.failed(job, str(refused)):
                        return [job] + chunk[index + 1 :]
                continue
            except OSError as exc:
                with self.wake:
                    job.tries = ATTEMPTS
                    job.problem = f"không đọc được DOCX tạm: {describe(exc)}"
                    self.finish(job, None)
                continue
            with self.wake:
                self.busy += 1
            self.checks.put((converter, job, made))
        return []

    def check_all(self) -> None:
        """Write and check each PDF as it comes (a thread of its own: PDFium is used from this thread only)."""
        while (item := self.checks.get()) is not None:
            converter, job, made = item
            pdf = self.outdir / (job.docx.stem + ".pdf")
            problem = None
            try:
                if made is not None:  # sent back by a converter on another machine (or the fault tests' stand-in)
                    pdf.write_bytes(made)
                if not made and not (pdf.is_file() and pdf.stat().st_size):
                    problem = "LibreOffice không tạo ra PDF"
                else:
                    wrong = self.check(job.docx, pdf)
                    problem = f"PDF tạo ra không dùng được: {wrong}" if wrong else None
            except OSError as exc:
                problem = f"không ghi được PDF tạm: {describe(exc)}"
            except Exception as exc:  # noqa: BLE001 - a check that breaks must not lose the run's other documents
                problem = f"không kiểm tra được PDF ({type(exc).__name__}: {exc})"
            with self.wake:
                if problem is None:
                    self.finish(job, pdf)
                else:
                    converter.suspect = True  # a wrong PDF: the retry gets a fresh LibreOffice
                    if self.failed(job, problem):
                        self.queue.append([job])
                self.busy -= 1
                self.wake.notify_all()


def convert(
    documents: list[Path],
    outdir: Path,
    *,
    check: Callable[[Path, Path], str | None],
    record: Path | None = None,
    archival: bool = False,
) -> dict[Path, Outcome]:
    """Convert DOCX files to PDF (all PDF/A-2b if archival) with a pool started for this call."""
    with Pool(record=record) as pool:
        return pool.convert(documents, outdir, check=check, archival=documents if archival else ())


LOW_SPACE = 20 * 1024 * 1024
"""Below this much free space, a failed conversion is put down to the disk."""


def _free(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


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
        workers = [(int(w["pgid"]), str(w["profile"])) for w in saved.get("workers", [saved])]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return
    for pgid, profile in workers:
        _kill_stale_one(pgid, profile)


def _kill_stale_one(pgid: int, profile: str) -> None:
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
        Path(profile + ".txt").unlink(missing_ok=True)


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
