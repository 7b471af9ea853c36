"""Number series (ND30 Điều 15): who has used which number, the next free one, and the gaps.

Numbers run per issuer from 01 on 1 January to 31 December, whatever the kind
and whatever the data folder (a plan for 2025 signed in December 2024 takes a
2024 number). A council or board that issues under its own name is its own
``co_quan`` and so its own series; secret documents (``do_mat``) have a series
of their own (Điều 15.2). A number is taken when a data file holds it (with a
full date), when the archive of issued documents holds it (even if its data
file was deleted since), or when ``data/so_cap_ngoai.yaml`` says it was given
outside the pipeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.data import source, validate
from pipeline.data.problems import DataError, Problem
from pipeline.data.scalars import parse_doc_date, parse_whole
from pipeline.data.schema import EXTERNAL_FILE
from pipeline.issue.archive import Archive, ArchiveError
from pipeline.kinds import KINDS
from pipeline.nd30.checks import Numbered
from pipeline.nd30.symbol import document_symbol, drafting_unit
from pipeline.project import Project
from pipeline.vn import format_date

Series = tuple[str, int, bool]
"""(issuer id, calendar year, secret)."""


@dataclass
class Taken:
    """Every number taken, by series."""

    numbered: list[Numbered]
    """Documents with a number: data files of every year, and archived documents."""
    external: dict[Series, set[int]]
    """Numbers given outside the pipeline (data/so_cap_ngoai.yaml)."""

    def used(self, series: Series) -> set[int]:
        return {n.number for n in self.numbered if _series(n) == series} | self.external.get(series, set())

    def next_number(self, series: Series) -> int:
        """Return the next free number of a series: one after the highest taken (numbers follow the order of issue)."""
        return max(self.used(series), default=0) + 1

    def latest(self, series: Series) -> Numbered | None:
        """Return the document of the series signed last (the highest number among those on the same day)."""
        dated = [n for n in self.numbered if _series(n) == series and n.date is not None]
        return max(dated, key=lambda n: (n.date, n.number), default=None)


def _series(entry: Numbered) -> Series:
    return (entry.issuer, entry.year, entry.secret)


def external_file(project: Project):
    return project.root / project.data / f"{EXTERNAL_FILE}.yaml"


def external(project: Project, registries: validate.Registries) -> tuple[dict[Series, set[int]], list[Problem]]:
    """Return the numbers given outside the pipeline and the problems of data/so_cap_ngoai.yaml (none if absent)."""
    path = external_file(project)
    if not path.exists() and not path.is_symlink():
        return {}, []
    try:
        loaded = source.load(path, name=project.show(path))
    except DataError as exc:
        return {}, exc.problems
    found, problems = validate.external(loaded, registries)
    return found, problems + loaded.warnings


def in_data(project: Project, registries: validate.Registries, years: Iterable[int]) -> list[Numbered]:
    """Return the numbered documents of the given data folders, read quietly (a file with errors is reported in its
    own year; here it only counts if its number, date and issuer can be read)."""
    found = []
    for year in years:
        files, _ = project.data_files(year)
        for path in files:
            try:
                data = source.load(path).data
            except (DataError, OSError):
                continue
            if not isinstance(data, dict):
                continue
            try:
                number, date = parse_whole(data.get("so")), parse_doc_date(data.get("ngay"))
            except ValueError:
                continue
            issuer, kind = data.get("co_quan"), data.get("loai")
            body = registries.registry.co_quan.get(issuer) if isinstance(issuer, str) else None
            if body is None or date is None or date.complete is None or not isinstance(kind, str) or kind not in KINDS:
                continue
            unit = drafting_unit(str(data.get("luu") or ""))
            symbol = document_symbol(number, kind, body.at(date.complete).viet_tat, unit)
            found.append(
                Numbered(project.show(path), issuer, number, date.year, symbol, secret=bool(data.get("do_mat")), date=date.complete)
            )
    return found


def archived(archive: Archive, present: set[tuple[str, int, bool, int]]) -> list[Numbered]:
    """Return the numbers of archived documents that no data file holds any more (deleted, or renumbered)."""
    return [
        Numbered(
            f"{archive.show(archive.folder(e.co_quan, e.nam))}/ ({e.tep}, đã ban hành)",
            e.co_quan,
            e.so,
            e.nam,
            e.so_ky_hieu,
            secret=e.mat,
            date=dt.date.fromisoformat(e.ngay),
        )
        for e in archive.entries()
        if e.key not in present
    ]


def taken(project: Project, registries: validate.Registries, archive: Archive) -> tuple[Taken, list[Problem]]:
    """Return every number taken in the project; raise ArchiveError if the archive cannot be read."""
    numbered = in_data(project, registries, project.years())
    numbered += archived(archive, {(n.issuer, n.year, n.secret, n.number) for n in numbered})
    outside, problems = external(project, registries)
    return Taken(numbered, outside), problems


def gaps(numbered: list[Numbered], outside: dict[Series, set[int]]) -> list[tuple[Numbered, list[int]]]:
    """Return, for each number that follows a gap in its series, the document and the missing numbers before it.

    >>> a = Numbered("a.yaml", "stp", 1, 2024, "01/KH-STP")
    >>> c = Numbered("c.yaml", "stp", 4, 2024, "04/KH-STP")
    >>> [(n.file, missing) for n, missing in gaps([a, c], {("stp", 2024, False): {3}})]
    [('c.yaml', [2])]
    """
    found = []
    by_series: dict[Series, list[Numbered]] = {}
    for entry in numbered:
        by_series.setdefault(_series(entry), []).append(entry)
    for series, entries in by_series.items():
        used = {e.number for e in entries} | outside.get(series, set())
        first_of = {}
        for entry in sorted(entries, key=lambda e: e.number):
            first_of.setdefault(entry.number, entry)
        previous = 0
        for number in sorted(first_of):
            missing = [n for n in range(previous + 1, number) if n not in used]
            if missing:
                found.append((first_of[number], missing))
            previous = number
    return found


def order_problem(taken: Taken, series: Series, day: dt.date) -> str | None:
    """Return why a number may not be given on a day (a later date already has a number), or None."""
    last = taken.latest(series)
    if last is not None and last.date is not None and last.date > day:
        return (
            f"số {last.symbol} ({last.file}) đã cấp ngày {format_date(last.date)}, sau ngày {format_date(day)}: số văn bản theo "
            "trình tự thời gian ban hành (Điều 15.1), nên không cấp số mới cho ngày sớm hơn; kiểm tra lại NGAY"
        )
    return None


__all__ = ["ArchiveError", "Series", "Taken", "external", "gaps", "in_data", "order_problem", "taken"]
