"""YAML files read as the clerk typed them, with the line and column of every key and value.

The only module that imports the YAML library. libyaml (PyYAML's C parser) gives
the events and we compose them here, without recursion, so that:

- every scalar stays the text that was typed: ``8:30``, ``no``, ``0x10``,
  ``1_000`` and ``2024-01-15`` are text, and the schema gives them a type
  (only an empty value, ``~`` and ``null`` mean "nothing");
- tags (``!!python/...``), anchors and aliases are refused, duplicate keys reported;
- a file larger than :data:`MAX_FILE_BYTES`, nesting deeper than
  :data:`MAX_DEPTH` and a value longer than :data:`MAX_TEXT` are refused
  before anything else reads them;
- characters that do not belong in a document are found in the raw text,
  with their line and column: control and bidirectional characters are errors,
  zero-width characters and no-break spaces are warnings (removed, or made
  ordinary spaces);
- text is normalised to NFC, and the places that were not are recorded.
"""

from __future__ import annotations

import bisect
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.data.problems import DataError, Problem, key_path, quote
from pipeline.oserrors import describe
from pipeline.vn.numbers import format_number

MAX_FILE_BYTES = 1024 * 1024
"""Largest data file read (1 MiB): the longest real document is about 25 KB."""
MAX_DEPTH = 30
"""Deepest nesting of lists and keys: an outline of 5 numbered levels needs about 14."""
MAX_TEXT = 5000
"""Longest single value, in characters (a paragraph); the longest real one has about 1,600."""

Path_ = tuple  # a key path: ("noi_dung", 0, "muc")
NULLS = frozenset({"", "~", "null", "Null", "NULL"})

# Characters that make a document wrong while the file looks right.
_CONTROL = "\x00-\x08\x0b-\x0d\x0e-\x1f\x7f-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_SEPARATORS = "\u2028\u2029"
_NONCHAR = "\ufffd\ufffe\uffff"
_ZERO_WIDTH = "\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0\U000e0000-\U000e007f"
_NO_BREAK = "\u00a0\u2007\u202f"
_SUSPECT = re.compile(f"[{_CONTROL}{_BIDI}{_SEPARATORS}{_NONCHAR}{_ZERO_WIDTH}{_NO_BREAK}]")
_ERROR_CHARS = re.compile(f"[{_CONTROL}{_BIDI}{_SEPARATORS}{_NONCHAR}]")
_CLEAN = {
    **{
        c: None
        for c in [
            *range(0x200B, 0x2010),
            *range(0x2060, 0x2065),
            *range(0xE0000, 0xE0080),
            0xFEFF,
            0xAD,
            0x34F,
            0x61C,
            0x115F,
            0x1160,
            0x17B4,
            0x17B5,
            0x180E,
            0x2800,
            0x3164,
            0xFFA0,
        ]
    },
    0xA0: " ",
    0x2007: " ",
    0x202F: " ",
}


def describe_char(char: str) -> tuple[bool, str]:
    """Return (is an error, what to tell the clerk) for a suspect character.

    >>> describe_char("\\u202e")[0], describe_char("\\u200b")[0]
    (True, False)
    """
    code = f"U+{ord(char):04X}"
    if _ERROR_CHARS.match(char):
        if re.match(f"[{_BIDI}]", char):
            return True, (
                f"có ký tự điều khiển hướng chữ {code} (vô hình): bản in sẽ hiện chữ bị đảo ngược dù tệp trông "
                "bình thường; hãy xóa đoạn đó và gõ lại"
            )
        if char == "\ufffd":
            return True, f"có ký tự thay thế '\ufffd' ({code}): chữ đã hỏng khi chép hoặc đổi mã; hãy gõ lại chữ đó"
        return True, f"có ký tự điều khiển {code} (vô hình, không in được); hãy xóa đoạn đó và gõ lại"
    if re.match(f"[{_NO_BREAK}]", char):
        return False, f"có dấu cách không ngắt {code} (thường do chép từ Word hoặc web); đã đổi thành dấu cách thường"
    return False, f"có ký tự vô hình {code} (thường do chép từ Word hoặc web); đã bỏ khi dựng văn bản"


@dataclass
class Source:
    """A loaded YAML file: its data, where each key path stands, and what loading found."""

    name: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    not_nfc: list[Path_] = field(default_factory=list)
    """Paths of text that was not in Unicode NFC in the file (normalised on load)."""
    plain: set[Path_] = field(default_factory=set)
    """Paths of scalars written without quotes (a YAML-aware editor may read them as numbers)."""
    problems: list[Problem] = field(default_factory=list)
    """Errors found while reading (bad characters, values too long): the document is refused."""
    warnings: list[Problem] = field(default_factory=list)
    """Warnings found while reading (invisible characters that were cleaned)."""

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Return (line, column) of the path, or of its nearest located parent."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            where = table.get(path[:end]) or self.values.get(path[:end])
            if where:
                return where
        return (1, 1)

    def problem(self, path: Path_, key: str, message: str, *, at_key: bool = False) -> Problem:
        """Return a Problem located at path."""
        line, column = self.locate(path, key=at_key)
        return Problem(self.name, line, column, key, message)


def _key(path: Path_) -> str:
    return key_path(tuple(p if isinstance(p, (str, int)) else "" for p in path))


class _Refused(Exception):
    """A construct the data must not use; carries the mark and the Vietnamese message."""

    def __init__(self, mark: yaml.Mark, message: str):
        super().__init__(message)
        self.mark, self.message = mark, message


@dataclass
class _Open:
    """A mapping or list being composed."""

    value: dict | list
    path: Path_
    key: Any = None
    key_mark: yaml.Mark | None = None
    waiting_key: bool = True


class _Composer:
    """Turn libyaml events into plain values (dicts, lists, text, None), iteratively."""

    def __init__(self, source: Source, spans: list[tuple[tuple[int, int], tuple[int, int], Path_]]):
        self.source, self.spans, self.stack = source, spans, []

    def compose(self, events) -> Any:
        root, documents = None, 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused(event.start_mark, "tệp có nhiều hơn một phần (dấu '---' giữa tệp); mỗi tệp chỉ là một văn bản")
            elif isinstance(event, yaml.AliasEvent):
                raise _Refused(event.start_mark, "không dùng tham chiếu '*' (alias) trong dữ liệu; hãy viết nội dung ra")
            elif isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self._refuse_marks(event)
                path = self._path()
                if isinstance(event, yaml.ScalarEvent):
                    value = self._scalar(event, path)
                else:
                    if len(self.stack) >= MAX_DEPTH:
                        raise _Refused(
                            event.start_mark,
                            f"dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp); hãy kiểm tra các dấu '[' '{{' và thụt đầu dòng",
                        )
                    value = {} if isinstance(event, yaml.MappingStartEvent) else []
                if path is None:  # a key
                    self._set_key(value, event)
                    continue
                if not isinstance(event, yaml.ScalarEvent):
                    self.source.values[path] = _mark(event.start_mark)
                root = self._place(value, event) if self.stack else value
                if not isinstance(event, yaml.ScalarEvent):
                    self.stack.append(_Open(value, path))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                self.stack.pop()
        return root

    def _refuse_marks(self, event) -> None:
        if event.anchor is not None:
            raise _Refused(event.start_mark, "không dùng neo '&' (anchor) trong dữ liệu; hãy viết nội dung ra")
        implicit = event.implicit[0] or event.implicit[1] if isinstance(event, yaml.ScalarEvent) else event.implicit
        if event.tag is not None and not implicit:
            shown = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(
                event.start_mark,
                f"thẻ YAML không được phép ({shown}); dữ liệu chỉ gồm văn bản, danh sách và khóa "
                "(văn bản bắt đầu bằng '!' cần đặt trong dấu nháy kép \"…\")",
            )

    def _path(self) -> Path_ | None:
        """Return the path of the next value, or None when the next node is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return top.path + (len(top.value),)
        return None if top.waiting_key else top.path + (top.key,)

    def _escaped(self, event: yaml.ScalarEvent, path: Path_) -> None:
        """Report the characters a double-quoted value holds through escapes (\\u202e): the same as typed ones."""
        for char in dict.fromkeys(_SUSPECT.findall(event.value)):
            error, message = describe_char(char)
            problem = Problem(self.source.name, *_mark(event.start_mark), _key(path), message)
            found = self.source.problems if error else self.source.warnings
            if problem not in found:
                found.append(problem)

    def _scalar(self, event: yaml.ScalarEvent, path: Path_ | None) -> str | None:
        plain = not event.style
        if plain and event.value in NULLS:
            value = None
        else:
            if event.style == '"' and path is not None and _SUSPECT.search(event.value):
                self._escaped(event, path)
            value = event.value.translate(_CLEAN)
            if plain:
                value = value.strip()  # a no-break space made ordinary at an end of a plain value: as if never typed
            if not unicodedata.is_normalized("NFC", value):
                if path is not None:
                    self.source.not_nfc.append(path)
                value = unicodedata.normalize("NFC", value)
        where = path if path is not None else self.stack[-1].path + (value,)  # a key names itself
        self.spans.append((_mark(event.start_mark), _mark(event.end_mark), where))
        if path is not None:
            self.source.values[path] = _mark(event.start_mark)
            if plain and value is not None:
                self.source.plain.add(path)
            if value is not None and len(value) > MAX_TEXT:
                self.source.problems.append(
                    self.source.problem(
                        path,
                        _key(path),
                        (
                            f"giá trị dài {format_number(len(value))} ký tự, quá giới hạn {format_number(MAX_TEXT)} ký tự của "
                            "một đoạn; hãy tách thành nhiều đoạn (hoặc kiểm tra có dán nhầm nội dung không)"
                        ),
                    )
                )
        return value

    def _set_key(self, key: Any, event) -> None:
        top = self.stack[-1]
        if not isinstance(event, yaml.ScalarEvent):
            raise _Refused(
                event.start_mark,
                "khóa phải là một chữ (ví dụ trich_yeu), không phải danh sách hay khóa con; "
                "nếu đây là chỗ giữ chỗ {{ … }} hay dấu '[' '{' ở đầu một giá trị, hãy đặt cả giá trị trong "
                'dấu nháy kép "…"',
            )
        top.key, top.key_mark, top.waiting_key = "~" if key is None else key, event.start_mark, False

    def _place(self, value: Any, event) -> Any:
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        else:
            path = top.path + (top.key,)
            if top.key in top.value:
                self.source.problems.append(
                    Problem(
                        self.source.name,
                        *_mark(top.key_mark),
                        _key(path),
                        f"khóa {quote(top.key)} bị lặp lại; mỗi khóa chỉ được viết một lần",
                    )
                )
            self.source.keys[path] = _mark(top.key_mark)
            top.value[top.key] = value
            top.waiting_key = True
        return self.stack[0].value


def _mark(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def read_text(path: Path, name: str) -> str:
    """Return the text of a data file; raise DataError saying why it cannot be read."""

    def refuse(message: str, line: int = 1, column: int = 1) -> DataError:
        return DataError([Problem(name, line, column, "", message)])

    if path.is_symlink() and not path.exists():
        raise refuse("là liên kết (symlink) trỏ tới tệp không còn tồn tại; hãy xóa liên kết này hoặc sửa đích của nó")
    if path.is_dir():
        raise refuse("là một thư mục, không phải tệp dữ liệu; hãy đổi tên thư mục (bỏ đuôi .yaml) hoặc chuyển nó ra chỗ khác")
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe would wait for ever, a device never end
            raise refuse("không phải một tệp thường (là ống dẫn, thiết bị hoặc liên kết tới chúng); hãy xóa hoặc đổi tên nó")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise refuse(
                f"tệp lớn {format_number(-(-size // 1024))} KB, quá giới hạn {format_number(MAX_FILE_BYTES // 1024)} KB "
                "(1 MB) của một tệp dữ liệu; có thể đã dán nhầm nội dung khác vào tệp"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise refuse(f"không đọc được tệp: {describe(exc)}") from None
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or raw.count(0) > len(raw) // 4:
        raise refuse("tệp lưu ở mã UTF-16 (Notepad gọi là 'Unicode'); hãy lưu lại với mã hóa UTF-8")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
        raise refuse(
            f"tệp không lưu ở mã UTF-8 (byte 0x{raw[exc.start]:02X} không hợp lệ; có thể là mã Windows-1258, "
            "TCVN3 hoặc VNI); hãy mở tệp và lưu lại với mã hóa UTF-8",
            line,
            column,
        ) from None


def load(path: Path, *, name: str | None = None) -> Source:
    """Return the file's Source; raise DataError with located problems if it is not usable YAML."""
    name = name or str(path)
    return parse(read_text(path, name), name)


def parse(text: str, name: str) -> Source:
    """Return the Source of YAML text; raise DataError with located problems if it is not usable."""
    source = Source(name, None)
    spans: list[tuple[tuple[int, int], tuple[int, int], Path_]] = []
    text = text.replace("\r\n", "\n")  # Windows line ends; a carriage return left alone is a control character
    if text.count("\r") > text.count("\n"):  # line ends of old Macs: the whole file would be one line
        at = text.index("\r")
        line = text.count("\n", 0, at) + 1
        raise DataError(
            [
                Problem(
                    name,
                    line,
                    at - (text.rfind("\n", 0, at) + 1) + 1,
                    "",
                    "tệp dùng ký tự CR làm dấu xuống dòng (kiểu máy Mac cũ), nên cả tệp chỉ là một dòng; hãy lưu "
                    "lại tệp với kiểu xuống dòng LF hoặc CRLF (Windows)",
                )
            ]
        )
    suspects = list(_SUSPECT.finditer(text))
    clean = _ERROR_CHARS.sub("\ufffd", text) if suspects else text  # libyaml refuses control characters
    syntax: list[Problem] = []
    try:
        source.data = _Composer(source, spans).compose(yaml.parse(clean, Loader=yaml.CSafeLoader))
    except _Refused as exc:
        syntax.append(Problem(name, *_mark(exc.mark), "", exc.message))
    except yaml.MarkedYAMLError as exc:
        mark = _syntax_mark(exc)
        found = clean[exc.problem_mark.index] if exc.problem_mark and exc.problem_mark.index < len(clean) else ""
        lines = clean.split("\n")
        line = min(mark.line + 1 if mark else 1, len(lines))  # libyaml may point just past the last line
        column = mark.column + 1 if mark and mark.line + 1 == line else 1
        while line > 1 and not lines[line - 1].strip():  # at the end of the file: the last line written
            line, column = line - 1, 1
        syntax.append(Problem(name, line, column, "", _syntax_message(exc, found) + _syntax_hint(lines, line)))
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports everything with a mark
        syntax.append(Problem(name, 1, 1, "", f"lỗi cú pháp YAML ({type(exc).__name__})"))
    _report_characters(source, text, suspects, spans)
    if syntax:
        raise DataError(syntax + source.problems)
    _report_lost_text(source, text, spans)
    return source


_LOST = re.compile(r"[ \t]+#\S")


def _report_lost_text(source: Source, text: str, spans: list) -> None:
    """Warn where ' #' right after a plain value on its line starts a comment that looks like text (#1, #tag):
    YAML drops it silently, and the clerk meant it to print."""
    lines = text.split("\n")
    for start, end, path in spans:
        if path in source.plain and start[0] == end[0] and end[0] <= len(lines) and " " in str(_value_at(source.data, path)):
            rest = lines[end[0] - 1][end[1] - 1 :]
            if _LOST.match(rest):
                where = end[1] + rest.index("#")
                source.warnings.append(
                    Problem(
                        source.name,
                        end[0],
                        where,
                        _key(path),
                        "phần từ ' #' trở đi bị coi là ghi chú "
                        'và không được in; nếu đó là nội dung, hãy đặt cả giá trị trong dấu nháy kép "…"',
                    )
                )


def _value_at(data: Any, path: Path_) -> Any:
    """Return the value at a path, or None where the path does not lead (a key whose value is missing)."""
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


_CLOSED_EARLY = re.compile(r"""^\s*(- |[\w-]+: )?(?:'[^']*'[^'\s,\]}#]|"[^"]*"[^"\s,\]}#])""")


def _syntax_hint(lines: list[str], line: int) -> str:
    """Return a hint from the line a syntax error points at (or the one above): what a clerk most likely typed."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    above = lines[line - 2] if 1 < line <= len(lines) + 1 else ""
    if _CLOSED_EARLY.search(text):
        return (
            "; dấu nháy đóng giữa chừng: trong nháy đơn '…' muốn có dấu ' thì viết hai lần (''), hoặc đặt cả giá trị trong "
            'dấu nháy kép "…"'
        )
    if re.search(r"\s#\S", above) and not above.lstrip().startswith("#"):
        return (
            "; dòng trên có ' #' nên phần sau bị coi là ghi chú và dòng này bị hiểu sai: hãy đặt cả giá trị dòng trên "
            'trong dấu nháy kép "…"'
        )
    if "{{" in text and re.search(r"\[[^\]]*\{\{", text):
        return "; chỗ giữ chỗ {{ … }} bên trong [ … ] cần đặt trong dấu nháy đơn, ví dụ [Năm trước, 'Năm {{ nam - 1 }}']"
    if "：" in text:
        return "; dòng này có dấu hai chấm toàn độ rộng '：' (của bộ gõ tiếng Trung, Nhật): hãy gõ lại dấu ':' thường"
    if re.match(r"\s*(-\s+|[\w-]+:\s+)[\[{]", text):
        return "; giá trị bắt đầu bằng '[' hoặc '{' được hiểu là danh sách: nếu là văn bản, hãy đặt cả giá trị trong dấu nháy kép \"…\""
    return ""


def _report_characters(source: Source, text: str, suspects: list[re.Match], spans: list) -> None:
    """Add a located problem or warning for each suspect character, one per kind and value."""
    if not suspects:
        return
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    spans.sort()
    seen = set()
    for match in suspects:
        line = bisect.bisect_right(starts, match.start())
        where = (line, match.start() - starts[line - 1] + 1)
        at = bisect.bisect_right(spans, (where, (10**9, 0))) - 1
        path = spans[at][2] if at >= 0 and spans[at][0] <= where < spans[at][1] else None
        if path is None:
            continue  # in a comment or between tokens: never printed (libyaml saw it replaced)
        error, message = describe_char(match[0])
        if (path, message) in seen or any(p.key == _key(path) and p.message == message for p in source.problems + source.warnings):
            continue  # already reported (an escape in the same value)
        seen.add((path, message))
        key = _key(path)
        (source.problems if error else source.warnings).append(Problem(source.name, *where, key, message))


SYNTAX = (
    ("exceeded maximum nesting depth", f"dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp); hãy kiểm tra các dấu '[' '{{' và thụt đầu dòng"),
    ("could not find expected ':'", "thiếu dấu ':' sau khóa, hoặc dòng này thụt đầu dòng sai"),
    (
        "mapping values are not allowed",
        "dấu ':' ở chỗ không được phép: dòng thụt đầu dòng sai, hoặc văn bản có ': ' cần đặt trong dấu nháy kép \"…\"",
    ),
    ("expected ',' or ']'", "dấu '[' chưa được đóng bằng ']'"),
    ("expected ',' or '}'", "dấu '{' chưa được đóng bằng '}'"),
    ("did not find expected key", "thụt đầu dòng không khớp với các dòng phía trên"),
    ("did not find expected '-'", "thụt đầu dòng không khớp với danh sách phía trên"),
    ("did not find expected node content", "thiếu giá trị, hoặc dấu '-' ',' ở chỗ không đúng"),
    ("found unexpected end of stream", "dấu nháy chưa được đóng"),
    ("found unknown escape character", "ký tự '\\' trong dấu nháy kép không hợp lệ; dùng dấu nháy đơn '…'"),
    (
        "found character that cannot start any token",
        "có ký tự không được đứng ở đây (thường là phím Tab, hoặc '@' '`' ở đầu giá trị): thụt đầu dòng chỉ dùng dấu cách; văn bản bắt đầu bằng ký tự đặc biệt cần đặt trong dấu nháy kép \"…\"",
    ),
    ("found a tab character", "có ký tự tab; YAML chỉ dùng dấu cách để thụt đầu dòng"),
    ("found undefined tag handle", "thẻ YAML không được phép (dấu '!'); văn bản bắt đầu bằng '!' cần đặt trong dấu nháy kép \"…\""),
    (
        "did not find expected alphabetic or numeric character",
        "sau dấu '&' hoặc '*' phải là chữ; văn bản bắt đầu bằng '&' hoặc '*' cần đặt trong dấu nháy kép \"…\"",
    ),
    ("found unexpected ':'", "dấu ':' ở chỗ không được phép; văn bản có dấu ':' cần đặt trong dấu nháy kép \"…\""),
    ("could not find expected", "thiếu dấu đóng hoặc dấu phân cách"),
    ("found incompatible YAML document", "phiên bản YAML không hỗ trợ; bỏ dòng '%YAML'"),
    ("found duplicate", "khai báo '%' bị lặp"),
    (
        "block sequence entries are not allowed",
        "dấu '- ' ở chỗ không được phép: thụt đầu dòng sai, hoặc văn bản bắt đầu bằng '- ' cần đặt trong dấu nháy kép",
    ),
    ("while scanning a directive", "dòng bắt đầu bằng '%' không hợp lệ; văn bản bắt đầu bằng '%' cần đặt trong dấu nháy kép"),
)


def _syntax_message(exc: yaml.MarkedYAMLError, found: str = "") -> str:
    """Return a Vietnamese message for a YAML syntax error (libyaml's English kept out);
    found is the character where libyaml stopped."""
    said = f"{exc.problem or ''} {exc.context or ''}"
    if found == "\t":
        return "lỗi cú pháp YAML: có ký tự tab; YAML chỉ dùng dấu cách để thụt đầu dòng"
    for english, vietnamese in SYNTAX:
        if english in said:
            return f"lỗi cú pháp YAML: {vietnamese}"
    return "lỗi cú pháp YAML: dòng này viết sai cách; xem lại dấu ':' '-' và thụt đầu dòng (hướng dẫn: docs/huong-dan-can-bo.md)"


def _syntax_mark(exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Return where to point: the opening bracket or quote for unclosed ones, else the problem."""
    if exc.context_mark and exc.context and ("flow" in exc.context or "quoted" in exc.context):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark
