"""The sổ đăng ký văn bản đi (ND30 Điều 16, Phụ lục IV mục I), built from the data: nothing typed twice.

One register per issuer and calendar year (and one for its secret series): its
cover (Phụ lục IV I.1), then a table with the decree's ten columns, one line
per number. A line comes from the archive for an issued document (what was
issued, even if its data file changed or was deleted since), else from the data
file that holds the number; numbers given outside the pipeline
(``data/so_cap_ngoai.yaml``) get a line that says so. The columns the văn thư
fills by hand when the document leaves (ngày chuyển, ký nhận) stay blank.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from pipeline.kinds import KINDS
from pipeline.vn import upper_vi

HEADINGS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
"""The ten columns of Phụ lục IV mục I.2, in order."""
COLUMNS = ("so_ky_hieu", "ngay", "ten_trich_yeu", "nguoi_ky", "noi_nhan", "luu", "so_ban", "ngay_chuyen", "ky_nhan", "ghi_chu")
"""The keys of a line, column by column (the names the register template uses)."""
BLANK_DATE = "…/…/…"
"""On the cover when no line of the book has a date (only numbers given outside): filled in by hand."""
CSV_EXTRA = ("Tệp dữ liệu", "SHA-256 của DOCX", "SHA-256 của PDF")
"""Columns the CSV adds after the ten: where each line comes from and the hashes of what was issued."""


def row(doc: Any, context: dict[str, Any], props: Any) -> dict[str, str]:
    """Return the columns of a document's line that the data gives (the others are filled later or by hand)."""
    recipients = [line.removeprefix("- ").rstrip(";.").strip() for line in context["noi_nhan"]]
    kept = next((r.removeprefix("Lưu:").strip() for r in recipients if r.startswith("Lưu:")), "")
    day = doc.ngay.complete
    return {
        "so_ky_hieu": context["so_ky_hieu"],
        "ngay": f"{day.day:02d}/{day.month:02d}/{day.year}",
        "ten_trich_yeu": f"{_type_name(doc.loai)} {_lower_first(props.title)}",
        "nguoi_ky": context["ho_ten"],
        "noi_nhan": "\n".join(r for r in recipients if not r.startswith("Lưu:")),
        "luu": kept,
        "so_ban": f"{doc.so_ban:02d}" if doc.so_ban else "",
    }


def _lower_first(title: str) -> str:
    """Return a trích yếu as it reads after the tên loại, in one sentence: its first letter in lower case, unless
    its first word is an abbreviation.

    >>> _lower_first("Về việc tặng Giấy khen"), _lower_first("Đề nghị tặng Bằng khen"), _lower_first("UBND tỉnh")
    ('về việc tặng Giấy khen', 'đề nghị tặng Bằng khen', 'UBND tỉnh')
    """
    first = title.split(" ", 1)[0]
    return title if len(first) > 1 and first[1:2].isupper() else title[:1].lower() + title[1:]


def _type_name(kind: str) -> str:
    """Return the tên loại as the register writes it, in normal case.

    >>> _type_name("khu_vuc"), _type_name("cong_van"), _type_name("quyet_dinh")
    ('Kế hoạch', 'Công văn', 'Quyết định')
    """
    named = KINDS[kind].ten_loai
    return named[:1] + named[1:].lower() if named else KINDS[kind].ten


@dataclass(frozen=True)
class Line:
    """One line of the register."""

    number: int
    columns: dict[str, str]
    source: str = ""
    docx_sha: str = ""
    pdf_sha: str = ""


@dataclass
class Book:
    """The register of one issuer's series for one calendar year."""

    issuer: str
    year: int
    secret: bool
    parent: str
    """The direct parent body's name as printed (TÊN CƠ QUAN CHỦ QUẢN TRỰC TIẾP), or ''."""
    name: str
    """The issuer's name as printed."""
    lines: list[Line]

    @property
    def file_stem(self) -> str:
        return f"{self.issuer}-mat" if self.secret else self.issuer

    @property
    def title(self) -> str:
        return "SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐI" if self.secret else "SỔ ĐĂNG KÝ VĂN BẢN ĐI"

    def context(self) -> dict[str, Any]:
        """Return the register template's context: the cover, then one row per line."""
        numbered = [line.number for line in self.lines]
        dates = sorted(d for line in self.lines if (d := _parsed(line.columns.get("ngay", ""))))
        return {
            "co_quan_chu_quan": upper_vi(self.parent),
            "co_quan": upper_vi(self.name),
            "tieu_de": self.title,
            "nam": str(self.year),
            "tu_ngay": _day(dates[0]) if dates else BLANK_DATE,
            "den_ngay": _day(dates[-1]) if dates else BLANK_DATE,
            "tu_so": f"{min(numbered):02d}" if numbered else "",
            "den_so": f"{max(numbered):02d}" if numbered else "",
            "quyen_so": "01",
            "rows": [{c: line.columns.get(c, "") for c in COLUMNS} for line in self.lines],
        }

    def date(self) -> dt.date:
        """Return the date the register is as of: its last document's date (from the data, never the clock)."""
        dates = sorted(d for line in self.lines if (d := _parsed(line.columns.get("ngay", ""))))
        return dates[-1] if dates else dt.date(self.year, 1, 1)

    def csv(self) -> bytes:
        """Return the register as CSV for a spreadsheet (UTF-8 with a BOM, which Excel needs to read Vietnamese)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADINGS + CSV_EXTRA)
        for line in self.lines:
            writer.writerow([line.columns.get(c, "") for c in COLUMNS] + [line.source, line.docx_sha, line.pdf_sha])
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def _parsed(text: str) -> dt.date | None:
    try:
        day, month, year = (int(x) for x in text.split("/"))
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def outside_line(number: int) -> Line:
    """Return the line of a number given outside the pipeline: the văn thư completes it by hand."""
    return Line(number, {"so_ky_hieu": f"{number:02d}", "ghi_chu": "Cấp ngoài chương trình"})
