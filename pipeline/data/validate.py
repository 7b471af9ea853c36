"""Validate registries and documents: schema first, then cross-references.

Every function returns the problems it found rather than raising, so one run
reports all of them.
"""
from __future__ import annotations

import difflib
from typing import Any

from pydantic import TypeAdapter, ValidationError

from pipeline.data.messages import known_keys, problems_from
from pipeline.data.problems import Problem, key_path, quote
from pipeline.data.schema import KINDS, REGISTRIES, Document, Entry, Registry
from pipeline.data.source import Source

VOCABULARY = known_keys(Entry)


def _adapter(model: Any) -> TypeAdapter:
    return TypeAdapter(dict[str, model])


ADAPTERS = {name: _adapter(model) for name, model in REGISTRIES.items()}


def registry(sources: dict[str, Source]) -> tuple[Registry, list[Problem]]:
    """Return the validated registry (valid entries only) and its problems."""
    values, problems = {}, []
    for name, source in sources.items():
        try:
            values[name] = ADAPTERS[name].validate_python(source.data or {})
        except ValidationError as exc:
            problems += problems_from(exc, source, (), VOCABULARY)
    reg = Registry(**values)
    return reg, problems + _registry_references(reg, sources)


def _registry_references(reg: Registry, sources: dict[str, Source]) -> list[Problem]:
    checks = [("co_quan", k, "co_quan_chu_quan", e.co_quan_chu_quan, reg.co_quan) for k, e in reg.co_quan.items()]
    checks += [("co_quan", k, "thu_truong", e.thu_truong, reg.nguoi_ky) for k, e in reg.co_quan.items()]
    checks += [("nguoi_ky", k, "co_quan", e.co_quan, reg.co_quan) for k, e in reg.nguoi_ky.items()]
    return [
        unknown_id(sources[file], (entry, key), value, table)
        for file, entry, key, value, table in checks
        if value is not None and value not in table
    ]


def unknown_id(source: Source, path: tuple, value: str, table: dict) -> Problem:
    """Return the problem of an id that is not in its registry, with the closest id."""
    guess = difflib.get_close_matches(value, list(table), n=1, cutoff=0.6)
    hint = f"; có phải ý bạn là {quote(guess[0])}?" if guess else ""
    return source.problem(path, key_path(path), f"không tìm thấy mã {quote(value)} trong danh mục{hint}")


def document(source: Source, reg: Registry) -> tuple[Document | None, list[Problem]]:
    """Return the validated document (None if its schema fails) and its problems."""
    data = source.data
    if not isinstance(data, dict):
        return None, [source.problem((), "", "tệp văn bản cần các khóa dạng 'khoa: giá trị' (loai, co_quan, trich_yeu, …)")]
    kind = data.get("loai")
    if kind not in KINDS:
        guess = difflib.get_close_matches(str(kind), list(KINDS), n=1)
        hint = f"; có phải ý bạn là {quote(guess[0])}?" if guess else ""
        return None, [source.problem(("loai",), "loai", f"cần một trong {', '.join(KINDS)}, nhận được {quote(kind)}{hint}")]
    references = _document_references(data, source, reg)
    try:
        doc = KINDS[kind].model_validate(data)
    except ValidationError as exc:
        return None, problems_from(exc, source, (), VOCABULARY) + references
    return doc, references


def _ids(data: dict, *path: str | int) -> list[tuple[tuple, str]]:
    """Return (path, id) for the string at path; '*' walks every item of a list or mapping."""
    found = [((), data)]
    for step in path:
        walked = []
        for at, value in found:
            items = (value.items() if isinstance(value, dict) else enumerate(value)) if isinstance(value, (dict, list)) else ()
            walked += [(at + (k,), v) for k, v in items if step in ("*", "*key") or k == step]
        found = walked
    if path and path[-1] == "*key":
        return [(at, at[-1]) for at, _ in found]
    return [(at, v) for at, v in found if isinstance(v, str)]


def _document_references(data: dict, source: Source, reg: Registry) -> list[Problem]:
    """Return problems of ids that are not in their registry, read from the raw data."""
    refs = [(_ids(data, "co_quan"), reg.co_quan), (_ids(data, "ky", "nguoi"), reg.nguoi_ky),
            (_ids(data, "noi_nhan", "*", "nhom"), reg.noi_nhan),
            (_ids(data, "khen_thuong", "danh_sach", "*", "hinh_thuc"), reg.hinh_thuc_khen_thuong),
            (_ids(data, "khen_thuong", "nam_truoc", "*key"), reg.hinh_thuc_khen_thuong)]
    return [unknown_id(source, path, value, table) for found, table in refs for path, value in found if value not in table]
