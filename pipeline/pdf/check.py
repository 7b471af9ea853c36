"""Check a PDF before it is published: it is a PDF, its pages are all there, it is this document.

Read with pypdfium2 (PDFium, in-process, about 1 ms a page): the file must
open as a PDF with at least one page, no page may be blank, the first page must
carry the type name, and its text — all pages, without the page numbers at the
top of pages 2, 3, … — must be the text of the DOCX, paragraph after paragraph
and nothing else. So the PDF of an older version, of another document, with
pages lost, repeated or reordered fails. Text is compared with all white space
removed (lines wrapped by the layout still match), in Unicode NFKC, in one case.
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
    """What a right PDF of a document shows."""

    type_name: str
    """On the first page: the type name (KẾ HOẠCH, BÁO CÁO)."""
    paragraphs: tuple[str, ...]
    """The text of every paragraph of the DOCX, in order (table cells included)."""
    repeated: tuple[str, ...] = ()
    """The text of table header rows, which the PDF repeats at the top of each page a table runs on."""
    signature: tuple[str, ...] = ()
    """The lines of the signature block, beside Nơi nhận: a Nơi nhận that runs onto the next page puts its
    end after the signature in the PDF's reading order."""


def _squeeze(text: str) -> str:
    """Return text without white space, in NFKC and one case; PDFium's mark for a hyphen that ends a
    line (U+FFFE) is the hyphen it is."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text.replace("\ufffe", "-"))).casefold()


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
    if _squeeze(expected.type_name) not in pages[0]:
        return f"trang đầu của PDF không có {expected.type_name!r}: không phải văn bản này, hoặc bị lỗi phông chữ"
    wanted = "".join(_squeeze(t) for t in expected.paragraphs)
    whole = _without_repeats(pages, wanted, [_squeeze(r) for r in expected.repeated if _squeeze(r)])
    if whole != wanted and expected.signature:
        whole, wanted = _without_signature(whole, wanted, "".join(_squeeze(t) for t in expected.signature))
    if whole != wanted:
        return f"chữ trong PDF khác DOCX {_where(wanted, whole)}: PDF của bản cũ, của văn bản khác, thiếu hay thừa trang"
    return None


def _where(wanted: str, found: str) -> str:
    """Say where two squeezed texts part: the text before, and what each has there."""
    at = next((i for i, (a, b) in enumerate(zip(wanted, found, strict=False)) if a != b), min(len(wanted), len(found)))
    return f"từ sau {wanted[max(0, at - 30) : at]!r} (DOCX có {wanted[at : at + 30] or 'hết'!r}, PDF có {found[at : at + 30] or 'hết'!r})"


def _without_signature(whole: str, wanted: str, block: str) -> tuple[str, str]:
    """Return both texts without the signature block that follows Nơi nhận: where it sits among the recipients
    depends on the page a long list breaks on; every other word is still compared in order."""
    start = wanted.rfind("nơinhận:")
    at_wanted, at_whole = wanted.find(block, start), whole.find(block, whole.rfind("nơinhận:"))
    if start < 0 or at_wanted < 0 or at_whole < 0:
        return whole, wanted
    return whole[:at_whole] + whole[at_whole + len(block) :], wanted[:at_wanted] + wanted[at_wanted + len(block) :]


def _without_repeats(pages: list[str], wanted: str, headers: list[str]) -> str:
    """Return the pages' text without the header rows a table repeats at the top of a page it runs on to
    (a header row where the document has it is kept).

    >>> _without_repeats(["abhead1head2row1", "head1head2row2"], "abhead1head2row1row2", ["head1", "head2"])
    'abhead1head2row1row2'
    """
    whole = ""
    for text in pages:
        for header in headers:  # in order: a table may repeat several header rows
            if whole and text.startswith(header) and not wanted.startswith(header, len(whole)):
                text = text[len(header) :]
        whole += text
    return whole


def _without_number(text: str, number: int) -> str:
    """Return a page's text without its page number, printed first at the top of pages 2, 3, … (an appendix
    numbers its own pages from 1, so the number may be lower than the page's place in the file)."""
    first, _, rest = text.lstrip().partition("\n")
    shown = first.strip()
    return rest if number > 1 and shown.isdigit() and 1 < int(shown) <= number else text
