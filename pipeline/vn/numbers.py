"""Numbers as Vietnamese official documents write them: figures, counts, percentages,
numbers and amounts in words, Roman numerals and point letters. Babel is always
called with ``locale="vi"``; the machine's locale is never read.

Number words are spelt by this module, not by num2words. num2words 0.5.14
(lang="vi") misreads any thousand group below 100 that follows a higher group:
1010 -> "một nghìn lẻ mười", 2024 -> "hai nghìn lẻ hai mươi bốn",
1050000 -> "một triệu năm mươi nghìn", 1005000000000 -> "một nghìn tỷ năm tỷ",
and -105 raises IndexError. Conventions used here (those of the forms that
write amounts in words):

* a non-leading group always states its hundreds: 2024 -> "hai nghìn không
  trăm hai mươi bốn"; groups that are zero are skipped (1000001 -> "một triệu
  không trăm linh một");
* a zero tens digit before a unit reads "linh" (``zero_tens="lẻ"`` is the
  colloquial alternative): 105 -> "một trăm linh năm";
* units after a tens word: 1 -> "mốt" (from 20), 5 -> "lăm" (from 10), and 4
  -> "bốn", the formal default (``fourth="tư"`` gives "hai mươi tư");
* 10**9 is "tỷ", and larger values nest the lower readings in front of it,
  so every further group of nine digits adds one "tỷ": 10**12 -> "một nghìn
  tỷ", 10**15 -> "một triệu tỷ", 10**18 -> "một tỷ tỷ". No native word above
  tỷ is in common use (the Sino-Vietnamese "vạn", "ức", "triệu" of old texts
  mean other powers), and budgets and the press write "nghìn tỷ" and "triệu
  tỷ"; num2words reads 10**15 as "một trăm nghìn tỷ", which is 10**14;
* negative values start with "âm".

Decimals (``decimal.Decimal``, ``float`` or ``str``) read the integer part,
then "phẩy", then the fractional digits as written: each leading zero reads
"không" and the rest reads as a number (2.5 -> "hai phẩy năm", 0.05 -> "không
phẩy không năm", Decimal("1.10") -> "một phẩy mười"). A float is read from its
``repr`` (the shortest form that gives it back), so 0.1 + 0.2 reads the
digits of 0.30000000000000004; a float with no fraction reads as the integer
(2.0 -> "hai"), since a float keeps no record of written zeros; write
Decimal("2.0") or "2,0" to get "hai phẩy không". A string is an optional sign
("-", "+" or U+2212), ASCII digits and at most one decimal separator, "," or
"."; thousands separators are refused because "2.500" could mean 2500 or 2,5.
"âm" is not said for a value that is zero. NaN and infinities raise
ValueError.
"""

from __future__ import annotations

import decimal
import math
import numbers
import re

from babel.numbers import format_decimal

LETTERS = tuple("abcdđeghiklmnopqrstuvxy")
"""Point letters in the order of the Vietnamese alphabet (no f, j, w, z; đ after d)."""
_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ((10**6, " triệu"), (10**3, " nghìn"), (1, ""))
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def format_number(value: int | float | decimal.Decimal, *, decimals: int | None = None) -> str:
    """Return *value* with "." between thousands and "," before decimals.

    CLDR "vi" uses exactly these symbols (checked with Babel 2.18). Without
    *decimals*, CLDR's pattern shows at most three decimals. With *decimals*,
    the value is rounded half up (school rule; Babel alone would round half to even) and that many decimals are always shown.

    >>> format_number(1234567), format_number(1234.5), format_number(0.05)
    ('1.234.567', '1.234,5', '0,05')
    >>> format_number(29.333, decimals=1), format_number(0.25, decimals=1)
    ('29,3', '0,3')
    """
    if decimals is None:
        return format_decimal(value, locale="vi")
    step = decimal.Decimal(1).scaleb(-decimals)
    rounded = decimal.Decimal(str(value)).quantize(step, decimal.ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(rounded, format=pattern, locale="vi")


def format_count(n: int) -> str:
    """Return a count, zero-padded from 1 to 9 as the decree writes it.

    >>> format_count(1), format_count(4), format_count(10), format_count(0)
    ('01', '04', '10', '0')
    >>> format_count(1500)
    '1.500'
    """
    if n < 0:
        raise ValueError(f"negative count: {n}")
    return f"0{n}" if 1 <= n <= 9 else format_number(n)


def format_percent(value: float, *, decimals: int = 1) -> str:
    """Return *value* (already in percent units) followed by "%".

    >>> format_percent(12.5), format_percent(100, decimals=0)
    ('12,5%', '100%')
    """
    return format_number(value, decimals=decimals) + "%"


def _unit_word(units: int, tens: int, fourth: str) -> list[str]:
    if units == 0:
        return []
    if units == 5 and tens >= 1:
        return ["lăm"]
    if tens >= 2 and units in (1, 4):
        return ["mốt" if units == 1 else fourth]
    return [_DIGITS[units]]


def _group_words(n: int, full: bool, zero_tens: str, fourth: str) -> list[str]:
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = [_DIGITS[hundreds], "trăm"] if hundreds or full else []
    if tens == 0 and units and words:
        words.append(zero_tens)
    elif tens == 1:
        words.append("mười")
    elif tens:
        words += [_DIGITS[tens], "mươi"]
    return words + _unit_word(units, tens, fourth)


def _spell(n: int, full: bool, zero_tens: str, fourth: str) -> list[str]:
    if n >= 10**9:
        high, low = divmod(n, 10**9)
        tail = _spell(low, True, zero_tens, fourth) if low else []
        return _spell(high, full, zero_tens, fourth) + ["tỷ"] + tail
    words: list[str] = []
    for size, name in _SCALES:
        group, n = divmod(n, size)
        if group:
            words += _group_words(group, full, zero_tens, fourth) + name.split()
            full = True
    return words


def _integer_words(n: int, zero_tens: str, fourth: str) -> str:
    return " ".join(_spell(n, False, zero_tens, fourth)) if n else "không"


_NUMBER_TEXT = re.compile(r"([-+\u2212]?)([0-9]+)(?:[.,]([0-9]+))?")


def _as_decimal(value: decimal.Decimal | float | str) -> decimal.Decimal:
    if isinstance(value, str):
        match = _NUMBER_TEXT.fullmatch(value.strip())
        if not match:
            raise ValueError(f"not a number to read: {value!r}")
        sign, whole, fraction = match.groups()
        text = ("-" if sign in ("-", "\u2212") else "") + whole
        return decimal.Decimal(text + ("." + fraction if fraction else ""))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot read {value!r}")
        return decimal.Decimal(int(value) if value.is_integer() else repr(value))
    if not value.is_finite():
        raise ValueError(f"cannot read {value!r}")
    return value


def _decimal_parts(value: decimal.Decimal) -> tuple[bool, int, str]:
    """Return (sign, integer part, fractional digits as written)."""
    sign, digits, exponent = value.as_tuple()
    text = "".join(map(str, digits))
    if exponent >= 0:
        return bool(sign), int(text) * 10**exponent, ""
    text = text.rjust(1 - exponent, "0")
    return bool(sign), int(text[:exponent]), text[exponent:]


def number_to_words(n: int | decimal.Decimal | float | str, *, zero_tens: str = "linh", fourth: str = "bốn") -> str:
    """Return the Vietnamese reading of *n* (see module docstring).

    >>> number_to_words(21), number_to_words(15), number_to_words(25)
    ('hai mươi mốt', 'mười lăm', 'hai mươi lăm')
    >>> number_to_words(105), number_to_words(105, zero_tens="lẻ")
    ('một trăm linh năm', 'một trăm lẻ năm')
    >>> number_to_words(2024), number_to_words(24, fourth="tư")
    ('hai nghìn không trăm hai mươi bốn', 'hai mươi tư')
    >>> number_to_words(-1010)
    'âm một nghìn không trăm mười'
    >>> number_to_words(10**15)
    'một triệu tỷ'
    >>> number_to_words(2.5), number_to_words("0,05"), number_to_words(-0.5)
    ('hai phẩy năm', 'không phẩy không năm', 'âm không phẩy năm')
    >>> number_to_words(decimal.Decimal("1.10"))
    'một phẩy mười'
    """
    if zero_tens not in ("linh", "lẻ") or fourth not in ("bốn", "tư"):
        raise ValueError("zero_tens must be linh|lẻ and fourth bốn|tư")
    if isinstance(n, int):
        words = _integer_words(abs(n), zero_tens, fourth)
        return "âm " + words if n < 0 else words
    if isinstance(n, numbers.Integral):
        return number_to_words(int(n), zero_tens=zero_tens, fourth=fourth)
    if not isinstance(n, (decimal.Decimal, float, str)):
        raise TypeError(f"cannot read a {type(n).__name__}")
    negative, whole, fraction = _decimal_parts(_as_decimal(n))
    words = _integer_words(whole, zero_tens, fourth)
    if fraction:
        significant = fraction.lstrip("0")
        spoken = ["không"] * (len(fraction) - len(significant))
        if significant:
            spoken.append(_integer_words(int(significant), zero_tens, fourth))
        words += " phẩy " + " ".join(spoken)
    if negative and (whole or fraction.strip("0")):
        words = "âm " + words
    return words


def money_in_words(n: int) -> str:
    """Return an amount of đồng in words, capitalised, for "Bằng chữ".

    Only whole, non-negative amounts: the đồng has no subunit in use.

    >>> money_in_words(15000000)
    'Mười lăm triệu đồng'
    >>> money_in_words(0)
    'Không đồng'
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"an amount of đồng is an integer, not {n!r}")
    if n < 0:
        raise ValueError(f"negative amount: {n}")
    words = number_to_words(int(n))
    return f"{words[0].upper()}{words[1:]} đồng"


def format_roman(n: int) -> str:
    """Return *n* (1..3999) in Roman numerals.

    >>> [format_roman(n) for n in (1, 4, 9, 14, 40, 2024)]
    ['I', 'IV', 'IX', 'XIV', 'XL', 'MMXXIV']
    """
    if not 1 <= n <= 3999:
        raise ValueError(f"no Roman numeral for {n}")
    out = []
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        out.append(symbol * count)
    return "".join(out)


def format_ordinal(n: int) -> str:
    """Return the ordinal "thứ …" of *n* >= 1 (nhất for 1, tư for 4).

    >>> [format_ordinal(n) for n in (1, 2, 4, 10, 11, 24)]
    ['thứ nhất', 'thứ hai', 'thứ tư', 'thứ mười', 'thứ mười một', 'thứ hai mươi tư']
    """
    if n < 1:
        raise ValueError(f"no ordinal for {n}")
    special = {1: "nhất", 4: "tư"}
    return "thứ " + special.get(n, number_to_words(n, fourth="tư"))


def format_letter(n: int) -> str:
    """Return the *n*-th point letter (1-based): a b c d đ e g h i k ...

    >>> format_letter(1), format_letter(5), format_letter(6), format_letter(7)
    ('a', 'đ', 'e', 'g')
    """
    if not 1 <= n <= len(LETTERS):
        raise ValueError(f"no point letter for {n}")
    return LETTERS[n - 1]
