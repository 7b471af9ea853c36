"""Dates as the decree writes them: the date line, in-text dates, ranges, months.

Days below 10 and the months 1 and 2 take a leading zero (ND30 Phụ lục I II.4.b).
"""

from __future__ import annotations

import datetime

from pipeline.vn.text import BLANK, nfc


def format_day(day: int) -> str:
    """Return the day of a month as two digits.

    >>> format_day(5), format_day(29)
    ('05', '29')
    """
    if not 1 <= day <= 31:
        raise ValueError(f"day out of range: {day}")
    return f"{day:02d}"


def format_month(month: int) -> str:
    """Return the month number, zero-padded only for 01 and 02 (ND30 rule).

    >>> format_month(1), format_month(2), format_month(3), format_month(12)
    ('01', '02', '3', '12')
    """
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    return f"{month:02d}" if month <= 2 else str(month)


def format_header_date(place: str, *, day: int | None, month: int | None, year: int) -> str:
    """Return the place-and-date line; a missing day/month is left as BLANK.

    >>> format_header_date("Ninh Bình", day=5, month=1, year=2020)
    'Ninh Bình, ngày 05 tháng 01 năm 2020'
    >>> format_header_date("Hà Nội", day=29, month=6, year=2019)
    'Hà Nội, ngày 29 tháng 6 năm 2019'
    >>> format_header_date("Đăk Lăk", day=None, month=12, year=2023).replace(BLANK, "_")
    'Đăk Lăk, ngày _ tháng 12 năm 2023'
    """
    if day is not None and month is None:
        raise ValueError("a day needs a month")
    if day is not None:
        datetime.date(year, month, day)  # raises ValueError if it does not exist
    d = BLANK if day is None else format_day(day)
    m = BLANK if month is None else format_month(month)
    return nfc(f"{place}, ngày {d} tháng {m} năm {year}")


def format_date(d: datetime.date) -> str:
    """Return an in-text date as dd/m/yyyy (month padded only for 1 and 2).

    >>> format_date(datetime.date(2014, 4, 7)), format_date(datetime.date(2023, 1, 13))
    ('07/4/2014', '13/01/2023')
    >>> format_date(datetime.date(1945, 9, 2))
    '02/9/1945'
    """
    return f"{format_day(d.day)}/{format_month(d.month)}/{d.year:04d}"


def _date_or_year(value: datetime.date | int) -> str:
    return format_date(value) if isinstance(value, datetime.date) else str(value)


def format_date_range(start: datetime.date | int, end: datetime.date | int) -> str:
    """Return "(start - end)" for two dates or two years.

    >>> format_date_range(datetime.date(1930, 2, 3), datetime.date(2024, 2, 3))
    '(03/02/1930 - 03/02/2024)'
    >>> format_date_range(1969, 2024)
    '(1969 - 2024)'
    """
    if isinstance(start, datetime.date) != isinstance(end, datetime.date):
        raise TypeError("give two dates or two years")
    if end < start:
        raise ValueError(f"range ends before it starts: {start} - {end}")
    return f"({_date_or_year(start)} - {_date_or_year(end)})"


def years_between(start: datetime.date | int, end_year: int) -> int:
    """Return the whole years from the start's year to *end_year*.

    >>> years_between(datetime.date(1930, 2, 3), 2024), years_between(1969, 2024)
    (94, 55)
    """
    year = start.year if isinstance(start, datetime.date) else start
    if end_year < year:
        raise ValueError(f"{end_year} is before {year}")
    return end_year - year


def format_month_year(month: int, year: int) -> str:
    """Return "tháng m/yyyy" with the ND30 month padding.

    >>> format_month_year(6, 2024), format_month_year(1, 2024)
    ('tháng 6/2024', 'tháng 01/2024')
    """
    return f"tháng {format_month(month)}/{year}"


WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
"""Weekday names, capitalised as Phụ lục II of the decree writes them (V.8.c)."""


def format_meeting_time(when: datetime.datetime) -> str:
    """Return the time of a meeting as an invitation writes it: hour, weekday, date.

    >>> format_meeting_time(datetime.datetime(2024, 12, 27, 8, 0))
    '08 giờ 00 phút, thứ Sáu, ngày 27 tháng 12 năm 2024'
    >>> format_meeting_time(datetime.datetime(2025, 1, 5, 14, 30))
    '14 giờ 30 phút, Chủ nhật, ngày 05 tháng 01 năm 2025'
    """
    return (
        f"{when.hour:02d} giờ {when.minute:02d} phút, {WEEKDAYS[when.weekday()]}, "
        f"ngày {format_day(when.day)} tháng {format_month(when.month)} năm {when.year}"
    )
