"""``make new-year FROM=2024 TO=2025``: start next year's documents from this year's.

The files are copied as text, so the clerk's comments and layout stay:

- the number goes back to draft (``so: ~``); the date keeps its month and moves
  to the new year without its day (``2023-12`` → ``2024-12``: a launch plan
  signed in December stays in December of the year before);
- full-date deadlines move by the years between (29/02 becomes 28/02, said);
- a summary report's awards of the old year become the new year's
  ``nam_truoc`` counts, and its ``danh_sach`` is left empty for the new year,
  so last year's figures can never print as this year's;
- file names follow the year; placeholders are kept.

The checks then list whatever literal text would be stale, figures copied
from last year's report included.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

from pipeline.build import Report, check
from pipeline.data import source
from pipeline.data.problems import DataError

_NUMBER = re.compile(r"^so:[^#\n]*(#.*)?$", re.M)
_DATE = re.compile(r"^ngay:[ \t]*['\"]?(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?['\"]?[ \t]*(#.*)?$", re.M)
_MEETING = re.compile(r"^(thoi_gian:[ \t]*['\"]?)(\d{4})-(\d{1,2})-(\d{1,2})", re.M)
_FULL_DEADLINE = re.compile(r"^(\s+[a-z0-9_]+:\s*['\"]?)(\d{4})-(\d{1,2})-(\d{1,2})", re.M)


def _move_date(match: re.Match, shift: int) -> str:
    year, month, comment = match[1], match[2], match[3]
    moved = f"{int(year) + shift}" + (f"-{int(month):02d}" if month else "")
    return f"ngay: {moved}" + (f"  {comment}" if comment else "")


def _move_full_date(match: re.Match, shift: int, notes: list[str], what: str = "hạn") -> str:
    """Move a full date (a deadline, a meeting) by shift years; 29/02 of a common year becomes 28/02, and says so."""
    year, month, day = int(match[2]) + shift, int(match[3]), int(match[4])
    try:
        dt.date(year, month, day)
    except ValueError:
        notes.append(f"{what} {day:02d}/{month:02d}/{match[2]} không có trong năm {year}; đã đổi thành 28/02/{year}, hãy xem lại")
        day = 28
    if what == "ngày họp":
        notes.append(f"ngày họp chuyển sang {day:02d}/{month:02d}/{year}: hãy xem lại thứ trong tuần và ngày họp")
    return f"{match[1]}{year}-{month:02d}-{day:02d}"


def roll_text(text: str, shift: int, notes: list[str] | None = None) -> str:
    """Return a document's YAML text made a draft of the year ``shift`` years later.

    >>> roll_text("so: 12\\nngay: 2024-02-28\\nhan:\\n  a: 2024-03-10  # x\\n  b: 31/01\\n", 1)
    'so: ~\\nngay: 2025-02\\nhan:\\n  a: 2025-03-10  # x\\n  b: 31/01\\n'
    >>> roll_text("ngay: 2023-12  # ký tháng 12 năm trước\\n", 1)
    'ngay: 2024-12  # ký tháng 12 năm trước\\n'
    """
    notes = [] if notes is None else notes
    text = _NUMBER.sub(lambda m: "so: ~" + (f"  {m[1]}" if m[1] else ""), text)
    text = _DATE.sub(lambda m: _move_date(m, shift), text)
    text = _MEETING.sub(lambda m: _move_full_date(m, shift, notes, "ngày họp"), text)
    return _FULL_DEADLINE.sub(lambda m: _move_full_date(m, shift, notes), text)


def roll_awards(data: object, year: int, *, counted: bool = True) -> str:
    """Return the text of next year's awards file: an empty list, and this year's awards counted as ``nam_truoc``
    (with counted=False, when the year before the new one is not the year of the data, both left empty).

    >>> print(roll_awards({"danh_sach": [{"hinh_thuc": "bk", "ca_nhan": ["A", {"ho_ten": "B"}]}]}, 2025), end="")
    # yaml-language-server: $schema=../../schema/khen_thuong.schema.json
    # Khen thưởng năm 2025: ghi một lần ở đây; báo cáo, tờ trình và quyết định đếm từ tệp này.
    <BLANKLINE>
    # Danh sách khen thưởng năm 2025: ghi khi có kết quả (để trống thì bảng in số 0).
    danh_sach: []
    <BLANKLINE>
    # Số lượt năm 2024, đếm từ danh sách khen thưởng năm 2024.
    nam_truoc:
      bk: {tap_the: 0, ca_nhan: 2}
    """
    listed = data.get("danh_sach") if isinstance(data, dict) else None
    head = [
        "# yaml-language-server: $schema=../../schema/khen_thuong.schema.json",
        f"# Khen thưởng năm {year}: ghi một lần ở đây; báo cáo, tờ trình và quyết định đếm từ tệp này.",
        "",
        f"# Danh sách khen thưởng năm {year}: ghi khi có kết quả (để trống thì bảng in số 0).",
        "danh_sach: []",
        "",
    ]
    if not counted or not isinstance(listed, list):
        return (
            "\n".join(head + [f"# Số lượt năm {year - 1}: chưa có trong dữ liệu; hãy ghi theo danh sách năm {year - 1}.", "nam_truoc: {}"])
            + "\n"
        )
    counts: dict[str, list[int]] = {}
    for item in listed:
        if isinstance(item, dict) and isinstance(item.get("hinh_thuc"), str):
            tally = counts.setdefault(item["hinh_thuc"], [0, 0])
            for i, kind in enumerate(("tap_the", "ca_nhan")):
                tally[i] += len(item.get(kind) or []) if isinstance(item.get(kind), list) else 0
    lines = head + [f"# Số lượt năm {year - 1}, đếm từ danh sách khen thưởng năm {year - 1}.", "nam_truoc:" + ("" if counts else " {}")]
    lines += [f"  {form}: {{tap_the: {a}, ca_nhan: {b}}}" for form, (a, b) in counts.items()]
    return "\n".join(lines) + "\n"


def new_year(project, source_year: int, target_year: int) -> tuple[list[Path], list[str], Report]:  # noqa: ANN001
    """Create data/<target>/ from data/<source>/; return the files written, notes and the check report."""
    folder, target = project.year_dir(source_year), project.year_dir(target_year)
    if not folder.is_dir():
        return [], [], Report(failures=[f"không có thư mục {project.show(folder)}"])
    if target_year <= source_year:
        return [], [], Report(failures=[f"năm mới ({target_year}) phải sau năm đã có ({source_year})"])
    if target.exists() and not target.is_dir():
        return [], [], Report(failures=[f"{project.show(target)} là một tệp, không phải thư mục; hãy xóa hoặc đổi tên tệp đó"])
    if target.is_dir() and any(not p.name.startswith(".") for p in target.iterdir()):
        return [], [], Report(failures=[f"{project.show(target)} đã có dữ liệu; không ghi đè (xóa hoặc đổi tên thư mục nếu muốn tạo lại)"])
    files, problems = project.data_files(source_year)
    if not files:
        return [], [], Report(failures=[f"{project.show(folder)} không có tệp .yaml nào để chép sang năm {target_year}"])
    notes: list[str] = [f"không chép {p.file}: {p.message}" for p in problems]
    scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".tam-{target.name}-"))
    try:
        for path in files:
            try:
                text = source.read_text(path, project.show(path))
            except DataError as exc:  # not text (another encoding): copied as it is; a folder or broken link: left
                if path.is_file():
                    shutil.copyfile(path, scratch / path.name.replace(str(source_year), str(target_year)))
                    notes.append(
                        f"chép nguyên {project.show(path)}, không chuyển năm (không đọc được: {exc.problems[0].message}); "
                        f"hãy sửa trong năm {target_year}"
                    )
                else:
                    notes.append(f"bỏ qua {project.show(path)}: {exc.problems[0].message}")
                continue
            try:
                data = source.parse(text, project.show(path)).data
            except DataError as exc:  # rolled as text all the same: its error shows in the check of the new year
                data = None
                notes.append(f"{path.name} có lỗi ({exc.problems[0].message}); đã chép sang năm {target_year}, hãy sửa ở đó")
            found: list[str] = []
            rolled = roll_text(text, target_year - source_year, found)
            notes += [f"{path.name}: {n}" for n in found]
            (scratch / path.name.replace(str(source_year), str(target_year))).write_text(rolled, encoding="utf-8")
        awards = project.awards_file(source_year)
        if awards.is_file():
            try:
                data = source.load(awards, name=project.show(awards)).data
            except DataError as exc:
                data = None
                notes.append(f"{awards.name} có lỗi ({exc.problems[0].message}); năm {target_year} bắt đầu với danh sách trống")
            counted = target_year == source_year + 1 and data is not None
            (scratch / awards.name).write_text(roll_awards(data, target_year, counted=counted), encoding="utf-8")
            notes.append(
                f"{awards.name}: danh sách khen thưởng năm {source_year} đã chuyển thành số lượt năm trước "
                f"(nam_truoc); danh sách năm {target_year} để trống"
                if counted
                else f"{awards.name}: danh sách khen thưởng và số lượt năm trước để trống; hãy ghi nam_truoc theo "
                f"danh sách năm {target_year - 1}"
            )
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(scratch, 0o777 & ~umask)  # a folder like any other the clerk makes, not mkdtemp's private one
        if target.is_dir():
            for hidden in target.iterdir():  # only hidden files (.gitkeep): checked above
                shutil.move(str(hidden), scratch / hidden.name)
            target.rmdir()
        os.rename(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return sorted(target.glob("*.yaml")), notes, check(project, target_year)
