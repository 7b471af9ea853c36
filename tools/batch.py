"""A generated batch for ``make bench``: a project of many documents varied from the shipped ones of a year.

Each shipped document of data/<year>/ gives copies in turn, each with its own file name and its own words (its
trích yếu and its Lưu line carry the copy's number, so no two documents render the same), drafts all (no number: a
batch must not issue anything), sharing the shipped registries, awards and templates.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from pipeline.project import Project

SKIP = ("khen_thuong.yaml",)


def make(root: Path, source: Project, year: int, count: int) -> Project:
    """Write a project of count documents at root, varied from source's documents of year; return it."""
    shipped = sorted(p for p in source.year_dir(year).glob("*.yaml") if p.name not in SKIP)
    if root.exists():
        shutil.rmtree(root)
    (root / "data").mkdir(parents=True)
    shutil.copytree(source.registry_dir, root / "data" / source.registry_dir.name)
    shutil.copytree(source.template_dir, root / source.template_dir.relative_to(source.root))
    target = root / "data" / str(year)
    target.mkdir()
    for name in SKIP:
        if (source.year_dir(year) / name).is_file():
            shutil.copy2(source.year_dir(year) / name, target / name)
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in shipped]
    for index in range(count):
        stem, text = texts[index % len(texts)]
        (target / f"{stem}_{index:04d}.yaml").write_text(vary(text, index), encoding="utf-8")
    return Project(root)


def vary(text: str, index: int) -> str:
    """Return a shipped document's YAML made the index-th copy: a draft, with words of its own.

    >>> print(vary("so: 12\\ntrich_yeu: Tổng kết năm {{ nam }}\\nluu: VP\\n", 7))
    so: ~
    trich_yeu: Tổng kết năm {{ nam }} (đợt 7)
    luu: VP (7)
    """
    text = re.sub(r"(?m)^so: .*$", "so: ~", text)
    text = re.sub(r"(?m)^(trich_yeu: (?![|>]).*\S)\s*$", rf"\1 (đợt {index})", text)
    return re.sub(r"(?m)^(luu: .*\S)\s*$", rf"\1 ({index})", text)
