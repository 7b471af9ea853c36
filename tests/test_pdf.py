"""PDFs made from the DOCX by LibreOffice: fonts, page 1 header as the decree lays it out.

Needs LibreOffice and poppler, which `make test` installs (scripts/setup-system.sh).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.build import Project, build
from pipeline.nd30.layout import MARGIN_LEFT, TEXT_WIDTH, TWIPS_PER_MM
from tests.conftest import ROOT

DPI = 100
PX_PER_MM = DPI / 25.4


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pdf")
    for folder in ("data", "doc_templates"):
        shutil.copytree(Path(__file__).resolve().parent.parent / folder, root / folder)
    report = build(Project(root), 2024)
    assert report.ok, report.failures + [str(p) for p in report.problems]
    return {p.stem: p for p in report.written if p.suffix == ".pdf"}


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_one_pdf_per_document(pdfs):
    assert sorted(pdfs) == sorted(p.stem for p in Project(ROOT).data_files(2024)[0])
    for pdf in pdfs.values():
        assert "(A4)" in next(line for line in run("pdfinfo", str(pdf)).splitlines() if line.startswith("Page size:"))


def test_serif_font_embedded(pdfs):
    for pdf in pdfs.values():
        rows = run("pdffonts", str(pdf)).splitlines()[2:]
        embedded = [r for r in rows if "Serif" in r.split()[0] and r.split()[-5] == "yes"]
        assert embedded, rows


def test_national_title_on_one_line_and_page_numbers_from_page_two(pdfs):
    for pdf in pdfs.values():
        first = run("pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-")
        assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in first.splitlines())
        assert first.lstrip().split()[0] != "1"  # no number on page 1
        if int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf)))[1]) > 1:
            second = run("pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-")
            assert second.strip().splitlines()[0].strip() in ("2", "Phụ lục")  # or the appendix, numbered on its own


def horizontal_rules(pdf: Path, tmp: Path) -> list[tuple[float, float, float]]:
    """Return (y, x_start, x_end) in mm of long dark horizontal runs in the top of page 1."""
    run("pdftoppm", "-gray", "-r", str(DPI), "-f", "1", "-l", "1", str(pdf), str(tmp / "p"))
    data = next(tmp.glob("p*.pgm")).read_bytes()
    _, width, height, _, pixels = data.split(maxsplit=4)
    width, height = int(width), int(height)
    rules, seen = [], set()
    for y in range(int(height * 0.35)):
        row = pixels[y * width : (y + 1) * width]
        x = 0
        while x < width:
            if row[x] < 128:
                end = x
                while end < width and row[end] < 128:
                    end += 1
                if end - x >= 8 * PX_PER_MM and (x, end) not in seen:
                    rules.append((y / PX_PER_MM, x / PX_PER_MM, end / PX_PER_MM))
                    seen.add((x, end))
                x = end
            x += 1
    return rules


@pytest.mark.parametrize(
    "name", sorted(p.stem for p in Project(ROOT).data_files(2024)[0] if "loai: cong_van" not in p.read_text(encoding="utf-8"))
)
def test_page_one_shows_the_three_decree_lines(pdfs, name, tmp_path):
    rules = horizontal_rules(pdfs[name], tmp_path)
    left = MARGIN_LEFT / TWIPS_PER_MM
    issuer = [r for r in rules if r[2] < left + 65]
    motto = [r for r in rules if r[1] > left + 65]
    title = [r for r in rules if r[1] < left + TEXT_WIDTH / TWIPS_PER_MM / 2 < r[2]]
    assert len(issuer) == len(motto) == len(title) == 1, rules
    assert 55 <= motto[0][2] - motto[0][1] <= 66  # as long as "Độc lập - Tự do - Hạnh phúc" (14 pt bold)
    centre = left + TEXT_WIDTH / TWIPS_PER_MM / 2
    assert abs((title[0][1] + title[0][2]) / 2 - centre) < 3 and title[0][0] > max(issuer[0][0], motto[0][0])
