"""Build the template context of one validated document: everything computed.

Years, anniversaries, deadlines, numbers, totals, symbol, date line, lines
under the headings, signature and recipients are all derived here from the
data and the registries; the template only places them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from pipeline import vn
from pipeline.data.problems import Problem, key_path
from pipeline.data.schema import AWARDS_FILE, Document, KhenThuong, Registry
from pipeline.data.source import Source
from pipeline.data.text import Expander, Fields, Run, Runs
from pipeline.kinds import KINDS, Kind
from pipeline.nd30 import awards, layout
from pipeline.nd30.checks import texts
from pipeline.nd30.outline import Block, Cell, Outline, labels
from pipeline.nd30.recipients import clean_item, recipient_lines
from pipeline.nd30.signature import SignatureError, signature
from pipeline.nd30.symbol import document_symbol, drafting_unit

_PROPOSER = re.compile(r"^\s*theo đề nghị của\s*:?\s*", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def anniversary(ten: str, start: dt.date | int, year: int) -> Fields:
    """Return ``{{ ky_niem.<id> }}`` for a year: the whole phrase, and its parts so_nam, khoang, ten, and the same
    for each later year up to a century on (``{{ ky_niem.<id>.nam_2025 }}``), for a plan that names the anniversary of
    another year than its own.

    >>> str(anniversary("ngày thành lập Đảng Cộng sản Việt Nam", dt.date(1930, 2, 3), 2024))
    '94 năm ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2024)'
    >>> str(anniversary("Chiến thắng Điện Biên Phủ", dt.date(1954, 5, 7), 2024)["nam_2019"])
    '65 năm Chiến thắng Điện Biên Phủ (07/5/1954 - 07/5/2019)'

    Computed once per anniversary and year (two hundred years of phrases), then shared by every document: the
    result is never changed.
    """
    first = start.year if isinstance(start, dt.date) else start
    other = {f"nam_{y}": _one_anniversary(ten, start, y) for y in range(first + 1, first + 201)}
    return Fields({**_one_anniversary(ten, start, year)._parts, **other}, text=_one_anniversary(ten, start, year).text)


def _one_anniversary(ten: str, start: dt.date | int, year: int) -> Fields:
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


def _values(
    doc: Document, reg: Registry, year: int, tally: awards.Tally | None, chosen: awards.Chosen | None, numbers: dict[str, str]
) -> dict[str, Any]:
    """Return what placeholders in data text may use."""
    values: dict[str, Any] = {
        "nam": year,
        "ky_niem": {k: anniversary(a.ten, a.ngay, year) for k, a in reg.ky_niem.items() if _year_of(a.ngay) <= year},
        "han": {k: vn.format_date(when) for k, d in doc.han.items() if (when := d.resolve(year))},
    }
    if numbers:
        values["so"] = numbers
    tally = tally or awards.Tally(())  # no awards file (its problem stops the document): zeros stand in, no follow-on errors
    now, before = tally.total("total"), tally.total("previous")
    values["kq"] = {
        "tong": Count(now),
        "tap_the": Count(tally.total("tap_the")),
        "ca_nhan": Count(tally.total("ca_nhan")),
        "tong_nam_truoc": Count(before),
        "so_sanh": awards.comparison(now, before),
    }
    if chosen:
        values["khen_thuong"] = Fields(
            {
                "tap_the": Count(chosen.teams),
                "ca_nhan": Count(chosen.people),
                "tong": Count(chosen.teams + chosen.people),
                "hinh_thuc": _listed([g[0] for g in chosen.groups]),
            },
            text=awards.recipients_phrase(chosen.teams, chosen.people),
        )
    return values


def _year_of(start: dt.date | int) -> int:
    return start.year if isinstance(start, dt.date) else start


def awards_table(tally: awards.Tally, year: int) -> Block:
    """Return the result table of a summary report, with its total row computed."""
    head = ("TT", "Hình thức khen thưởng", "Tập thể", "Cá nhân", "Tổng", f"Năm {year - 1}", "Tăng, giảm")

    def numbers(r: awards.Row | None, kind: str) -> tuple[Cell, ...]:
        values = (
            (r.tap_the, r.ca_nhan, r.total, r.previous) if r else tuple(tally.total(f) for f in ("tap_the", "ca_nhan", "total", "previous"))
        )
        cells = [vn.format_number(v) for v in values] + [awards.signed(values[2] - values[3])]
        return tuple(Cell(c, kind, "center") for c in cells)

    rows = [(Cell(str(i), can="center"), Cell(r.form), *numbers(r, "TableText")) for i, r in enumerate(tally.rows, 1)]
    total = (Cell(""), Cell("Tổng cộng", "TableHead", "left"), *numbers(None, "TableHead"))
    widths = (700, 3654, 1000, 1000, 1000, 1000, 1000)
    return Block("bang", cot_rong=widths, hang=(tuple(Cell(h, "TableHead", "center") for h in head), *rows, total))


def list_tables(chosen: awards.Chosen) -> list[Block]:
    """Return the list of a Tờ trình or a Quyết định: one table per form, collectives then individuals, each group
    under its Roman numeral; a heading per form when there are several."""
    widths = (layout.Mm(12), layout.Mm(68), layout.Mm(85))
    blocks = []
    for n, (form, teams, people) in enumerate(chosen.groups, 1):
        if len(chosen.groups) > 1:
            blocks.append(Block("muc", Runs((Run(f"{vn.format_roman(n)}. {vn.upper_vi(form)}"),))))
        rows = [tuple(Cell(h, "TableHead", "center") for h in ("TT", "Tên tập thể, họ và tên", "Chức vụ, đơn vị"))]
        groups = [
            (f"Tập thể ({vn.format_number(len(teams))})", [(t.ten, t.don_vi or "") for t in teams]),
            (f"Cá nhân ({vn.format_number(len(people))})", [(p.ho_ten, ", ".join(x for x in (p.chuc_vu, p.don_vi) if x)) for p in people]),
        ]
        groups = [g for g in groups if g[1]]
        for g, (title, members) in enumerate(groups, 1):
            if len(groups) > 1:
                mark = vn.format_letter(g).upper() if len(chosen.groups) > 1 else vn.format_roman(g)  # I., II. name the forms then
                rows.append((Cell(mark, "TableHead", "center"), Cell(title, "TableHead", "left"), Cell("")))
            rows += [(Cell(str(i), can="center"), Cell(who), Cell(where)) for i, (who, where) in enumerate(members, 1)]
        if len(rows) == 1:
            rows.append((Cell(""), Cell("(chưa có tên trong khen_thuong.yaml)"), Cell("")))
        blocks.append(Block("bang", cot_rong=widths, hang=tuple(rows)))
    return blocks


def _rule(text_lines: list[str], box: int, *, size: int, share: float = layout.RULE_SHARE) -> tuple[int, int]:
    widest = max(min(layout.text_width(line, size_pt=size, bold=True), box) for t in text_lines for line in t.split("\n"))
    return layout.centred_rule(round(widest * share), box)


def _end(blocks: list[Block]) -> list[Block]:
    """End an appendix with "./.": its last paragraph, or a line of its own after a table that ends it."""
    if blocks and blocks[-1].kieu == "bang":
        return [*blocks, Block("ket", Runs((Run("./."),)))]
    return _close(blocks)


def _close(blocks: list[Block]) -> list[Block]:
    """End the last paragraph of the body with "./." and keep it with the signature block."""
    for i in range(len(blocks) - 1, -1, -1):
        if blocks[i].kieu != "bang" and blocks[i].runs:
            blocks[i] = Block(blocks[i].kieu, Runs((*_unstopped(blocks[i].runs), Run("./."))), cuoi=True)
            return blocks
    return blocks


class ContextBuilder:
    """Compute the context of one document; problems are collected, not raised."""

    def __init__(
        self, source: Source, reg: Registry, year: int, awards_data: KhenThuong | None = None, awards_name: str = f"{AWARDS_FILE}.yaml"
    ):
        self.source, self.reg, self.year = source, reg, year
        self.awards, self.awards_name = awards_data, awards_name

    def build(self, doc: Document) -> tuple[dict[str, Any], Properties, list[Problem]]:
        """Return (context, properties, problems) for a validated document.

        The registries are read as they stood on the signing date (or the earliest date a draft
        can be signed), so a later change of head or name never alters an issued document.
        """
        kind = KINDS[doc.loai]
        self.reg = self.reg.at(self._date(doc))
        tally = awards.tally(self.awards, self.reg.hinh_thuc_khen_thuong) if self.awards else None
        forms = getattr(doc, "khen_thuong", [])
        chosen = awards.chosen(self.awards, forms, self.reg.hinh_thuc_khen_thuong) if self.awards and forms else None
        stand_in = awards.Chosen(()) if forms and not self.awards else None  # its problem stops the document; no follow-ons
        articles = [
            (a.noi_dung, ("dieu", i, "noi_dung"), (i + 1,)) for i, a in enumerate(getattr(doc, "dieu", [])) if not isinstance(a, str)
        ]
        numbers, again = labels(
            doc.danh_so,
            [
                (doc.noi_dung, ("noi_dung",), ()),
                *articles,
                *((a.noi_dung, ("phu_luc", i, "noi_dung"), ()) for i, a in enumerate(doc.phu_luc)),
            ],
        )
        text = Expander(
            _values(doc, self.reg, self.year, tally, chosen or stand_in, numbers), lambda p, m: self.source.problem(p, key_path(p), m)
        )
        for path, earlier in again:
            text.problems.append(
                self.source.problem(
                    path,
                    key_path(path),
                    f"tên riêng (ma) này đã dùng ở {key_path(earlier)}; mỗi ma chỉ đặt cho một phần để {{{{ so.<ma> }}}} chỉ đúng một số",
                )
            )
        if not self.awards:
            needs = [("khen_thuong",)] if forms else []
            needs += [path for path, value in texts(self.source.data) if "kq." in value.replace(" ", "")][:1]
            for path in needs:
                text.problems.append(
                    self.source.problem(
                        path,
                        key_path(path),
                        f"cần danh sách khen thưởng của năm: chưa có tệp "
                        f"{self.awards_name} hoặc tệp đó có lỗi (xem các lỗi của tệp đó); hãy tạo hoặc sửa tệp đó",
                    )
                )
        issuer = self.reg.co_quan[doc.co_quan]
        parent = self.reg.co_quan.get(issuer.co_quan_chu_quan or "")
        # the issuer's name in full when no parent line above it names the place ("ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", not "UBND");
        # under a parent, its own name ("SỞ TƯ PHÁP" under "UBND TỈNH NINH BÌNH") (ND30 Phụ lục I II.2)
        own_name = issuer.ten if parent else (issuer.ten_day_du or issuer.ten)
        title_lines = [doc.trich_yeu] if isinstance(doc.trich_yeu, str) else doc.trich_yeu
        title = [text.plain(t, ("trich_yeu", i) if isinstance(doc.trich_yeu, list) else ("trich_yeu",)) for i, t in enumerate(title_lines)]
        symbol = document_symbol(doc.so, doc.loai, issuer.viet_tat, drafting_unit(doc.luu))
        authority = self._authority(doc, issuer, text) if kind.tham_quyen else ""
        tables = self._tables(tally, chosen, kind)
        context = {
            "co_quan_chu_quan": vn.upper_vi(parent.ten) if parent else "",
            "co_quan_ban_hanh": vn.upper_vi(own_name),
            "gach_co_quan": _rule([vn.upper_vi(own_name)], layout.HEADER_COLUMNS[0], size=13),
            "gach_tieu_ngu": _rule(["Độc lập - Tự do - Hạnh phúc"], layout.HEADER_COLUMNS[1], size=14, share=1.0),
            "so_ky_hieu": symbol,
            "dia_danh_ngay": self._date_line(doc, issuer.dia_danh),
            "ten_loai": kind.ten_loai or "",
            "trich_yeu": title if kind.ten_loai else [],
            "vv": [f"V/v {title[0]}", *title[1:]] if not kind.ten_loai else [],
            "gach_trich_yeu": _rule(title, layout.TEXT_WIDTH, size=14),
            "tham_quyen": authority,
            "kinh_gui": self._addressees(doc, text),
            "can_cu": self._bases(doc, text),
            "quyet_dinh": kind.tham_quyen,
            "khoi": [
                *_close(self._blocks(doc, kind, text, tables, issuer)),
                Block("chu_ky"),
                *self._annexes(doc, kind, text, tables, symbol, issuer),
            ],
            "phu_luc": bool(doc.phu_luc),
            "noi_nhan": recipient_lines(self._recipients(doc, kind, text), text.plain(doc.luu, ("luu",))),
        }
        context["giu_chu_ky"] = len(context["noi_nhan"]) <= layout.KEPT_RECIPIENTS  # Nơi nhận and signature on one page
        context.update(self._signature(doc, text))
        properties = Properties(" ".join(title).replace("\n", " "), issuer.ten_day_du or issuer.ten, self._date(doc))
        return context, properties, text.problems

    def _tables(self, tally: awards.Tally | None, chosen: awards.Chosen | None, kind: Kind) -> dict[str, Any]:
        """Return the computed tables a document may place; one it cannot have says why where it is used."""
        missing = f"cần tệp {self.awards_name} của năm (danh sách khen thưởng) không có lỗi"
        tables: dict[str, Any] = {"ket_qua_khen_thuong": [awards_table(tally, self.year)] if tally else missing}
        if chosen:
            tables["danh_sach_khen_thuong"] = list_tables(chosen)
        elif self.awards:
            tables["danh_sach_khen_thuong"] = (
                "bảng này in các hình thức ghi ở khóa khen_thuong của văn bản "
                f"(tờ trình, quyết định); {'văn bản này chưa ghi khóa đó' if kind.khen_thuong else 'loại văn bản này không có khóa đó'}"
            )
        else:
            tables["danh_sach_khen_thuong"] = missing
        return tables

    def _authority(self, doc: Any, issuer: Any, text: Expander) -> str:
        """Return the issuing authority line of a decision: the head's title and the body, or the collective body."""
        if doc.tham_quyen:
            return vn.upper_vi(text.plain(doc.tham_quyen, ("tham_quyen",)))
        if issuer.tap_the:
            return vn.upper_vi(issuer.ten_day_du or issuer.ten)
        return vn.upper_vi(_head(issuer))

    def _date_line(self, doc: Document, place: str) -> str:
        date = doc.ngay
        if date is None:
            return vn.format_header_date(place, day=None, month=None, year=self.year)
        return vn.format_header_date(place, day=date.day, month=date.month, year=date.year)

    def _date(self, doc: Document) -> dt.date:
        date = doc.ngay
        return dt.date(date.year, date.month or 1, date.day or 1) if date else dt.date(self.year, 1, 1)

    def _addressees(self, doc: Document, text: Expander) -> dict[str, Any] | None:
        """Return the Kính gửi block: one addressee on the label's line, several one per line under the colon."""
        value = getattr(doc, "kinh_gui", None)
        if not value:
            return None
        items = [
            text.plain(v, ("kinh_gui", i) if isinstance(value, list) else ("kinh_gui",))
            for i, v in enumerate([value] if isinstance(value, str) else value)
        ]
        items = [clean_item(i) for i in items]
        if len(items) == 1:
            return {"mot": items[0], "cac": [], "le": 0, "le_muc": 0, "gach": 0}
        lines = [f"- {item}{';' if i < len(items) - 1 else '.'}" for i, item in enumerate(items)]
        left, under = layout.addressee_indents("Kính gửi", lines)
        dash = layout.text_width("- ", size_pt=layout.BODY_SIZE)  # a second line of an item goes under its text
        return {"mot": "", "cac": lines, "le": left, "le_muc": under + dash, "gach": dash}

    def _bases(self, doc: Document, text: Expander) -> list[str]:
        lines = [text.plain(c, ("can_cu", i)).rstrip(" ;./") for i, c in enumerate(doc.can_cu)]
        if getattr(doc, "theo_de_nghi", None):  # "Theo đề nghị của" typed (with or without ':') is printed once
            who = _PROPOSER.sub("", text.plain(doc.theo_de_nghi, ("theo_de_nghi",))).rstrip(" ;./")
            lines.append(f"Theo đề nghị của {who}")
        return [line + (";" if i < len(lines) - 1 else ".") for i, line in enumerate(lines)]

    def _blocks(self, doc: Document, kind: Kind, text: Expander, tables: dict[str, Any], issuer: Any) -> list[Block]:
        opening = [doc.mo_dau] if isinstance(doc.mo_dau, str) else doc.mo_dau
        key = ("mo_dau",) if isinstance(doc.mo_dau, str) else None
        blocks = [Block("doan", text.runs(p, key or ("mo_dau", i))) for i, p in enumerate(opening)]
        if kind.giay_moi:
            blocks += self._invitation(doc, text, issuer)
        outline = Outline(doc.danh_so, text, tables)
        if kind.tham_quyen:
            for n, article in enumerate(doc.dieu, 1):
                path = ("dieu", n - 1)
                if isinstance(article, str):
                    outline.blocks.append(Block("dieu", Runs((Run(f"Điều {n}. ", bold=True), *text.runs(article, path)))))
                    continue
                body = text.runs(article.dieu, path + ("dieu",))
                if article.noi_dung:  # a titled article: the title is bold
                    body = Runs(Run(r.text, True, r.italic) for r in body)
                outline.blocks.append(Block("dieu", Runs((Run(f"Điều {n}. ", bold=True), *body))))
                outline.walk(article.noi_dung, path + ("noi_dung",), (n,))
        blocks += outline.walk(doc.noi_dung, ("noi_dung",))
        closing = [doc.ket_thuc] if isinstance(doc.ket_thuc, str) else doc.ket_thuc
        key = ("ket_thuc",) if isinstance(doc.ket_thuc, str) else None
        return blocks + [Block("doan", text.runs(p, key or ("ket_thuc", i))) for i, p in enumerate(closing)]

    def _invitation(self, doc: Any, text: Expander, issuer: Any) -> list[Block]:
        """Return the lines of a Giấy mời (Mẫu 1.7): who invites whom, who chairs, when and where."""
        whom = [doc.moi] if isinstance(doc.moi, str) else doc.moi
        names = [clean_item(text.plain(w, ("moi", i) if isinstance(doc.moi, list) else ("moi",))) for i, w in enumerate(whom)]
        host = issuer.ten_day_du or issuer.ten
        if len(names) == 1:
            blocks = [Block("doan", Runs((Run(f"{host} trân trọng kính mời: "), Run(names[0], bold=True), Run("."))))]
        else:
            blocks = [Block("doan", Runs((Run(f"{host} trân trọng kính mời:"),)))]
            blocks += [
                Block("doan", Runs((Run("- "), Run(n, bold=True), Run(";" if i < len(names) - 1 else ".")))) for i, n in enumerate(names)
            ]
        meeting = _unstopped(text.runs(doc.toi_du, ("toi_du",)))
        if meeting and meeting[0].text.casefold().startswith("tới dự"):  # "Tới dự" typed: printed once
            meeting = Runs((Run(meeting[0].text[6:].lstrip(" :"), meeting[0].bold, meeting[0].italic), *meeting[1:]))
        blocks.append(Block("doan", Runs((Run("Tới dự "), *meeting, Run(".")))))
        if doc.chu_tri:
            blocks.append(Block("doan", Runs((Run("Chủ trì: "), *_unstopped(text.runs(doc.chu_tri, ("chu_tri",))), Run(".")))))
        blocks.append(Block("doan", Runs((Run("Thời gian: "), Run(vn.format_meeting_time(doc.thoi_gian)), Run(".")))))
        blocks.append(Block("doan", Runs((Run("Địa điểm: "), *_unstopped(text.runs(doc.dia_diem, ("dia_diem",))), Run(".")))))
        return blocks

    def _annexes(self, doc: Document, kind: Kind, text: Expander, tables: dict[str, Any], symbol: str, issuer: Any) -> list[Block]:
        """Return the appendices, each in its own section whose page numbers restart at 1 (ND30 Phụ lục I III.1):
        "Phụ lục" (Roman numerals when several), the title, the "Kèm theo" line, a rule, the content."""
        annexes: list[Block] = []
        date = self._date_line(doc, "").removeprefix(", ")  # a draft leaves the day (and month) blank, as its date line
        if kind.tham_quyen and getattr(doc, "tham_quyen", None):
            whose = text.plain(doc.tham_quyen, ("tham_quyen",))
        elif kind.tham_quyen and not issuer.tap_the:  # a decision of the head: "của Giám đốc Sở Tư pháp"
            whose = _head(issuer)
        else:
            whose = issuer.ten_day_du or issuer.ten
        what = kind.ten_loai.capitalize() if kind.ten_loai else "Công văn"
        for i, annex in enumerate(doc.phu_luc):
            path = ("phu_luc", i)
            label = "Phụ lục" if len(doc.phu_luc) == 1 else f"Phụ lục {vn.format_roman(i + 1)}"
            title = vn.upper_vi(text.plain(annex.ten, path + ("ten",)))
            line = f"(Kèm theo {what} số {symbol} {date} của {whose})"
            annexes += [
                Block("het_phan" if i == 0 else "het_phu_luc"),
                Block("pl_nhan", Runs((Run(label),))),
                Block("pl_ten", Runs((Run(title),))),
                Block("pl_kem", Runs((Run(line),))),
                Block("gach", cot_rong=_rule([line], layout.TEXT_WIDTH, size=14, share=0.3)),
                *_end(Outline(doc.danh_so, text, tables).walk(annex.noi_dung, path + ("noi_dung",))),
            ]
        return annexes

    def _recipients(self, doc: Document, kind: Kind, text: Expander) -> list[str]:
        items: list[str] = []
        if getattr(doc, "kinh_gui", None):
            items.append("Như trên")
        if kind.tham_quyen:
            items.append(f"Như Điều {len(doc.dieu)}")
        typed = []
        for i, item in enumerate(doc.noi_nhan):
            group = [item] if isinstance(item, str) else self.reg.noi_nhan.get(item.nhom, [])
            typed += [text.plain(g, ("noi_nhan", i)) for g in group]
        return items + [t for t in typed if clean_item(t).casefold() not in {x.casefold() for x in items}]

    def _signature(self, doc: Document, text: Expander) -> dict[str, Any]:
        signer = self.reg.nguoi_ky[doc.ky.nguoi]
        try:
            block = signature(
                doc.ky.quyen_han, doc.ky.nguoi, signer, self.reg.co_quan[signer.co_quan], self.reg.co_quan[doc.co_quan], doc.co_quan
            )
        except SignatureError as exc:
            text.problems.append(self.source.problem(("ky",), "ky", str(exc)))
            return {"chuc_danh": [], "ho_ten": signer.ho_ten}
        return {"chuc_danh": list(block.lines), "ho_ten": block.name}


def _listed(items: list[str]) -> str:
    """Return items as a sentence lists them.

    >>> _listed(["A"]), _listed(["A", "B", "C"])
    ('A', 'A, B và C')
    """
    return ", ".join(items[:-1]) + " và " + items[-1] if len(items) > 1 else "".join(items)


def _unstopped(runs: Runs) -> Runs:
    """Return runs without the full stop or "./." a clerk typed at their end (the line adds its own); "..." stays.

    >>> [r.text for r in _unstopped(Runs((Run("a "), Run("b./. "))))], _unstopped(Runs((Run("c..."),)))[0].text
    (['a ', 'b'], 'c...')
    """
    if not runs:
        return runs
    last = runs[-1]
    text = last.text.rstrip()
    if text.endswith("./."):
        text = text.removesuffix("./.").rstrip()
    elif text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    return Runs((*runs[:-1], Run(text, last.bold, last.italic)))


def _head(issuer: Any) -> str:
    """Return the head of a body as a decision names it: "Giám đốc Sở Tư pháp"; a body named after its head
    ("Thủ tướng Chính phủ") is not named twice.

    >>> from types import SimpleNamespace as N
    >>> _head(N(chuc_danh_thu_truong="Giám đốc", ten="Sở Tư pháp")), _head(N(chuc_danh_thu_truong="Thủ tướng", ten="Thủ tướng Chính phủ"))
    ('Giám đốc Sở Tư pháp', 'Thủ tướng Chính phủ')
    """
    if issuer.ten.casefold().startswith(issuer.chuc_danh_thu_truong.casefold()):
        return issuer.ten
    return f"{issuer.chuc_danh_thu_truong} {issuer.ten}"
