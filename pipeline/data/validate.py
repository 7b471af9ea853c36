"""Validate registries and documents: schema first, then cross-references and the plan year.

Every function returns the problems it found rather than raising, so one run
reports all of them. A registry entry that is broken is left out, and ids that
point at it are not reported again: its own error says what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from pipeline.data.messages import known_keys, problems_from
from pipeline.data.problems import Problem, did_you_mean, key_path, quote
from pipeline.data.schema import AWARDS_FILE, ID_PATTERN, REGISTRIES, SO_CAP_NGOAI, Document, Entry, KhenThuong, Registry
from pipeline.data.source import Source
from pipeline.data.text import lint
from pipeline.kinds import KINDS

VOCABULARY = known_keys(Entry)
ADAPTERS = {name: TypeAdapter(model) for name, model in REGISTRIES.items()}


@dataclass
class Registries:
    """The validated registries, the ids whose entries are broken, and the problems."""

    registry: Registry
    broken: dict[str, set[str] | None] = field(default_factory=dict)
    """Per registry, the ids whose entries have errors; None when the whole file could not be read."""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """Warnings found while reading the registries (invisible characters that were cleaned)."""

    def is_broken(self, table: str, value: str) -> bool:
        """Return whether an id points into a broken entry or an unreadable registry (already reported)."""
        ids = self.broken.get(table, set())
        return ids is None or value in ids


def registry(sources: dict[str, Source | None]) -> Registries:
    """Return the valid registry entries, the broken ids and every problem, entry by entry.

    A registry whose source is None could not be read (its problem is reported by the caller).
    """
    values: dict[str, dict[str, Any]] = {}
    broken: dict[str, set[str] | None] = {name: set() if sources.get(name) else None for name in REGISTRIES}
    problems: list[Problem] = []
    for name, source in sources.items():
        if source is None:
            continue
        problems += source.problems
        data = source.data if source.data is not None else {}
        if not isinstance(data, dict):
            problems.append(source.problem((), "", "tệp danh mục cần các mục dạng 'mã: …' (mỗi mục một mã)"))
            broken[name] = None
            continue
        problems += _no_placeholders(source, data, (), name)
        values[name] = {}
        for key, entry in data.items():
            if not re.fullmatch(ID_PATTERN, str(key)):
                problems.append(
                    source.problem(
                        (key,),
                        str(key),
                        f"mã {quote(key)} chỉ được gồm chữ thường không dấu, chữ số và '_' (ví dụ stp_ninh_binh)",
                        at_key=True,
                    )
                )
                broken[name].add(str(key))
                continue
            try:
                values[name][key] = ADAPTERS[name].validate_python(entry)
            except ValidationError as exc:
                problems += problems_from(exc, source, (key,), VOCABULARY)
                broken[name].add(key)
    reg = Registry(**values)
    registries = Registries(reg, broken)
    registries.problems = sorted(
        problems + _registry_references(registries, sources) + _change_order(reg, sources) + _parent_loops(reg, sources)
    )
    return registries


def _no_placeholders(source: Source, value: Any, path: tuple, name: str) -> list[Problem]:
    """Return a problem for each registry text with a placeholder: registries are printed as written."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _no_placeholders(source, v, path + (k,), name)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _no_placeholders(source, v, path + (i,), name)]
    if isinstance(value, str) and ("{{" in value or "}}" in value):
        return [
            source.problem(
                path,
                key_path(path),
                f"chỗ giữ chỗ {{{{ … }}}} không dùng được trong danh mục {name}.yaml: danh mục được in đúng như viết; hãy viết rõ nội dung",
            )
        ]
    return []


def _registry_references(registries: Registries, sources: dict[str, Source | None]) -> list[Problem]:
    reg = registries.registry
    checks = [("co_quan", (k, "co_quan_chu_quan"), e.co_quan_chu_quan, "co_quan") for k, e in reg.co_quan.items()]
    checks += [("co_quan", (k, "thu_truong"), e.thu_truong, "nguoi_ky") for k, e in reg.co_quan.items()]
    checks += [("nguoi_ky", (k, "co_quan"), e.co_quan, "co_quan") for k, e in reg.nguoi_ky.items()]
    checks += [("hinh_thuc_khen_thuong", (k, "co_quan"), e.co_quan, "co_quan") for k, e in reg.hinh_thuc_khen_thuong.items()]
    for k, e in reg.co_quan.items():
        checks += [("co_quan", (k, "thay_doi", i, "thu_truong"), c.thu_truong, "nguoi_ky") for i, c in enumerate(e.thay_doi)]
        checks += [("co_quan", (k, "thay_doi", i, "co_quan_chu_quan"), c.co_quan_chu_quan, "co_quan") for i, c in enumerate(e.thay_doi)]
    for k, e in reg.nguoi_ky.items():
        checks += [("nguoi_ky", (k, "thay_doi", i, "co_quan"), c.co_quan, "co_quan") for i, c in enumerate(e.thay_doi)]
    return [
        unknown_id(sources[file], path, value, getattr(reg, table), table)
        for file, path, value, table in checks
        if sources.get(file) and value is not None and value not in getattr(reg, table) and not registries.is_broken(table, value)
    ]


def _parent_loops(reg: Registry, sources: dict[str, Source | None]) -> list[Problem]:
    """Return a problem for each body whose chain of parents comes back to itself."""
    problems = []
    for key, body in reg.co_quan.items():
        seen, parent = [key], body.co_quan_chu_quan
        while parent in reg.co_quan and parent not in seen:
            seen.append(parent)
            parent = reg.co_quan[parent].co_quan_chu_quan
        if parent == key and sources.get("co_quan"):
            chain = " → ".join(seen + [key])
            problems.append(
                sources["co_quan"].problem(
                    (key, "co_quan_chu_quan"),
                    key_path((key, "co_quan_chu_quan")),
                    f"cơ quan chủ quản quay vòng về chính nó ({chain}); hãy sửa co_quan_chu_quan",
                )
            )
    return problems


def _change_order(reg: Registry, sources: dict[str, Source | None]) -> list[Problem]:
    """Return a problem for each entry whose dated changes repeat a date."""
    problems = []
    for file in (f for f in ("co_quan", "nguoi_ky") if sources.get(f)):
        for key, entry in getattr(reg, file).items():
            dates = [c.tu_ngay for c in entry.thay_doi]
            for i, day in enumerate(dates):
                if day in dates[:i]:
                    problems.append(
                        sources[file].problem(
                            (key, "thay_doi", i, "tu_ngay"),
                            key_path((key, "thay_doi", i, "tu_ngay")),
                            f"ngày {day:%d/%m/%Y} đã có ở một thay đổi khác của mục này",
                        )
                    )
    return problems


def unknown_id(source: Source, path: tuple, value: str, table: dict, table_name: str) -> Problem:
    """Return the problem of an id that is not in its registry, with the closest id."""
    hint = did_you_mean(value, table) or f"; thêm mục này vào danh mục {table_name}.yaml"
    return source.problem(path, key_path(path), f"không tìm thấy mã {quote(value)} trong danh mục {table_name}.yaml{hint}")


def awards(source: Source, registries: Registries) -> tuple[KhenThuong | None, list[Problem]]:
    """Return the year's validated awards (None if its schema fails) and its problems."""
    data, found = source.data, list(source.problems)
    if not isinstance(data, dict):
        return None, found + [
            source.problem(
                (),
                "",
                "tệp khen thưởng cần các khóa danh_sach (danh sách của năm, để [] khi chưa "
                "có) và nam_truoc (số lượt năm trước); tệp đang trống hoặc không phải các khóa",
            )
        ]
    reg = registries.registry
    refs = _ids(data, "danh_sach", "*", "hinh_thuc") + _ids(data, "nam_truoc", "*key")
    found += [
        unknown_id(source, path, value, reg.hinh_thuc_khen_thuong, "hinh_thuc_khen_thuong")
        for path, value in refs
        if value not in reg.hinh_thuc_khen_thuong and not registries.is_broken("hinh_thuc_khen_thuong", value)
    ]
    try:
        return KhenThuong.model_validate(data), found
    except ValidationError as exc:
        return None, found + problems_from(exc, source, (), VOCABULARY)


EXTERNAL = TypeAdapter(SO_CAP_NGOAI)


def external(source: Source, registries: Registries) -> tuple[dict[tuple[str, int, bool], set[int]], list[Problem]]:
    """Return the numbers given outside the pipeline (data/so_cap_ngoai.yaml) by series (issuer, calendar year, secret),
    and the problems of the file."""
    found = list(source.problems)
    if source.data is None:
        return {}, found
    unknown = [
        k
        for k in (source.data if isinstance(source.data, dict) else {})
        if k not in registries.registry.co_quan and not registries.is_broken("co_quan", k)
    ]
    found += [unknown_id(source, (k,), k, registries.registry.co_quan, "co_quan") for k in unknown]
    try:
        data = EXTERNAL.validate_python(source.data)
    except ValidationError as exc:
        return {}, found + problems_from(exc, source, (), VOCABULARY)
    series: dict[tuple[str, int, bool], set[int]] = {}
    for issuer, years in data.items():
        if issuer in unknown:
            continue
        for key, numbers in years.items():
            series.setdefault((issuer, int(key[:4]), key.endswith("mat")), set()).update(numbers)
    return series, found


def document(source: Source, registries: Registries, year: int) -> tuple[Document | None, list[Problem]]:
    """Return the validated document (None if its schema fails) and its problems."""
    data, found = source.data, list(source.problems)
    if not isinstance(data, dict):
        return None, found + [source.problem((), "", "tệp văn bản cần các khóa dạng 'khoa: giá trị' (loai, co_quan, trich_yeu, …)")]
    kind = data.get("loai")
    if not isinstance(kind, str) or kind not in KINDS:
        return None, found + [
            source.problem(("loai",), "loai", f"cần một trong {', '.join(KINDS)}, nhận được {quote(kind)}{did_you_mean(str(kind), KINDS)}")
        ]
    found += _document_references(data, source, registries) + _tables(data, source)
    model = KINDS[kind].model
    for key, instead in KINDS[kind].khong_dung.items():
        if key in data:
            found.append(
                source.problem(
                    (key,), key, f"{KINDS[kind].ten.lower()} không dùng khóa {key}: {instead}; hãy chuyển nội dung sang đó và xóa khóa này"
                )
            )
    if isinstance(data.get("khen_thuong"), dict) and "khen_thuong" not in model.model_fields:  # a report of the old format
        found.append(
            source.problem(
                ("khen_thuong",),
                "khen_thuong",
                f"danh sách khen thưởng nay ghi một lần cho cả năm trong tệp "
                f"{AWARDS_FILE}.yaml cạnh tệp này (báo cáo, tờ trình, quyết định cùng đếm từ đó); hãy chuyển "
                f"danh_sach và nam_truoc sang tệp đó và xóa khóa khen_thuong ở đây",
            )
        )
        data = {k: v for k, v in data.items() if k != "khen_thuong"}
    try:
        doc = model.model_validate(data)
    except ValidationError as exc:  # and what the placeholders alone say: every problem in one run
        return None, found + problems_from(exc, source, (), VOCABULARY) + _placeholders(data, source)
    return doc, found + _year_rules(doc, source, year)


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


def _document_references(data: dict, source: Source, registries: Registries) -> list[Problem]:
    """Return problems of ids that are not in their registry, read from the raw data."""
    reg = registries.registry
    refs = [
        (_ids(data, "co_quan"), "co_quan"),
        (_ids(data, "ky", "nguoi"), "nguoi_ky"),
        (_ids(data, "noi_nhan", "*", "nhom"), "noi_nhan"),
        (_ids(data, "khen_thuong", "*") if isinstance(data.get("khen_thuong"), list) else [], "hinh_thuc_khen_thuong"),
    ]
    return [
        unknown_id(source, path, value, getattr(reg, table), table)
        for found, table in refs
        for path, value in found
        if value not in getattr(reg, table) and not registries.is_broken(table, value)
    ]


def _year_rules(doc: Document, source: Source, year: int) -> list[Problem]:
    """Return problems of values that cannot exist in the plan year (29/02 in a common year), and of a period
    that does not hold the plan year or runs backwards."""
    problems = []
    if doc.giai_doan:
        first, last = (int(y) for y in doc.giai_doan.split("-"))
        if not first <= year <= last or last - first > 10:
            message = (
                f"giai đoạn {quote(doc.giai_doan)} cần ghi năm đầu trước năm cuối, gồm năm kế hoạch {year} và dài không "
                "quá 10 năm (ví dụ 2021-2025)"
            )
            problems.append(source.problem(("giai_doan",), "giai_doan", message))
    for name, deadline in doc.han.items():
        if deadline.resolve(year) is None:
            problems.append(
                source.problem(
                    ("han", name),
                    key_path(("han", name)),
                    f"ngày {deadline} không có trong năm {year} (năm không nhuận); hãy chọn ngày khác",
                )
            )
    return problems


def _placeholders(data: Any, source: Source, path: tuple = ()) -> list[Problem]:
    """Return what the placeholders of the raw data say on their own (shape, syntax), for a file whose schema failed."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _placeholders(v, source, path + (k,))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _placeholders(v, source, path + (i,))]
    return [source.problem(path, key_path(path), m) for m in lint(data)] if isinstance(data, str) else []


def _tables(data: dict, source: Source) -> list[Problem]:
    """Return problems of typed tables whose rows do not have one cell per column (each row located)."""
    problems = []

    def walk(nodes: Any, path: tuple) -> None:
        for i, node in enumerate(nodes if isinstance(nodes, list) else []):
            if not isinstance(node, dict):
                continue
            table = node.get("bang")
            if isinstance(table, dict) and isinstance(table.get("cot"), list) and isinstance(table.get("dong"), list):
                columns = len(table["cot"])
                for j, row in enumerate(table["dong"]):
                    if isinstance(row, list) and len(row) != columns:
                        where = path + (i, "bang", "dong", j)
                        problems.append(
                            source.problem(
                                where,
                                key_path(where),
                                f"dòng {j + 1} của bảng có {len(row)} ô nhưng bảng có {columns} cột; mỗi dòng cần đúng {columns} ô",
                            )
                        )
            walk(node.get("noi_dung"), path + (i, "noi_dung"))

    walk(data.get("noi_dung"), ("noi_dung",))
    for i, article in enumerate(data.get("dieu") if isinstance(data.get("dieu"), list) else []):
        if isinstance(article, dict):
            walk(article.get("noi_dung"), ("dieu", i, "noi_dung"))
    for i, annex in enumerate(data.get("phu_luc") if isinstance(data.get("phu_luc"), list) else []):
        if isinstance(annex, dict):
            walk(annex.get("noi_dung"), ("phu_luc", i, "noi_dung"))
    return problems
