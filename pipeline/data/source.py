"""YAML files with the line and column of every key and value.

The only module that imports the YAML library. It loads with the safe loader
(no ``!!python/...`` tags), refuses aliases (no alias bombs) and duplicate keys,
normalises text to NFC, and reports syntax errors as located problems.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.data.problems import DataError, Problem, key_path, quote

Path_ = tuple  # a key path: ("noi_dung", 0, "muc")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")}


def _key(path: Path_) -> str:
    return key_path(tuple(p for p in path if p != "<key>"))


@dataclass
class Source:
    """A loaded YAML file: its data and where each key path stands in the text."""

    name: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    not_nfc: list[Path_] = field(default_factory=list)
    """Paths of text that was not in Unicode NFC in the file (normalised on load)."""

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


class _Loader(yaml.SafeLoader):
    """Safe loader that refuses aliases before they are expanded."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, "không dùng tham chiếu '*' (alias) trong dữ liệu; hãy viết nội dung ra", event.start_mark
            )
        return super().compose_node(parent, index)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turn composed nodes into Python values, recording positions and problems."""

    def __init__(self, loader: _Loader, source: Source, problems: list[Problem]):
        self.loader, self.source, self.problems = loader, source, problems

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.source.values[path] = _mark(node)
        if node.tag not in _PLAIN_TAGS:
            raise yaml.MarkedYAMLError(None, None, f"tag {node.tag}", node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag.endswith(":int") and _LEADING_ZERO.match(node.value):
            return int(node.value.replace("_", ""))  # "012" is twelve to a clerk, not YAML 1.1 octal ten
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError:  # e.g. 2024-02-30: a date-shaped value that is no date
            line, column = _mark(node)
            self.problems.append(Problem(self.source.name, line, column, _key(path), f"giá trị {quote(node.value)} không đọc được: ngày không tồn tại"))
            return node.value
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            self.source.not_nfc.append(path)
            value = unicodedata.normalize("NFC", value)
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, path + ("<key>",))
            if not isinstance(key, (str, int)):
                key = str(key)
            self.source.keys[path + (key,)] = _mark(key_node)
            if key in result:
                self.problems.append(self.source.problem(path + (key,), str(key), f"khóa {quote(key)} bị lặp lại; mỗi khóa chỉ được viết một lần", at_key=True))
            result[key] = self.build(value_node, path + (key,))
        return result


def load(path: Path, *, name: str | None = None) -> Source:
    """Return the file's Source; raise DataError with located problems if it is not usable YAML."""
    name = name or str(path)
    source = Source(name, None)
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(name, 1, 1, "", f"tệp không phải UTF-8 (byte {exc.start}); hãy lưu lại với mã hóa UTF-8")]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        source.data = _Builder(loader, source, problems).build(node, ()) if node else None
    except yaml.MarkedYAMLError as exc:
        mark = _syntax_mark(exc)
        problems.append(Problem(name, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "", _syntax_message(exc)))
    except yaml.YAMLError as exc:
        problems.append(Problem(name, 1, 1, "", f"lỗi cú pháp YAML: {exc}"))
    finally:
        loader.dispose()
    if problems:
        raise DataError(problems)
    return source


SYNTAX = (
    ("could not find expected ':'", "thiếu dấu ':' sau khóa, hoặc dòng này thụt đầu dòng sai"),
    ("mapping values are not allowed", "dấu ':' ở chỗ không được phép: dòng thụt đầu dòng sai, hoặc văn bản có ': ' cần đặt trong dấu nháy kép \"…\""),
    ("expected ',' or ']'", "dấu '[' chưa được đóng bằng ']'"),
    ("expected ',' or '}'", "dấu '{' chưa được đóng bằng '}'"),
    ("did not find expected key", "thụt đầu dòng không khớp với các dòng phía trên"),
    ("did not find expected '-'", "thụt đầu dòng không khớp với danh sách phía trên"),
    ("found unexpected end of stream", "dấu nháy chưa được đóng"),
    ("found unknown escape character", "ký tự '\\' trong dấu nháy kép không hợp lệ; dùng dấu nháy đơn '…'"),
    ("found character '\\t'", "có ký tự tab; YAML chỉ dùng dấu cách để thụt đầu dòng"),
    ("found undefined alias", "không dùng tham chiếu '*' (alias) trong dữ liệu; hãy viết nội dung ra"),
)


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """Return a Vietnamese message for a YAML syntax or construction error."""
    problem = exc.problem or ""
    if "tham chiếu" in problem:
        return problem
    if problem.startswith("tag ") or "constructor for the tag" in problem:
        return f"thẻ YAML không được phép ({problem}); dữ liệu chỉ gồm văn bản, số, ngày, danh sách và khóa"
    for english, vietnamese in SYNTAX:
        if english in problem:
            return f"lỗi cú pháp YAML: {vietnamese}"
    return f"lỗi cú pháp YAML: {problem}" + (f" ({exc.context})" if exc.context else "")


def _syntax_mark(exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Return where to point: the opening bracket or quote for unclosed ones, else the problem."""
    if exc.context_mark and exc.context and ("flow" in exc.context or "quoted" in exc.context):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark
