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


class Twips(int):
    """A length in twips (1/20 pt), the unit of WordprocessingML."""

    @property
    def mm(self) -> float:
        return self / TWIPS_PER_MM


def Mm(value: float) -> Twips:  # noqa: N802 - a unit, named like python-docx's
    """Return a length given in millimetres.

    >>> Mm(210), Mm(20), round(Mm(30).mm, 2)
    (11906, 1134, 30.0)
    """
    return Twips(round(value * TWIPS_PER_MM))


def Pt(value: float) -> Twips:  # noqa: N802
    """Return a length given in points.

    >>> Pt(6), Pt(14)
    (120, 280)
    """
    return Twips(round(value * 20))


PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)  # A4
MARGIN_TOP, MARGIN_BOTTOM = Mm(20), Mm(20)
MARGIN_LEFT, MARGIN_RIGHT = Mm(30), Twips(851)  # 30 mm; 15 mm rounded up, as the template has always had it
TEXT_WIDTH = Twips(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)  # 165 mm
HEADER_COLUMNS = (Mm(65), Twips(TEXT_WIDTH - Mm(65)))  # issuer | Quốc hiệu
FOOTER_COLUMNS = (Mm(60), Twips(TEXT_WIDTH - Mm(60)))  # Nơi nhận | signature
RULE_SHARE = 0.4  # lines under issuer and trích yếu: 2/5 of the text line
BODY_SIZE = 14  # pt, the body text (ND30 Phụ lục I II.6.e: 13-14)
KEPT_RECIPIENTS = 25
"""Up to this many Nơi nhận lines, Nơi nhận and the signature stay on one page; a longer list may run onto the next."""

_ASCII = "".join(chr(c) for c in range(32, 127))
# fmt: off
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
# fmt: on
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


def addressee_indents(label: str, items: list[str], *, size_pt: float = BODY_SIZE) -> tuple[Twips, Twips]:
    """Return the left indents of a "Kính gửi:" block: (the label line, the items), so that the block is centred
    on the text width and each item's dash sits under the colon (ND30 Phụ lục I II.9.b).

    >>> addressee_indents("Kính gửi", ["- Ủy ban nhân dân tỉnh Ninh Bình;", "- Bộ Tư pháp."])
    (2235, 3223)
    """
    label_width = text_width(label, size_pt=size_pt)
    widest = max((text_width(line, size_pt=size_pt) for i in items for line in i.split("\n")), default=0)
    left = max(0, (TEXT_WIDTH - label_width - widest) // 2)
    return Twips(left), Twips(left + label_width)
