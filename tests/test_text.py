"""Placeholders and formatting filters in data text."""

from __future__ import annotations

import pytest

from pipeline.data.problems import Problem
from pipeline.data.text import Expander
from pipeline.nd30.context import Count


def expand(text: str) -> tuple[str, list[str]]:
    values = {"nam": 2024, "kq": {"tong": Count(1234)}}
    expander = Expander(values, lambda path, message: Problem("f.yaml", 1, 1, "k", message))
    return expander.plain(text, ("k",)), [p.message for p in expander.problems]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("năm {{ nam }}, {{ nam - 1 }}, {{ nam + 1 }}", "năm 2024, 2023, 2025"),
        ("{{ kq.tong }} lượt", "1.234 lượt"),
        ("{{ kq.tong | chu }}", "một nghìn hai trăm ba mươi bốn"),
        ("{{ 15000000 | tien_chu }}", "Mười lăm triệu đồng"),
        ("{{ 105 | chu(zero_tens='lẻ') }}", "một trăm lẻ năm"),
        ("{{ 3 | so_dem }} bản, lần thứ {{ 6 | la_ma }}, đợt {{ 2 | thu_tu }}", "03 bản, lần thứ VI, đợt thứ hai"),
        ("dòng  một\n dòng hai", "dòng một\ndòng hai"),  # a line break the clerk chose is kept
    ],
)
def test_placeholders_and_filters(text, expected):
    assert expand(text) == (expected, [])


@pytest.mark.parametrize(
    "text, words",
    [
        ("{{ nam | upper }}", "không có bộ lọc này"),
        ("{{ nam.__class__.__mro__ }}", "không được phép"),
        ("{{ [1, 2] }}", "không được phép"),
        ("{{ nam * 1000 }}", "không được phép"),
        ("{{ 'a' ~ 'b' }}", "không được phép"),
        ("{# ghi chú #}", "không dùng {% %}"),
        ("a\x07b", "ký tự điều khiển"),
        ("{{ nam.real }} và {{ nam.bit_length }}", "không được phép"),
        ("{{ kq.items }}", "dùng được: tong"),
        ("{{ kq }}", "là một nhóm"),
        ("{{ -1 | so_dem }}", "bộ lọc không dùng được với giá trị này"),
        ("{{ 'mười' | chu }}", "bộ lọc không dùng được với giá trị này"),
        ("năm {{ nam }", "chưa đóng"),
        ("{{ nam +  }}", "viết sai"),
    ],
)
def test_anything_else_is_refused_with_a_message(text, words):
    _, problems = expand(text)
    assert problems and all(words in p for p in problems) and "0x" not in " ".join(problems), problems
    assert not any(english in " ".join(problems) for english in ("unexpected", "expected", "Error", "object"))
