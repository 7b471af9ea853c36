"""``make cap-so``: give a draft the next free number of its series and write it, with the date, into its file.

Only the ``so:`` and ``ngay:`` lines change (or are added); every other line,
comment and blank line keeps its bytes, its line ending included. The file is
checked like ``make check`` before and after: a draft with errors gets no
number, and a number that would make an error (a date outside the years the
document may be signed in, a date before the last number given) is not written.
One ``cap-so`` at a time: two clerks numbering at once would take the same number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import build
from pipeline.data import source
from pipeline.data.problems import DataError, Problem
from pipeline.issue import archive, series
from pipeline.oserrors import describe
from pipeline.output import lock
from pipeline.output.files import write_atomic
from pipeline.project import Project
from pipeline.vn import format_date


@dataclass
class Outcome:
    """What cap-so did: the lines to print, or every problem that stopped it."""

    done: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def parse_day(text: str) -> dt.date | None:
    """Return the date of NGAY: 2024-12-20 or 20/12/2024.

    >>> parse_day("2024-12-20"), parse_day("20/12/2024"), parse_day("31/02/2024")
    (datetime.date(2024, 12, 20), datetime.date(2024, 12, 20), None)
    """
    text = text.strip()
    try:
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        return None
    return None


def year_of(project: Project, path: Path) -> int | None:
    """Return the plan year of a data file (data/<năm>/x.yaml), or None if it is not one."""
    try:
        relative = path.resolve().relative_to((project.root / project.data).resolve())
    except ValueError:
        return None
    parts = relative.parts
    return int(parts[0]) if len(parts) == 2 and parts[0].isdigit() and int(parts[0]) in project.years() else None


def give_number(project: Project, path: Path, day: dt.date) -> Outcome:
    """Give the document at path the next number of its series on day; write it in place."""
    out = Outcome()
    if not str(path).strip() or str(path) == ".":
        out.failures.append("thiếu DOC: ghi tệp văn bản cần cấp số, ví dụ DOC=data/2024/ke_hoach_dien_hinh_tien_tien.yaml")
        return out
    if not path.exists():
        out.failures.append(f"không có tệp '{path}'; kiểm tra lại tên và thư mục (ví dụ DOC=data/2024/<tên>.yaml)")
        return out
    year = year_of(project, path)
    if year is None or not path.is_file() or path.suffix != ".yaml" or path.resolve() == project.awards_file(year).resolve():
        out.failures.append(
            f"'{path}' không phải tệp dữ liệu văn bản trong data/<năm>/ (ví dụ DOC=data/2024/ke_hoach_dien_hinh_tien_tien.yaml)"
        )
        return out
    shown = project.show(path.resolve()) if path.resolve().is_relative_to(project.root) else str(path)
    try:
        with lock.hold(project.root / project.output, on_wait=lambda: print("Đang chờ: một lệnh cap-so khác đang cấp số…", flush=True)):
            _give(project, path, shown, year, day, out)
    except lock.Busy as exc:
        out.failures.append(str(exc))
    except OSError as exc:
        out.failures.append(f"không ghi được {shown}: {describe(exc)}; tệp giữ nguyên")
    return out


def _give(project: Project, path: Path, shown: str, year: int, day: dt.date, out: Outcome) -> None:
    before = build.check(project, year)
    mine = [p for p in before.problems if p.file == shown]
    if before.failures or mine:
        out.failures += before.failures
        out.problems += mine
        if mine:
            out.failures.append(f"{shown} còn lỗi nên chưa cấp số; hãy sửa các lỗi trên (make check YEAR={year}) rồi chạy lại")
        else:
            out.failures.append("chưa cấp số cho tới khi xử lý xong các lỗi trên")
        return
    try:
        loaded = source.load(path, name=shown)
    except DataError as exc:
        out.problems += exc.problems
        return
    data = loaded.data
    if data.get("so") is not None:
        out.failures.append(
            f"{shown} đã có số {data['so']} (ngày {data.get('ngay')}); văn bản đã cấp số không cấp lại. Bản dự thảo chưa cấp số ghi so: ~"
        )
        return
    registries = build.load_registry(project)
    store = archive.Archive(project.archive_dir, project.show) if project.archive_dir else None
    try:
        taken, unreadable = (
            series.taken(project, registries, store)
            if store
            else (series.Taken(series.in_data(project, registries, project.years()), {}), [])
        )
    except archive.ArchiveError as exc:
        out.failures.append(str(exc))
        return
    if unreadable:  # numbers given outside the program that cannot be read: the next number could be one of them
        out.problems += unreadable
        out.failures.append(
            f"{project.show(series.external_file(project))} có lỗi nên chưa cấp số (số mới có thể trùng số đã cấp ngoài "
            "chương trình); hãy sửa tệp đó rồi chạy lại"
        )
        return
    secret = bool(data.get("do_mat"))
    key = (data["co_quan"], day.year, secret)
    if why := series.order_problem(taken, key, day):
        out.failures.append(why)
        return
    number = taken.next_number(key)
    raw = path.read_bytes()
    try:
        edited = set_keys(raw, {"so": str(number), "ngay": day.isoformat()}, after="co_quan")
    except ValueError as exc:
        out.failures.append(f"{shown}: {exc}; tệp giữ nguyên")
        return
    write_atomic(path, edited)
    after = build.check(project, year)
    mine = [p for p in after.problems if p.file == shown]
    if mine or after.failures:
        write_atomic(path, raw)
        out.problems += mine
        out.failures += after.failures
        out.failures.append(f"số {number} ngày {format_date(day)} làm {shown} có lỗi nên không ghi; tệp giữ nguyên như cũ")
        return
    symbol = next((n.symbol for n in series.in_data(project, registries, [year]) if n.file == shown and n.number == number), str(number))
    what = "mật " if secret else ""
    out.done.append(
        f"Đã cấp số {symbol} ngày {format_date(day)} (số {what}tiếp theo của {registries.registry.co_quan[data['co_quan']].ten} "
        f"năm {day.year}) cho {shown}: chỉ sửa dòng so và ngay"
    )
    out.done.append(
        f"Tiếp theo: make plan YEAR={year} dựng và lưu bản ban hành (ban_hanh/); make so-van-ban YEAR={day.year} in sổ đăng ký; "
        f"make ky-so DOC={shown} P12=<tệp chứng thư> để ký số"
    )


_TOP_KEY = r"^(?P<q>[\"']?){key}(?P=q)[ \t]*:(?P<value>[^\r\n]*?)(?P<comment>[ \t]+#[^\r\n]*)?(?P<end>\r?\n|$)"


def set_keys(raw: bytes, values: dict[str, str], *, after: str) -> bytes:
    """Return the file with the top-level keys set to plain values, each on its own line; other lines keep their bytes.

    A key that is missing is added after the line of ``after`` (with the file's line ending). A key whose value
    is not on its own line (a block below it) is refused with a ValueError saying what to write.

    >>> text = b"# c\\r\\nloai: ke_hoach\\r\\nco_quan: stp\\r\\nso: ~   # cap-so\\r\\nngay: 2024-12\\r\\nx: 1\\r\\n"
    >>> set_keys(text, {"so": "13", "ngay": "2024-12-20"}, after="co_quan")
    b'# c\\r\\nloai: ke_hoach\\r\\nco_quan: stp\\r\\nso: 13   # cap-so\\r\\nngay: 2024-12-20\\r\\nx: 1\\r\\n'
    >>> set_keys(b"co_quan: stp\\nx: 1\\n", {"so": "1", "ngay": "2024-01-02"}, after="co_quan")
    b'co_quan: stp\\nso: 1\\nngay: 2024-01-02\\nx: 1\\n'
    """
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    ending = "\r\n" if "\r\n" in text else "\n"
    for key, value in values.items():
        pattern = re.compile(_TOP_KEY.format(key=re.escape(key)), re.M)
        found = list(pattern.finditer(text))
        if len(found) > 1:
            raise ValueError(f"khóa {key} có {len(found)} lần ở đầu dòng; hãy để lại một dòng {key}:")
        if found:
            m = found[0]
            current = m["value"].strip()
            if current in ("", "|", ">") and re.match(r"[ \t]+\S", text[m.end() :]):
                raise ValueError(f"giá trị của {key} không nằm trên cùng dòng; hãy viết {key}: ~ trên một dòng")
            text = text[: m.start()] + f"{key}: {value}{m['comment'] or ''}{m['end']}" + text[m.end() :]
            continue
        anchor = list(re.compile(_TOP_KEY.format(key=re.escape(after)), re.M).finditer(text))
        if len(anchor) != 1:
            raise ValueError(f"không tìm thấy dòng {after}: để thêm {key}:")
        at = anchor[0].end()
        line_end = "" if anchor[0]["end"] else ending
        text = text[:at] + f"{line_end}{key}: {value}{ending}" + text[at:]
        after = key
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")
