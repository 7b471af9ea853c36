"""Page geometry and text widths for the ND30 layout.

All lengths are in twips (1/20 pt), the unit of WordprocessingML. The margins
are inside the decree's ranges (top/bottom 20-25 mm, left 30-35 mm, right
15-20 mm; ND30 Phụ lục I, I.3). Widths are Times New Roman advance widths (read from the
metric-compatible Liberation Serif, units of 1/2048 em) so the decree's lines
can be drawn to length: the line under the Tiêu ngữ as long as its text, those
under the issuer and the trích yếu 1/3-1/2 of theirs (ND30 Phụ lục I II.1, II.2.b, II.5.b).
"""
from __future__ import annotations

import unicodedata

TWIPS_PER_MM = 1440 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4, 210 x 297 mm
MARGIN_TOP, MARGIN_BOTTOM = 1134, 1134  # 20 mm
MARGIN_LEFT, MARGIN_RIGHT = 1701, 851  # 30 mm, 15 mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
HEADER_COLUMNS = (3685, TEXT_WIDTH - 3685)  # issuer 65 mm | Quốc hiệu 100 mm
FOOTER_COLUMNS = (3402, TEXT_WIDTH - 3402)  # Nơi nhận 60 mm | signature 105 mm
RULE_SHARE = 0.4  # lines under issuer and trích yếu: 2/5 of the text line

_ASCII = "".join(chr(c) for c in range(32, 127))
_WIDTHS = {
    False: [512, 682, 836, 1024, 1024, 1706, 1593, 369, 682, 682, 1024, 1155, 512, 682, 512, 569,
            1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 569, 569, 1155, 1155, 1155,
            909, 1886, 1479, 1366, 1366, 1479, 1251, 1139, 1479, 1479, 682, 797, 1479, 1251, 1821,
            1479, 1479, 1139, 1479, 1366, 1139, 1251, 1479, 1479, 1933, 1479, 1479, 1251, 682, 569,
            682, 961, 1024, 682, 909, 1024, 909, 1024, 909, 682, 1024, 1024, 569, 569, 1024, 569,
            1593, 1024, 1024, 1024, 1024, 682, 797, 569, 1024, 1024, 1479, 1024, 1024, 909, 983,
            410, 983, 1108],
    True: [512, 682, 1137, 1024, 1024, 2048, 1706, 569, 682, 682, 1024, 1167, 512, 682, 512, 569,
           1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167, 1167, 1167,
           1024, 1905, 1479, 1366, 1479, 1479, 1366, 1251, 1593, 1593, 797, 1024, 1593, 1366, 1933,
           1479, 1593, 1251, 1593, 1479, 1139, 1366, 1479, 1479, 2048, 1479, 1479, 1366, 682, 569,
           682, 1190, 1024, 682, 1024, 1139, 909, 1139, 909, 682, 1024, 1139, 569, 682, 1139, 569,
           1706, 1139, 1024, 1139, 1139, 909, 797, 682, 1139, 1024, 1479, 1024, 1024, 909, 807,
           451, 807, 1065],
}
_BASE = str.maketrans("Đđ", "Dd")  # letters with no decomposition; widths match their base


def _advance(char: str, bold: bool) -> int:
    """Return the advance of one character in 1/2048 em (its base letter's for diacritics)."""
    base = unicodedata.normalize("NFD", char)[0].translate(_BASE)
    index = _ASCII.find(base)
    return _WIDTHS[bold][index] if index >= 0 else 1024


def text_width(text: str, *, size_pt: float, bold: bool = False) -> int:
    """Return the printed width of one line of text in twips.

    >>> text_width("Độc lập - Tự do - Hạnh phúc", size_pt=13, bold=True)
    3171
    """
    units = sum(_advance(c, bold) for c in text)
    return round(units / 2048 * size_pt * 20)


def centred_rule(line_width: int, box_width: int) -> tuple[int, int]:
    """Return (left, right) indents that centre a rule of line_width in box_width.

    >>> centred_rule(2000, 5000)
    (1500, 1500)
    """
    line_width = min(line_width, box_width)
    side = (box_width - line_width) // 2
    return side, box_width - line_width - side
