"""Write OPC packages (the zip inside a .docx) byte for byte the same every time.

A template's parts that rendering does not change (styles, fonts, theme, numbering: with a template saved by Word
the styles part alone is hundreds of kilobytes) are deflated once, by :class:`Member`, and copied into every
document as they are; only the rendered parts are deflated per document. The bytes are exactly those Python's
zipfile writes for the same parts (fixed order, timestamps and attributes, deflate level 6): the tests compare them.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FIRST = "[Content_Types].xml"  # must lead the package
LEVEL = 6
_DOS_DATE = (FIXED_TIME[0] - 1980) << 9 | FIXED_TIME[1] << 5 | FIXED_TIME[2]
_DOS_TIME = FIXED_TIME[3] << 11 | FIXED_TIME[4] << 5 | FIXED_TIME[5] // 2
_VERSION = 20  # deflate: what zipfile writes as the version made by and needed to extract
_ATTRIBUTES = 0o644 << 16
_UTF8_NAME = 0x800


@dataclass(frozen=True)
class Member:
    """One part, deflated: what a zip holds for it, ready to be copied into any package."""

    crc: int
    size: int
    deflated: bytes

    @classmethod
    def of(cls, data: bytes) -> Member:
        compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
        return cls(zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


def pack(parts: dict[str, bytes | Member]) -> bytes:
    """Return a zip of the parts: fixed order, timestamps and attributes, deflated (a Member is copied as it is).

    >>> unpack(pack({"b.xml": b"<b/>", FIRST: Member.of(b"<Types/>")}))
    {'[Content_Types].xml': b'<Types/>', 'b.xml': b'<b/>'}
    """
    out, directory = io.BytesIO(), []
    for name in sorted(parts, key=lambda n: (n != FIRST, n)):
        part = parts[name]
        member = part if isinstance(part, Member) else Member.of(part)
        encoded, flags = _name(name)
        offset = out.tell()
        # what the local header and the central directory both say of the member, in the same order
        shared = (flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, member.crc, len(member.deflated), member.size, len(encoded))
        out.write(struct.pack("<4s2B4HL2L2H", b"PK\003\004", _VERSION, 0, *shared, 0) + encoded + member.deflated)
        # made on MS-DOS (the attributes are read as they are); no extra field, comment, disk or internal attributes
        directory.append(
            struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", _VERSION, 0, _VERSION, 0, *shared, 0, 0, 0, 0, _ATTRIBUTES, offset) + encoded
        )
    start = out.tell()
    for entry in directory:
        out.write(entry)
    out.write(struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(directory), len(directory), out.tell() - start, start, 0))
    return out.getvalue()


def _name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8_NAME


def unpack(data: bytes) -> dict[str, bytes]:
    """Return the parts of a package by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
