"""Check a PDF before it is published: it is a PDF, its pages are all there, it is this document.

Read with pypdfium2 (PDFium, in-process, about 1 ms a page): the file must
open as a PDF with at least one page, no page may be blank, the first page must
carry the type name and the trích yếu, and the last page the signer's name
(the end of the document, so a truncated PDF fails). Text is compared with all
white space removed, so lines wrapped by the layout still match.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Expected:
    """Texts a right PDF of a document shows."""

    first_page: tuple[str, ...]
    """On the first page: the type name and the trích yếu."""
    last_page: tuple[str, ...]
    """On the last page: the signer's name."""


def _squeeze(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFC", text)).casefold()


def page_texts(path: Path) -> list[str]:
    """Return the text of each page; raise ValueError if the file is not a readable PDF."""
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise ValueError(str(exc)) from None
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def check(path: Path, expected: Expected) -> str | None:
    """Return what is wrong with the PDF, in Vietnamese, or None when it is right."""
    try:
        head = path.read_bytes()[:5]
    except OSError:
        return "không đọc được tệp PDF"
    if head != b"%PDF-":
        return "tệp không phải là PDF"
    try:
        pages = [_squeeze(t) for t in page_texts(path)]
    except ValueError:
        return "tệp PDF hỏng hoặc bị cắt dở, không mở được"
    if not pages:
        return "tệp PDF không có trang nào"
    blank = [i + 1 for i, text in enumerate(pages) if not text]
    if blank:
        return f"trang {', '.join(map(str, blank))} của PDF trống"
    missing = [t for t in expected.first_page if _squeeze(t) not in pages[0]]
    if missing:
        return f"trang đầu của PDF không có {missing[0]!r}: không phải văn bản này, hoặc bị lỗi phông chữ"
    missing = [t for t in expected.last_page if _squeeze(t) not in pages[-1]]
    if missing:
        return f"trang cuối của PDF không có {missing[0]!r}: PDF thiếu phần cuối văn bản"
    return None
