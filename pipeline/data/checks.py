"""Consistency checks a careful reviewer would make (``make check``; ``make plan`` runs them too).

Each rule has an id printed in brackets; errors stop the document, warnings are
printed. A clerk silences one occurrence with ``bo_qua: [{ma, khoa, ly_do}]``.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.data.problems import Problem, key_path, quote
from pipeline.nd30.recipients import clean_item
from pipeline.data.schema import Document, Registry
from pipeline.data.source import Source

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
}

_YEAR = re.compile(r"(?<![\d/.\-])((?:19|20)\d\d)(?![\d/])")
_NOT_YEAR = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d+/\d{4}/|\b\d{4}\s*-\s*\d{4}\b|ngày \d{1,2} tháng \d{1,2} năm \d{4}")
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_DEADLINE = re.compile(r"(trước ngày|chậm nhất|hạn|đến ngày|từ ngày|xong trước|trong tháng|tháng)\s*(?:là\s*)?(?:ngày\s*)?\**\s*$", re.I)
_MONTH = re.compile(r"\btháng (\d{1,2})/(\d{4})\b", re.I)
_MARKER = re.compile(r"^\s*((?:[IVXLC]+|\d+(?:\.\d+)*)\.\s|[a-zđ]\)\s|[-+•*]\s)")
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


NOT_TEXT = {"loai", "co_quan", "so", "ngay", "danh_so", "ky", "han", "bo_qua"}


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


class Checker:
    """Run the rules over one document; ``findings`` collects what they find."""

    def __init__(self, source: Source, doc: Document, reg: Registry, year: int):
        self.source, self.doc, self.reg, self.year = source, doc, reg, year
        self.findings: list[Finding] = []

    def add(self, rule: str, path: tuple, detail: str) -> None:
        message = f"[{rule}] {detail}"
        self.findings.append(Finding(rule, path, self.source.problem(path, key_path(path), message)))

    def run(self) -> list[Finding]:
        """Return the findings that are not silenced by bo_qua."""
        for path, text in texts(self.source.data):
            self.text_rules(path, text)
        self.deadlines()
        self.recipients()
        for path in self.source.not_nfc:
            self.add("khong-nfc", path, "chữ không ở dạng Unicode dựng sẵn (NFC), đã được chuẩn hóa khi dựng; hãy lưu tệp ở dạng NFC")
        return self.silence()

    def text_rules(self, path: tuple, text: str) -> None:
        blanked = _NOT_YEAR.sub(lambda m: "#" * len(m[0]), text)
        for match in _YEAR.finditer(blanked):
            offset = int(match[1]) - self.year
            if offset in (-1, 0, 1):
                hint = {-1: "{{ nam - 1 }}", 0: "{{ nam }}", 1: "{{ nam + 1 }}"}[offset]
                self.add("nam-go-tay", path, f"năm {match[1]} gõ tay; năm sau sẽ thành năm cũ, hãy dùng {hint}")
        for match in _DATE.finditer(text):
            self.date_rules(path, text, match)
        for match in _MONTH.finditer(text):
            if int(match[2]) != self.year and _DEADLINE.search(text[: match.start() + 6]):
                self.add("nam-cu", path, f"thời gian {quote(match[0])} không thuộc năm kế hoạch {self.year}")
        if legacy := _LEGACY.search(text):
            self.add("ma-cu", path, f"có ký tự {quote(legacy[0])} của mã TCVN3/VNI cũ; hãy chuyển văn bản sang Unicode")
        if path and path[0] in BODY_KEYS and _MARKER.match(text):
            self.add("danh-so-tay", path, f"{quote(_MARKER.match(text)[1].strip())} gõ tay ở đầu đoạn; số thứ tự và dấu đầu dòng do chương trình tạo theo cấp")

    def date_rules(self, path: tuple, text: str, match: re.Match) -> None:
        day, month, year = map(int, match.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            self.add("ngay-khong-co", path, f"ngày {quote(match[0])} không tồn tại")
            return
        if year != self.year and _DEADLINE.search(text[: match.start()]):
            self.add("nam-cu", path, f"hạn {quote(match[0])} không thuộc năm kế hoạch {self.year}; dùng han: và {{{{ han.<mã> }}}}")

    def deadlines(self) -> None:
        signed = self.doc.ngay.complete if self.doc.ngay else None
        for name, deadline in self.doc.han.items():
            when = deadline.resolve(self.year)
            if when.year != self.year or (signed and when < signed):
                why = f"trước ngày ký {signed:%d/%m/%Y}" if signed and when < signed else f"ngoài năm kế hoạch {self.year}"
                self.add("han-ngoai-ky", ("han", name), f"hạn {when:%d/%m/%Y} {why}")

    def recipients(self) -> None:
        seen: dict[str, tuple] = {}
        for i, item in enumerate(self.doc.noi_nhan):
            lines = [item] if isinstance(item, str) else self.reg.noi_nhan.get(item.nhom, [])
            for line in lines:
                key = clean_item(line).casefold()
                if key.startswith("lưu"):
                    self.add("luu-trong-noi-nhan", ("noi_nhan", i), "dòng Lưu do chương trình thêm từ khóa luu; bỏ dòng này khỏi noi_nhan")
                elif key in seen:
                    self.add("noi-nhan-lap", ("noi_nhan", i), f"{quote(clean_item(line))} đã có ở noi_nhan[{seen[key][1] + 1}]")
                seen.setdefault(key, ("noi_nhan", i))

    def silence(self) -> list[Finding]:
        kept, used = [], set()
        for finding in self.findings:
            match = next((j for j, b in enumerate(self.doc.bo_qua) if b.ma == finding.rule and b.khoa == key_path(finding.path)), None)
            if match is None:
                kept.append(finding)
            else:
                used.add(match)
        for j, b in enumerate(self.doc.bo_qua):
            if j not in used:
                guess = difflib.get_close_matches(b.ma, list(RULES), n=1)
                hint = f" (mã quy tắc {quote(b.ma)} không có; có phải {quote(guess[0])}?)" if b.ma not in RULES and guess else ""
                self.add("bo-qua-thua", ("bo_qua", j), f"không có [{b.ma}] nào ở {quote(b.khoa)} để bỏ qua{hint}")
                kept.append(self.findings[-1])
        return kept


def duplicate_numbers(entries: list[tuple[Source, Document, str]]) -> list[Finding]:
    """Return a finding for every document whose issuer already used its number this year.

    Numbers run per issuer through the year whatever the kind (ND30 Điều 15), so
    12/KH-STP and 12/BC-STP clash; each document of a clash names the others.
    """
    by_number: dict[tuple[str, int], list[tuple[Source, str]]] = {}
    for source, doc, symbol in entries:
        if doc.so is not None:
            by_number.setdefault((doc.co_quan, doc.so), []).append((source, symbol))
    findings = []
    for same in (group for group in by_number.values() if len(group) > 1):
        for source, symbol in same:
            others = ", ".join(f"{s.name} ({sym})" for s, sym in same if s is not source)
            message = f"[so-trung] số {quote(symbol)} trùng số với {others}; mỗi số chỉ dùng một lần trong năm"
            findings.append(Finding("so-trung", ("so",), source.problem(("so",), "so", message)))
    return findings
