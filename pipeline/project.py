"""Where the data, templates and output of a project are, and which data files a year has."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.data.problems import Problem
from pipeline.data.schema import AWARDS_FILE

ROOT = Path(__file__).resolve().parent.parent
FIRST_YEAR, LAST_YEAR = 1945, 2100
"""Plan years the pipeline accepts."""
SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_NAME = 100
"""Longest data file name (without .yaml): output names add up to 20 characters and file systems stop at 255."""


def year_problem(year: int) -> str | None:
    """Return why a plan year cannot be used, or None.

    >>> year_problem(2024) is None, year_problem(10000)
    (True, 'năm kế hoạch 10000 không hợp lệ: cần một năm từ 1945 đến 2100')
    """
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return f"năm kế hoạch {year} không hợp lệ: cần một năm từ {FIRST_YEAR} đến {LAST_YEAR}"


@dataclass(frozen=True)
class Project:
    """Where the data, templates and output are: ``data/<year>/`` by default, or an
    example folder such as ``data/examples/<seed>/<year>/`` (same registries)."""

    root: Path = ROOT
    data: str = "data"
    output: str = "output"
    issued: str | None = "ban_hanh"
    """The archive of issued documents (pipeline.issue.archive), outside output/ so that make clean never touches it;
    None for the reference examples, which reconstruct documents issued elsewhere and are not issued again."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @property
    def registry_dir(self) -> Path:
        return self.root / "data" / "danh_muc"

    @property
    def template_dir(self) -> Path:
        return self.root / "doc_templates" / "mau_1_4"

    def year_dir(self, year: int) -> Path:
        return self.root / self.data / str(year)

    def output_dir(self, year: int) -> Path:
        return self.root / self.output / str(year)

    @property
    def archive_dir(self) -> Path | None:
        return self.root / self.issued if self.issued else None

    def show(self, path: Path) -> str:
        """Return a path relative to the project, as messages print it."""
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)

    def example(self, name: str) -> Project:
        """Return the project of one example: data/examples/<name>/, output/examples/<name>/."""
        return Project(self.root, f"data/examples/{name}", f"output/examples/{name}", None)

    def examples(self) -> list[str]:
        """Return the names of the reference example folders (data/examples/<name>/ with a seed.txt)."""
        folder = self.root / "data" / "examples"
        return sorted(p.name for p in folder.iterdir() if (p / "seed.txt").is_file()) if folder.is_dir() else []

    def years(self) -> list[int]:
        """Return the plan years that have a data folder."""
        folder = self.root / self.data
        found = (int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit()) if folder.is_dir() else ()
        return sorted(y for y in found if year_problem(y) is None)

    def data_names(self, year: int) -> set[str]:
        """Return the names of the data files of a year, good names or not (a file with a wrong suffix is not gone)."""
        return {
            p.name.strip().rsplit(".", 1)[0]
            for p in self.year_dir(year).iterdir()
            if p.name.strip().lower().endswith((".yaml", ".yml")) and p.name != f"{AWARDS_FILE}.yaml"
        }

    def awards_file(self, year: int) -> Path:
        """Return the year's awards file (data/<nam>/khen_thuong.yaml): the awards every document counts from."""
        return self.year_dir(year) / f"{AWARDS_FILE}.yaml"

    def data_files(self, year: int) -> tuple[list[Path], list[Problem]]:
        """Return the year's data files, and a problem for each one whose name cannot be an output name.

        Every ``*.yaml`` entry is listed, even a folder or a broken link: loading it says what is wrong.
        Files named ``*.yml`` are not read, and say so.
        """
        folder, files, problems = self.year_dir(year), [], []
        for path in sorted(folder.iterdir()):
            shown = self.show(path)
            if path.name.startswith(".") and path.suffix != ".yaml" or path.name == f"{AWARDS_FILE}.yaml":
                continue  # an editor's or the pipeline's own hidden file; the year's awards, not a document
            if path.name != path.name.strip() and path.name.strip().lower().endswith((".yaml", ".yml")):
                problems.append(
                    Problem(
                        shown.rstrip(),
                        1,
                        1,
                        "",
                        f"tên tệp {path.name!r} có dấu cách thừa ở đầu hoặc cuối nên không được đọc; hãy đổi tên, bỏ dấu cách",
                    )
                )
                continue
            if path.suffix.lower() in (".yml", ".yaml") and path.suffix != ".yaml":
                problems.append(
                    Problem(
                        shown,
                        1,
                        1,
                        "",
                        f"tệp có đuôi {path.suffix} không được đọc; hãy đổi tên thành {path.stem}.yaml (đuôi .yaml viết thường)",
                    )
                )
            elif path.suffix != ".yaml":
                continue
            elif len(path.stem) > MAX_NAME:
                problems.append(
                    Problem(
                        shown[:80] + "…",
                        1,
                        1,
                        "",
                        f"tên tệp dài {len(path.stem)} ký tự, quá giới hạn {MAX_NAME} ký tự (tên tệp kết quả); hãy đặt tên ngắn hơn",
                    )
                )
            elif not SAFE_NAME.match(path.stem):
                problems.append(
                    Problem(
                        shown,
                        1,
                        1,
                        "",
                        f"tên tệp {path.stem!r} không dùng được: tên tệp kết quả chỉ gồm chữ "
                        "thường không dấu, chữ số, '_' và '-', và bắt đầu bằng chữ hoặc chữ số; hãy đổi tên tệp",
                    )
                )
            else:
                files.append(path)
        return files, problems
