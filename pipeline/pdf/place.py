"""Where the signer's and the body's digital signatures go on an issued PDF (ND30 Phụ lục I II.7.d, II.8).

Read from the PDF itself with PDFium: the signature block is found by its text
(the last title line and the signer's name, on the page that carries the name
last), so the places follow the layout whatever the document's length.

- The signer's image is centred between the title lines and the name (7.d), as
  large as the gap allows, keeping its proportions;
- the body's seal, at its actual size, covers about the left third of the
  signer's image (8.a);
- on an attachment in a file of its own, the body's signature shows no image but
  the số ký hiệu and the time of signing, top right of the first page (8.b).

Lengths are PDF points (1/72 inch) from the bottom left of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

MM = 72 / 25.4
"""Points per millimetre."""
GAP = 2.0
"""Points kept free between the image and the text above and below it."""
MAX_SIGNATURE_WIDTH = 60 * MM
"""The widest a signature image is drawn: a handwritten signature, not a banner."""
SEAL_DIAMETER = 36 * MM
"""The seal's size when its image does not say (a PNG without a resolution): the usual 36 mm round seal."""
STAMP_SIZE = (62 * MM, 12 * MM)
"""The box of the attachment's signature text (two lines of 10 pt)."""
STAMP_MARGIN = (5 * MM, 10 * MM)
"""From the top and from the right edge of the page to the attachment's signature text: in the top margin (20 mm),
above the national motto."""


class PlaceError(Exception):
    """The signature block cannot be found in the PDF (message in Vietnamese)."""


@dataclass(frozen=True)
class Box:
    """A rectangle on a page: left, bottom, right, top (points)."""

    page: int
    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def rounded(self) -> tuple[int, int, int, int]:
        return round(self.left), round(self.bottom), round(self.right), round(self.top)


def _find(textpage: pdfium.PdfTextPage, text: str) -> list[tuple[float, float, float, float]]:
    """Return the boxes (left, bottom, right, top) of each occurrence of text on a page."""
    found = []
    searcher = textpage.search(text, match_case=True, match_whole_word=False)
    while (hit := searcher.get_next()) is not None:
        index, count = hit
        boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
        boxes = [b for b in boxes if b[2] > b[0]]
        if boxes:
            found.append((min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)))
    return found


def signature_block(pdf: Path, title: str, name: str) -> tuple[Box, Box]:
    """Return the boxes of the last title line and of the signer's name in the signature block."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in reversed(range(len(document))):
            page = document[index]
            textpage = page.get_textpage()
            names = _find(textpage, name)
            titles = _find(textpage, title)
            if names:
                low = names[-1]
                above = [t for t in titles if t[1] > low[3]]
                if not above:
                    raise PlaceError(f"không thấy dòng chức vụ '{title}' phía trên họ tên '{name}' ở trang {index + 1}")
                high = min(above, key=lambda t: t[1] - low[3])
                return Box(index, *high), Box(index, *low)
        raise PlaceError(f"không thấy họ tên người ký '{name}' trong PDF")
    finally:
        document.close()


def signer_box(title: Box, name: Box, aspect: float) -> Box:
    """Return where the signer's image goes: centred between the title and the name, as large as the gap allows
    with its proportions (aspect = width / height).

    >>> b = signer_box(Box(0, 300, 500, 400, 512), Box(0, 310, 400, 390, 414), 2.0)
    >>> (b.left, b.bottom, b.right, b.top)
    (268.0, 416.0, 432.0, 498.0)
    """
    height = title.bottom - name.top - 2 * GAP
    if height <= 10:
        raise PlaceError("chỗ trống giữa chức vụ và họ tên người ký quá hẹp để đặt hình chữ ký")
    width = min(height * aspect, MAX_SIGNATURE_WIDTH)
    height = width / aspect
    centre_x = (name.left + name.right) / 2
    centre_y = (title.bottom + name.top) / 2
    return Box(name.page, centre_x - width / 2, centre_y - height / 2, centre_x + width / 2, centre_y + height / 2)


def seal_box(signature: Box, size: tuple[float, float]) -> Box:
    """Return where the body's seal goes: its actual size, covering about the left third of the signer's image,
    centred on it vertically.

    >>> b = seal_box(Box(0, 300, 400, 450, 460), (100.0, 100.0))
    >>> (b.left, b.right, b.bottom, b.top)
    (250.0, 350.0, 380.0, 480.0)
    """
    width, height = size
    right = signature.left + signature.width / 3
    centre_y = (signature.bottom + signature.top) / 2
    return Box(signature.page, right - width, centre_y - height / 2, right, centre_y + height / 2)


def attachment_box(pdf: Path) -> Box:
    """Return the box of an attachment's signature text: top right of its first page."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        width, height = document[0].get_size()
    finally:
        document.close()
    w, h = STAMP_SIZE
    top, right = STAMP_MARGIN
    return Box(0, width - right - w, height - top - h, width - right, height - top)
