"""Date values of the data: a document date that may be partial, and deadlines.

A draft leaves the day (or day and month) blank so it can be written by hand
at signing; a deadline is written "31/01" and falls in the plan year.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError


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


def _parse_doc_date(value: Any) -> PartialDate | None:
    """Return the PartialDate a clerk wrote: 2024-01-15, 2024-01, 2024 or ~.

    >>> _parse_doc_date("2023-12")
    PartialDate(year=2023, month=12, day=None)
    """
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and 1900 <= value <= 2999:
        return PartialDate(value)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", str(value))
    if match and 1 <= int(match[2]) <= 12:
        return PartialDate(int(match[1]), int(match[2]))
    raise PydanticCustomError(
        "ngay", "cần ngày dạng 2024-01-15 (đủ ngày), 2024-01 hoặc ~ (bản dự thảo), nhận được {found}", {"found": repr(value)}
    )


@dataclass(frozen=True)
class Deadline:
    """A deadline: day and month, in the plan year unless a year is given."""

    day: int
    month: int
    year: int | None = None

    def resolve(self, plan_year: int) -> dt.date:
        """Return the date of the deadline for the plan year."""
        return dt.date(self.year or plan_year, self.month, self.day)


def _parse_deadline(value: Any) -> Deadline:
    """Return the Deadline a clerk wrote: "31/01" (plan year) or 2025-01-15.

    >>> _parse_deadline("31/01")
    Deadline(day=31, month=1, year=None)
    """
    if isinstance(value, Deadline):
        return value
    if isinstance(value, dt.date):
        return Deadline(value.day, value.month, value.year)
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})", str(value).strip())
    if match:
        day, month = int(match[1]), int(match[2])
        try:
            dt.date(2024, month, day)  # a leap year, so 29/02 is accepted
        except ValueError:
            raise PydanticCustomError("ngay_khong_co", "ngày {found} không tồn tại", {"found": repr(value)}) from None
        return Deadline(day, month)
    raise PydanticCustomError(
        "han", "cần hạn dạng 31/01 (trong năm kế hoạch) hoặc 2025-01-15, nhận được {found}", {"found": repr(value)}
    )


DocDate = Annotated[
    PartialDate | None,
    BeforeValidator(_parse_doc_date),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}, {"type": "null"}]}),
]
DeadlineField = Annotated[
    Deadline,
    BeforeValidator(_parse_deadline),
    WithJsonSchema({"type": "string", "pattern": r"^(\d{1,2}/\d{1,2}|\d{4}-\d{2}-\d{2})$"}),
]
