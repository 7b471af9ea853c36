"""A misbehaving stand-in for the PDF converter (pipeline.pdf.worker), started by the pool when the fault tests set
ND30_PDF_WORKER_SCRIPT to this file. It is the real worker, with a real LibreOffice, whose conversion misbehaves.

FAKE_CONVERTER says how:
  hang      start a child that sleeps FAKE_SLEEP seconds, then sleep (a hung converter and its process tree)
  nothing   answer with no PDF
  garbage   answer "garbage" as the PDF
  wrong     answer a valid PDF of another document (FAKE_PDF names it)
  killed    die from SIGKILL in the middle of a conversion
  pages     convert, then remove every page but the first and the last
  twice     convert, then print the document twice in one PDF
  detach    convert, then leave behind a child in its own session holding our stdout open
  once-X    misbehave as X on the first conversion of the run only (FAKE_STATE is a file to remember it), then convert
  real      convert
Each conversion appends a line naming the converter's process to FAKE_LOG, if set.
"""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pipeline.pdf import worker  # noqa: E402

real = worker.convert_with


def misbehave(converter, *args):
    mode = os.environ.get("FAKE_CONVERTER", "real")
    if log := os.environ.get("FAKE_LOG"):
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"convert {os.getpid()}\n")
    if mode.startswith("once-"):
        try:  # the first conversion of all converters of the run, however many run at once
            os.close(os.open(os.environ["FAKE_STATE"], os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            mode = mode[5:]
        except FileExistsError:
            mode = "real"
    if mode == "hang":
        subprocess.Popen(["sleep", os.environ.get("FAKE_SLEEP", "1000")])  # a child in the converter's process group
        time.sleep(1000)
    if mode == "nothing":
        return None
    if mode == "garbage":
        return b"garbage, not a PDF\n"
    if mode == "wrong":
        return Path(os.environ["FAKE_PDF"]).read_bytes()
    if mode == "killed":
        os.kill(os.getpid(), signal.SIGKILL)
    made = real(converter, *args)
    if mode == "detach":
        subprocess.Popen(["setsid", "sleep", os.environ.get("FAKE_SLEEP", "1000")])  # inherits stdout and stderr
    if mode in ("pages", "twice"):
        import pypdfium2 as pdfium

        outpath = args[2]  # convert(inpath, indata, outpath, …): a local converter writes the PDF there
        made = made if made is not None else Path(outpath).read_bytes()
        pdf = pdfium.PdfDocument(made)
        if mode == "pages":
            for index in range(len(pdf) - 2, 0, -1):
                pdf.del_page(index)
        else:
            pdf.import_pages(pdfium.PdfDocument(made))
        out = io.BytesIO()
        pdf.save(out)
        made = out.getvalue()
    return made


if __name__ == "__main__":
    worker.convert_with = misbehave
    sys.exit(worker.main())
