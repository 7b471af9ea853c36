"""Problems found in the data, located for a clerk.

Every check in the pipeline reports a :class:`Problem` instead of raising, so a
run can list all of them at once, sorted by file and line.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located mistake: ``file:line:column: key: message`` (message in Vietnamese)."""

    file: str
    line: int
    column: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class DataError(Exception):
    """Raised when data cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))


def key_path(path: tuple) -> str:
    """Return a key path as a clerk reads it.

    >>> key_path(("noi_dung", 0, "noi_dung", 2, "muc"))
    'noi_dung[1].noi_dung[3].muc'
    """
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def quote(value: object, limit: int = 60) -> str:
    """Quote a received value for a message, shortened when long.

    >>> quote("15/3/2024")
    "'15/3/2024'"
    """
    text = value if isinstance(value, str) else repr(value)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"'{text}'"
