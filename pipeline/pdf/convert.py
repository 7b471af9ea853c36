"""PDF from the DOCX itself through headless LibreOffice (the only module that runs it).

All documents of a run go through one LibreOffice start (about 0.1 s per extra
document against more than a second per cold start). A private, reused profile
keeps runs independent of the user's own LibreOffice settings.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PROFILE = Path(tempfile.gettempdir()) / "nd30-pipeline-lo-profile"


class PdfError(Exception):
    """LibreOffice is missing or did not produce a PDF."""


def soffice() -> str:
    """Return the LibreOffice executable, or raise PdfError saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise PdfError("không tìm thấy LibreOffice (soffice); chạy 'make setup' hoặc apt-get install libreoffice-writer-nogui")
    return found


def convert(documents: list[Path], outdir: Path, *, timeout: int = 600) -> dict[Path, Path]:
    """Convert DOCX files to PDF in outdir with one LibreOffice call; return docx → pdf."""
    if not documents:
        return {}
    command = [soffice(), f"-env:UserInstallation={PROFILE.as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, documents)]
    env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp", "HOME": os.environ.get("HOME", tempfile.gettempdir())}
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    made = {d: outdir / (d.stem + ".pdf") for d in documents}
    missing = [d.name for d, pdf in made.items() if not pdf.exists()]
    if missing:
        raise PdfError(f"LibreOffice không tạo được PDF cho {', '.join(missing)} (mã {result.returncode}): {result.stderr.strip()[-500:]}")
    return made
