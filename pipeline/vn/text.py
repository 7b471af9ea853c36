"""Vietnamese text as official documents print it: NFC, capitals, blanks.

>>> upper_vi("Sở Tư pháp") == "SỞ TƯ PHÁP"
True
"""

from __future__ import annotations

import unicodedata

BLANK = "\u00a0" * 6
"""Six no-break spaces: the blank left for a number or a day a draft does not have yet."""


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC form.

    >>> nfc("Vie\u0302\u0323t") == "Việt"
    True
    """
    return unicodedata.normalize("NFC", text)


def upper_vi(text: str) -> str:
    """Return Vietnamese *text* upper-cased, in NFC.

    >>> upper_vi("Sở Tư pháp tỉnh Ninh Bình")
    'SỞ TƯ PHÁP TỈNH NINH BÌNH'
    >>> upper_vi("đ")
    'Đ'
    """
    return nfc(text.upper())
