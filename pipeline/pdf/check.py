"""Check a PDF before it is published: it is a PDF, its pages are all there, it is this document.

Read with pypdfium2 (PDFium, in-process, about 1 ms a page): the file must
open as a PDF with at least one page, no page may be blank, the first page must
carry the type name and the trích yếu, the last page the signer's name, and
the text of every paragraph of the DOCX must be in it — so a PDF of an older
version, of another document, or with pages missing fails. Text is compared
with all white space removed (lines wrapped by the layout still match) and
without the page numbers at the top of pages 2, 3, ….
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
    paragraphs: tuple[str, ...] = ()
    """The text of every paragraph of the DOCX (table cells included)."""


def _squeeze(text: str) -> str:
    """Return text without white space, in NFC and one case; PDFium's mark for a hyphen that ends a
    line (U+FFFE) is the hyphen it is."""
    return _SPACE.sub("", unicodedata.normalize("NFC", text.replace("\ufffe", "-"))).casefold()


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
        raw = page_texts(path)
    except ValueError:
        return "tệp PDF hỏng hoặc bị cắt dở, không mở được"
    pages = [_squeeze(_without_number(t, i + 1)) for i, t in enumerate(raw)]
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
    whole = "".join(pages)
    missing = [t for t in expected.paragraphs if _squeeze(t) not in whole]
    if missing:
        return (f"PDF thiếu {len(missing)} đoạn của văn bản (ví dụ {_short(missing[0])!r}): PDF của bản cũ, "
                "của văn bản khác, hoặc bị mất trang")
    return None


def _without_number(text: str, number: int) -> str:
    """Return a page's text without its page number, printed first at the top of pages 2, 3, …"""
    first, _, rest = text.lstrip().partition("\n")
    return rest if number > 1 and first.strip() == str(number) else text


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
