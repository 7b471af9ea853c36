"""Data text: placeholders and inline emphasis.

Clerks may write ``{{ nam }}``, ``{{ nam - 1 }}``, ``{{ ky_niem.<id> }}``,
``{{ han.<id> }}`` (and, in reports, ``{{ kq.<name> }}``) inside any text, the
formatting filters of :data:`FILTERS` (``{{ kq.tong | chu }}``), and
``**bold**`` / ``*italic*``. Nothing else of the template language runs: each
expression is parsed and only names, attribute access, constants, ``+``,
``-`` and those filters are accepted, then evaluated in Jinja's sandbox where a
dot reaches only the named parts of a :class:`Fields` value (``kq.items`` or
``nam.real`` are errors, not a method or a memory address in the document).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, UndefinedError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from pipeline import vn
from pipeline.data.problems import Problem, did_you_mean, quote

FILTERS = {
    "so": vn.format_number,  # 1234 -> "1.234"
    "so_dem": vn.format_count,  # 3 -> "03"
    "chu": vn.number_to_words,  # 45 -> "bốn mươi lăm"
    "tien_chu": vn.money_in_words,  # 15000000 -> "Mười lăm triệu đồng"
    "la_ma": vn.format_roman,  # 6 -> "VI"
    "thu_tu": vn.format_ordinal,  # 2 -> "thứ hai"
}
"""Formatting usable in data text and templates as filters: ``{{ kq.tong | chu }}``."""


class Fields(Mapping):
    """A placeholder value with named parts (``ky_niem.<id>.so_nam``): a dot reaches only these
    parts, never a Python attribute. ``text`` is what the value prints as; without it the value
    only groups its parts and printing it is an error."""

    def __init__(self, parts: Mapping[str, Any], text: str | None = None):
        self._parts = {k: Fields(v) if isinstance(v, dict) else v for k, v in parts.items()}
        self.text = text

    def __getitem__(self, name: str) -> Any:
        return self._parts[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)

    def __str__(self) -> str:
        if self.text is None:
            raise TypeError("a group of values is not printable")
        return self.text


class _DataEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox of data text: a dot reads a named part of a Fields value and nothing else."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Undefined):
            return obj  # a name that does not exist: reported as such, with the names there are
        if not isinstance(obj, Fields):
            raise SecurityError(f"{type(obj).__name__} has no parts")
        if attribute in obj:
            return obj[attribute]
        return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        return self.getattr(obj, argument) if isinstance(argument, str) else self.undefined(obj=obj, name=str(argument))


def _finite(name: str, spell: Callable[..., str]) -> Callable[..., str]:
    """Return a filter for data text that refuses what no document prints: infinity, not-a-number, 10^15 and more."""

    def checked(value: Any, *args: Any, **kwargs: Any) -> str:
        if isinstance(value, float) and not (math.isfinite(value) and abs(value) < 1e15):
            raise ValueError(f"{name}: {value!r}")
        return spell(value, *args, **kwargs)

    return checked


_ENV = _DataEnvironment(undefined=StrictUndefined, autoescape=False)
_ENV.filters = {name: _finite(name, spell) for name, spell in FILTERS.items()}  # none of Jinja's own filters
_ALLOWED = (nodes.Template, nodes.Output, nodes.Name, nodes.Getattr, nodes.Const, nodes.Add, nodes.Sub, nodes.Filter, nodes.Keyword)
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_STATEMENT = re.compile(r"\{%|%\}|\{#|#\}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\n\u00a0]+")  # any white space but a chosen line break and the no-break space of blanks
_BREAK = re.compile(r" ?\n[\s]*")
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*")


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False


class Runs(tuple):
    """Rich text: a tuple of Run, rendered as formatted runs."""


class _NotAllowed(Exception):
    """A placeholder uses more of the template language than data may."""


@lru_cache(maxsize=4096)
def _compile(expression: str) -> Callable[..., Any]:
    """Return the evaluator of one placeholder; raise _NotAllowed if it uses what data may not."""
    tree = _ENV.parse("{{" + expression + "}}")
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, _ALLOWED):
            raise _NotAllowed(node.__class__.__name__)
    return _ENV.compile_expression(expression, undefined_to_none=False)


class Expander:
    """Expand the placeholders of data text for one document, collecting problems."""

    def __init__(self, values: dict[str, Any], locate: Callable[[tuple, str, str], Problem]):
        self.values = {k: Fields(v) if isinstance(v, dict) else v for k, v in values.items()}
        self.locate, self.problems = locate, []

    def plain(self, text: str, path: tuple) -> str:
        """Return the text on one line with its placeholders replaced (emphasis marks kept)."""
        if _CONTROL.search(text):
            self._fail(path, "có ký tự điều khiển không in được; hãy xóa và gõ lại đoạn này")
            text = _CONTROL.sub("", text)
        text = _BREAK.sub("\n", _SPACES.sub(" ", text).strip())
        if _STATEMENT.search(text):
            self._fail(path, "chỉ được dùng chỗ giữ chỗ dạng {{ ... }}; không dùng {% %} hay {# #} trong dữ liệu")
            return text
        text = _PLACEHOLDER.sub(lambda m: self._value(m[1], path), text)
        if "{{" in text or "}}" in text:
            self._fail(path, "chỗ giữ chỗ chưa đóng hoặc chưa mở: mỗi '{{' cần một '}}' (ví dụ {{ nam }})")
        return text

    def runs(self, text: str, path: tuple, *, prefix: str = "", suffix: str = "") -> Runs:
        """Return the expanded text as formatted runs, with plain prefix and suffix."""
        parts = emphasis(self.plain(text, path))
        if any("**" in r.text for r in parts):
            self._fail(path, "dấu '**' (chữ đậm) chưa đóng: viết **chữ đậm** với hai dấu ** ở cả hai đầu")
        return Runs(r for r in (Run(prefix), *parts, Run(suffix)) if r.text)

    def _value(self, expression: str, path: tuple) -> str:
        try:
            result = _compile(expression.strip())(**self.values)
            if isinstance(result, Undefined):
                raise UndefinedError(str(expression))
            if isinstance(result, Fields) and result.text is None:
                return self._fail(
                    path,
                    f"chỗ giữ chỗ {quote('{{' + expression + '}}')} là một nhóm, cần chọn một mục: "
                    f"dùng {{{{ {expression.strip()}.<tên> }}}} với tên là: {', '.join(result)}",
                )
            if isinstance(result, float) and not (math.isfinite(result) and abs(result) < 1e15):
                raise ValueError("out of range")
            if isinstance(result, float) and result.is_integer():
                result = int(result)  # 1e14 prints as 100000000000000, not 100000000000000.0
            if not isinstance(result, (str, int, float, Fields)) or isinstance(result, bool):
                raise TypeError(type(result).__name__)
            return str(result)
        except TemplateSyntaxError as exc:
            if "filter" in str(exc.message):
                return self._fail(
                    path, f"chỗ giữ chỗ {quote('{{' + expression + '}}')}: không có bộ lọc này; dùng được: {', '.join(FILTERS)}"
                )
            return self._fail(
                path,
                f"chỗ giữ chỗ {quote('{{' + expression + '}}')} viết sai: kiểm tra tên, dấu chấm, dấu "
                "ngoặc và dấu | (ví dụ {{ nam - 1 }}, {{ (nam - 1) | chu }})",
            )
        except (_NotAllowed, SecurityError):
            return self._fail(
                path,
                f"chỗ giữ chỗ {quote('{{' + expression + '}}')} không được phép; chỉ dùng tên, dấu chấm "
                f"(ky_niem.<mã>, han.<mã>, kq.<tên>), + và -, và bộ lọc {', '.join(FILTERS)}",
            )
        except (ValueError, ArithmeticError, LookupError, NameError):
            return self._fail(
                path,
                f"chỗ giữ chỗ {quote('{{' + expression + '}}')}: bộ lọc không dùng được với giá trị này "
                "hoặc số không dùng được (ví dụ số âm, số quá lớn, hay chữ thay cho số)",
            )
        except UndefinedError:
            return self._fail(path, f"chỗ giữ chỗ {quote('{{' + expression + '}}')} không có giá trị{self._hint(expression)}")
        except (TypeError, AttributeError):
            return self._fail(
                path,
                f"chỗ giữ chỗ {quote('{{' + expression + '}}')}: không tính được (phép tính hoặc bộ lọc không "
                "hợp với giá trị này); bộ lọc dùng sau một phép tính thì đặt phép tính trong ngoặc: "
                "{{ (nam - 1) | chu }}",
            )

    def _hint(self, expression: str) -> str:
        chain = re.match(r"\s*([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)", expression)
        names = [n.strip() for n in chain[1].split(".")] if chain else []
        if names and names[0] not in self.values:
            names = names[:1]  # the first name is unknown: suggest among the names there are
        table: Any = self.values
        for name in names[:-1]:
            table = table.get(name) if isinstance(table, Mapping) else None
        choices = list(table) if isinstance(table, Mapping) else []
        if guess := did_you_mean(names[-1] if names else "", choices):
            return guess
        return f"; dùng được: {', '.join(sorted(choices))}" if choices else ""

    def _fail(self, path: tuple, message: str) -> str:
        self.problems.append(self.locate(path, message))
        return ""


def lint(text: str) -> list[str]:
    """Return what is wrong with the placeholders of a text on their own, before any value is known.

    >>> lint("năm {{ nam }"), lint("{{ nam.__class__ }}"), lint("{{ nam }}")
    (["chỗ giữ chỗ chưa đóng hoặc chưa mở: mỗi '{{' cần một '}}' (ví dụ {{ nam }})"], ["chỗ giữ chỗ '{{ nam.__class__ }}' có tên bắt đầu bằng '_'"], [])
    """
    found = []
    if _STATEMENT.search(text):
        found.append("chỉ được dùng chỗ giữ chỗ dạng {{ ... }}; không dùng {% %} hay {# #} trong dữ liệu")
    rest = _PLACEHOLDER.sub(" ", text)
    if "{{" in rest or "}}" in rest:
        found.append("chỗ giữ chỗ chưa đóng hoặc chưa mở: mỗi '{{' cần một '}}' (ví dụ {{ nam }})")
    for match in _PLACEHOLDER.finditer(text):
        try:
            _compile(match[1].strip())
        except TemplateSyntaxError:
            found.append(f"chỗ giữ chỗ {quote(match[0])} viết sai: kiểm tra tên, dấu chấm, dấu ngoặc và dấu |")
        except (_NotAllowed, SecurityError):
            found.append(f"chỗ giữ chỗ {quote(match[0])} không được phép; chỉ dùng tên, dấu chấm, + và -, và bộ lọc")
        if re.search(r"(^|\.)\s*_", match[1].strip()):
            found.append(f"chỗ giữ chỗ {quote(match[0])} có tên bắt đầu bằng '_'")
    return found


def emphasis(text: str) -> list[Run]:
    """Split ``**bold**`` and ``*italic*`` marks into runs.

    >>> emphasis("hạn **31/01/2024** và *ghi chú*")
    [Run(text='hạn ', bold=False, italic=False), Run(text='31/01/2024', bold=True, italic=False), Run(text=' và ', bold=False, italic=False), Run(text='ghi chú', bold=False, italic=True)]
    """
    runs, last = [], 0
    for match in _EMPHASIS.finditer(text):
        runs.append(Run(text[last : match.start()]))
        runs.append(Run(match[1], bold=True) if match[1] else Run(match[2], italic=True))
        last = match.end()
    runs.append(Run(text[last:]))
    return [r for r in runs if r.text]


def plain_text(runs: Runs) -> str:
    """Return the text of runs without formatting."""
    return "".join(r.text for r in runs)
