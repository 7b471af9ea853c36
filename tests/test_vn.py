"""Tests for pipeline.vn beyond its doctests."""
from __future__ import annotations

import datetime
import decimal
import re
import unicodedata

import pytest
from hypothesis import given, strategies as st

from pipeline import vn

WORDS = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (999, "chín trăm chín mươi chín"),
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (1010, "một nghìn không trăm mười"),
    (1100, "một nghìn một trăm"),
    (2024, "hai nghìn không trăm hai mươi bốn"),
    (10000, "mười nghìn"),
    (100000, "một trăm nghìn"),
    (1000000, "một triệu"),
    (1000001, "một triệu không trăm linh một"),
    (1050000, "một triệu không trăm năm mươi nghìn"),
    (15000000, "mười lăm triệu"),
    (1000000000, "một tỷ"),
    (1005000000000, "một nghìn không trăm linh năm tỷ"),
    (10**18, "một tỷ tỷ"),
    (-105, "âm một trăm linh năm"),
]


@pytest.mark.parametrize(("n", "expected"), WORDS)
def test_number_to_words(n, expected):
    assert vn.number_to_words(n) == expected


@pytest.mark.parametrize(("n", "kwargs", "expected"), [
    (24, {"fourth": "tư"}, "hai mươi tư"),
    (14, {"fourth": "tư"}, "mười bốn"),
    (4, {"fourth": "tư"}, "bốn"),
    (105, {"zero_tens": "lẻ"}, "một trăm lẻ năm"),
    (2004, {"zero_tens": "lẻ"}, "hai nghìn không trăm lẻ bốn"),
])
def test_number_to_words_options(n, kwargs, expected):
    assert vn.number_to_words(n, **kwargs) == expected


@pytest.mark.parametrize("kwargs", [{"zero_tens": "le"}, {"fourth": "4"}])
def test_number_to_words_rejects_unknown_options(kwargs):
    with pytest.raises(ValueError):
        vn.number_to_words(5, **kwargs)


def test_money_in_words():
    assert vn.money_in_words(15000000) == "Mười lăm triệu đồng"
    assert vn.money_in_words(2024) == "Hai nghìn không trăm hai mươi bốn đồng"


def _words_to_int(text: str) -> int:
    """Independent reader of number words, used to round-trip the speller."""
    words = text.split()
    if words[:1] == ["âm"]:
        return -_words_to_int(" ".join(words[1:]))
    return _parse(words)


def _parse(words: list[str]) -> int:
    for scale, value in (("tỷ", 10**9), ("triệu", 10**6), ("nghìn", 10**3)):
        if scale in words:
            i = len(words) - 1 - words[::-1].index(scale)
            return _parse(words[:i]) * value + _parse(words[i + 1:])
    digits = {w: i for i, w in enumerate(vn._DIGITS)} | {"mốt": 1, "lăm": 5, "tư": 4}
    total = pending = 0
    for word in words:
        if word in digits:
            pending = digits[word]
        elif word in ("trăm", "mươi"):
            total, pending = total + pending * (100 if word == "trăm" else 10), 0
        elif word == "mười":
            total += 10
        else:
            assert word in ("linh", "lẻ"), word
    return total + pending


ZERO_TENS_MISREAD = re.compile(r"\b(lẻ|linh) (mười|\w+ mươi)\b")


@given(st.integers(-10**15, 10**15), st.sampled_from(["linh", "lẻ"]),
       st.sampled_from(["bốn", "tư"]))
def test_number_to_words_round_trips(n, zero_tens, fourth):
    text = vn.number_to_words(n, zero_tens=zero_tens, fourth=fourth)
    assert _words_to_int(text) == n
    assert not ZERO_TENS_MISREAD.search(text)
    assert "  " not in text and text == text.strip()


@given(st.integers(0, 10**13))
def test_non_leading_groups_state_their_hundreds(n):
    text = vn.number_to_words(n)
    for tail in re.split(r" (?:nghìn|triệu|tỷ) ", text)[1:]:
        assert re.match(r"(\w+ trăm|tỷ)\b", tail), text


def test_zero_tens_regex_catches_num2words_style_misreading():
    assert ZERO_TENS_MISREAD.search("hai nghìn lẻ hai mươi bốn")
    assert ZERO_TENS_MISREAD.search("một nghìn lẻ mười")
    assert not ZERO_TENS_MISREAD.search("một trăm linh năm")


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"day": 5, "month": 1, "year": 2020}, "Ninh Bình, ngày 05 tháng 01 năm 2020"),
    ({"day": 15, "month": 2, "year": 2024}, "Ninh Bình, ngày 15 tháng 02 năm 2024"),
    ({"day": 1, "month": 3, "year": 2024}, "Ninh Bình, ngày 01 tháng 3 năm 2024"),
    ({"day": 29, "month": 6, "year": 2019}, "Ninh Bình, ngày 29 tháng 6 năm 2019"),
    ({"day": 31, "month": 12, "year": 2023}, "Ninh Bình, ngày 31 tháng 12 năm 2023"),
    ({"day": None, "month": 12, "year": 2023},
     "Ninh Bình, ngày \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 tháng 12 năm 2023"),
    ({"day": None, "month": None, "year": 2024},
     f"Ninh Bình, ngày {vn.BLANK} tháng {vn.BLANK} năm 2024"),
])
def test_format_header_date(kwargs, expected):
    assert vn.format_header_date("Ninh Bình", **kwargs) == expected


def test_header_date_never_pads_march():
    assert "tháng 03" not in vn.format_header_date("Huế", day=8, month=3, year=2024)


def test_header_date_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Đăk Lăk")
    out = vn.format_header_date(decomposed, day=1, month=1, year=2024)
    assert out == unicodedata.normalize("NFC", out)
    assert out.startswith("Đăk Lăk, ")


@pytest.mark.parametrize("kwargs", [
    {"day": 5, "month": None, "year": 2024},
    {"day": 30, "month": 2, "year": 2024},
    {"day": 29, "month": 2, "year": 2023},
    {"day": None, "month": 13, "year": 2024},
    {"day": 0, "month": 1, "year": 2024},
])
def test_format_header_date_rejects(kwargs):
    with pytest.raises(ValueError):
        vn.format_header_date("Ninh Bình", **kwargs)


@pytest.mark.parametrize(("d", "expected"), [
    (datetime.date(2014, 4, 7), "07/4/2014"),
    (datetime.date(2023, 1, 13), "13/01/2023"),
    (datetime.date(2024, 6, 30), "30/6/2024"),
    (datetime.date(1945, 9, 2), "02/9/1945"),
    (datetime.date(2024, 2, 29), "29/02/2024"),
    (datetime.date(2024, 10, 1), "01/10/2024"),
])
def test_format_date(d, expected):
    assert vn.format_date(d) == expected


@given(st.dates())
def test_format_date_parses_back(d):
    text = vn.format_date(d)
    day, month, year = text.split("/")
    assert datetime.date(int(year), int(month), int(day)) == d
    assert len(day) == 2 and len(year) == 4
    assert month in ("01", "02") or not month.startswith("0")


def test_format_date_range_and_years():
    start, end = datetime.date(1930, 2, 3), datetime.date(2024, 2, 3)
    assert vn.format_date_range(start, end) == "(03/02/1930 - 03/02/2024)"
    assert vn.format_date_range(1969, 2024) == "(1969 - 2024)"
    assert vn.years_between(start, 2024) == 94
    assert vn.years_between(1969, 2024) == 55
    with pytest.raises(ValueError):
        vn.years_between(2025, 2024)
    with pytest.raises(ValueError):
        vn.format_date_range(2024, 1969)
    with pytest.raises(TypeError):
        vn.format_date_range(start, 2024)


@pytest.mark.parametrize(("args", "expected"), [
    ((6, 2024), "tháng 6/2024"), ((1, 2024), "tháng 01/2024"),
    ((2, 2024), "tháng 02/2024"), ((11, 2023), "tháng 11/2023"),
])
def test_format_month_year(args, expected):
    assert vn.format_month_year(*args) == expected


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (1234567, None, "1.234.567"),
    (1234.5, None, "1.234,5"),
    (0.05, None, "0,05"),
    (0, None, "0"),
    (-1234.5, None, "-1.234,5"),
    (decimal.Decimal("1000000.25"), None, "1.000.000,25"),
    (29.333, 1, "29,3"),
    (0.25, 1, "0,3"),
    (0.05, 1, "0,1"),
    (12, 1, "12,0"),
    (1234.5, 0, "1.235"),
    (2.675, 2, "2,68"),
])
def test_format_number(value, decimals, expected):
    assert vn.format_number(value, decimals=decimals) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0"), (1, "01"), (4, "04"), (9, "09"), (10, "10"), (1500, "1.500"),
])
def test_format_count(n, expected):
    assert vn.format_count(n) == expected


def test_format_count_rejects_negative():
    with pytest.raises(ValueError):
        vn.format_count(-1)


def test_format_percent():
    assert vn.format_percent(12.5) == "12,5%"
    assert vn.format_percent(33.333, decimals=2) == "33,33%"
    assert vn.format_percent(1250) == "1.250,0%"


@pytest.mark.parametrize(("n", "expected"), [
    (1, "I"), (3, "III"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"),
    (90, "XC"), (400, "CD"), (1994, "MCMXCIV"), (2024, "MMXXIV"), (3999, "MMMCMXCIX"),
])
def test_format_roman(n, expected):
    assert vn.format_roman(n) == expected


@pytest.mark.parametrize("n", [0, -1, 4000])
def test_format_roman_rejects(n):
    with pytest.raises(ValueError):
        vn.format_roman(n)


@pytest.mark.parametrize(("n", "expected"), [
    (1, "thứ nhất"), (2, "thứ hai"), (3, "thứ ba"), (4, "thứ tư"),
    (5, "thứ năm"), (10, "thứ mười"), (11, "thứ mười một"),
    (14, "thứ mười bốn"), (21, "thứ hai mươi mốt"), (24, "thứ hai mươi tư"),
])
def test_format_ordinal(n, expected):
    assert vn.format_ordinal(n) == expected


def test_format_ordinal_rejects_zero():
    with pytest.raises(ValueError):
        vn.format_ordinal(0)


def test_letters():
    assert "".join(vn.LETTERS) == "abcdđeghiklmnopqrstuvxy"
    assert len(vn.LETTERS) == 23
    assert not set("fjwz") & set(vn.LETTERS)
    assert [vn.format_letter(n) for n in range(1, 10)] == list("abcdđeghi")
    assert vn.format_letter(23) == "y"
    for n in (0, 24):
        with pytest.raises(ValueError):
            vn.format_letter(n)


@pytest.mark.parametrize(("text", "expected"), [
    ("Sở Tư pháp tỉnh Ninh Bình", "SỞ TƯ PHÁP TỈNH NINH BÌNH"),
    ("đ", "Đ"),
    ("giám đốc", "GIÁM ĐỐC"),
    (unicodedata.normalize("NFD", "ủy ban nhân dân"), "ỦY BAN NHÂN DÂN"),
])
def test_upper_vi(text, expected):
    assert vn.upper_vi(text) == expected


def test_nfc():
    assert vn.nfc(unicodedata.normalize("NFD", "Việt Nam")) == "Việt Nam"
    assert len(vn.nfc("e\u0302\u0323")) == 1
