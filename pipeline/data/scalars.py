"""Typed values read from the text a clerk typed (the loader keeps every scalar as text).

Each type accepts what a clerk writes and nothing YAML 1.1 would have guessed:
``so: 012`` is twelve, ``so: true`` or ``so: 1_000`` is an error; a date is
``2024-01-15`` with or without quotes. Each type also says what a YAML-aware
editor checks (its JSON Schema), which reads the same file as YAML 1.2.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

_DIGITS = re.compile(r"\d{1,100}")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})/(\d{1,2})")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else str(value)


def parse_whole(value: Any) -> int:
    """Return a whole number written with digits only (leading zeros allowed).

    >>> parse_whole("012"), parse_whole(7)
    (12, 7)
    >>> parse_whole("1_000")
    Traceback (most recent call last):
    pydantic_core._pydantic_core.PydanticCustomError: cần một số nguyên, nhận được '1_000' (chỉ gồm chữ số, ví dụ 12)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        return int(value)
    raise PydanticCustomError("so_nguyen", "cần một số nguyên, nhận được {found} (chỉ gồm chữ số, ví dụ 12)", {"found": _shown(value)})


def parse_numbers(value: Any) -> tuple[int, ...]:
    """Return the numbers of a list written as numbers and ranges: "1-11, 15" (a single number may be unquoted).

    >>> parse_numbers("1-3, 7"), parse_numbers(12), parse_numbers("05 - 06")
    ((1, 2, 3, 7), (12,), (5, 6))
    >>> parse_numbers("9-4")
    Traceback (most recent call last):
    pydantic_core._pydantic_core.PydanticCustomError: khoảng số '9-4' ngược (số đầu lớn hơn số cuối); viết 4-9
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError("danh_sach_so", "cần các số hoặc khoảng số, ví dụ 1-11, 15; nhận được {found}", {"found": _shown(value)})
    numbers: list[int] = []
    for part in value.split(","):
        ends = [e.strip() for e in part.split("-")]
        if not 1 <= len(ends) <= 2 or not all(_DIGITS.fullmatch(e) for e in ends):
            raise PydanticCustomError(
                "danh_sach_so",
                "không hiểu {found}: cần các số hoặc khoảng số cách nhau bằng dấu phẩy, ví dụ 1-11, 15",
                {"found": _shown(part.strip())},
            )
        first, last = int(ends[0]), int(ends[-1])
        if not (1 <= first and last <= 9999):
            raise PydanticCustomError("danh_sach_so", "số văn bản từ 1 đến 9999, nhận được {found}", {"found": _shown(part.strip())})
        if first > last:
            raise PydanticCustomError(
                "danh_sach_so",
                "khoảng số {found} ngược (số đầu lớn hơn số cuối); viết {fix}",
                {"found": _shown(part.strip()), "fix": f"{last}-{first}"},
            )
        numbers += range(first, last + 1)
    return tuple(sorted(set(numbers)))


def parse_flag(value: Any) -> bool:
    """Return true or false as written (true/false, any case).

    >>> parse_flag("true"), parse_flag("False")
    (True, False)
    """
    if isinstance(value, bool):
        return value
    text = _text(value).lower() if isinstance(value, str) else ""
    if text in ("true", "false"):
        return text == "true"
    raise PydanticCustomError("dung_sai", "cần true hoặc false, nhận được {found}", {"found": _shown(value)})


def _shown(value: Any) -> str:
    return "không có gì (~)" if value is None else repr(value if isinstance(value, str) else str(value))


def iso_date(text: str) -> dt.date | None:
    """Return the date of "2024-01-15" (one-digit month or day allowed), None if not that shape;
    raise PydanticCustomError if it has that shape but does not exist.

    >>> iso_date("2024-2-29"), iso_date("31/01")
    (datetime.date(2024, 2, 29), None)
    """
    match = _ISO.fullmatch(text)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        raise PydanticCustomError("ngay_khong_co", "ngày {found} không tồn tại", {"found": repr(text)}) from None


@dataclass(frozen=True)
class PartialDate:
    """A date whose day, or day and month, may be blank (a draft)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def complete(self) -> dt.date | None:
        """Return the full date, or None when day or month is blank."""
        return dt.date(self.year, self.month, self.day) if self.day else None

    @property
    def earliest(self) -> dt.date:
        """Return the first day the date can be: the date itself, or the first of its month or year."""
        return dt.date(self.year, self.month or 1, self.day or 1)


def parse_doc_date(value: Any) -> PartialDate | None:
    """Return the PartialDate a clerk wrote: 2024-01-15, 2024-01, 2024 or ~.

    >>> parse_doc_date("2023-12"), parse_doc_date("2024-01-15").complete
    (PartialDate(year=2023, month=12, day=None), datetime.date(2024, 1, 15))
    """
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    text = _text(value)
    if full := iso_date(text):
        return PartialDate(full.year, full.month, full.day)
    if (match := _YEAR_MONTH.fullmatch(text)) and 1 <= int(match[2]) <= 12:
        return PartialDate(int(match[1]), int(match[2]))
    if re.fullmatch(r"\d{4}", text):
        return PartialDate(int(text))
    raise PydanticCustomError(
        "ngay", "cần ngày dạng 2024-01-15 (đủ ngày), hoặc 2024-01, 2024 hay ~ (bản dự thảo), nhận được {found}", {"found": _shown(value)}
    )


def parse_date(value: Any) -> dt.date:
    """Return a full date written 2024-01-15.

    >>> parse_date("2025-01-01")
    datetime.date(2025, 1, 1)
    """
    if isinstance(value, dt.date):
        return value
    if full := iso_date(_text(value)):
        return full
    raise PydanticCustomError("ngay", "cần ngày dạng 2024-01-15, nhận được {found}", {"found": _shown(value)})


def parse_date_or_year(value: Any) -> dt.date | int:
    """Return a full date (1930-02-03) or only a year (1969), for anniversaries.

    >>> parse_date_or_year("1969"), parse_date_or_year("1930-02-03")
    (1969, datetime.date(1930, 2, 3))
    """
    if isinstance(value, (dt.date, int)) and not isinstance(value, bool):
        return value
    text = _text(value)
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    if full := iso_date(text):
        return full
    raise PydanticCustomError("ngay", "cần ngày dạng 1930-02-03 hoặc chỉ năm 1969, nhận được {found}", {"found": _shown(value)})


@dataclass(frozen=True)
class Deadline:
    """A deadline: day and month, in the plan year unless a year is given."""

    day: int
    month: int
    year: int | None = None

    def resolve(self, plan_year: int) -> dt.date | None:
        """Return the date of the deadline for the plan year, None if it does not exist that year (29/02)."""
        try:
            return dt.date(self.year or plan_year, self.month, self.day)
        except ValueError:
            return None

    def __str__(self) -> str:
        return f"{self.day:02d}/{self.month:02d}" + (f"/{self.year}" if self.year else "")


def parse_deadline(value: Any) -> Deadline:
    """Return the Deadline a clerk wrote: "31/01" (in the plan year) or a full date 2025-01-15.

    >>> parse_deadline("31/01"), parse_deadline("2025-01-15")
    (Deadline(day=31, month=1, year=None), Deadline(day=15, month=1, year=2025))
    """
    if isinstance(value, Deadline):
        return value
    text = _text(value)
    if full := iso_date(text):
        return Deadline(full.day, full.month, full.year)
    if match := _DAY_MONTH.fullmatch(text):
        day, month = int(match[1]), int(match[2])
        try:
            dt.date(2024, month, day)  # a leap year: 29/02 exists in some plan years
        except ValueError:
            raise PydanticCustomError("ngay_khong_co", "ngày {found} không tồn tại", {"found": repr(text)}) from None
        return Deadline(day, month)
    raise PydanticCustomError(
        "han", "cần hạn dạng 31/01 (trong năm kế hoạch) hoặc ngày đủ 2024-12-20, nhận được {found}", {"found": _shown(value)}
    )


_DATE_TIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[ T]+(\d{1,2})[:hg](\d{2})")


def parse_date_time(value: Any) -> dt.datetime:
    """Return a meeting time written 2024-12-27 08:00 (or 2024-12-27 8h30).

    >>> parse_date_time("2024-12-27 08:00"), parse_date_time("2024-12-27 14h30")
    (datetime.datetime(2024, 12, 27, 8, 0), datetime.datetime(2024, 12, 27, 14, 30))
    """
    if isinstance(value, dt.datetime):
        return value
    text = _text(value)
    if match := _DATE_TIME.fullmatch(text):
        try:
            day = iso_date(match[1])
        except PydanticCustomError:
            raise PydanticCustomError(
                "thoi_gian", "thời gian {found}: ngày {day} không tồn tại; hãy sửa ngày họp", {"found": _shown(value), "day": match[1]}
            ) from None
        hour, minute = int(match[2]), int(match[3])
        if day and hour < 24 and minute < 60:
            return dt.datetime(day.year, day.month, day.day, hour, minute)
        if day:
            raise PydanticCustomError(
                "thoi_gian", "thời gian {found}: giờ từ 0 đến 23, phút từ 0 đến 59 (ví dụ 2024-12-27 08:00)", {"found": _shown(value)}
            )
    raise PydanticCustomError("thoi_gian", "cần ngày giờ dạng 2024-12-27 08:00, nhận được {found}", {"found": _shown(value)})


_SPECIAL_NUMBER = re.compile(r"[-+]?\.(inf|nan)", re.I)


def parse_cell(value: Any) -> str:
    """Return a table cell as typed; YAML's spellings of infinity and not-a-number are refused.

    >>> parse_cell("8:30"), parse_cell("1_000")
    ('8:30', '1_000')
    """
    if isinstance(value, str) and not _SPECIAL_NUMBER.fullmatch(value.strip()):
        return value
    if value is None:
        return ""
    raise PydanticCustomError("o_bang", "ô bảng {found} không phải số hay chữ in được; hãy ghi số hoặc chữ", {"found": _shown(value)})


_MONTH, _DAY = r"(0?[1-9]|1[0-2])", r"(0?[1-9]|[12][0-9]|3[01])"
_PATTERN_DATE = rf"^\d{{4}}-{_MONTH}-{_DAY}$"
WholeNumber = Annotated[int, BeforeValidator(parse_whole), WithJsonSchema({"type": "integer", "minimum": 0})]
Flag = Annotated[bool, BeforeValidator(parse_flag), WithJsonSchema({"type": "boolean"})]
DocDate = Annotated[
    PartialDate | None,
    BeforeValidator(parse_doc_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": rf"^\d{{4}}-{_MONTH}(-{_DAY})?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
                {"type": "null"},
            ]
        }
    ),
]
FullDate = Annotated[dt.date, BeforeValidator(parse_date), WithJsonSchema({"type": "string", "pattern": _PATTERN_DATE})]
DateOrYear = Annotated[
    dt.date | int,
    BeforeValidator(parse_date_or_year),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": _PATTERN_DATE}, {"type": "integer", "minimum": 1000, "maximum": 2999}]}),
]
DeadlineField = Annotated[
    Deadline,
    BeforeValidator(parse_deadline),
    WithJsonSchema({"type": "string", "pattern": rf"^({_DAY}/{_MONTH}|\d{{4}}-{_MONTH}-{_DAY})$"}),
]
Cell = Annotated[
    str,
    BeforeValidator(parse_cell),
    WithJsonSchema({"anyOf": [{"type": ["string", "boolean"]}, {"type": "number", "minimum": -1e308, "maximum": 1e308}]}),
]  # no .inf
DateTimeField = Annotated[
    dt.datetime,
    BeforeValidator(parse_date_time),
    WithJsonSchema({"type": "string", "pattern": rf"^\d{{4}}-{_MONTH}-{_DAY}[ T]+\d{{1,2}}[:hg]\d{{2}}$"}),
]
