"""Write OPC packages (the zip inside a .docx) byte for byte the same every time."""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FIRST = "[Content_Types].xml"  # must lead the package


def pack(parts: dict[str, bytes]) -> bytes:
    """Return a zip of the parts: fixed order, timestamps and attributes, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(parts, key=lambda n: (n != FIRST, n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name], compresslevel=6)
    return buffer.getvalue()


def unpack(data: bytes) -> dict[str, bytes]:
    """Return the parts of a package by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
