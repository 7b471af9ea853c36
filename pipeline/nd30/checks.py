"""Consistency checks a careful reviewer would make (``make check``; ``make plan`` runs them too).

Each rule has an id printed in brackets; errors stop the document, warnings are
printed. A clerk silences one occurrence with ``bo_qua: [{ma, khoa, ly_do}]``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.data.problems import Problem, did_you_mean, key_path, quote
from pipeline.data.schema import Document, KhenThuong, Registry, person, team
from pipeline.data.source import Source
from pipeline.kinds import KINDS
from pipeline.nd30.recipients import clean_item

RULES = {
    "nam-go-tay": (False, "năm kế hoạch (hoặc năm trước, năm sau) gõ tay thay cho {{ nam }}: năm sau sẽ thành năm cũ"),
    "nam-cu": (True, "hạn hoặc thời gian trong văn bản không thuộc năm kế hoạch"),
    "han-ngoai-ky": (True, "hạn (han) nằm ngoài năm kế hoạch hoặc trước ngày ký"),
    "ngay-khong-co": (True, "ngày không tồn tại"),
    "noi-nhan-lap": (False, "một nơi nhận được ghi hai lần"),
    "luu-trong-noi-nhan": (False, "dòng 'Lưu' gõ trong noi_nhan (dùng khóa luu)"),
    "so-trung": (True, "số và ký hiệu văn bản trùng với văn bản khác trong năm"),
    "khong-nfc": (False, "chữ không ở dạng Unicode dựng sẵn (NFC)"),
    "ma-cu": (True, "có vẻ là chữ mã TCVN3/VNI cũ, không phải Unicode"),
    "danh-so-tay": (False, "số thứ tự hoặc dấu đầu dòng gõ tay trong nội dung"),
    "bo-qua-thua": (False, "mục bo_qua không khớp chỗ nào"),
    "ngay-ngoai-nam": (True, "ngày ký cách năm kế hoạch quá xa"),
    "so-thieu-ngay": (True, "văn bản có số nhưng chưa có ngày ký đủ ngày, tháng, năm"),
    "da-ban-hanh": (True, "văn bản đã ban hành (đã lưu ở ban_hanh/) nhưng nội dung, số hoặc ngày đã thay đổi"),
    "the-thuc-ban-hanh": (True, "văn bản đã ban hành, nội dung giữ nguyên nhưng trình bày (thể thức) trong dữ liệu đã đổi"),
    "so-cach-quang": (False, "số văn bản bỏ trống: các số trước số này chưa cấp cho văn bản nào"),
    "so-lieu-cu": (False, "số liệu giống hệt văn bản cùng loại của năm trước (có thể chép từ năm cũ)"),
    "chua-co-khen-thuong": (False, "danh sách khen thưởng của năm (hoặc của hình thức văn bản ghi) còn trống"),
    "danh-sach-cu": (True, "danh sách khen thưởng giống hệt năm trước"),
    "nam-truoc-khac": (False, "số lượt năm trước khác số đã đếm trong danh sách khen thưởng năm trước"),
    "thoi-gian-hop": (True, "thời gian cuộc họp trước ngày ký giấy mời hoặc ngoài năm kế hoạch và năm sau"),
    "hinh-thuc-tham-quyen": (True, "hình thức khen thưởng không thuộc thẩm quyền của cơ quan ký (quyết định) hoặc của nơi nhận (tờ trình)"),
    "khen-thuong-lap": (False, "một tên hoặc một hình thức khen thưởng ghi hai lần (được đếm hai lần)"),
}

RUN_WIDE = {"so-cach-quang"}
"""Rules found across all the documents of a run (after each document's own rules): their bo_qua is honoured there."""


def silenced(source: Source, rule: str, path: tuple) -> bool:
    """Return whether a document's bo_qua silences a rule at a key path (for the rules of RUN_WIDE)."""
    entries = source.data.get("bo_qua") if isinstance(source.data, dict) else None
    return any(isinstance(b, dict) and b.get("ma") == rule and b.get("khoa") == key_path(path) for b in entries or [])


FIXED = {"ngay-khong-co", "ngay-ngoai-nam", "so-thieu-ngay", "so-trung", "thoi-gian-hop", "da-ban-hanh", "the-thuc-ban-hanh"}
"""Rules whose findings are always wrong and cannot be silenced with bo_qua."""
_YEAR = re.compile(r"(?<![\d/.\-])((?:19|20)\d\d)(?![\d/])")
_NOT_YEAR = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d+/\d{4}/|\b\d{4}\s*-\s*\d{4}\b|ngày \d{1,2} tháng \d{1,2} năm \d{4}")
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_DEADLINE = re.compile(r"(trước ngày|chậm nhất|hạn|đến ngày|từ ngày|xong trước|trong tháng|tháng)\s*(?:là\s*)?(?:ngày\s*)?\**\s*$", re.I)
_MONTH = re.compile(r"\btháng (\d{1,2})/(\d{4})\b", re.I)
_MARKER = re.compile(r"^\s*((?:[IVXLC]+|\d+(?:\.\d+)*)\.\s|[a-zđ]\)\s|[-+•*]\s)")
_FIGURE = re.compile(r"(?<![\w/.,:-])\d+(?:[.,]\d+)*%?(?![\w/]|[.,:-]\d)")
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}", re.S)
_ANNIVERSARY_YEAR = re.compile(r"ky_niem\s*\.\s*\w+\s*\.\s*nam_(\d{4})")
_LEGACY = re.compile(r"[¸µ¶·¹¨©ª«¬®¯°±²³´»¼½¾ÆÇÐÑ×Øæçñ÷øþ]")
BODY_KEYS = ("noi_dung", "mo_dau", "ket_thuc")


@dataclass(frozen=True)
class Finding:
    """A located rule violation; ``error`` stops the document."""

    rule: str
    path: tuple
    problem: Problem

    @property
    def error(self) -> bool:
        return RULES[self.rule][0]


NOT_TEXT = {"loai", "co_quan", "so", "ngay", "danh_so", "ky", "han", "bo_qua", "thoi_gian", "khen_thuong", "giai_doan"}


def texts(data: object, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Yield (path, text) for every string of text in the raw data (not keys, ids or dates)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not (path == () and key in NOT_TEXT):
                yield from texts(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from texts(value, path + (i,))
    elif isinstance(data, str):
        yield path, data


@dataclass(frozen=True)
class Context:
    """What the rules know beyond the document: what was issued and last year's version."""

    content: str | None = None
    """Fingerprint of what the document says now (number and date left out)."""
    issued: dict | None = None
    """What it was when first built with its number and date: {"content", "so", "ngay"}, if it was."""
    last_year: Source | None = None
    """The same document of the latest earlier year that has it, for what a report carries over."""
    last_year_number: int | None = None
    """The plan year of last_year."""


class Rules:
    """What every set of rules shares: located findings, the checks of the characters of a file, and bo_qua."""

    def __init__(self, source: Source, bo_qua: list) -> None:
        self.source, self.bo_qua = source, bo_qua
        self.findings: list[Finding] = []

    def add(self, rule: str, path: tuple, detail: str) -> None:
        message = f"[{rule}] {detail}"
        self.findings.append(Finding(rule, path, self.source.problem(path, key_path(path), message)))

    def characters(self) -> None:
        """Flag text in the old TCVN3/VNI encodings, and text that was not in NFC."""
        for path, text in texts(self.source.data):
            if legacy := _LEGACY.search(text):
                self.add("ma-cu", path, f"có ký tự {quote(legacy[0])} của mã TCVN3/VNI cũ; hãy chuyển văn bản sang Unicode")
        for path in self.source.not_nfc:
            self.add("khong-nfc", path, "chữ không ở dạng Unicode dựng sẵn (NFC), đã được chuẩn hóa khi dựng; hãy lưu tệp ở dạng NFC")

    def silence(self) -> list[Finding]:
        kept, used = [], set()
        for finding in self.findings:
            match = next(
                (j for j, b in enumerate(self.bo_qua) if b.ma == finding.rule and b.khoa == key_path(finding.path) and b.ma not in FIXED),
                None,
            )
            if match is None:
                kept.append(finding)
            else:
                used.add(match)
        for j, b in enumerate(self.bo_qua):
            if b.ma in FIXED:
                self.add(
                    "bo-qua-thua",
                    ("bo_qua", j, "ma"),
                    f"[{b.ma}] là lỗi luôn phải sửa, không bỏ qua được; hãy sửa dữ liệu và xóa mục bo_qua này",
                )
                kept.append(self.findings[-1])
            elif j not in used and b.ma not in RUN_WIDE:
                guess = did_you_mean(b.ma, RULES) if b.ma not in RULES else ""
                hint = f" (mã quy tắc {quote(b.ma)} không có{guess})" if guess else ""
                self.add("bo-qua-thua", ("bo_qua", j), f"không có [{b.ma}] nào ở {quote(b.khoa)} để bỏ qua{hint}")
                kept.append(self.findings[-1])
        return kept


class Checker(Rules):
    """Run the rules over one document; ``findings`` collects what they find."""

    def __init__(
        self, source: Source, doc: Document, reg: Registry, year: int, context: Context = Context(), awards: KhenThuong | None = None
    ):
        super().__init__(source, doc.bo_qua)
        self.doc, self.reg, self.year, self.context = doc, reg, year, context
        self.kind, self.awards = KINDS[doc.loai], awards
        first, last = self.year, self.year
        if doc.giai_doan:
            first, last = sorted(int(y) for y in doc.giai_doan.split("-"))
        self.period = (min(first, self.year), max(last, self.year))
        """The years the document is about: its plan year, or the whole giai_doan it covers."""
        self.span = f"giai đoạn {doc.giai_doan}" if doc.giai_doan else f"năm kế hoạch {self.year}"
        """The years the document is about, in words."""

    def run(self) -> list[Finding]:
        """Return the findings that are not silenced by bo_qua."""
        for path, text in texts(self.source.data):
            self.text_rules(path, text)
        self.deadlines()
        self.recipients()
        self.dates()
        self.issued()
        self.carried_over()
        self.award_forms()
        self.meeting()
        self.characters()
        return self.silence()

    def text_rules(self, path: tuple, text: str) -> None:
        blanked = _NOT_YEAR.sub(lambda m: "#" * len(m[0]), _PLACEHOLDER.sub(lambda m: "#" * len(m[0]), text))
        for match in _YEAR.finditer(blanked):
            offset = int(match[1]) - self.year
            if offset in (-1, 0, 1) and not (self.doc.giai_doan and self.period[0] <= int(match[1]) <= self.period[1]):
                hint = {-1: "{{ nam - 1 }}", 0: "{{ nam }}", 1: "{{ nam + 1 }}"}[offset]
                self.add("nam-go-tay", path, f"năm {match[1]} gõ tay; năm sau sẽ thành năm cũ, hãy dùng {hint}")
        for match in _ANNIVERSARY_YEAR.finditer(text):  # {{ ky_niem.<mã>.nam_2025 }}: a year typed, in a placeholder
            offset = int(match[1]) - self.year
            if offset in (-1, 0, 1):
                hint = (
                    "{{ ky_niem.<mã> }} (năm kế hoạch)"
                    if offset == 0
                    else "xem lại chỗ này mỗi năm (kỷ niệm của năm khác năm kế hoạch không tự đổi theo năm)"
                )
                self.add("nam-go-tay", path, f"năm {match[1]} gõ tay trong {quote(match[0])}; năm sau sẽ thành năm cũ: {hint}")
        for match in _DATE.finditer(text):
            self.date_rules(path, text, match)
        for match in _MONTH.finditer(text):  # a plan is about its year; a report may cite months before it
            before = text[: match.start() + (6 if self.kind.ky_nam[0] < 0 else 0)]
            if not self.period[0] <= int(match[2]) <= self.period[1] and _DEADLINE.search(before):
                self.add("nam-cu", path, f"thời gian {quote(match[0])} không thuộc {self.span}")
        if path and path[0] in BODY_KEYS and _MARKER.match(text):
            self.add(
                "danh-so-tay",
                path,
                f"{quote(_MARKER.match(text)[1].strip())} gõ tay ở đầu đoạn; số thứ tự và dấu đầu dòng do chương trình tạo theo cấp",
            )

    def date_rules(self, path: tuple, text: str, match: re.Match) -> None:
        day, month, year = map(int, match.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            self.add("ngay-khong-co", path, f"ngày {quote(match[0])} không tồn tại")
            return
        if not self.period[0] <= year <= self.period[1] and _DEADLINE.search(text[: match.start()]):
            self.add("nam-cu", path, f"hạn {quote(match[0])} không thuộc {self.span}; dùng han: và {{{{ han.<mã> }}}}")

    def deadlines(self) -> None:
        signed = self.doc.ngay.complete if self.doc.ngay else None
        first, last = (self.year + d for d in self.kind.ky_nam)
        if signed and not first <= signed.year <= last or self.kind.ky_nam[0] >= 0:
            signed = None  # a wrong signing date is its own finding; a report signed after its year reports on deadlines past
        for name, deadline in self.doc.han.items():
            when = deadline.resolve(self.year)
            if when is None:  # 29/02 in a common year: reported by validation
                continue
            if not self.period[0] <= when.year <= self.period[1] or (signed and when < signed):
                span = f"giai đoạn {self.doc.giai_doan}" if self.doc.giai_doan else f"năm kế hoạch {self.year}"
                why = f"trước ngày ký {signed:%d/%m/%Y}" if signed and when < signed else f"ngoài {span}"
                self.add("han-ngoai-ky", ("han", name), f"hạn {when:%d/%m/%Y} {why}")

    def recipients(self) -> None:
        seen: dict[str, tuple] = {}
        addressees = getattr(self.doc, "kinh_gui", None) or []
        for line in [addressees] if isinstance(addressees, str) else addressees:
            seen.setdefault(clean_item(line).casefold(), ("kinh_gui",))
        for i, item in enumerate(self.doc.noi_nhan):
            lines = [item] if isinstance(item, str) else self.reg.noi_nhan.get(item.nhom, [])
            for line in lines:
                key = clean_item(line).casefold()
                if key.startswith("lưu"):
                    self.add("luu-trong-noi-nhan", ("noi_nhan", i), "dòng Lưu do chương trình thêm từ khóa luu; bỏ dòng này khỏi noi_nhan")
                elif key in seen and seen[key] == ("kinh_gui",):
                    self.add(
                        "noi-nhan-lap",
                        ("noi_nhan", i),
                        f"{quote(clean_item(line))} đã có ở Kính gửi, nên Nơi nhận đã có "
                        "'- Như trên;' cho nơi này; bỏ dòng này khỏi noi_nhan",
                    )
                elif key in seen:
                    self.add("noi-nhan-lap", ("noi_nhan", i), f"{quote(clean_item(line))} đã có ở noi_nhan[{seen[key][1] + 1}]")
                seen.setdefault(key, ("noi_nhan", i))

    def award_forms(self) -> None:
        """Flag a form a Tờ trình or a Quyết định lists that its issuer may not give (a decision) or that the issuer gives
        itself (a proposal), and a form with nobody in the year's list."""
        forms = getattr(self.doc, "khen_thuong", [])
        for i, form in enumerate(forms):
            entry = self.reg.hinh_thuc_khen_thuong.get(form)
            if entry is None:
                continue
            decider = self.reg.co_quan.get(entry.co_quan or "")
            if entry.co_quan and self.kind.hinh_thuc_cua == "co_quan" and entry.co_quan != self.doc.co_quan:
                self.add(
                    "hinh-thuc-tham-quyen",
                    ("khen_thuong", i),
                    f"{quote(entry.ten)} do {decider.ten if decider else entry.co_quan} "
                    "quyết định, không thuộc thẩm quyền của cơ quan ban hành; hãy trình cấp có thẩm quyền bằng tờ trình",
                )
            if entry.co_quan and self.kind.hinh_thuc_cua == "nguoi_nhan" and entry.co_quan == self.doc.co_quan:
                self.add(
                    "hinh-thuc-tham-quyen",
                    ("khen_thuong", i),
                    f"{quote(entry.ten)} do chính cơ quan ban hành quyết định; không cần tờ trình, hãy ban hành quyết định khen thưởng",
                )
            if self.awards is not None and not any(m.hinh_thuc == form and (m.tap_the or m.ca_nhan) for m in self.awards.danh_sach):
                self.add(
                    "chua-co-khen-thuong",
                    ("khen_thuong", i),
                    f"khen_thuong.yaml năm {self.year} chưa có ai được "
                    f"{quote(entry.ten)}: danh sách in trống; hãy ghi danh sách khi có kết quả",
                )

    def meeting(self) -> None:
        """A meeting is held after the invitation is signed, in the plan year or early the next (a summary conference)."""
        when = getattr(self.doc, "thoi_gian", None)
        if when is None:
            return
        signed = self.doc.ngay.complete if self.doc.ngay else None
        if signed and when.date() < signed:
            self.add(
                "thoi-gian-hop",
                ("thoi_gian",),
                f"cuộc họp ngày {when:%d/%m/%Y} trước ngày ký giấy mời {signed:%d/%m/%Y}; kiểm tra lại ngày họp hoặc ngày ký",
            )
        elif not self.year <= when.year <= self.year + 1:
            self.add(
                "thoi-gian-hop",
                ("thoi_gian",),
                f"cuộc họp năm {when.year} không hợp với giấy mời của năm {self.year} (họp trong "
                f"năm {self.year} hoặc {self.year + 1}); kiểm tra lại năm, hoặc thư mục data/<năm> của tệp",
            )

    def dates(self) -> None:
        date = self.doc.ngay
        first, last = (self.year + d for d in self.kind.ky_nam)
        if date is not None and not first <= date.year <= last:
            what = f"{self.kind.ten.lower()} của năm"
            years = f"trong năm {first} hoặc {last}" if last == first + 1 else f"từ năm {first} đến năm {last}"
            self.add(
                "ngay-ngoai-nam",
                ("ngay",),
                f"ngày ký năm {date.year} không hợp với {what} {self.year} (chỉ ký được "
                f"{years}); kiểm tra lại năm ký, hoặc thư mục data/<năm> của tệp",
            )
        if self.doc.so is not None and (date is None or date.complete is None):
            self.add(
                "so-thieu-ngay",
                ("so",),
                f"văn bản có số thì phải có ngày ký đủ ngày, tháng, năm (ví dụ ngay: {self.year}-02-28); bản dự thảo để so: ~",
            )

    def issued(self) -> None:
        """An issued document (archived in ban_hanh/) keeps its number, date and content (Điều 18.3)."""
        issued = self.context.issued
        if not isinstance(issued, dict):
            return
        signed = self.doc.ngay.complete.isoformat() if self.doc.ngay and self.doc.ngay.complete else None
        kept = f"bản đã ban hành lưu ở {issued['luu']}"
        if issued["tep"] != self.source.name:  # another document claims the number of an issued one whose file is gone
            if self.context.content and issued["content"] != self.context.content:
                self.add(
                    "da-ban-hanh",
                    ("so",),
                    f"số {issued['so_ky_hieu']} đã cấp cho một văn bản đã ban hành khác (tệp {issued['tep']}, {kept}); "
                    "mỗi số chỉ dùng một lần: để so: ~ rồi lấy số mới bằng make cap-so",
                )
            return
        if (issued["so"], issued["ngay"]) != (self.doc.so, signed):
            now = f"số {self.doc.so} ngày {_shown_date(signed)}" if self.doc.so else "để trống số"
            self.add(
                "da-ban-hanh",
                ("so",),
                f"văn bản {issued['so_ky_hieu']} đã ban hành ngày {_shown_date(issued['ngay'])}, nay {now}; số và ngày "
                f"của văn bản đã ban hành không đổi được ({kept}): hãy ghi lại so: {issued['so']} và ngay: {issued['ngay']}",
            )
        elif self.context.content and issued["content"] != self.context.content and issued.get("du_lieu"):
            self.add(
                "da-ban-hanh",
                ("so",),
                f"văn bản {issued['so_ky_hieu']} đã ban hành ngày {_shown_date(issued['ngay'])}: tệp dữ liệu vẫn như lúc ban "
                "hành nhưng chữ in ra đã khác, do danh mục (data/danh_muc/) hoặc khen_thuong.yaml đã sửa; bản đã ban hành "
                f"giữ nguyên ({kept}). Danh mục thay đổi theo thời gian thì ghi thêm mục thay_doi có tu_ngay (văn bản ký "
                "trước ngày đó không đổi), đừng sửa thẳng; nếu văn bản đã ban hành sai, phải ban hành văn bản sửa đổi, thay thế",
            )
        elif self.context.content and issued["content"] != self.context.content:
            self.add(
                "da-ban-hanh",
                ("so",),
                f"văn bản {issued['so_ky_hieu']} đã ban hành ngày {_shown_date(issued['ngay'])} nhưng nội dung trong dữ liệu đã "
                f"khác bản ban hành; {kept} và được giữ nguyên. Muốn sửa nội dung phải ban hành "
                "văn bản sửa đổi, bổ sung hoặc thay thế có hình thức tương đương (Điều 18.3 Nghị định 30) bằng một tệp dữ "
                f"liệu mới; tệp này hãy trả về như lúc ban hành (chép lại từ {issued['yaml']})",
            )

    def carried_over(self) -> None:
        """Compare a report with the same report of an earlier year: literal figures left unchanged."""
        old, year = self.context.last_year, self.context.last_year_number
        if not self.kind.so_lieu_nam_truoc or old is None or not isinstance(old.data, dict):
            return
        before = dict(texts(old.data))
        for path, text in texts(self.source.data):
            if path[0] not in BODY_KEYS or path not in before:
                continue
            figures = set(_figures(before[path]))
            for figure in dict.fromkeys(f for f in _figures(text) if f in figures):
                self.add(
                    "so-lieu-cu",
                    path,
                    f"số liệu {quote(figure)} giống hệt chỗ này trong báo cáo năm {year} "
                    f"({old.name}); nếu là số của năm cũ hãy sửa cho năm {self.year}, nếu vẫn đúng hãy ghi bo_qua",
                )


class AwardsChecker(Rules):
    """The rules of the year's awards file (data/<nam>/khen_thuong.yaml), with last year's file when there is one."""

    def __init__(self, source: Source, awards: KhenThuong, year: int, last_year: Source | None = None, last_year_number: int | None = None):
        super().__init__(source, awards.bo_qua)
        self.awards, self.year, self.last_year, self.last_year_number = awards, year, last_year, last_year_number

    def run(self) -> list[Finding]:
        """Return the findings that are not silenced by bo_qua."""
        if not self.awards.danh_sach:
            self.add(
                "chua-co-khen-thuong",
                ("danh_sach",),
                f"danh sách khen thưởng năm {self.year} còn trống: bảng kết quả in số 0 "
                f"cho năm {self.year}, tờ trình và quyết định in danh sách trống; hãy ghi danh sách khi có kết quả",
            )
        self.twice()
        self.carried_over()
        self.characters()
        return self.silence()

    def twice(self) -> None:
        """Flag a form listed twice, and a name listed twice under one form: both are counted twice."""
        first: dict[str, int] = {}
        names: dict[tuple[str, str, str], tuple] = {}
        for i, item in enumerate(self.awards.danh_sach):
            if item.hinh_thuc in first:
                self.add(
                    "khen-thuong-lap",
                    ("danh_sach", i, "hinh_thuc"),
                    f"hình thức {quote(item.hinh_thuc)} đã "
                    f"ghi ở danh_sach[{first[item.hinh_thuc] + 1}]; các tên được cộng chung, hãy gộp về một mục",
                )
            first.setdefault(item.hinh_thuc, i)
            for kind in ("tap_the", "ca_nhan"):
                for j, who in enumerate(getattr(item, kind)):
                    who = team(who) if kind == "tap_the" else person(who)
                    name = who.ten if kind == "tap_the" else who.ho_ten
                    key = (item.hinh_thuc, kind, " ".join(name.split()).casefold(), (who.don_vi or "").casefold())
                    if key in names:
                        self.add(
                            "khen-thuong-lap",
                            ("danh_sach", i, kind, j),
                            f"{quote(name)} đã có trong danh sách "
                            f"{item.hinh_thuc} (được đếm hai lần); nếu là hai người trùng tên, hãy ghi thêm đơn vị để phân biệt",
                        )
                    names.setdefault(key, (i, kind, j))

    def carried_over(self) -> None:
        """Compare with last year's awards: the same list copied, last year's counts that are not what it counted."""
        old, year = self.last_year, self.last_year_number
        if old is None or year is None or not isinstance(old.data, dict):
            return
        if self.awards.danh_sach and _award_sets(old.data) == _award_sets(self.source.data):
            self.add(
                "danh-sach-cu",
                ("danh_sach",),
                f"danh sách khen thưởng giống hệt năm {year} ({old.name}): có phải chép từ năm cũ? Hãy ghi danh sách của năm {self.year}",
            )
        if year != self.year - 1:
            return
        counted = _award_counts(old.data)
        previous = self.awards.nam_truoc
        for form, now in previous.items():
            then = counted.get(form, (0, 0))
            if (now.tap_the, now.ca_nhan) != then:
                self.add(
                    "nam-truoc-khac",
                    ("nam_truoc", form),
                    f"số lượt năm {year} ghi {now.tap_the} tập thể, "
                    f"{now.ca_nhan} cá nhân; danh sách năm {year} ({old.name}) đếm được {then[0]} tập thể, {then[1]} cá nhân",
                )
        for form, then in counted.items():
            if form not in previous and any(then):
                self.add(
                    "nam-truoc-khac",
                    ("nam_truoc",),
                    f"danh sách năm {year} ({old.name}) đếm được {then[0]} tập "
                    f"thể, {then[1]} cá nhân cho {quote(form)} nhưng nam_truoc không ghi hình thức này (bảng sẽ in 0)",
                )


def _name(item: object) -> str:
    if isinstance(item, dict):
        return str(item.get("ten") or item.get("ho_ten"))
    return str(item)


def _award_lists(data: object) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Return an awards file's list from its raw data, as (form, collectives, individuals), in order."""
    items = data.get("danh_sach") if isinstance(data, dict) else None
    found = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            found.append(
                (
                    str(item.get("hinh_thuc")),
                    *(tuple(map(_name, item.get(k) or ())) if isinstance(item.get(k), list) else () for k in ("tap_the", "ca_nhan")),
                )
            )
    return found


def _award_sets(data: object) -> dict[tuple[str, str], frozenset[str]]:
    """Return who a report lists per award form and kind, whatever the order they are written in."""
    found: dict[tuple[str, str], set[str]] = {}
    for form, collectives, individuals in _award_lists(data):
        for kind, names in (("tap_the", collectives), ("ca_nhan", individuals)):
            found.setdefault((form, kind), set()).update(" ".join(n.split()).casefold() for n in names)
    return {k: frozenset(v) for k, v in found.items() if v}


def _award_counts(data: object) -> dict[str, tuple[int, int]]:
    """Return how many collectives and individuals a report lists per award form."""
    counts: dict[str, tuple[int, int]] = {}
    for form, collectives, individuals in _award_lists(data):
        a, b = counts.get(form, (0, 0))
        counts[form] = (a + len(collectives), b + len(individuals))
    return counts


def _shown_date(iso: str | None) -> str:
    """Return an ISO date as dd/mm/yyyy for a message ('?' if none)."""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if isinstance(iso, str) and len(iso) == 10 else "?"


def _figures(text: str) -> list[str]:
    """Return the literal figures of a text (not years, dates, document numbers or placeholders).

    >>> _figures("có 06 phòng, 68 người, 100% đăng ký; Nghị định 98/2023/NĐ-CP ngày 31/12/2023 năm 2024 {{ kq.tong }}")
    ['06', '68', '100%']
    """
    text = _PLACEHOLDER.sub(" ", text)
    return [f for f in _FIGURE.findall(text) if not re.fullmatch(r"(19|20)\d\d", f)]


@dataclass(frozen=True)
class Numbered:
    """A document with a number: who issued it, the number, the calendar year it was signed in."""

    file: str
    issuer: str
    number: int
    year: int
    symbol: str
    source: Source | None = None
    """The source when the document belongs to the run (its finding is reported), else None."""
    secret: bool = False
    """In the issuer's secret series (Điều 15.2)."""
    date: dt.date | None = None
    """The date of signing."""


def duplicate_numbers(entries: list[Numbered]) -> list[Finding]:
    """Return a finding for every document of the run whose issuer used its number in the same calendar year.

    Numbers run per issuer from 01 on 1 January to 31 December whatever the kind (ND30 Điều 15.1), so
    12/KH-STP and 12/BC-STP signed in 2024 clash, in whichever data folder they are, while a plan
    signed on 20/12/2023 and one signed on 15/01/2024 may both be số 12. Each names the others.
    """
    by_number: dict[tuple[str, int, bool, int], list[Numbered]] = {}
    for entry in entries:
        by_number.setdefault((entry.issuer, entry.year, entry.secret, entry.number), []).append(entry)
    findings = []
    for same in (group for group in by_number.values() if len(group) > 1):
        for entry in (e for e in same if e.source is not None):
            others = ", ".join(f"{e.file} ({e.symbol})" for e in same if e is not entry)
            message = (
                f"[so-trung] số {quote(entry.symbol)} trùng với {others}, cùng năm ký {entry.year}; mỗi số chỉ dùng "
                "một lần trong một năm dương lịch"
            )
            findings.append(Finding("so-trung", ("so",), entry.source.problem(("so",), "so", message)))
    return findings


def given_outside(entries: list[Numbered], outside: dict[tuple[str, int, bool], set[int]], listed: str) -> list[Finding]:
    """Return a [so-trung] finding for each document of the run whose number the list of numbers given outside
    the program (``listed``, data/so_cap_ngoai.yaml) holds too."""
    return [
        Finding(
            "so-trung",
            ("so",),
            entry.source.problem(
                ("so",),
                "so",
                f"[so-trung] số {quote(entry.symbol)} đã ghi trong {listed} là số cấp ngoài chương trình năm {entry.year}; mỗi "
                f"số chỉ dùng một lần: để so: ~ rồi lấy số mới bằng make cap-so, hoặc bỏ số này khỏi {listed} nếu ghi nhầm",
            ),
        )
        for entry in entries
        if entry.source is not None and entry.number in outside.get((entry.issuer, entry.year, entry.secret), ())
    ]


def gaps(found: list[tuple[Numbered, list[int]]], listed: str) -> list[Finding]:
    """Return a [so-cach-quang] warning on the document of the run that follows each gap in its series, unless its
    bo_qua silences it (a run-wide rule: see RUN_WIDE)."""
    return [
        Finding(
            "so-cach-quang",
            ("so",),
            entry.source.problem(
                ("so",),
                "so",
                f"[so-cach-quang] trước số {entry.symbol}, {'các số' if len(missing) > 1 else 'số'} {ranges(missing)} năm "
                f"{entry.year} chưa cấp cho văn bản nào (tìm trong mọi thư mục dữ liệu và bản đã ban hành); nếu đã cấp ngoài "
                f"chương trình, ghi vào {listed}; nếu không, kiểm tra lại số này (số cấp liên tiếp, Điều 15.1)",
            ),
        )
        for entry, missing in found
        if entry.source is not None and not silenced(entry.source, "so-cach-quang", ("so",))
    ]


def ranges(numbers: list[int]) -> str:
    """Return numbers as ranges.

    >>> ranges([1, 2, 3, 5, 7, 8])
    '01-03, 05, 07-08'
    """
    parts, start = [], None
    for i, n in enumerate(numbers):
        start = n if start is None else start
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(f"{start:02d}" if start == n else f"{start:02d}-{n:02d}")
            start = None
    return ", ".join(parts)
