"""Tests for pipeline.vn beyond its doctests."""

from __future__ import annotations

import datetime
import decimal
import itertools
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import vn

D = decimal.Decimal
TU, LE = {"fourth": "tư"}, {"zero_tens": "lẻ"}

# (input, expected); an input written (value, options) passes keyword options.
READINGS = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    ((14, TU), "mười bốn"),
    ((4, TU), "bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    ((24, TU), "hai mươi tư"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    ((101, LE), "một trăm lẻ một"),
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
    ((2004, LE), "hai nghìn không trăm lẻ bốn"),
    (10000, "mười nghìn"),
    (100000, "một trăm nghìn"),
    (1000000, "một triệu"),
    (1000001, "một triệu không trăm linh một"),
    (1050000, "một triệu không trăm năm mươi nghìn"),
    (2000024, "hai triệu không trăm hai mươi bốn"),
    (15000000, "mười lăm triệu"),
    (1000000000, "một tỷ"),
    (1050000000, "một tỷ không trăm năm mươi triệu"),
    (10**12, "một nghìn tỷ"),
    (1005000000000, "một nghìn không trăm linh năm tỷ"),
    (10**14, "một trăm nghìn tỷ"),
    (10**15, "một triệu tỷ"),
    (10**18, "một tỷ tỷ"),
    (-105, "âm một trăm linh năm"),
    (-1010, "âm một nghìn không trăm mười"),
    (2.5, "hai phẩy năm"),
    (0.05, "không phẩy không năm"),
    (3.14, "ba phẩy mười bốn"),
    (-0.5, "âm không phẩy năm"),
    (15.25, "mười lăm phẩy hai mươi lăm"),
    (2.0, "hai"),
    (-0.0, "không"),
    (1e-7, "không phẩy không không không không không không một"),
    (D("1.10"), "một phẩy mười"),
    (D("2.0"), "hai phẩy không"),
    (D("0.00"), "không phẩy không không"),
    (D("-0.5"), "âm không phẩy năm"),
    (D("5E+2"), "năm trăm"),
    ((D("0.105"), LE), "không phẩy một trăm lẻ năm"),
    ((D("24.24"), TU), "hai mươi tư phẩy hai mươi tư"),
    ("2,5", "hai phẩy năm"),
    ("2.5", "hai phẩy năm"),
    (" 0,05 ", "không phẩy không năm"),
    ("-105", "âm một trăm linh năm"),
    ("\u2212105", "âm một trăm linh năm"),
    ("+7", "bảy"),
    ("-0", "không"),
    ("1000000,5", "một triệu phẩy năm"),
]


@pytest.mark.parametrize(("given", "expected"), READINGS, ids=[f"{g!r}" for g, _ in READINGS])
def test_number_reading_table(given, expected):
    value, options = given if isinstance(given, tuple) else (given, {})
    assert vn.number_to_words(value, **options) == expected


def test_reading_table_is_large_enough():
    assert len(READINGS) >= 40


@pytest.mark.parametrize("kwargs", [{"zero_tens": "le"}, {"fourth": "4"}])
def test_number_to_words_rejects_unknown_options(kwargs):
    with pytest.raises(ValueError):
        vn.number_to_words(5, **kwargs)


def test_money_in_words():
    assert vn.money_in_words(15000000) == "Mười lăm triệu đồng"
    assert vn.money_in_words(2024) == "Hai nghìn không trăm hai mươi bốn đồng"
    assert vn.money_in_words(0) == "Không đồng"
    assert vn.money_in_words(10**15) == "Một triệu tỷ đồng"


@pytest.mark.parametrize("amount", [2.5, 15000000.0, D("15000000"), "15000000", True, None])
def test_money_in_words_takes_integers_only(amount):
    with pytest.raises(TypeError):
        vn.money_in_words(amount)


def test_money_in_words_rejects_negative():
    with pytest.raises(ValueError):
        vn.money_in_words(-1)


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        float("inf"),
        float("-inf"),
        D("NaN"),
        D("sNaN"),
        D("Infinity"),
        "nan",
        "inf",
        "",
        "abc",
        "2.",
        ",5",
        "1.234,5",
        "1.234.567",
        "2,5,0",
        "1e5",
        "--1",
        "\u0663",
    ],
)
def test_number_to_words_rejects_non_numbers(value):
    with pytest.raises(ValueError):
        vn.number_to_words(value)


@pytest.mark.parametrize("value", [None, [1], 1 + 2j])
def test_number_to_words_rejects_other_types(value):
    with pytest.raises(TypeError):
        vn.number_to_words(value)


# The reader below does not use pipeline.vn: its own digit words, its own rules.
DIGIT = {w: i for i, w in enumerate("không một hai ba bốn năm sáu bảy tám chín".split())}


def _words_to_int(text: str) -> int:
    """Independent, strict reader of number words, to round-trip the speller."""
    words = text.split()
    if words[:1] == ["âm"]:
        value = _parse(words[1:])
        assert value, text
        return -value
    return _parse(words)


def _parse(words: list[str], full: bool = False) -> int:
    """Read words; *full*: a higher group came first, so hundreds are stated."""
    if "tỷ" in words:
        i = len(words) - 1 - words[::-1].index("tỷ")
        high = _parse(words[:i], full)
        assert high, words
        return high * 10**9 + (_parse_below_ty(words[i + 1 :], True) if words[i + 1 :] else 0)
    return _parse_below_ty(words, full) if words != ["không"] else 0


def _parse_below_ty(words: list[str], full: bool) -> int:
    total = 0
    for scale, value in (("triệu", 10**6), ("nghìn", 10**3)):
        assert words.count(scale) <= 1, words
        if scale in words:
            i = words.index(scale)
            total += _parse_group(words[:i], full) * value
            words, full = words[i + 1 :], True
    return total + (_parse_group(words, full) if words else 0)


def _parse_group(words: list[str], full: bool) -> int:
    """Read one group 1..999: [d trăm] [linh|lẻ d | mười [u] | d mươi [u]]."""
    assert words, "empty group"
    has_hundreds = words[1:2] == ["trăm"]
    assert has_hundreds or not full, f"non-leading group without hundreds: {words}"
    value, tens = 0, None
    if has_hundreds:
        assert full or words[0] != "không", "a leading group never says không trăm"
        value, words = DIGIT[words[0]] * 100, words[2:]
    if words[:1] in (["linh"], ["lẻ"]):
        assert has_hundreds, "linh/lẻ without hundreds"
        assert len(words) == 2, "linh/lẻ must be followed by one unit word"
        tens, words = 0, words[1:]
    elif words[:1] == ["mười"]:
        tens, words = 1, words[1:]
    elif words[1:2] == ["mươi"]:
        tens, words = DIGIT[words[0]], words[2:]
        assert tens >= 2, words
    if words:
        assert len(words) == 1, words
        unit = {"mốt": 1, "lăm": 5, "tư": 4}.get(words[0], DIGIT.get(words[0]))
        assert unit, words
        if tens:
            assert words[0] != "năm", "5 after a tens word reads lăm"
        if tens is not None and tens >= 2:
            assert words[0] != "một", "1 after hai mươi.. reads mốt"
        else:
            assert words[0] not in ("mốt", "tư"), words
        assert tens is not None or not has_hundreds, "a unit after trăm needs linh/lẻ"
        value += unit
    value += 10 * (tens or 0)
    assert 1 <= value <= 999, "a spoken group is never zero"
    return value


def _read_decimal(text: str) -> str:
    """Read a decimal reading back to its written digits, e.g. "-0.05"."""
    whole, _, fraction = text.partition(" phẩy ")
    sign = "-" if whole.startswith("âm ") else ""
    digits = str(abs(_words_to_int(whole.removeprefix("âm "))))
    if not fraction:
        return sign + digits
    words = fraction.split()
    zeros = len(words) - len(list(itertools.dropwhile(lambda w: w == "không", words)))
    rest = words[zeros:]
    return f"{sign}{digits}.{'0' * zeros}{_words_to_int(' '.join(rest)) if rest else ''}"


@pytest.mark.parametrize(
    "text",
    [
        "một nghìn lẻ mười",  # num2words for 1010
        "hai nghìn lẻ hai mươi bốn",  # num2words for 2024
        "một trăm năm",  # unit after trăm without linh
        "hai mươi một",  # needs mốt
        "mười năm",  # needs lăm
        "mười tư",
        "một nghìn tỷ năm tỷ",  # num2words for 1005000000000
        "một triệu năm mươi nghìn",  # num2words for 1050000
        "một trăm linh",
        "không trăm năm",
    ],
)
def test_reader_refuses_misreadings(text):
    with pytest.raises((AssertionError, KeyError)):
        _words_to_int(text)


def test_reader_catches_num2words_ten_to_the_fifteenth():
    # num2words' reading of 10**15 is read back as 10**14, so the round trip fails.
    assert _words_to_int("một trăm nghìn tỷ") == 10**14
    assert _words_to_int("một triệu tỷ") == 10**15


ZERO_TENS_MISREAD = re.compile(r"\b(lẻ|linh) (mười|\w+ mươi)\b")


@given(st.integers(-(10**15), 10**15), st.sampled_from(["linh", "lẻ"]), st.sampled_from(["bốn", "tư"]))
def test_number_to_words_round_trips(n, zero_tens, fourth):
    text = vn.number_to_words(n, zero_tens=zero_tens, fourth=fourth)
    assert _words_to_int(text) == n
    assert not ZERO_TENS_MISREAD.search(text)
    assert "  " not in text and text == text.strip()


@given(
    st.booleans(),
    st.integers(0, 10**15),
    st.text("0123456789", min_size=1, max_size=12),
    st.sampled_from([".", ","]),
    st.sampled_from(["linh", "lẻ"]),
)
def test_decimal_readings_round_trip(negative, whole, fraction, separator, zero_tens):
    written = f"{'-' * negative}{whole}.{fraction}"
    value = D(written)
    for given_value in (value, written.replace(".", separator)):
        text = vn.number_to_words(given_value, zero_tens=zero_tens)
        assert text.count(" phẩy ") == 1
        assert text.startswith("âm ") == (negative and value != 0)
        assert not ZERO_TENS_MISREAD.search(text)
        assert _read_decimal(text) == (written if value != 0 else written.lstrip("-"))


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_float_readings_follow_repr(x):
    text = vn.number_to_words(x)
    expected = D(repr(x)) if not x.is_integer() else D(int(x))
    assert D(_read_decimal(text)) == expected


@given(st.integers(0, 10**13))
def test_non_leading_groups_state_their_hundreds(n):
    text = vn.number_to_words(n)
    for tail in re.split(r" (?:nghìn|triệu|tỷ) ", text)[1:]:
        assert re.match(r"(\w+ trăm|tỷ)\b", tail), text


def test_zero_tens_regex_catches_num2words_style_misreading():
    assert ZERO_TENS_MISREAD.search("hai nghìn lẻ hai mươi bốn")
    assert ZERO_TENS_MISREAD.search("một nghìn lẻ mười")
    assert not ZERO_TENS_MISREAD.search("một trăm linh năm")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"day": 5, "month": 1, "year": 2020}, "Ninh Bình, ngày 05 tháng 01 năm 2020"),
        ({"day": 15, "month": 2, "year": 2024}, "Ninh Bình, ngày 15 tháng 02 năm 2024"),
        ({"day": 1, "month": 3, "year": 2024}, "Ninh Bình, ngày 01 tháng 3 năm 2024"),
        ({"day": 29, "month": 6, "year": 2019}, "Ninh Bình, ngày 29 tháng 6 năm 2019"),
        ({"day": 31, "month": 12, "year": 2023}, "Ninh Bình, ngày 31 tháng 12 năm 2023"),
        ({"day": None, "month": 12, "year": 2023}, "Ninh Bình, ngày \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 tháng 12 năm 2023"),
        ({"day": None, "month": None, "year": 2024}, f"Ninh Bình, ngày {vn.BLANK} tháng {vn.BLANK} năm 2024"),
    ],
)
def test_format_header_date(kwargs, expected):
    assert vn.format_header_date("Ninh Bình", **kwargs) == expected


def test_header_date_never_pads_march():
    assert "tháng 03" not in vn.format_header_date("Huế", day=8, month=3, year=2024)


def test_header_date_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Đăk Lăk")
    out = vn.format_header_date(decomposed, day=1, month=1, year=2024)
    assert out == unicodedata.normalize("NFC", out)
    assert out.startswith("Đăk Lăk, ")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"day": 5, "month": None, "year": 2024},
        {"day": 30, "month": 2, "year": 2024},
        {"day": 29, "month": 2, "year": 2023},
        {"day": None, "month": 13, "year": 2024},
        {"day": 0, "month": 1, "year": 2024},
    ],
)
def test_format_header_date_rejects(kwargs):
    with pytest.raises(ValueError):
        vn.format_header_date("Ninh Bình", **kwargs)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (datetime.date(2014, 4, 7), "07/4/2014"),
        (datetime.date(2023, 1, 13), "13/01/2023"),
        (datetime.date(2024, 6, 30), "30/6/2024"),
        (datetime.date(1945, 9, 2), "02/9/1945"),
        (datetime.date(2024, 2, 29), "29/02/2024"),
        (datetime.date(2024, 10, 1), "01/10/2024"),
    ],
)
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


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((6, 2024), "tháng 6/2024"),
        ((1, 2024), "tháng 01/2024"),
        ((2, 2024), "tháng 02/2024"),
        ((11, 2023), "tháng 11/2023"),
    ],
)
def test_format_month_year(args, expected):
    assert vn.format_month_year(*args) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
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
    ],
)
def test_format_number(value, decimals, expected):
    assert vn.format_number(value, decimals=decimals) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0"),
        (1, "01"),
        (4, "04"),
        (9, "09"),
        (10, "10"),
        (1500, "1.500"),
    ],
)
def test_format_count(n, expected):
    assert vn.format_count(n) == expected


def test_format_count_rejects_negative():
    with pytest.raises(ValueError):
        vn.format_count(-1)


def test_format_percent():
    assert vn.format_percent(12.5) == "12,5%"
    assert vn.format_percent(33.333, decimals=2) == "33,33%"
    assert vn.format_percent(1250) == "1.250,0%"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "I"),
        (3, "III"),
        (4, "IV"),
        (9, "IX"),
        (14, "XIV"),
        (40, "XL"),
        (90, "XC"),
        (400, "CD"),
        (1994, "MCMXCIV"),
        (2024, "MMXXIV"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_format_roman(n, expected):
    assert vn.format_roman(n) == expected


@pytest.mark.parametrize("n", [0, -1, 4000])
def test_format_roman_rejects(n):
    with pytest.raises(ValueError):
        vn.format_roman(n)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "thứ nhất"),
        (2, "thứ hai"),
        (3, "thứ ba"),
        (4, "thứ tư"),
        (5, "thứ năm"),
        (10, "thứ mười"),
        (11, "thứ mười một"),
        (14, "thứ mười bốn"),
        (21, "thứ hai mươi mốt"),
        (24, "thứ hai mươi tư"),
    ],
)
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Tư pháp tỉnh Ninh Bình", "SỞ TƯ PHÁP TỈNH NINH BÌNH"),
        ("đ", "Đ"),
        ("giám đốc", "GIÁM ĐỐC"),
        (unicodedata.normalize("NFD", "ủy ban nhân dân"), "ỦY BAN NHÂN DÂN"),
    ],
)
def test_upper_vi(text, expected):
    assert vn.upper_vi(text) == expected


def test_nfc():
    assert vn.nfc(unicodedata.normalize("NFD", "Việt Nam")) == "Việt Nam"
    assert len(vn.nfc("e\u0302\u0323")) == 1
