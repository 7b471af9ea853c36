"""YAML files with the line and column of every key and value.

The only module that imports the YAML library. It loads with the safe loader
(no ``!!python/...`` tags), refuses aliases (no alias bombs) and duplicate keys,
normalises text to NFC, and reports syntax errors as located problems.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import DataError, Problem, quote

Path_ = tuple  # a key path: ("noi_dung", 0, "muc")


@dataclass
class Source:
    """A loaded YAML file: its data and where each key path stands in the text."""

    name: str
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

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
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        value = self.loader.construct_object(node, deep=True)
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else value

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
        mark = exc.problem_mark or exc.context_mark
        problems.append(Problem(name, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "", _syntax_message(exc)))
    except yaml.YAMLError as exc:
        problems.append(Problem(name, 1, 1, "", f"lỗi cú pháp YAML: {exc}"))
    finally:
        loader.dispose()
    if problems:
        raise DataError(problems)
    return source


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """Return a Vietnamese message for a YAML syntax or construction error."""
    problem = exc.problem or ""
    if "alias" in problem or "tham chiếu" in problem:
        return problem
    if "tag" in problem or isinstance(exc, yaml.constructor.ConstructorError):
        return f"thẻ YAML không được phép ({problem}); dữ liệu chỉ gồm văn bản, số, ngày, danh sách và khóa"
    if "\\t" in problem or "tab" in problem:
        return "có ký tự tab; YAML chỉ dùng dấu cách để thụt đầu dòng"
    return f"lỗi cú pháp YAML: {problem}" + (f" ({exc.context})" if exc.context else "")
