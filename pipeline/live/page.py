"""The page of ``make xem``: the year's documents and the PDF of the chosen one, on this machine only (127.0.0.1).

``/`` lists every data file of the year (kind, draft or issued, number and date, deadlines, warnings and errors)
beside the PDF of the chosen document (``/?van_ban=<tên>``); ``/pdf/<tên>.pdf`` serves a PDF of the output folder;
``/phien-ban`` gives the number of the last rebuild, which the page asks for twice a second and reloads itself
when it changes. Nothing is written; only names of the listed documents are served.
"""

from __future__ import annotations

import html
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pipeline.live.watch import Round
from pipeline.output.files import file_hash
from pipeline.project import Project

HOST = "127.0.0.1"


@dataclass
class Row:
    """One document as the page lists it."""

    name: str
    file: str
    kind: str = ""
    status: str = "dự thảo"
    number: str = ""
    date: str = ""
    han: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pdf: str | None = None
    """The hash of its PDF in the output folder (the page's link changes with it), None when it has none."""


@dataclass
class State:
    """What the page shows, replaced whole after each rebuild."""

    version: int = 0
    rows: list[Row] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    """The last rebuild's errors that belong to no document (registries, the machine)."""
    seconds: float = 0.0
    at: str = ""


def rows_of(project: Project, year: int, done: Round) -> State:
    """Return the page's state after a rebuild."""
    report, out = done.report, project.output_dir(year)
    ready = {d.name: d for d in report.documents}
    files, _ = project.data_files(year)
    rows = []
    for path in files:
        shown = project.show(path)
        row = Row(path.stem, shown)
        doc = ready.get(path.stem)
        if doc is not None:
            row.kind = doc.kind
            row.status = "đã ban hành" if doc.issued is not None else "dự thảo"
            row.number = doc.context.get("so_ky_hieu", "")
            row.date = doc.context.get("dia_danh_ngay", "")
            row.han = doc.han
        row.warnings = [p.message for p in report.warnings if p.file == shown]
        row.errors = [f"dòng {p.line}: {p.message}" for p in report.problems if p.file == shown]
        row.errors += [f for f in report.failures + report.internal if f.startswith(f"{shown}:")]
        if not row.errors:
            row.pdf = file_hash(out / f"{path.stem}.pdf")
        rows.append(row)
    listed = {r.file for r in rows}
    said = [str(p) for p in report.problems if p.file not in listed]
    said += [f for f in report.failures + report.internal if not any(f.startswith(f"{name}:") for name in listed)]
    return State(done.number, rows, said, done.seconds, done.at)


class Page:
    """The local web server of make xem (a thread of its own)."""

    def __init__(self, project: Project, year: int, port: int = 0) -> None:
        self.project, self.year = project, year
        self.state = State()
        self.lock = threading.Lock()
        page = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                page.answer(self)

            def log_message(self, *args) -> None:  # noqa: ANN002 - quiet: the terminal is for rebuilds
                pass

        self.server = ThreadingHTTPServer((HOST, port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}/"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def update(self, done: Round) -> None:
        state = rows_of(self.project, self.year, done)
        with self.lock:
            self.state = state

    def answer(self, request: BaseHTTPRequestHandler) -> None:
        url = urllib.parse.urlsplit(request.path)
        with self.lock:
            state = self.state
        if url.path == "/phien-ban":
            return _send(request, 200, "text/plain; charset=utf-8", str(state.version).encode())
        if url.path.startswith("/pdf/") and url.path.endswith(".pdf"):
            name = urllib.parse.unquote(url.path[5:-4])
            if name in {r.name for r in state.rows if r.pdf}:  # only what the page lists: never a path of the client's choosing
                path = self.project.output_dir(self.year) / f"{name}.pdf"
                try:
                    return _send(request, 200, "application/pdf", path.read_bytes())
                except OSError:
                    pass
            return _send(request, 404, "text/plain; charset=utf-8", "Không có PDF này".encode())
        if url.path != "/":
            return _send(request, 404, "text/plain; charset=utf-8", "Không có trang này".encode())
        chosen = urllib.parse.parse_qs(url.query).get("van_ban", [""])[0]
        return _send(request, 200, "text/html; charset=utf-8", render(state, self.year, chosen).encode())


def _send(request: BaseHTTPRequestHandler, status: int, kind: str, body: bytes) -> None:
    request.send_response(status)
    request.send_header("Content-Type", kind)
    request.send_header("Content-Length", str(len(body)))
    request.send_header("Cache-Control", "no-store")
    request.end_headers()
    request.wfile.write(body)


def render(state: State, year: int, chosen: str) -> str:
    """Return the page's HTML."""
    e = html.escape
    names = [r.name for r in state.rows]
    chosen = chosen if chosen in names else next((r.name for r in state.rows if r.pdf), "")
    lines = []
    for row in state.rows:
        han = "; ".join(f"{k}: {v}" for k, v in row.han.items())
        notes = "".join(f'<li class="loi">{e(x)}</li>' for x in row.errors) + "".join(
            f'<li class="canh-bao">{e(x)}</li>' for x in row.warnings
        )
        status = "lỗi" if row.errors else row.status
        link = f'<a href="/?van_ban={urllib.parse.quote(row.name)}">{e(row.name)}</a>'
        lines.append(
            f'<tr data-van-ban="{e(row.name)}" class="{"chon" if row.name == chosen else ""}">'
            f'<td>{link}</td><td>{e(row.kind)}</td><td class="trang-thai">{e(status)}</td><td>{e(row.number)}</td>'
            f"<td>{e(row.date)}</td><td>{e(han)}</td><td><ul>{notes}</ul></td></tr>"
        )
    row = next((r for r in state.rows if r.name == chosen), None)
    viewer = (
        f'<iframe id="pdf" title="PDF của {e(chosen)}" src="/pdf/{urllib.parse.quote(chosen)}.pdf?v={row.pdf[:16]}"></iframe>'
        if row is not None and row.pdf
        else '<p id="pdf">Chưa có PDF để xem.</p>'
    )
    said = "".join(f'<li class="loi">{e(x)}</li>' for x in state.said)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Văn bản năm {year}</title>
<style>
body {{ font-family: "Liberation Serif", "Times New Roman", serif; margin: 0; display: flex; height: 100vh; }}
#danh-sach {{ width: 50%; overflow: auto; padding: 0 1em; }} #xem {{ flex: 1; }} iframe {{ width: 100%; height: 100%; border: 0; }}
table {{ border-collapse: collapse; font-size: 14px; }} td, th {{ border: 1px solid #ccc; padding: 3px 5px; vertical-align: top; }}
tr.chon {{ background: #eef; }} .loi {{ color: #b00; }} .canh-bao {{ color: #a60; }} ul {{ margin: 0; padding-left: 1em; }}
</style></head>
<body data-phien-ban="{state.version}">
<div id="danh-sach"><h1>Văn bản năm {year}</h1>
<p id="lan-dung">Lần dựng {state.version}{f" lúc {e(state.at)}, {state.seconds:.2f} giây" if state.version else ": đang dựng…"}</p>
<ul>{said}</ul>
<table><thead><tr><th>Văn bản</th><th>Loại</th><th>Trạng thái</th><th>Số, ký hiệu</th><th>Địa danh, ngày</th><th>Thời hạn</th>
<th>Cảnh báo, lỗi</th></tr></thead><tbody>{"".join(lines)}</tbody></table></div>
<div id="xem">{viewer}</div>
<script>
const shown = document.body.dataset.phienBan;
setInterval(async () => {{
  try {{
    const now = await (await fetch("/phien-ban", {{cache: "no-store"}})).text();
    if (now !== shown) location.reload();
  }} catch (e) {{}}
}}, 500);
</script></body></html>
"""
