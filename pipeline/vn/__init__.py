"""Vietnamese formatting for official documents (Nghị định 30/2020/NĐ-CP), after Babel:
``format_<what>(value, *, options)`` functions whose doctests are their specification.

- :mod:`pipeline.vn.text`: NFC, upper case, the blank of a draft;
- :mod:`pipeline.vn.dates`: the date line, in-text dates, ranges;
- :mod:`pipeline.vn.numbers`: figures, counts, numbers and amounts in words, Roman numerals, point letters.
"""

from pipeline.vn.dates import (
    format_date,
    format_date_range,
    format_day,
    format_header_date,
    format_meeting_time,
    format_month,
    format_month_year,
    years_between,
)
from pipeline.vn.numbers import (
    LETTERS,
    format_count,
    format_letter,
    format_number,
    format_ordinal,
    format_percent,
    format_roman,
    money_in_words,
    number_to_words,
)
from pipeline.vn.text import BLANK, nfc, upper_vi

__all__ = [
    "BLANK",
    "LETTERS",
    "format_count",
    "format_date",
    "format_date_range",
    "format_day",
    "format_header_date",
    "format_letter",
    "format_meeting_time",
    "format_month",
    "format_month_year",
    "format_number",
    "format_ordinal",
    "format_percent",
    "format_roman",
    "money_in_words",
    "nfc",
    "number_to_words",
    "upper_vi",
    "years_between",
]
