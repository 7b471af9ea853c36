"""Take the clock out of LibreOffice's PDF: its dates come from the data, its ids from the DOCX.

LibreOffice 7 writes the conversion time as ``/CreationDate`` (and, in a PDF/A,
as ``xmp:CreateDate`` in the XMP metadata, which must agree with it), and an
``/ID`` and ``/DocChecksum`` that depend on it, so two conversions of the same
DOCX differ. Each is replaced in place by a value of the same length (the document's
date from the data; hashes of the DOCX), so no offset of the file moves and the
same DOCX always gives the same PDF bytes. A PDF that does not have exactly one
of each is left as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

_DATE = re.compile(rb"/CreationDate\(D:(\d{14})")
_ID = re.compile(rb"/ID \[ <([0-9A-F]{32})>\s*<([0-9A-F]{32})> \]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-F]{32})")
_XMP_DATE = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ</xmp:")


def settle(data: bytes, date: dt.date, key: bytes) -> bytes:
    """Return the PDF with its creation date set to date and its ids derived from key (same length).

    >>> pdf = b"/CreationDate(D:20261126014942Z')>> /ID [ <" + b"A" * 32 + b">\\n<" + b"A" * 32 + b"> ]"
    >>> settle(pdf, dt.date(2024, 2, 28), b"docx")[:31]
    b'/CreationDate(D:20240228000000Z'
    >>> xmp = b"<xmp:CreateDate>2026-11-26T05:57:52Z</xmp:CreateDate>"
    >>> settle(pdf + xmp, dt.date(2024, 2, 28), b"docx")[-53:]
    b'<xmp:CreateDate>2024-02-28T00:00:00Z</xmp:CreateDate>'
    """
    if len(_DATE.findall(data)) != 1 or len(_ID.findall(data)) != 1 or len(_CHECKSUM.findall(data)) > 1:
        return data
    ident = hashlib.md5(b"id\0" + key).hexdigest().upper().encode()  # noqa: S324 - an identifier, not security
    checksum = hashlib.md5(b"checksum\0" + key).hexdigest().upper().encode()  # noqa: S324
    data = _DATE.sub(lambda m: b"/CreationDate(D:" + date.strftime("%Y%m%d").encode() + b"000000", data)
    data = _XMP_DATE.sub(lambda m: b"<xmp:" + m[1] + b">" + date.strftime("%Y-%m-%d").encode() + b"T00:00:00Z</xmp:", data)
    data = _ID.sub(lambda m: m[0].replace(m[1], ident).replace(m[2], ident), data)
    return _CHECKSUM.sub(b"/DocChecksum /" + checksum, data)


def settle_file(pdf: Path, date: dt.date, docx: Path) -> None:
    """Settle a PDF file in place (it is in the staging folder), keyed on the DOCX it was made from."""
    pdf.write_bytes(settle(pdf.read_bytes(), date, hashlib.sha256(docx.read_bytes()).digest()))
