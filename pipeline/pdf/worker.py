"""A warm converter: one process that keeps one LibreOffice running and turns DOCX into PDF on request.

It speaks unoserver's XML-RPC API (``convert`` with ``indata``/``convert_to``/``filter_options``, ``info``), and
converts with unoserver's own ``UnoConverter``: a stock ``unoserver`` started on another machine is a worker too
(``ND30_PDF_WORKERS=may-b:2003``). What this module adds to unoserver's server is what a pool needs of a worker it
owns:

- LibreOffice gets a private profile and a private pipe (no fixed port two checkouts could fight over), and the
  worker says ``READY <port>`` on stdout as soon as LibreOffice answers (unoserver's server waits a fixed 7 s);
- it lives in the process group of its parent's choosing and ends with its parent: when its stdin closes, it
  kills its LibreOffice and exits, and when LibreOffice dies, it exits too, so a crash is seen at once.

Run by :mod:`pipeline.pdf.convert`; on another machine: ``python -m pipeline.pdf.worker --interface 0.0.0.0 --port 2003``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

UNO_PATHS = ("/usr/lib/python3/dist-packages", "/usr/lib/libreoffice/program", "/opt/libreoffice/program")
"""Where Debian's python3-uno (and LibreOffice's own Python bridge) keep the ``uno`` module."""
READY = "READY"


def _import_uno() -> None:
    """Import LibreOffice's Python bridge (it hooks ``import com.sun.star…``), never a folder named uno in the
    current directory."""
    sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]
    try:
        import uno
    except ImportError:
        uno = None
    if not hasattr(uno, "getComponentContext"):
        sys.modules.pop("uno", None)
        sys.path.extend(p for p in UNO_PATHS if Path(p).is_dir())
        import uno  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="LibreOffice DOCX → PDF worker (unoserver XML-RPC API)")
    parser.add_argument("--interface", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port, said on stdout")
    parser.add_argument("--profile", default=None, help="LibreOffice profile folder (default: a private one, removed at exit)")
    parser.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    parser.add_argument("--detached", action="store_true", help="keep running when stdin closes (a worker for other machines)")
    args = parser.parse_args(argv)
    try:
        _import_uno()
        from unoserver.converter import UnoConverter
        from unoserver.server import XMLRPCServer
    except ImportError as exc:
        print(f"NO-UNO {exc}", flush=True)
        return 3

    own_profile = args.profile is None
    profile = Path(args.profile or tempfile.mkdtemp(prefix="nd30-lo-"))
    pipe = f"nd30-{os.getpid()}-{secrets.token_hex(4)}"
    office = subprocess.Popen(
        [
            args.soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--invisible",
            "--nocrashreport",
            "--nodefault",
            "--nologo",
            "--nofirststartwizard",
            "--norestore",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
    )

    ending = threading.Lock()

    def finish(code: int) -> None:
        ending.acquire()  # once, whichever thread comes first; the others wait for the exit
        try:
            office.kill()
        except OSError:
            pass
        _kill_group_but_me()
        if own_profile:
            shutil.rmtree(profile, ignore_errors=True)
        os._exit(code)

    signal.signal(signal.SIGTERM, lambda *_: finish(0))

    class PipeConverter(UnoConverter):
        """unoserver's converter, reached through a named pipe rather than a TCP port."""

        def __init__(self) -> None:
            import uno

            self.local_context = uno.getComponentContext()
            resolver = self.local_context.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", self.local_context)
            self.context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            self.service = self.context.ServiceManager
            self.desktop = self.service.createInstanceWithContext("com.sun.star.frame.Desktop", self.context)
            self.filter_service = self.service.createInstanceWithContext("com.sun.star.document.FilterFactory", self.context)
            self.type_service = self.service.createInstanceWithContext("com.sun.star.document.TypeDetection", self.context)
            self.temp_dir = None
            self._export_filters = None
            self._import_filters = None

    converter = None
    deadline = time.monotonic() + 60
    while converter is None:
        if office.poll() is not None:
            finish(4)
        try:
            converter = PipeConverter()
        except Exception:  # noqa: BLE001 - LibreOffice not listening yet
            if time.monotonic() > deadline:
                finish(5)
            time.sleep(0.05)

    def watch_office() -> None:  # a crashed LibreOffice ends the worker: the pool sees it and starts another
        office.wait()
        finish(6)

    def watch_parent() -> None:  # the pool that started us is gone: so are we
        sys.stdin.buffer.read()
        finish(0)

    threading.Thread(target=watch_office, daemon=True).start()
    if not args.detached:
        threading.Thread(target=watch_parent, daemon=True).start()

    with XMLRPCServer((args.interface, args.port), allow_none=True) as server:
        server.logRequests = False

        def convert(inpath=None, indata=None, outpath=None, convert_to=None, filtername=None, filter_options=(), *rest):
            data = indata.data if indata is not None else None
            return convert_with(converter, inpath, data, outpath, convert_to, filtername, list(filter_options or []), *rest)

        def info():
            return {"unoserver": "nd30-worker", "api": "3", "import_filters": {}, "export_filters": {}}

        server.register_function(convert)
        server.register_function(info)
        print(f"{READY} {server.server_address[1]}", flush=True)
        try:
            server.serve_forever()
        finally:
            finish(0)
    return 0


def convert_with(converter, *args):  # noqa: ANN001, ANN201 - unoserver's convert(), looked up at each call
    """Convert with unoserver's converter (the fault tests' stand-in replaces this function)."""
    return converter.convert(*args)


def _kill_group_but_me() -> None:
    """Kill what LibreOffice's launcher left running (soffice.bin), when the worker leads its own process group."""
    me = os.getpid()
    if os.getpgid(0) != me:
        return
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != me:
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[2]) == me:
                    os.kill(int(entry.name), signal.SIGKILL)
            except (OSError, IndexError, ValueError):
                continue


if __name__ == "__main__":
    sys.exit(main())
