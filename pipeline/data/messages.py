"""Vietnamese messages for schema errors, located in the YAML source.

Pydantic reports errors by location tuple; union members add labels to that
tuple ('str', 'node:muc'). We walk the location along the data to find the
key path the clerk typed, merge the union alternatives into one message, and
suggest the closest known key for a mistyped one.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from pipeline.data.problems import Problem, did_you_mean, key_path, quote
from pipeline.data.schema import NODE_KEYS
from pipeline.data.source import Source

EXPECTED = {
    "string_type": "một đoạn văn bản",
    "int_type": "một số nguyên",
    "int_parsing": "một số nguyên",
    "int_from_float": "một số nguyên",
    "float_type": "một số",
    "float_parsing": "một số",
    "bool_type": "true hoặc false",
    "bool_parsing": "true hoặc false",
    "list_type": "một danh sách (mỗi phần tử một dòng bắt đầu bằng '- ')",
    "dict_type": "các khóa con dạng 'khoa: giá trị'",
    "model_type": "các khóa con dạng 'khoa: giá trị'",
    "model_attributes_type": "các khóa con dạng 'khoa: giá trị'",
    "date_type": "một ngày dạng 2024-01-15",
    "date_parsing": "một ngày dạng 2024-01-15",
    "date_from_datetime_parsing": "một ngày dạng 2024-01-15",
    "string_too_short": "nội dung không để trống",
    "too_short": "một danh sách có ít nhất một phần tử",
    "string_pattern_mismatch": "mã chỉ gồm chữ thường không dấu, chữ số và '_' (ví dụ stp_ninh_binh)",
}


CUSTOM_UNIONS = ("phan_tu_noi_dung", "noi_nhan")  # our own union errors carry their Vietnamese message
CUSTOM_VALUES = (
    "so_nguyen",
    "danh_sach_so",
    "dung_sai",
    "ngay",
    "han",
    "ngay_khong_co",
    "o_bang",
    "bang_le",
    "thoi_gian",
    "dong",
)  # scalars, schema


def _expected(error: dict) -> str | None:
    """Return what was expected, for the error types phrased as 'cần …'."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("too_short", "too_long") and isinstance(error.get("input"), str):
        kind = "string_" + kind  # a text checked after its white space was collapsed
    if kind == "literal_error":
        return f"một trong các giá trị {str(ctx.get('expected')).replace(' or ', ' hoặc ')}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"một số {'từ' if kind == 'greater_than_equal' else 'không quá'} {ctx.get('ge', ctx.get('le'))}"
    if kind == "string_too_short" and ctx.get("min_length", 1) > 1:
        return f"ít nhất {ctx['min_length']} ký tự"
    if kind == "string_too_long":
        return f"nội dung không quá {ctx.get('max_length')} ký tự (chỗ này ngắn gọn; phần dài hãy đưa vào nội dung)"
    if kind == "too_long":
        return f"một danh sách không quá {ctx.get('max_length')} phần tử"
    if kind == "string_pattern_mismatch" and "A-Z" in str(ctx.get("pattern")):
        return "chữ viết tắt in hoa, không dấu cách (ví dụ STP)"
    if kind == "string_pattern_mismatch" and str(ctx.get("pattern")).endswith(".png$"):
        return "đường dẫn tệp ảnh PNG tính từ data/danh_muc/, kết thúc bằng .png (ví dụ anh/dau_stp.png)"
    if kind == "string_pattern_mismatch" and "( mat)" in str(ctx.get("pattern")):
        return "một năm dương lịch (2024), hoặc năm và chữ mat cho hệ thống số của văn bản mật (2024 mat)"
    if kind == "string_pattern_mismatch" and "\\d{4}" in str(ctx.get("pattern")):
        return "một giai đoạn dạng 2021-2025 (năm đầu - năm cuối)"
    if kind == "string_pattern_mismatch" and str(ctx.get("pattern")) == "^[a-z-]+$":
        return "mã quy tắc như in trong ngoặc vuông, chữ thường và dấu '-' (ví dụ nam-go-tay)"
    return EXPECTED.get(kind)


def _data_path(error: dict, data: Any) -> tuple:
    """Return the part of a pydantic location that names keys and indexes in the data."""
    loc, path, current = error["loc"], [], data
    for i, part in enumerate(loc):
        if isinstance(current, list) and isinstance(part, int) and part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and i == len(loc) - 1 and error["type"] in ("missing", "extra_forbidden"):
            path.append(part)  # a missing key (other unknown parts are union labels)
    return tuple(path)


def _value_at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part] if isinstance(data, (dict, list)) else None
    return data


def known_keys(base: type[BaseModel]) -> set[str]:
    """Return every field name of the model and of all its subclasses."""
    keys = set(base.model_fields)
    for model in base.__subclasses__():
        keys |= known_keys(model)
    return keys


def problems_from(error: ValidationError, source: Source, base: tuple, vocabulary: set[str]) -> list[Problem]:
    """Return one located Vietnamese problem per key path in a pydantic error."""
    grouped: dict[tuple, list[dict]] = {}
    for item in error.errors(include_url=False):
        grouped.setdefault(_data_path(item, _value_at(source.data, base)), []).append(item)
    return [_problem(source, base + path, items, vocabulary) for path, items in grouped.items() if not _said_below(path, items, grouped)]


def _said_below(path: tuple, errors: list[dict], grouped: dict[tuple, list[dict]]) -> bool:
    """Return whether a problem only repeats, less precisely, what problems inside the value say: a list or a
    mapping refused as text where the value may also be a list or a mapping (the items' own problems are shown),
    or a missing key whose misspelling is reported next to it ("hoten": có phải ý bạn là 'ho_ten'?)."""
    if all(e["type"] in ("string_type", "model_type", "dict_type") for e in errors):
        return any(len(other) > len(path) and other[: len(path)] == path for other in grouped)
    if all(e["type"] == "missing" for e in errors) and path:
        siblings = [other[-1] for other, items in grouped.items() if other[:-1] == path[:-1] and items[0]["type"] == "extra_forbidden"]
        return any(did_you_mean(str(key), [path[-1]]) for key in siblings)
    return False


def _problem(source: Source, path: tuple, errors: list[dict], vocabulary: set[str]) -> Problem:
    key, first = key_path(path), errors[0]
    if first["type"] == "missing":
        return source.problem(path, key, f"thiếu khóa bắt buộc {quote(path[-1])}")
    if first["type"] == "extra_forbidden":
        parent = _value_at(source.data, path[:-1])
        forms = [k for k in NODE_KEYS if isinstance(parent, dict) and k in parent]
        if len(forms) > 1:
            return source.problem(
                path,
                key,
                f"một phần tử chỉ có một trong các khóa {', '.join(NODE_KEYS)}; ở đây có cả "
                f"{' và '.join(map(quote, forms))}: hãy tách thành hai phần tử",
                at_key=True,
            )
        if path[-1] in vocabulary:
            return source.problem(path, key, f"khóa {quote(path[-1])} không dùng được ở chỗ này", at_key=True)
        hint = did_you_mean(str(path[-1]), vocabulary)
        return source.problem(path, key, f"khóa {quote(path[-1])} không có trong mẫu dữ liệu{hint}", at_key=True)
    custom = next((e for e in errors if e["type"] in CUSTOM_UNIONS), None)
    if custom:
        return source.problem(path, key, f"{custom['msg']}; nhận được {quote(custom['input'])}")
    value = next((e for e in errors if e["type"] in CUSTOM_VALUES), None)
    if value:
        return source.problem(path, key, value["msg"])
    expected = list(dict.fromkeys(e for e in map(_expected, errors) if e))
    if expected:
        return source.problem(path, key, f"cần {' hoặc '.join(expected)}, nhận được {quote(first['input'])}")
    return source.problem(path, key, f"giá trị không hợp lệ, nhận được {quote(first['input'])}")
