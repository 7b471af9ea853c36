"""The Nơi nhận list (ND30 Phụ lục I II.9.d).

Each item is one line starting with "- " and ending with ";"; the last is
"- Lưu: VT, <unit>." The clerk's own dashes and end marks are normalised.
"""

from __future__ import annotations


def clean_item(text: str) -> str:
    """Return an item without the dash and end mark a clerk may have typed.

    >>> clean_item("- Bộ Tư pháp (Vụ TĐKT);")
    'Bộ Tư pháp (Vụ TĐKT)'
    """
    return text.strip().removeprefix("-").strip().rstrip(";.,").strip()


def recipient_lines(items: list[str], archive: str) -> list[str]:
    """Return the printed lines of Nơi nhận, ending with the Lưu line.

    >>> recipient_lines(["Bộ Tư pháp", "Lãnh đạo Sở;"], "VP")
    ['- Bộ Tư pháp;', '- Lãnh đạo Sở;', '- Lưu: VT, VP.']
    """
    units = clean_item(archive).removeprefix("VT").strip(" ,")
    return [f"- {clean_item(i)};" for i in items] + [f"- Lưu: VT{', ' + units if units else ''}."]
