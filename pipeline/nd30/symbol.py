"""The number/symbol line (ND30 Phụ lục I II.3, Phụ lục III; Điều 15)."""

from __future__ import annotations

from pipeline import vn
from pipeline.kinds import KINDS


def drafting_unit(archive: str) -> str:
    """Return the drafting unit of a Lưu line, for a công văn's symbol.

    >>> drafting_unit("VP"), drafting_unit("VT, VP, HCTP (2)"), drafting_unit("- Lưu: VT, TĐKT.")
    ('VP', 'VP', 'TĐKT')
    """
    units = archive.strip().removeprefix("-").strip().removeprefix("Lưu:").strip().rstrip(".;").strip()
    first = units.removeprefix("VT").strip(" ,").split(",")[0]
    return first.split("(")[0].strip()


def document_symbol(number: int | None, kind: str, issuer_abbreviation: str, unit: str = "") -> str:
    """Return "184/KH-KVTĐ"; numbers below 10 get a zero; a draft leaves the number blank. A công văn has no type
    abbreviation: its symbol is the issuer's, then the drafting unit's (05/STP-VP).

    >>> document_symbol(5, "bao_cao", "STP"), document_symbol(184, "khu_vuc", "KVTĐ"), document_symbol(7, "cong_van", "STP", "VP")
    ('05/BC-STP', '184/KH-KVTĐ', '07/STP-VP')
    >>> document_symbol(None, "ke_hoach", "STP") == vn.BLANK + "/KH-STP"
    True
    """
    code = KINDS[kind].ky_hieu
    shown = f"{number:02d}" if number else vn.BLANK
    return f"{shown}/{code}-{issuer_abbreviation}" if code else f"{shown}/{issuer_abbreviation}-{unit}".rstrip("-")
