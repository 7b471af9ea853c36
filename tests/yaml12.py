"""Read a data file as a YAML-aware editor does (YAML 1.2 core schema), for the JSON Schema tests.

The pipeline keeps every scalar as the text typed; an editor running yaml-language-server types
plain scalars: 12 is an integer, true a boolean, 1.5 or .inf a number. This helper applies those
rules to the pipeline's own reading (pipeline.data.source), so both see the same file.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.data.source import Source

_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def typed(text: str) -> Any:
    """Return a plain scalar as YAML 1.2's core schema types it.

    >>> typed("12"), typed("0x10"), typed("true"), typed("1.5"), typed("8:30"), typed("2024-01-15")
    (12, 16, True, 1.5, '8:30', '2024-01-15')
    """
    if _INT.fullmatch(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.fullmatch(text):
        return float(
            text.replace("inf", "inf").replace(".", "0.", 1)
            if text.lstrip("+-").startswith(".") and "n" not in text.lower()
            else {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}.get(text.lower(), text)
        )
    return _BOOL.get(text, text)


def as_editor_reads(source: Source) -> Any:
    """Return the data of a loaded file with its plain scalars typed as YAML 1.2 does."""

    def walk(value: Any, path: tuple) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, path + (k,)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, path + (i,)) for i, v in enumerate(value)]
        return typed(value) if isinstance(value, str) and path in source.plain else value

    return walk(source.data, ())
