"""Fidelity to real documents: a rendered example against the text of its reference.

``data/examples/<name>/`` holds ``seed.txt`` (text extracted from the real
document), one plan-year folder with the document's data, and
``corrections.yaml``: every place where we deliberately write something else,
each with the seed text, our text, its kind and its reason. Corrections are
applied to the seed text in order (each must match at least once); what is left
must equal our text line for line.
"""

from __future__ import annotations

import argparse
import difflib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, TypeAdapter, ValidationError

from pipeline.build import Project, render_documents
from pipeline.data import source
from pipeline.data.messages import problems_from
from pipeline.data.problems import Problem
from pipeline.data.schema import Entry
from tools.docx_text import reading_lines

KINDS = {
    "nd30": "quy tắc của Nghị định 30 (ghi điều, phụ lục trong ly_do)",
    "mau_thuan": "bản gốc tự mâu thuẫn (năm cũ, chữ cái điểm lặp, …)",
    "chinh_ta": "lỗi chính tả của bản gốc",
    "trich_xuat": "dấu vết của việc trích văn bản (ngắt trang, dấu Markdown, bảng mất)",
    "chua_ho_tro": "chương trình chưa biểu diễn được điều bản gốc viết (chờ tính năng mới)",
}


class Correction(Entry):
    seed: str = Field(min_length=1)
    """Text as the reference document has it (after white space is collapsed)."""
    ours: str
    """Text as we produce it."""
    loai: Literal["nd30", "mau_thuan", "chinh_ta", "trich_xuat", "chua_ho_tro"]
    """Kind of difference."""
    ly_do: str = Field(min_length=5)
    """Why we differ: the rule, the inconsistency or the artefact."""


CORRECTIONS = TypeAdapter(list[Correction])


def normalise(text: str) -> list[str]:
    """Return the non-empty lines of a text in NFC with white space collapsed (as corrections are read).

    >>> normalise("Vie\\u0302\\u0323t  Nam\\n\\n")
    ['Việt Nam']
    """
    text = unicodedata.normalize("NFC", text)
    return [line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line]


def apply(corrections: list[Correction], lines: list[str]) -> tuple[list[str], list[Correction]]:
    """Return the seed lines with corrections applied, and the corrections that matched nothing."""
    text, unused = "\n".join(lines), []
    for c in corrections:
        if c.seed not in text:
            unused.append(c)
        text = text.replace(c.seed, c.ours)
    return [line for line in text.split("\n") if line], unused


@dataclass
class Result:
    """The comparison of one example with its reference."""

    name: str
    diff: str = ""
    unused: list[Correction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not (self.diff or self.unused or self.problems)


def load_corrections(path: Path) -> tuple[list[Correction], list[Problem]]:
    """Return the corrections of an example (none if the file is absent) and their problems."""
    if not path.exists():
        return [], []
    try:
        loaded = source.load(path, name=str(path))
        if loaded.problems:
            return [], loaded.problems
        return CORRECTIONS.validate_python(loaded.data or []), []
    except source.DataError as exc:
        return [], exc.problems
    except ValidationError as exc:
        return [], problems_from(exc, loaded, (), set(Correction.model_fields))


def _fail(result: Result, where: Path, message: str) -> Result:
    result.problems.append(Problem(str(where), 1, 1, "", message))
    return result


def compare(project: Project, name: str) -> Result:
    """Render one example and compare it with its reference text."""
    example = project.example(name)
    result = Result(name)
    folder = example.root / example.data
    corrections, result.problems = load_corrections(folder / "corrections.yaml")
    seed_path = folder / "seed.txt"
    if not seed_path.is_file():
        return _fail(result, folder, "thiếu seed.txt (văn bản gốc để so)")
    years = example.years()
    if len(years) != 1:
        return _fail(result, folder, f"cần đúng một thư mục năm chứa văn bản, đang có {len(years)}: {years}")
    documents, problems = render_documents(example, years[0])
    result.problems += problems
    if result.problems:
        return result
    if len(documents) != 1:
        return _fail(result, folder / str(years[0]), f"cần đúng một văn bản dựng được, đang có {len(documents)}")
    try:
        seed = normalise(seed_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return _fail(result, seed_path, "không đọc được seed.txt (cần mã UTF-8)")
    expected, result.unused = apply(corrections, seed)
    actual = reading_lines(next(iter(documents.values())))
    result.kinds = Counter(c.loai for c in corrections)
    if expected != actual:
        result.diff = "".join(
            difflib.unified_diff(
                [line + "\n" for line in expected],
                [line + "\n" for line in actual],
                f"{name}/seed.txt (đã sửa theo corrections.yaml)",
                f"{name} (bản dựng)",
                n=1,
            )
        )
    return result


def report_fidelity(project: Project, names: list[str]) -> int:
    """Print each example's comparison with its reference; return 1 if any differs."""
    bad = 0
    for name in names or project.examples():
        result = compare(project, name)
        kinds = ", ".join(f"{KINDS[k].split(' (')[0]}: {n}" for k, n in sorted(result.kinds.items()))
        print(f"{name}: {sum(result.kinds.values())} chỗ sửa ({kinds or 'không có'}) — {'KHỚP' if result.ok else 'KHÁC'}")
        for problem in result.problems:
            print(f"  LỖI {problem}")
        for c in result.unused:
            print(f"  chỗ sửa không còn khớp với bản gốc: {c.seed!r}")
        if result.diff:
            print(result.diff)
        bad += not result.ok
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    """``make fidelity``: compare the named examples (default: all) with their reference text."""
    parser = argparse.ArgumentParser(prog="tools.fidelity", description="so văn bản mẫu với bản gốc seed.txt")
    parser.add_argument("names", nargs="*", help="tên thư mục trong data/examples/ (mặc định: tất cả)")
    project = Project()
    names = parser.parse_args(argv).names
    unknown = [n for n in names if not (project.root / "data" / "examples" / n).is_dir()]
    if unknown:
        print(f"LỖI không có thư mục data/examples/{unknown[0]}/")
        return 1
    return report_fidelity(project, names)


if __name__ == "__main__":
    raise SystemExit(main())
