"""Count the awards listed in a summary report and compare with last year."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import vn
from pipeline.data.schema import CaNhan, HinhThuc, KhenThuong, TapThe, person, team


@dataclass(frozen=True)
class Row:
    """Counts for one award form."""

    form: str
    tap_the: int
    ca_nhan: int
    previous: int

    @property
    def total(self) -> int:
        return self.tap_the + self.ca_nhan


@dataclass(frozen=True)
class Tally:
    """All rows, with totals computed from them."""

    rows: tuple[Row, ...]

    def total(self, field: str) -> int:
        """Return the sum of one field over the rows ('tap_the', 'ca_nhan', 'total', 'previous')."""
        return sum(getattr(r, field) for r in self.rows)


def tally(awards: KhenThuong, forms: dict[str, HinhThuc]) -> Tally:
    """Return the counts per form, in the order forms first appear (this year, then last)."""
    order = list(dict.fromkeys([m.hinh_thuc for m in awards.danh_sach] + list(awards.nam_truoc)))
    rows = []
    for form in order:
        items = [m for m in awards.danh_sach if m.hinh_thuc == form]
        before = awards.nam_truoc.get(form)
        rows.append(
            Row(
                forms[form].ten,
                sum(len(m.tap_the) for m in items),
                sum(len(m.ca_nhan) for m in items),
                before.tap_the + before.ca_nhan if before else 0,
            )
        )
    return Tally(tuple(rows))


def comparison(now: int, before: int) -> str:
    """Return the change from last year in words.

    >>> comparison(45, 40), comparison(30, 40), comparison(5, 5), comparison(3, 0)
    ('tăng 5 lượt (12,5%)', 'giảm 10 lượt (25%)', 'bằng năm trước', 'tăng 3 lượt')
    """
    if now == before:
        return "bằng năm trước"
    word = "tăng" if now > before else "giảm"
    share = f" ({vn.format_percent(abs(now - before) * 100 / before)})" if before else ""
    return f"{word} {vn.format_number(abs(now - before))} lượt{share.replace(',0%', '%')}"


def signed(value: int) -> str:
    """Return a change with its sign: '+5', '-3', '0'."""
    return f"+{vn.format_number(value)}" if value > 0 else ("-" + vn.format_number(-value) if value else "0")


def recipients_phrase(teams: int, people: int) -> str:
    """Return who a decision or a proposal names, in words: "14 tập thể và 31 cá nhân".

    >>> recipients_phrase(14, 31), recipients_phrase(0, 3), recipients_phrase(2, 0), recipients_phrase(0, 0)
    ('14 tập thể và 31 cá nhân', '3 cá nhân', '2 tập thể', '0 tập thể, cá nhân')
    """
    parts = [f"{vn.format_number(n)} {what}" for n, what in ((teams, "tập thể"), (people, "cá nhân")) if n]
    return " và ".join(parts) or "0 tập thể, cá nhân"


@dataclass(frozen=True)
class Chosen:
    """The awards of the forms a Tờ trình proposes or a Quyết định gives, in the order of the forms."""

    groups: tuple[tuple[str, tuple[TapThe, ...], tuple[CaNhan, ...]], ...]
    """(form name, collectives, individuals) per form."""

    @property
    def teams(self) -> int:
        return sum(len(g[1]) for g in self.groups)

    @property
    def people(self) -> int:
        return sum(len(g[2]) for g in self.groups)


def chosen(awards: KhenThuong, form_ids: list[str], forms: dict[str, HinhThuc]) -> Chosen:
    """Return the awards of the given forms from the year's list (a form listed twice is merged)."""
    groups = []
    for form in dict.fromkeys(form_ids):
        items = [m for m in awards.danh_sach if m.hinh_thuc == form]
        groups.append(
            (forms[form].ten, tuple(team(t) for m in items for t in m.tap_the), tuple(person(p) for m in items for p in m.ca_nhan))
        )
    return Chosen(tuple(groups))
