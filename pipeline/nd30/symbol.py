"""Document type names and the number/symbol line (ND30 Phụ lục I II.3, Phụ lục III)."""
from __future__ import annotations

from pipeline import vn

DOCUMENT_TYPES = {
    "ke_hoach": ("KẾ HOẠCH", "KH"),
    "phat_dong": ("KẾ HOẠCH", "KH"),
    "khu_vuc": ("KẾ HOẠCH", "KH"),
    "bao_cao": ("BÁO CÁO", "BC"),
}


def document_symbol(number: int | None, kind: str, issuer_abbreviation: str) -> str:
    """Return "184/KH-KVTĐ"; numbers below 10 get a zero; a draft leaves the number blank.

    >>> document_symbol(5, "bao_cao", "STP"), document_symbol(184, "khu_vuc", "KVTĐ")
    ('05/BC-STP', '184/KH-KVTĐ')
    >>> document_symbol(None, "ke_hoach", "STP") == vn.BLANK + "/KH-STP"
    True
    """
    code = DOCUMENT_TYPES[kind][1]
    shown = f"{number:02d}" if number else vn.BLANK
    return f"{shown}/{code}-{issuer_abbreviation}"
