"""Problems found in the data, located for a clerk.

Every check in the pipeline reports a :class:`Problem` instead of raising, so a
run can list all of them at once, sorted by file and line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u00a0\u00ad\u2007\u200b-\u200f\u2028-\u202f\u2060-\u2069\ufeff\ufffe\uffff]")


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

    >>> key_path(("noi_dung", 0, "noi_dung", 2, "muc")), key_path(("han", "Đăng ký"))
    ('noi_dung[1].noi_dung[3].muc', "han['Đăng ký']")
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        elif not re.fullmatch(r"\w+", str(part)):  # a key typed with spaces or signs: shown as typed, in quotes
            text += f"[{str(part)!r}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def quote(value: object, limit: int = 60) -> str:
    """Quote a received value for a message, shortened when long, invisible characters shown.

    >>> quote("15/3/2024")
    "'15/3/2024'"
    >>> quote("Kế\u200bhoạch")
    "'Kế⟨U+200B⟩hoạch'"
    """
    text = value if isinstance(value, str) else "không có gì (~)" if value is None else repr(value)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return "'" + _INVISIBLE.sub(lambda m: f"⟨U+{ord(m[0]):04X}⟩", text) + "'"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return "; có phải ý bạn là '<closest>'?" for a mistyped name, or "" when nothing is close.

    >>> did_you_mean("bao_coa", ["ke_hoach", "bao_cao"]), did_you_mean("xyz", ["bao_cao"])
    ("; có phải ý bạn là 'bao_cao'?", '')
    """
    guess = difflib.get_close_matches(str(word), sorted(map(str, choices)), n=1, cutoff=0.6)
    return f"; có phải ý bạn là {quote(guess[0])}?" if guess else ""
