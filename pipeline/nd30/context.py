"""Build the template context of one validated document: everything computed.

Years, anniversaries, deadlines, numbers, totals, symbol, date line, lines
under the headings, signature and recipients are all derived here from the
data and the registries; the template only places them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pipeline.nd30 import awards

from pipeline.nd30 import layout

from pipeline import vn
from pipeline.nd30.outline import Block, Cell, Outline
from pipeline.data.problems import Problem, key_path
from pipeline.nd30.recipients import recipient_lines
from pipeline.data.schema import Document, Registry
from pipeline.nd30.signature import SignatureError, signature
from pipeline.data.source import Source
from pipeline.nd30.symbol import DOCUMENT_TYPES, document_symbol
from pipeline.data.text import Expander, Fields, Run, Runs


def anniversary(ten: str, start: dt.date | int, year: int) -> Fields:
    """Return ``{{ ky_niem.<id> }}`` for the plan year: the whole phrase, and its parts so_nam, khoang, ten.

    >>> str(anniversary("ngày thành lập Đảng Cộng sản Việt Nam", dt.date(1930, 2, 3), 2024))
    '94 năm ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2024)'
    """
    years = vn.years_between(start, year)
    if isinstance(start, int):
        span = vn.format_date_range(start, year)
    else:
        span = vn.format_date_range(start, dt.date(year, start.month, min(start.day, 28 if start.month == 2 else 31)))
    return Fields({"so_nam": years, "khoang": span, "ten": ten}, text=f"{years} năm {ten} {span}")


class Count(int):
    """A count that prints the Vietnamese way ("1.234") and still works with filters."""

    def __str__(self) -> str:
        return vn.format_number(int(self))


@dataclass(frozen=True)
class Properties:
    """Document properties written into docProps/core.xml (from the data, never the clock)."""

    title: str
    creator: str
    date: dt.date


def _values(doc: Document, reg: Registry, year: int, tally: awards.Tally | None) -> dict[str, Any]:
    """Return what placeholders in data text may use."""
    values: dict[str, Any] = {
        "nam": year,
        "ky_niem": {k: anniversary(a.ten, a.ngay, year) for k, a in reg.ky_niem.items() if _year_of(a.ngay) <= year},
        "han": {k: vn.format_date(when) for k, d in doc.han.items() if (when := d.resolve(year))},
    }
    if tally:
        now, before = tally.total("total"), tally.total("previous")
        values["kq"] = {"tong": Count(now), "tap_the": Count(tally.total("tap_the")), "ca_nhan": Count(tally.total("ca_nhan")),
                        "tong_nam_truoc": Count(before), "so_sanh": awards.comparison(now, before)}
    return values


def _year_of(start: dt.date | int) -> int:
    return start.year if isinstance(start, dt.date) else start


def awards_table(tally: awards.Tally, year: int) -> Block:
    """Return the result table of a summary report, with its total row computed."""
    head = ("TT", "Hình thức khen thưởng", "Tập thể", "Cá nhân", "Tổng", f"Năm {year - 1}", "Tăng, giảm")
    def numbers(r: awards.Row | None, kind: str) -> tuple[Cell, ...]:
        values = (r.tap_the, r.ca_nhan, r.total, r.previous) if r else tuple(tally.total(f) for f in ("tap_the", "ca_nhan", "total", "previous"))
        cells = [vn.format_number(v) for v in values] + [awards.signed(values[2] - values[3])]
        return tuple(Cell(c, kind, "center") for c in cells)
    rows = [(Cell(str(i), can="center"), Cell(r.form), *numbers(r, "TableText")) for i, r in enumerate(tally.rows, 1)]
    total = (Cell(""), Cell("Tổng cộng", "TableHead", "left"), *numbers(None, "TableHead"))
    widths = (700, 3654, 1000, 1000, 1000, 1000, 1000)
    return Block("bang", cot_rong=widths, hang=(tuple(Cell(h, "TableHead", "center") for h in head), *rows, total))


def _rule(text_lines: list[str], box: int, *, size: int, share: float = layout.RULE_SHARE) -> tuple[int, int]:
    widest = max(min(layout.text_width(t, size_pt=size, bold=True), box) for t in text_lines)
    return layout.centred_rule(round(widest * share), box)


class ContextBuilder:
    """Compute the context of one document; problems are collected, not raised."""

    def __init__(self, source: Source, reg: Registry, year: int):
        self.source, self.reg, self.year = source, reg, year

    def build(self, doc: Document) -> tuple[dict[str, Any], Properties, list[Problem]]:
        """Return (context, properties, problems) for a validated document.

        The registries are read as they stood on the signing date (or the earliest date a draft
        can be signed), so a later change of head or name never alters an issued document.
        """
        self.reg = self.reg.at(self._date(doc))
        tally = awards.tally(doc.khen_thuong, self.reg.hinh_thuc_khen_thuong) if doc.loai == "bao_cao" else None
        text = Expander(_values(doc, self.reg, self.year, tally), lambda p, m: self.source.problem(p, key_path(p), m))
        issuer = self.reg.co_quan[doc.co_quan]
        parent = self.reg.co_quan.get(issuer.co_quan_chu_quan or "")
        title = [text.plain(t, ("trich_yeu", i) if isinstance(doc.trich_yeu, list) else ("trich_yeu",))
                 for i, t in enumerate([doc.trich_yeu] if isinstance(doc.trich_yeu, str) else doc.trich_yeu)]
        context = {
            "co_quan_chu_quan": vn.upper_vi(parent.ten) if parent else "",
            "co_quan_ban_hanh": vn.upper_vi(issuer.ten),
            "gach_co_quan": _rule([vn.upper_vi(issuer.ten)], layout.HEADER_COLUMNS[0], size=13),
            "gach_tieu_ngu": _rule(["Độc lập - Tự do - Hạnh phúc"], layout.HEADER_COLUMNS[1], size=14, share=1.0),
            "so_ky_hieu": document_symbol(doc.so, doc.loai, issuer.viet_tat),
            "dia_danh_ngay": self._date_line(doc, issuer.dia_danh),
            "ten_loai": DOCUMENT_TYPES[doc.loai][0],
            "trich_yeu": title,
            "gach_trich_yeu": _rule(title, layout.TEXT_WIDTH, size=14),
            "can_cu": self._bases(doc, text),
            "khoi": self._blocks(doc, text, tally),
            "noi_nhan": recipient_lines(self._recipients(doc, text), text.plain(doc.luu, ("luu",))),
        }
        context.update(self._signature(doc, text))
        properties = Properties(" ".join(title), issuer.ten_day_du or issuer.ten, self._date(doc))
        return context, properties, text.problems

    def _date_line(self, doc: Document, place: str) -> str:
        date = doc.ngay
        if date is None:
            return vn.format_header_date(place, day=None, month=None, year=self.year)
        return vn.format_header_date(place, day=date.day, month=date.month, year=date.year)

    def _date(self, doc: Document) -> dt.date:
        date = doc.ngay
        return dt.date(date.year, date.month or 1, date.day or 1) if date else dt.date(self.year, 1, 1)

    def _bases(self, doc: Document, text: Expander) -> list[str]:
        lines = [text.plain(c, ("can_cu", i)).rstrip(" ;.") for i, c in enumerate(doc.can_cu)]
        return [line + (";" if i < len(lines) - 1 else ".") for i, line in enumerate(lines)]

    def _blocks(self, doc: Document, text: Expander, tally: awards.Tally | None) -> list[Block]:
        opening = [doc.mo_dau] if isinstance(doc.mo_dau, str) else doc.mo_dau
        key = ("mo_dau",) if isinstance(doc.mo_dau, str) else None
        blocks = [Block("doan", text.runs(p, key or ("mo_dau", i))) for i, p in enumerate(opening)]
        tables = {"ket_qua_khen_thuong": awards_table(tally, self.year)} if tally else {}
        blocks += Outline(doc.danh_so, text, tables).walk(doc.noi_dung, ("noi_dung",))
        closing = text.runs(doc.ket_thuc.rstrip().removesuffix("./.").rstrip(), ("ket_thuc",))
        return blocks + [Block("doan", Runs((*closing, Run("./."))))]

    def _recipients(self, doc: Document, text: Expander) -> list[str]:
        items: list[str] = []
        for i, item in enumerate(doc.noi_nhan):
            group = [item] if isinstance(item, str) else self.reg.noi_nhan.get(item.nhom, [])
            items += [text.plain(g, ("noi_nhan", i)) for g in group]
        return items

    def _signature(self, doc: Document, text: Expander) -> dict[str, Any]:
        signer = self.reg.nguoi_ky[doc.ky.nguoi]
        try:
            block = signature(doc.ky.quyen_han, doc.ky.nguoi, signer, self.reg.co_quan[signer.co_quan],
                              self.reg.co_quan[doc.co_quan], doc.co_quan)
        except SignatureError as exc:
            text.problems.append(self.source.problem(("ky",), "ky", str(exc)))
            return {"chuc_danh": [], "ho_ten": signer.ho_ten}
        return {"chuc_danh": list(block.lines), "ho_ten": block.name}
