"""Every applicable ND30 rule, checked by value on every generated document.

The rules are facts in ``tests/nd30_rules.yaml``: our id, the legal locator, the element, the property,
the allowed values and the kinds of document they govern. Each test case is one (rule, document) pair,
named ``<rule id>-<document>``: the documents of ``make plan YEAR=2024`` (the session's ``rendered``
fixture) and the reference examples of ``data/examples/`` (rendered in memory as ``tools.fidelity`` does).
A rule is paired only with the documents of the kinds it governs and, when it says so, only when the
document's data has the part it governs (Kính gửi, căn cứ, phụ lục, cơ quan chủ quản).

Formatting is read from the DOCX XML and resolved as Word does (docDefaults, then the basedOn chain of
the paragraph style, the paragraph's own pPr, the run's style and rPr). Positions on the page come from
the PDF LibreOffice makes of the same DOCX (one conversion for all documents, read with pypdfium2);
lengths of printed text lines from :func:`pipeline.nd30.layout.text_width`.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from lxml import etree

from pipeline.build import render_documents
from pipeline.data import source
from pipeline.data.schema import AWARDS_FILE
from pipeline.kinds import KINDS
from pipeline.nd30.layout import TWIPS_PER_MM, text_width
from pipeline.pdf.convert import convert
from pipeline.project import Project
from pipeline.render.package import unpack

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MM_PER_PT = 25.4 / 72

CODE = {
    "ke_hoach": "KH",
    "phat_dong": "KH",
    "khu_vuc": "KH",
    "bao_cao": "BC",
    "to_trinh": "TTr",
    "quyet_dinh": "QD",
    "cong_van": "CV",
    "giay_moi": "GM",
}
ALL_KINDS = ["KH", "BC", "TTr", "QD", "CV", "GM"]
BODY_STYLES = {"Body", "Muc", "Khoan", "Diem", "Dieu", "CanCu"}
ALPHABET = "abcdđeghiklmnopqrstuvxy"  # the Vietnamese letters used for điểm a), b), …
AUTHORITY = re.compile(r"^(?:(TM|Q|KT|TL|TUQ)\. )")

RULE_LIST: list[dict] = yaml.safe_load(Path(__file__).with_name("nd30_rules.yaml").read_text("utf-8"))
RULES: dict[str, dict] = {r["id"]: r for r in RULE_LIST}
REGISTRY: dict = yaml.safe_load((ROOT / "data" / "danh_muc" / "co_quan.yaml").read_text("utf-8"))


# --------------------------------------------------------------------------------------------------
# The documents: which ones, of which kind, with which data


@dataclass(frozen=True)
class Source:
    """One generated document: where its data is and what the data says."""

    id: str
    project: Project
    year: int
    name: str
    data: dict

    @property
    def code(self) -> str:
        return CODE[self.data["loai"]]

    @property
    def kind(self):
        return KINDS[self.data["loai"]]

    @property
    def issuer(self) -> dict:
        return REGISTRY[self.data["co_quan"]]

    def has(self, part: str) -> bool:
        if part == "kinh_gui":
            return self.kind.kinh_gui or bool(self.data.get("kinh_gui"))
        if part == "can_cu":
            return self.kind.tham_quyen or bool(self.data.get("can_cu"))
        if part == "phu_luc":
            return bool(self.data.get("phu_luc"))
        if part == "chu_quan":
            return bool(self.issuer.get("co_quan_chu_quan"))
        raise ValueError(part)


def _data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.stem != AWARDS_FILE and not p.name.startswith("."))


def _sources() -> dict[str, Source]:
    """The data files of the year and of every example; a file that does not load is left to the validation tests."""
    project = Project(ROOT)
    places = [(project, YEAR, "")] + [
        (project.example(name), year, f"example{name.split('_')[0]}-")
        for name in project.examples()
        for year in project.example(name).years()
    ]
    found = {}
    for owner, year, prefix in places:
        for path in _data_files(owner.year_dir(year)):
            data = source.load(path).data
            if isinstance(data, dict) and data.get("loai") in CODE:
                found[prefix + path.stem] = Source(prefix + path.stem, owner, year, path.stem, data)
    return found


SOURCES = _sources()


def applies(rule: dict, src: Source) -> bool:
    kinds = ALL_KINDS if rule["kinds"] == "all" else rule["kinds"]
    return src.code in kinds and (not rule.get("when") or src.has(rule["when"]))


CASES = [
    pytest.param(rule_id, doc_id, id=f"{rule_id}-{doc_id}")
    for rule_id, rule in RULES.items()
    for doc_id, src in SOURCES.items()
    if applies(rule, src)
]


# --------------------------------------------------------------------------------------------------
# DOCX: paragraphs with their formatting resolved through the style hierarchy


def _on(element) -> bool:
    return element.get(f"{W}val") not in ("0", "false", "off", "none")


def _twips(element, name: str) -> int | None:
    value = element.get(f"{W}{name}")
    return int(value) if value is not None else None


@dataclass
class Run:
    text: str
    bold: bool
    italic: bool
    size: float
    fonts: dict
    color: str | None


@dataclass
class Para:
    style: str
    runs: list[Run]
    pp: dict
    section: int
    width: int
    table: int | None = None
    cell: tuple[int, int] | None = None
    page_field: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def clean(self) -> str:
        return " ".join(self.text.split())

    @property
    def chars(self) -> list[tuple[str, Run]]:
        return [(ch, r) for r in self.runs for ch in r.text]

    @property
    def is_rule(self) -> bool:
        return bool(self.pp.get("border_bottom")) and not self.clean

    def __repr__(self) -> str:
        return f"{self.style}:{self.clean[:60]!r}"


class Styles:
    """docDefaults and the styles of word/styles.xml."""

    def __init__(self, root) -> None:
        self.by_id = {s.get(f"{W}styleId"): s for s in root.findall(f"{W}style")}
        self.default_paragraph = next(
            (i for i, s in self.by_id.items() if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") in ("1", "true")), None
        )
        self.rpr_default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.ppr_default = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")

    def chain(self, style_id: str | None) -> list:
        chain, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return chain[::-1]

    def paragraph(self, style_id: str | None, ppr) -> dict:
        props: dict = {}
        for layer in [self.ppr_default, *(s.find(f"{W}pPr") for s in self.chain(style_id)), ppr]:
            _merge_ppr(props, layer)
        return props

    def run(self, style_id: str | None, rpr) -> dict:
        props: dict = {"bold": False, "italic": False, "caps": False, "size": 10.0, "fonts": {}, "color": None}
        layers = [self.rpr_default, *(s.find(f"{W}rPr") for s in self.chain(style_id))]
        if rpr is not None:
            run_style = rpr.find(f"{W}rStyle")
            if run_style is not None:
                layers += [s.find(f"{W}rPr") for s in self.chain(run_style.get(f"{W}val"))]
        for layer in [*layers, rpr]:
            _merge_rpr(props, layer)
        return props


def _merge_ppr(props: dict, ppr) -> None:
    if ppr is None:
        return
    if (jc := ppr.find(f"{W}jc")) is not None:
        props["jc"] = jc.get(f"{W}val")
    if (ind := ppr.find(f"{W}ind")) is not None:
        for attr, key in (("left", "left"), ("start", "left"), ("right", "right"), ("end", "right")):
            if (value := _twips(ind, attr)) is not None:
                props[key] = value
        if (value := _twips(ind, "firstLine")) is not None:
            props["firstLine"], props["hanging"] = value, 0
        if (value := _twips(ind, "hanging")) is not None:
            props["hanging"], props["firstLine"] = value, 0
    if (spacing := ppr.find(f"{W}spacing")) is not None:
        for attr in ("before", "after", "line"):
            if (value := _twips(spacing, attr)) is not None:
                props[attr] = value
        if spacing.get(f"{W}lineRule") is not None:
            props["lineRule"] = spacing.get(f"{W}lineRule")
    if (contextual := ppr.find(f"{W}contextualSpacing")) is not None:
        props["contextual"] = _on(contextual)
    if (bottom := ppr.find(f"{W}pBdr/{W}bottom")) is not None:
        props["border_bottom"] = bottom.get(f"{W}val") not in ("nil", "none")


def _merge_rpr(props: dict, rpr) -> None:
    if rpr is None:
        return
    for tag, key in (("b", "bold"), ("i", "italic"), ("caps", "caps")):
        if (element := rpr.find(f"{W}{tag}")) is not None:
            props[key] = _on(element)
    if (size := rpr.find(f"{W}sz")) is not None:
        props["size"] = int(size.get(f"{W}val")) / 2
    if (fonts := rpr.find(f"{W}rFonts")) is not None:
        props["fonts"] = {**props["fonts"], **{k.split("}")[1]: v for k, v in fonts.attrib.items()}}
    if (color := rpr.find(f"{W}color")) is not None:
        props["color"] = color.get(f"{W}val")


def _run_text(run) -> str:
    out = []
    for child in run:
        if child.tag == f"{W}t":
            out.append(child.text or "")
        elif child.tag == f"{W}tab":
            out.append("\t")
        elif child.tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif child.tag == f"{W}noBreakHyphen":
            out.append("-")
    return "".join(out)


class Docx:
    """A generated DOCX read back: paragraphs in reading order (table cells included), sections, headers."""

    def __init__(self, data: bytes) -> None:
        raw = unpack(data)
        self.xml = {k: etree.fromstring(v) for k, v in raw.items() if k.endswith((".xml", ".rels"))}
        self.styles = Styles(self.xml["word/styles.xml"])
        body = self.xml["word/document.xml"].find(f"{W}body")
        self.sections = list(body.iter(f"{W}sectPr"))
        self.paras: list[Para] = []
        self._table = -1
        self._section = 0
        self._walk(body, None, None)
        rels = {r.get("Id"): r.get("Target") for r in self.xml["word/_rels/document.xml.rels"]}
        self.headers: list[dict[str, list[Para]]] = []  # per section: type -> paragraphs (inherited when not set)
        inherited: dict[str, list[Para]] = {}
        for index, sect in enumerate(self.sections):
            own = {ref.get(f"{W}type"): self._header(rels[ref.get(R_ID)], index) for ref in sect.findall(f"{W}headerReference")}
            inherited = {**inherited, **own}
            self.headers.append(dict(inherited))

    # geometry ------------------------------------------------------------------------------------
    def page(self, section: int) -> dict:
        sect = self.sections[section]
        size, margin = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        out = {k: _twips(size, k) for k in ("w", "h")} | {k: _twips(margin, k) for k in ("top", "bottom", "left", "right")}
        out["orient"] = size.get(f"{W}orient")
        return out

    def text_width(self, section: int = 0) -> int:
        page = self.page(section)
        return page["w"] - page["left"] - page["right"]

    # reading -------------------------------------------------------------------------------------
    def _para(self, p, width: int, table: int | None, cell: tuple[int, int] | None, section: int) -> Para:
        ppr = p.find(f"{W}pPr")
        style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
        style = style_el.get(f"{W}val") if style_el is not None else self.styles.default_paragraph
        runs = []
        for r in p.iter(f"{W}r"):
            text = _run_text(r)
            if not text:
                continue
            props = self.styles.run(style, r.find(f"{W}rPr"))
            runs.append(
                Run(text.upper() if props["caps"] else text, props["bold"], props["italic"], props["size"], props["fonts"], props["color"])
            )
        instr = "".join(t.text or "" for t in p.iter(f"{W}instrText"))
        instr += " ".join(f.get(f"{W}instr", "") for f in p.iter(f"{W}fldSimple"))
        return Para(style, runs, self.styles.paragraph(style, ppr), section, width, table, cell, page_field=instr.split()[:1] == ["PAGE"])

    def _walk(self, container, table: int | None, cell: tuple[int, int] | None, width: int | None = None) -> None:
        for child in container:
            if child.tag == f"{W}p":
                self.paras.append(self._para(child, width or self.text_width(self._section), table, cell, self._section))
                if child.find(f"{W}pPr/{W}sectPr") is not None:
                    self._section += 1
            elif child.tag == f"{W}tbl":
                top = table is None
                if top:
                    self._table += 1
                grid = [int(g.get(f"{W}w")) for g in child.findall(f"{W}tblGrid/{W}gridCol")]
                margins = self._cell_margins(child)
                for r_index, row in enumerate(child.findall(f"{W}tr")):
                    col = 0
                    for tc in row.findall(f"{W}tc"):
                        span_el = tc.find(f"{W}tcPr/{W}gridSpan")
                        span = int(span_el.get(f"{W}val")) if span_el is not None else 1
                        cell_width = sum(grid[col : col + span]) - margins
                        self._walk(tc, self._table if top else table, (r_index, col) if top else cell, cell_width)
                        col += span
            elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
                self._walk(child, table, cell, width)

    def _cell_margins(self, tbl) -> int:
        for tbl_pr in (tbl.find(f"{W}tblPr"), self.styles.by_id.get("TableNormal", etree.Element("x")).find(f"{W}tblPr")):
            if tbl_pr is not None and (mar := tbl_pr.find(f"{W}tblCellMar")) is not None:
                total = 0
                for names in (("left", "start"), ("right", "end")):
                    side = next((mar.find(f"{W}{n}") for n in names if mar.find(f"{W}{n}") is not None), None)
                    total += int(side.get(f"{W}w")) if side is not None else 0
                return total
        return 216

    def _header(self, target: str, section: int) -> list[Para]:
        root = self.xml["word/" + target]
        return [self._para(p, self.text_width(section), None, None, section) for p in root.iter(f"{W}p")]

    # finding -------------------------------------------------------------------------------------
    def by_style(self, *styles: str, empty: bool = False) -> list[Para]:
        return [p for p in self.paras if p.style in styles and (empty or p.clean)]

    def one(self, style: str) -> Para:
        found = self.by_style(style)
        assert len(found) == 1, f"expected one {style} paragraph, found {found}"
        return found[0]

    @cached_property
    def header_table(self) -> int | None:
        found = self.by_style("QuocHieu")
        return found[0].table if found else None

    @cached_property
    def signature_table(self) -> int | None:
        found = self.by_style("NoiNhanTitle")
        return found[0].table if found else None

    def main_flow(self) -> list[Para]:
        """Paragraphs of the first section outside the header and signature tables, up to the signature."""
        out = []
        for p in self.paras:
            if p.table is not None and p.table == self.signature_table:
                break
            if p.section == 0 and (p.table is None or p.table != self.header_table):
                out.append(p)
        return out

    def body(self, upright_only: bool = False) -> list[Para]:
        """Non-empty paragraphs of the content (nội dung) outside tables, every section."""
        styles = BODY_STYLES - ({"CanCu"} if upright_only else set())
        return [p for p in self.paras if p.style in styles and p.table is None and p.clean]

    def appendix_sections(self) -> list[int]:
        return sorted({p.section for p in self.by_style("PhuLuc")})


def _display_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c == c.upper() for c in letters)


def _label_chars(para: Para, pattern: str) -> list[tuple[str, Run]]:
    """The non-space characters of the label the pattern matches at the start of the paragraph text."""
    match = re.match(pattern, para.text.lstrip())
    if not match:
        return []
    offset = len(para.text) - len(para.text.lstrip())
    return [(ch, run) for ch, run in para.chars[offset : offset + match.end()] if not ch.isspace()]


def _symbol(doc: Docx) -> tuple[str, str]:
    """(number, symbol) of the Số line: 'Số: 12/KH-STP' -> ('12', 'KH-STP'); a draft's blank number is ''."""
    text = doc.one("HdrSo").clean
    match = re.match(r"^Số:\s*(\S*?)\s*/(\S*)$", text)
    assert match, f"Số line {text!r} is not 'Số: <number>/<symbol>'"
    return match.group(1), match.group(2)


def _date_parts(doc: Docx) -> tuple[str | None, str | None, str]:
    text = doc.one("DiaDanh").clean
    match = re.search(r", ngày(?: (\S+))? tháng(?: (\S+))? năm (\S+)$", text)
    assert match, f"date line {text!r} is not '…, ngày … tháng … năm …'"
    return match.group(1), match.group(2), match.group(3)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


# --------------------------------------------------------------------------------------------------
# PDF: text lines with their boxes (mm from the top-left corner of the page)


@dataclass
class Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    chars: list = field(default_factory=list)  # (char, x0, x1)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Page:
    text: str
    boxes: list  # per char: (x0, top, x1, bottom, baseline) or None for white space
    line_of: list  # per char: the PDFium text line it is on
    squeezed: str  # the text without white space
    index: list  # position in squeezed -> char index
    height: float


class Pdf:
    def __init__(self, path: Path) -> None:
        self.pages: list[Page] = []
        document = pdfium.PdfDocument(str(path))
        try:
            for number in range(len(document)):
                page = document[number]
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                height = page.get_height()
                boxes, line_of, squeezed, index, line = [], [], [], [], 0
                x, y = ctypes.c_double(), ctypes.c_double()
                for i, ch in enumerate(text):
                    line_of.append(line)
                    if ch == "\n":
                        line += 1
                    if ch.isspace():
                        boxes.append(None)
                        continue
                    left, bottom, right, top = textpage.get_charbox(i)
                    pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
                    boxes.append(
                        (
                            left * MM_PER_PT,
                            (height - top) * MM_PER_PT,
                            right * MM_PER_PT,
                            (height - bottom) * MM_PER_PT,
                            (height - y.value) * MM_PER_PT,
                        )
                    )
                    squeezed.append("-" if ch in "\ufffe\x02" else ch)
                    index.append(i)
                self.pages.append(Page(text, boxes, line_of, "".join(squeezed), index, height * MM_PER_PT))
                textpage.close()
                page.close()
        finally:
            document.close()
        self.located: dict[int, list[Line]] = {}

    def find(self, text: str, page: int, start: int = 0) -> tuple[int, list[Line]] | None:
        """Find text (white space ignored) on a page from a squeezed position; return (end, printed lines)."""
        needle = "".join(unicodedata.normalize("NFC", text).split())
        data = self.pages[page]
        at = data.squeezed.find(needle, start)
        if at < 0 or not needle:
            return None
        chars = data.index[at : at + len(needle)]
        lines: list[Line] = []
        for i in chars:
            x0, top, x1, bottom, base = data.boxes[i]
            if lines and data.line_of[i] == data.line_of[lines[-1].chars[-1][3]]:
                line = lines[-1]
                line.x0, line.x1 = min(line.x0, x0), max(line.x1, x1)
                line.top, line.bottom = min(line.top, top), max(line.bottom, bottom)
                line.chars.append((data.text[i], x0, x1, i))
            else:
                lines.append(Line(page, "", x0, x1, top, bottom, base, [(data.text[i], x0, x1, i)]))
        for line in lines:
            line.text = " ".join(data.text[line.chars[0][3] : line.chars[-1][3] + 1].split())
        return at + len(needle), lines

    def margin_text(self, page: int, top_mm: float) -> tuple[str, list]:
        """The text printed above the top margin of a page, and its boxes."""
        data = self.pages[page]
        found = [(data.text[i], box) for i, box in enumerate(data.boxes) if box and box[3] <= top_mm]
        return "".join(ch for ch, _ in found), [b for _, b in found]


HEAD = (
    "HdrParent",
    "HdrIssuer",
    "QuocHieu",
    "TieuNgu",
    "HdrSo",
    "VV",
    "DiaDanh",
    "TenLoai",
    "TrichYeu",
    "ThamQuyen",
    "KinhGui",
    "KinhGuiMuc",
)
SIGNATURE = ("NoiNhanTitle", "NoiNhan", "ChucDanh", "HoTen")


def _locate(doc: Docx, pdf: Pdf) -> None:
    """Find the printed lines of the page-1 elements and of the signature block, in document order."""
    if pdf.located:
        return
    cursor = 0
    for p in doc.by_style(*HEAD):
        found = pdf.find(p.clean, 0, cursor)
        if found:
            cursor, pdf.located[id(p)] = found
    signature = doc.by_style(*SIGNATURE)
    if signature:
        page = next((n for n in range(len(pdf.pages)) if pdf.find(signature[0].clean, n)), None)
        if page is not None:
            cursor = 0
            for p in signature:
                found = pdf.find(p.clean, page, cursor)
                if found:
                    cursor, pdf.located[id(p)] = found


# --------------------------------------------------------------------------------------------------
# Fixtures: one render, one PDF conversion for every document


@pytest.fixture(scope="module")
def docx_bytes(rendered) -> dict[str, bytes]:
    out = {}
    for doc_id, src in SOURCES.items():
        if src.project.root == ROOT and src.project.data == "data":
            assert src.name in rendered, f"{src.name} was not rendered (make plan YEAR={YEAR})"
            out[doc_id] = rendered[src.name]
    examples: dict[tuple, dict[str, bytes]] = {}
    for doc_id, src in SOURCES.items():
        if doc_id not in out:
            key = (src.project.data, src.year)
            if key not in examples:
                documents, problems = render_documents(src.project, src.year)
                assert not problems, "\n".join(map(str, problems))
                examples[key] = documents
            out[doc_id] = examples[key][src.name]
    return out


@pytest.fixture(scope="module")
def documents(docx_bytes) -> dict[str, Docx]:
    return {doc_id: Docx(data) for doc_id, data in docx_bytes.items()}


@pytest.fixture(scope="module")
def pdfs(docx_bytes, tmp_path_factory) -> dict[str, Pdf]:
    folder = tmp_path_factory.mktemp("nd30_rules_pdf")
    paths = []
    for doc_id, data in docx_bytes.items():
        path = folder / f"{doc_id}.docx"
        path.write_bytes(data)
        paths.append(path)
    outcomes = convert(paths, folder, check=lambda docx, pdf: None)
    failed = {d.name: o.problem for d, o in outcomes.items() if o.pdf is None}
    assert not failed, failed
    return {d.stem: Pdf(o.pdf) for d, o in outcomes.items()}


@dataclass
class Case:
    rule: dict
    src: Source
    doc: Docx
    request: pytest.FixtureRequest

    @property
    def value(self):
        return self.rule["value"]

    @cached_property
    def pdf(self) -> Pdf:
        pdf = self.request.getfixturevalue("pdfs")[self.src.id]
        _locate(self.doc, pdf)
        return pdf

    def lines(self, para: Para) -> list[Line]:
        lines = self.pdf.located.get(id(para))
        assert lines, f"{para} not found where expected in the PDF"
        return lines

    def block(self, style: str) -> tuple[float, float, float, float]:
        """(x0, x1, top, bottom) of all printed lines of the paragraphs of a style."""
        lines = [line for p in self.doc.by_style(style) for line in self.lines(p)]
        assert lines, f"no {style} printed"
        return min(x.x0 for x in lines), max(x.x1 for x in lines), min(x.top for x in lines), max(x.bottom for x in lines)

    def page_paras(self) -> list[Para]:
        return [p for headers in self.doc.headers for p in headers.get("default", []) if p.page_field]

    def targets(self) -> list[Para]:
        out = []
        for target in self.rule["target"]:
            if target == "PAGE":
                out += self.page_paras()
            elif target in ("BODY", "BODY_UPRIGHT"):
                out += self.doc.body(upright_only=target == "BODY_UPRIGHT")
            else:
                out += self.doc.by_style(target)
        return out

    def margin_mm(self, side: str, section: int = 0) -> float:
        return self.doc.page(section)[side] / TWIPS_PER_MM

    @property
    def text_centre_mm(self) -> float:
        return self.margin_mm("left") + self.doc.text_width() / TWIPS_PER_MM / 2


@pytest.mark.parametrize("rule_id, doc_id", CASES)
def test_rule(rule_id, doc_id, documents, request):
    rule = RULES[rule_id]
    case = Case(rule, SOURCES[doc_id], documents[doc_id], request)
    CHECKS[rule["check"]](case)


def test_every_rule_has_a_check_and_a_document():
    unknown = {r["check"] for r in RULES.values()} - set(CHECKS)
    assert not unknown
    idle = [rule_id for rule_id in RULES if not any(case.values[0] == rule_id for case in CASES)]
    assert not idle, f"rules that no document exercises: {idle}"
    assert len(RULES) == len(RULE_LIST), "duplicate rule ids in nd30_rules.yaml"


# --------------------------------------------------------------------------------------------------
# Checks: one function per kind of rule, each asserting the rule's value on one document

CHECKS = {}


def check(function):
    CHECKS[function.__name__] = function
    return function


@check
def page_size(c: Case):
    for s in range(len(c.doc.sections)):
        page = c.doc.page(s)
        size = (round(page["w"] / TWIPS_PER_MM, 1), round(page["h"] / TWIPS_PER_MM, 1))
        assert abs(size[0] - c.value["width"]) <= 0.5 and abs(size[1] - c.value["height"]) <= 0.5, f"section {s + 1}: {size} mm"


@check
def orientation(c: Case):
    for s in range(len(c.doc.sections)):
        page = c.doc.page(s)
        assert page["orient"] != "landscape" and page["h"] > page["w"], f"section {s + 1}: {page}"


@check
def margin(c: Case):
    side = c.value["side"]
    for s in range(len(c.doc.sections)):
        mm = round(c.margin_mm(side, s), 2)
        assert c.value["min"] <= mm <= c.value["max"], f"section {s + 1}: {side} margin {mm} mm"


def _all_runs(doc: Docx) -> list[tuple[Para, Run]]:
    paras = doc.paras + [p for headers in doc.headers for ps in headers.values() for p in ps]
    return [(p, r) for p in paras for r in p.runs if r.text.strip()]


@check
def font_family(c: Case):
    bad = {
        (r.text[:30], str(r.fonts))
        for p, r in _all_runs(c.doc)
        if any(k.endswith("Theme") for k in r.fonts)
        or {r.fonts.get(k) for k in ("ascii", "hAnsi", "cs", "eastAsia") if k in r.fonts} != {c.value}
        or not {"ascii", "hAnsi"} <= set(r.fonts)
    }
    assert not bad, sorted(bad)[:5]


@check
def font_colour(c: Case):
    bad = {(r.text[:30], r.color) for _, r in _all_runs(c.doc) if (r.color or "auto").lower() not in [v.lower() for v in c.value]}
    assert not bad, sorted(bad)[:5]


@check
def unicode(c: Case):
    runs = _all_runs(c.doc)
    bad = [
        r.text[:40]
        for _, r in runs
        if not unicodedata.is_normalized("NFC", r.text) or any(unicodedata.category(ch) in ("Co", "Cn") for ch in r.text)
    ]
    legacy = {f for _, r in runs for f in r.fonts.values() if re.match(r"^(\.?vn|vni[- ])", f, re.I)}
    assert not bad and not legacy, (bad[:5], legacy)


@check
def page_number_field(c: Case):
    for s, headers in enumerate(c.doc.headers):
        assert any(p.page_field for p in headers.get("default", [])), f"section {s + 1}: no PAGE field in the page header"
        fmt = c.doc.sections[s].find(f"{W}pgNumType")
        assert fmt is None or fmt.get(f"{W}fmt") in (None, "decimal"), f"section {s + 1}: page numbers {fmt.get(f'{W}fmt')}"


@check
def style(c: Case):
    prop, value = c.rule["property"], c.value
    paras = c.targets()
    assert paras, f"no {c.rule['element']} ({', '.join(c.rule['target'])}) in the document"
    bad = []
    for p in paras:
        runs = [r for r in p.runs if r.text.strip()]
        if prop == "font_size_pt":
            bad += [(p.clean[:40], r.text[:20], r.size) for r in runs if not value["min"] <= r.size <= value["max"]]
        elif prop in ("bold", "italic"):
            bad += [(p.clean[:40], r.text[:20], getattr(r, prop)) for r in runs if getattr(r, prop) != value]
        elif prop == "caps":
            upper = _display_upper(p.text)
            if upper != (value == "upper"):
                bad.append((p.clean[:60], "in hoa" if upper else "in thường"))
        elif prop == "alignment":
            if p.pp.get("jc") != value:
                bad.append((p.clean[:40], p.pp.get("jc")))
        else:
            raise ValueError(prop)
    assert not bad, f"{c.rule['element']} {prop} must be {value}: {bad[:6]}"


@check
def page_number_centre(c: Case):
    paras = c.page_paras()
    assert paras and all(p.pp.get("jc") == "center" for p in paras), f"page number paragraphs aligned {[p.pp.get('jc') for p in paras]}"
    top = c.margin_mm("top")
    for n in range(len(c.pdf.pages)):
        text, boxes = c.pdf.margin_text(n, top)
        if text.strip():
            cx = (min(b[0] for b in boxes) + max(b[2] for b in boxes)) / 2
            assert abs(cx - c.text_centre_mm) <= c.value["tolerance_mm"], (
                f"page {n + 1}: number {text!r} centred at {cx:.1f} mm, text centre {c.text_centre_mm:.1f} mm"
            )


@check
def first_page_unnumbered(c: Case):
    for s, sect in enumerate(c.doc.sections):
        assert sect.find(f"{W}titlePg") is not None, f"section {s + 1} has no different first page (w:titlePg)"
        first = c.doc.headers[s].get("first", [])
        assert not any(p.page_field or p.clean for p in first), f"section {s + 1}: first-page header shows {first}"
    text, _ = c.pdf.margin_text(0, c.margin_mm("top"))
    assert not text.strip(), f"page 1 shows {text!r} in the top margin"


def _section_starts(c: Case) -> list[tuple[int, int]]:
    """(section, first PDF page) of every section: the main text on page 1, each appendix where its label is printed."""
    starts = [(0, 0)]
    for s in c.doc.appendix_sections():
        paras = [p for p in c.doc.paras if p.section == s and p.clean and p.table is None][:2]
        needle = "".join(p.clean for p in paras)
        page = next((n for n in range(len(c.pdf.pages)) if c.pdf.find(needle, n)), None)
        assert page is not None, f"appendix {paras} not found in the PDF"
        starts.append((s, page))
    return starts


@check
def page_numbers_printed(c: Case):
    """Expected from the decree, not from the DOCX: page 1 unnumbered, then 2, 3, …; each appendix counted from 1
    (its first page may show 1 or nothing)."""
    starts = _section_starts(c)
    top = c.margin_mm("top")
    shown, wanted = [], []
    for n in range(len(c.pdf.pages)):
        first = max(st[1] for st in starts if st[1] <= n)
        number = n - first + 1
        wanted.append({""} if n == 0 else {"", "1"} if n == first else {str(number)})
        shown.append(c.pdf.margin_text(n, top)[0].strip())
    assert all(s in w for s, w in zip(shown, wanted, strict=True)), (
        f"page numbers printed {shown}, expected {['/'.join(sorted(w)) or '-' for w in wanted]}"
    )


@check
def appendix_sections(c: Case):
    labels = c.doc.by_style("PhuLuc")
    assert labels, "the data has phu_luc but the document has no 'Phụ lục' label"
    for p in labels:
        first = next(q for q in c.doc.paras if q.section == p.section and q.clean)
        assert p.section > 0 and first is p, f"{p} does not start its own section"
        start = c.doc.sections[p.section].find(f"{W}pgNumType")
        assert start is not None and start.get(f"{W}start") == "1", f"section of {p} does not restart numbering at 1"
    assert len(c.doc.sections) == 1 + len(labels), f"{len(c.doc.sections)} sections for {len(labels)} appendices"
    starts = _section_starts(c)
    for index, (_, page) in enumerate(starts[1:], 1):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(c.pdf.pages)
        if end - page >= 2:
            shown = c.pdf.margin_text(page + 1, c.margin_mm("top"))[0].strip()
            assert shown == "2", f"second page of appendix {index} shows {shown!r}"


@check
def text(c: Case):
    paras = c.targets()
    assert paras, f"no {c.rule['element']} in the document"
    if c.rule["target"][0] in ("QuocHieu", "TieuNgu", "HdrSo", "NoiNhanTitle", "KinhGui", "VV"):
        assert len(paras) == 1, f"{len(paras)} {c.rule['element']} paragraphs: {paras}"
    bad = [p.clean for p in paras if not re.search(c.value, unicodedata.normalize("NFC", p.clean))]
    assert not bad, f"{bad} does not match {c.value!r}"


def _top_of_page_one(c: Case) -> float:
    return min(b[1] for b in c.pdf.pages[0].boxes if b)


@check
def pdf_quoc_hieu(c: Case):
    x0, x1, top, bottom = c.block("QuocHieu")
    right_edge = c.margin_mm("left") + c.doc.text_width() / TWIPS_PER_MM
    assert top - c.margin_mm("top") <= c.value["within_mm_of_top_margin"], f"quốc hiệu starts {top:.1f} mm from the page top"
    assert top <= _top_of_page_one(c) + 1.0, "text printed above the quốc hiệu"
    assert (x0 + x1) / 2 > c.text_centre_mm and x1 <= right_edge + 0.5, (
        f"quốc hiệu spans {x0:.1f}-{x1:.1f} mm, not in the right part (text centre {c.text_centre_mm:.1f}, edge {right_edge:.1f})"
    )


@check
def pdf_issuer_position(c: Case):
    styles = ["HdrIssuer"] + (["HdrParent"] if c.doc.by_style("HdrParent") else [])
    boxes = [c.block(s) for s in styles]
    x0, x1, top = min(b[0] for b in boxes), max(b[1] for b in boxes), min(b[2] for b in boxes)
    assert top - c.margin_mm("top") <= c.value["within_mm_of_top_margin"], f"issuer starts {top:.1f} mm from the page top"
    assert top <= _top_of_page_one(c) + 1.0, "text printed above the issuer"
    assert x0 >= c.margin_mm("left") - 0.5 and (x0 + x1) / 2 < c.text_centre_mm, f"issuer spans {x0:.1f}-{x1:.1f} mm, not top left"


@check
def pdf_centred_below(c: Case):
    upper_style = c.value["centred_below"]
    lower_style = c.rule["target"][0]
    lx0, lx1, ltop, _ = c.block(lower_style)
    ux0, ux1, _, ubottom = c.block(upper_style)
    offset = (lx0 + lx1) / 2 - (ux0 + ux1) / 2
    assert abs(offset) <= c.value["tolerance_mm"], f"{lower_style} centre is {offset:+.2f} mm off the centre of {upper_style}"
    assert ltop >= ubottom - 0.5, f"{lower_style} (top {ltop:.1f} mm) is not below {upper_style} (bottom {ubottom:.1f} mm)"


@check
def issuer_centre(c: Case):
    for p in c.doc.by_style("HdrIssuer"):
        assert p.pp.get("jc") == "center", f"{p} aligned {p.pp.get('jc')}"
    if c.doc.by_style("HdrParent"):
        pdf_centred_below(
            Case(
                {**c.rule, "value": {"centred_below": "HdrParent", "tolerance_mm": c.value["tolerance_mm"]}, "target": ["HdrIssuer"]},
                c.src,
                c.doc,
                c.request,
            )
        )


@check
def pdf_same_line(c: Case):
    a = c.lines(c.doc.one(c.rule["target"][0]))[0]
    b = c.lines(c.doc.one(c.value["same_line_as"]))[0]
    assert abs(a.baseline - b.baseline) <= c.value["tolerance_mm"], f"baselines {a.baseline:.1f} and {b.baseline:.1f} mm"


@check
def rule_ratio(c: Case):
    elements = c.doc.by_style(c.rule["target"][0])
    assert elements, f"no {c.rule['target'][0]}"
    last = c.doc.paras.index(elements[-1])
    after = [p for p in c.doc.paras[last + 1 : last + 3] if (p.table, p.cell) == (elements[-1].table, elements[-1].cell)]
    rule = next((p for p in after if p.is_rule), None)
    assert rule is not None, f"no line under {elements[-1]}"
    left, right = rule.pp.get("left", 0), rule.pp.get("right", 0)
    length = rule.width - left - right
    widths = []
    for p in elements:
        runs = [r for r in p.runs if r.text.strip()]
        size, bold = max(r.size for r in runs), all(r.bold for r in runs)
        widths += [(text_width(line.text, size_pt=size, bold=bold), line.text) for line in c.lines(p)]
    widest, line_text = max(widths)
    ratio = length / widest
    lo, hi, tol = c.value["min"], c.value["max"], c.value["tolerance"]
    assert lo - tol <= ratio <= hi + tol, (
        f"line {length / TWIPS_PER_MM:.1f} mm under a printed line of {widest / TWIPS_PER_MM:.1f} mm "
        f"({line_text!r}): ratio {ratio:.3f}, allowed {lo:.3f}-{hi:.3f}"
    )
    rule_centre = (left + rule.width - right) / 2
    text_centres = [(p.pp.get("left", 0) + p.width - p.pp.get("right", 0)) / 2 for p in elements]
    assert all(p.pp.get("jc") == "center" for p in elements) and all(abs(t - rule_centre) <= 20 for t in text_centres), (
        f"line not centred under its text: line centre {rule_centre / TWIPS_PER_MM:.1f} mm, text centres "
        f"{[round(t / TWIPS_PER_MM, 1) for t in text_centres]} mm, text aligned {[p.pp.get('jc') for p in elements]}"
    )


@check
def single_spacing(c: Case):
    first, second = (c.doc.by_style(s) for s in c.rule["target"])
    assert first and second, f"missing {c.rule['target']}"
    a, b = first[-1], second[0]
    assert c.doc.paras.index(b) == c.doc.paras.index(a) + 1, f"{a} and {b} are not consecutive"
    for p in first + second:
        assert p.pp.get("lineRule", "auto") == "auto" and p.pp.get("line", 240) == 240, (
            f"{p}: line spacing {p.pp.get('line')} {p.pp.get('lineRule')}"
        )
    gap = a.pp.get("after", 0) + b.pp.get("before", 0)
    assert gap == 0, f"{gap / 20:g} pt added between {a} and {b}"


@check
def so_number(c: Case):
    number, _ = _symbol(c.doc)
    so = c.src.data.get("so")
    if so is None:
        assert number == "", f"no number in the data, the document shows {number!r}"
    else:
        assert re.fullmatch(r"0[1-9]|[1-9][0-9]+", number), f"number {number!r} is not arabic with a 0 before 1-9"
        assert int(number) == int(so), f"number {number} is not the data's {so}"


@check
def so_separators(c: Case):
    text = c.doc.one("HdrSo").clean
    assert re.fullmatch(r"Số: (?:\d+)?/[^\W_]+(?:-[^\W_]+)+", text), f"{text!r}: want 'Số: <n>/<GROUP>-<GROUP>' without spaces"


@check
def ky_hieu_caps(c: Case):
    _, symbol = _symbol(c.doc)
    groups = symbol.split("-")
    if c.src.kind.ky_hieu:
        assert groups[0] == c.src.kind.ky_hieu, f"symbol {symbol!r} does not start with {c.src.kind.ky_hieu}"
        groups = groups[1:]
    # "TTg" (Thủ tướng Chính phủ) is the one issuer abbreviation in mixed case, as the decree itself writes it in its
    # own Nơi nhận ("Trợ lý TTg"), like the type abbreviations TTr, CTr, QyĐ of Phụ lục III
    bad = [g for g in groups if g != g.upper() and g not in {"TTg"}]
    assert not bad, f"symbol {symbol!r}: {bad} not in capitals"


@check
def symbol_named(c: Case):
    _, symbol = _symbol(c.doc)
    expected = f"{c.value[c.src.code]}-{c.src.issuer['viet_tat']}"
    assert symbol == expected, f"symbol {symbol!r}, expected {expected!r}"
    assert c.src.kind.ky_hieu == c.value[c.src.code]


@check
def symbol_letter(c: Case):
    _, symbol = _symbol(c.doc)
    issuer = c.src.issuer["viet_tat"]
    assert re.fullmatch(rf"{re.escape(issuer)}-[A-ZĐ][A-ZĐ0-9]*", symbol), f"symbol {symbol!r}, expected {issuer}-<UNIT>"
    types = {k.ky_hieu for k in KINDS.values() if k.ky_hieu}
    assert not set(symbol.split("-")) & types, f"symbol {symbol!r} has a type abbreviation"


@check
def place(c: Case):
    text = c.doc.one("DiaDanh").clean
    match = re.match(r"^([^,]+), ngày\b", text)
    assert match, f"{text!r}: want '<place>, ngày …'"
    words = match.group(1).split()
    prefix = (
        2
        if " ".join(words[:2]) in ("Thành phố", "Thị xã", "Thị trấn")
        else 1
        if words[0] in ("Tỉnh", "Huyện", "Quận", "Xã", "Phường")
        else 0
    )
    bad = [w for w in words[:1] + words[prefix:] if not w[0].isupper()]
    assert not bad, f"place {match.group(1)!r}: {bad} not capitalised"


@check
def date(c: Case):
    day, month, year = _date_parts(c.doc)
    issued = str(c.src.data.get("ngay", ""))
    parts = issued.split("-")
    assert re.fullmatch(r"\d{4}", year) and year == parts[0], f"year {year!r}, data {issued!r}"
    if len(parts) >= 2:
        assert month is not None and re.fullmatch(r"0[12]|[3-9]|1[0-2]", month), f"month {month!r}: 01, 02, 3 … 12"
        assert int(month) == int(parts[1]), f"month {month}, data {issued!r}"
    else:
        assert month is None, f"month {month!r} printed, data {issued!r} has none"
    if len(parts) == 3:
        assert day is not None and re.fullmatch(r"0[1-9]|[12][0-9]|3[01]", day), f"day {day!r}: two digits"
        assert int(day) == int(parts[2]), f"day {day}, data {issued!r}"
    else:
        assert day is None, f"day {day!r} printed, data {issued!r} has none"


@check
def ten_loai_text(c: Case):
    expected = c.value[c.src.code]
    found = c.doc.by_style("TenLoai")
    if expected is None:
        assert not found and not any(p.clean == "CÔNG VĂN" for p in c.doc.paras), f"a công văn shows a tên loại: {found}"
    else:
        assert [p.clean for p in found] == [expected] == [c.src.kind.ten_loai], f"tên loại {found}, expected {expected!r}"


@check
def centred_on_page(c: Case):
    paras = c.targets()
    assert paras, f"no {c.rule['element']}"
    for p in paras:
        assert p.pp.get("jc") == "center", f"{p} aligned {p.pp.get('jc')}"
        assert p.pp.get("left", 0) == p.pp.get("right", 0), f"{p}: indents {p.pp.get('left')}/{p.pp.get('right')}"
        for line in c.lines(p):
            offset = line.cx - c.text_centre_mm
            assert abs(offset) <= c.value["tolerance_mm"], f"{line.text!r} is centred {offset:+.2f} mm off the text width"


@check
def vv_presence(c: Case):
    vv = c.doc.by_style("VV")
    loose = [p for p in c.doc.paras if p.clean.startswith("V/v ") and p.style != "VV"]
    if c.src.code == "CV":
        assert len(vv) == 1 and not loose, f"công văn: V/v lines {vv + loose}"
        assert vv[0].table == c.doc.header_table and vv[0].cell[1] == 0, "V/v is not in the left column of the header"
    else:
        assert not vv and not loose, f"a {c.src.code} shows V/v: {vv + loose}"


@check
def vv_gap(c: Case):
    vv = c.doc.one("VV")
    before = c.doc.paras[c.doc.paras.index(vv) - 1]
    assert before.style == "HdrSo", f"V/v follows {before}, not the Số line"
    gap = before.pp.get("after", 0) + vv.pp.get("before", 0)
    assert gap == c.value * 20, f"{gap / 20:g} pt between Số and V/v, want {c.value} pt"


@check
def can_cu_lines(c: Case):
    lines = c.doc.by_style("CanCu")
    data = c.src.data.get("can_cu") or []
    expected = len(data) + (1 if c.src.data.get("theo_de_nghi") else 0)
    assert lines and len(lines) == expected, f"{len(lines)} căn cứ lines, data has {expected}"
    bad = [p.clean[:50] for p in lines if not re.match(r"^(Căn cứ|Theo đề nghị) ", p.clean) or "\n" in p.text.strip()]
    assert not bad, f"not one căn cứ per line: {bad}"
    for p, item in zip(lines, data, strict=False):  # the data has no line for theo_de_nghi
        head = " ".join(str(item).split("{{")[0].split())[:40]
        assert p.clean.startswith(head), f"{p.clean[:50]!r} is not the data's {head!r}"


@check
def list_punctuation(c: Case):
    lines = [p.clean for p in c.targets()]
    assert lines, f"no {c.rule['element']}"
    bad = [t[-30:] for t in lines[:-1] if not t.endswith(c.value["each_but_last"])]
    assert not bad, f"lines not ending with {c.value['each_but_last']!r}: {bad}"
    assert lines[-1].endswith(c.value["last"]), f"last line {lines[-1][-40:]!r} does not end with {c.value['last']!r}"


@check
def dieu_numbering(c: Case):
    dieu = c.doc.by_style("Dieu")
    numbers = []
    for p in dieu:
        match = re.match(r"^Điều (\d+)\. \S", p.clean)
        assert match, f"{p.clean[:40]!r} is not 'Điều n. …'"
        numbers.append(int(match.group(1)))
    assert numbers and numbers == list(range(1, len(numbers) + 1)), f"Điều numbers {numbers}"
    assert len(numbers) == len(c.src.data.get("dieu", [])), f"{len(numbers)} Điều, data has {len(c.src.data.get('dieu', []))}"
    loose = [p for p in c.doc.body() if p.style != "Dieu" and re.match(r"^Điều \d+", p.clean)]
    assert not loose, f"Điều not in the Dieu style: {loose}"


@check
def dieu_label(c: Case):
    for p in c.doc.by_style("Dieu"):
        label = _label_chars(p, r"Điều \d+\.")
        body_sizes = {r.size for r in p.runs if r.text.strip()}
        bad = {(ch, r.bold, r.italic, r.size) for ch, r in label if not r.bold or r.italic}
        assert label and not bad, f"{p.clean[:20]!r}: label not upright bold: {sorted(bad)}"
        assert len(body_sizes) == 1 and 13 <= min(body_sizes) <= 14, f"{p.clean[:20]!r}: sizes {body_sizes}"


@check
def muc_style(c: Case):
    bad = []
    for p in c.doc.body():
        match = re.match(r"^([IVXLC]+)\.\s", p.clean)
        if not match:
            continue
        chars = [(ch, r) for ch, r in p.chars]
        if p.style == "Muc":
            heading = chars
        else:  # the label and the title: the leading bold characters
            start = next((i for i, (ch, r) in enumerate(chars) if not ch.isspace()), 0)
            end = start
            while end < len(chars) and (chars[end][1].bold or chars[end][0].isspace()):
                end += 1
            heading = chars[start:end]
        title = "".join(ch for ch, _ in heading)[len(match.group(0)) :].strip().rstrip(":").strip()
        if not title or not _display_upper(title):
            bad.append((p.clean[:50], f"title {title!r} not in capitals"))
        if any(not r.bold or r.italic for ch, r in heading if not ch.isspace()):
            bad.append((p.clean[:50], "not upright bold"))
    bad += [(p.clean[:40], "mục label not 'I.'") for p in c.doc.body() if re.match(r"^[IVXLC]+[):,-]\s", p.clean)]
    assert not bad, f"mục headings: {bad}"


@check
def khoan_style(c: Case):
    bad = []
    sizes = {r.size for p in c.doc.body() for r in p.runs if r.text.strip()}
    for p in c.doc.body():
        label = _label_chars(p, r"\d+(?:\.\d+)*\.\s")
        if not label:
            continue
        if any(r.italic for _, r in label) or any(r.size not in sizes or not 13 <= r.size <= 14 for _, r in label):
            bad.append((p.clean[:40], "label not upright at the body size"))
        if p.style == "Khoan" and any(not r.bold or r.italic for ch, r in p.chars if not ch.isspace()):
            bad.append((p.clean[:40], "titled khoản not upright bold"))
    bad += [(p.clean[:40], "khoản label not '1.'") for p in c.doc.body() if re.match(r"^\d+[):]\s", p.clean)]
    assert not bad, f"khoản: {bad}"


@check
def diem_style(c: Case):
    bad, group, groups = [], [], []
    for p in c.doc.body():
        if p.style in ("Muc", "Khoan", "Dieu") or re.match(r"^(\d+(?:\.\d+)*|[IVXLC]+)\.\s|^Điều \d+", p.clean):
            if group:
                groups.append(group)
            group = []
            continue
        label = _label_chars(p, r"[a-zđ]\)\s")
        if not label:
            continue
        group.append(label[0][0])
        if any(r.bold or r.italic for _, r in label):
            bad.append((p.clean[:30], "label bold or italic"))
    if group:
        groups.append(group)
    bad += [("order", "".join(g)) for g in groups if "".join(g) != ALPHABET[: len(g)]]
    bad += [(p.clean[:40], "điểm label not 'a)'") for p in c.doc.body() if re.match(r"^[a-zđ][.:]\s|^\([a-zđ]\)\s", p.clean)]
    assert not bad, f"điểm: {bad}"


@check
def body_justified(c: Case):
    paras = c.doc.body()
    assert paras, "no content"
    bad = [(p.clean[:40], p.pp.get("jc")) for p in paras if p.pp.get("jc") != "both"]
    assert not bad, f"not justified: {bad[:5]}"


@check
def body_indent(c: Case):
    allowed = [v * TWIPS_PER_MM for v in c.value]
    bad = [
        (p.clean[:40], p.pp.get("firstLine"), p.pp.get("hanging"))
        for p in c.doc.body()
        if p.pp.get("hanging", 0) or not any(abs(p.pp.get("firstLine", 0) - a) <= 3 for a in allowed)
    ]
    assert not bad, f"first-line indent not 1 cm or 1.27 cm (twips): {bad[:5]}"


@check
def body_gap(c: Case):
    bad = []
    for i, p in enumerate(c.doc.paras):
        if p.style not in BODY_STYLES or p.table is not None or not p.clean:
            continue
        prev = c.doc.paras[i - 1] if i else None
        after = prev.pp.get("after", 0) if prev is not None and prev.table is None else 0
        if p.pp.get("contextual") and prev is not None and prev.style == p.style:
            gap = 0
        else:
            gap = p.pp.get("before", 0) + after
        if gap < c.value["min"] * 20:
            bad.append((p.clean[:40], gap / 20))
    assert not bad, f"less than {c.value['min']} pt before: {bad[:5]}"


@check
def body_line_spacing(c: Case):
    bad = []
    for p in c.doc.body():
        rule, line = p.pp.get("lineRule", "auto"), p.pp.get("line", 240)
        size = max(r.size for r in p.runs if r.text.strip())
        lines = line / 240 if rule == "auto" else line / (size * 20 * 1.15)
        if not c.value["min"] - 0.01 <= lines <= c.value["max"] + 0.01:
            bad.append((p.clean[:40], rule, line, round(lines, 2)))
    assert not bad, f"line spacing outside {c.value}: {bad[:5]}"


@check
def end_mark(c: Case):
    flow = [p for p in c.doc.main_flow() if p.clean and p.table is None]
    assert flow, "no content"
    assert flow[-1].clean.endswith("./."), f"content ends {flow[-1].clean[-40:]!r}"


@check
def chuc_vu_prefix(c: Case):
    lines = [p.clean for p in c.doc.by_style("ChucDanh")]
    assert lines, "no chức vụ"
    match = AUTHORITY.match(lines[0])
    bad = [t for t in lines if re.search(r"[a-zđ]", AUTHORITY.sub("", t))]
    assert not bad, f"chức vụ lines {bad}"
    assert not any(AUTHORITY.match(t) for t in lines[1:]), f"authority prefix after the first line: {lines}"
    assert not re.match(r"^[A-ZĐ]{1,3}[./]", AUTHORITY.sub("", lines[0])), f"unknown abbreviation in {lines[0]!r}"
    if match and match.group(1) in ("KT", "TL", "TUQ"):
        assert len(lines) >= 2, f"{lines[0]!r} without the signer's own title under it"


def _addressees(c: Case) -> list[str]:
    data = c.src.data.get("kinh_gui")
    return [data] if isinstance(data, str) else list(data or [])


@check
def kinh_gui_present(c: Case):
    label = c.doc.one("KinhGui")
    items = c.doc.by_style("KinhGuiMuc")
    names = [label.clean.removeprefix("Kính gửi:").strip()] if not items else [p.clean.lstrip("- ").rstrip(";.") for p in items]
    expected = _addressees(c)
    if expected:
        assert [unicodedata.normalize("NFC", e) for e in expected] == names, f"Kính gửi {names}, data {expected}"
    else:
        assert names and all(names), f"Kính gửi names nobody: {label}"
    flow = c.doc.main_flow()
    assert flow.index(label) < min(flow.index(p) for p in c.doc.body()), "Kính gửi after the content"


@check
def kinh_gui_lines(c: Case):
    label = c.doc.one("KinhGui")
    items = [p.clean for p in c.doc.by_style("KinhGuiMuc")]
    if len(_addressees(c)) <= 1 and not items:
        assert re.fullmatch(r"Kính gửi: \S.*[^;]", label.clean), f"one addressee: want 'Kính gửi: <name>' on one line, got {label.clean!r}"
    else:
        assert label.clean == "Kính gửi:", f"several addressees: the label line is {label.clean!r}"
        assert len(items) >= 2, f"several addressees on {len(items)} lines"
        bad = [t for t in items if not t.startswith("- ")]
        bad += [t for t in items[:-1] if not t.endswith(";")]
        bad += [items[-1]] if not items[-1].endswith(".") else []
        assert not bad, f"addressee lines {bad}"


@check
def pdf_kinh_gui_dashes(c: Case):
    items = c.doc.by_style("KinhGuiMuc")
    label = c.lines(c.doc.one("KinhGui"))[0]
    if not items:
        assert not label.text.endswith(":"), f"'{label.text}' without addressees"
        return
    colon = next(ch for ch in reversed(label.chars) if ch[0] == ":")
    dashes = [c.lines(p)[0].chars[0] for p in items]
    assert all(d[0] == "-" for d in dashes), dashes
    bad = [round(d[1] - colon[1], 2) for d in dashes if abs(d[1] - colon[1]) > c.value["tolerance_mm"]]
    assert not bad, f"dashes start {bad} mm from the colon of 'Kính gửi:'"
    assert max(d[1] for d in dashes) - min(d[1] for d in dashes) <= 0.3, "dashes not aligned with each other"


@check
def first_noi_nhan(c: Case):
    items = [p.clean for p in c.doc.by_style("NoiNhan")]
    assert items, "no Nơi nhận items"
    if c.value.startswith("- Như trên"):
        assert items[0] == "- Như trên;", f"first Nơi nhận item {items[0]!r}"
    else:
        match = re.fullmatch(r"- Như Điều (\d+);", items[0])
        assert match, f"first Nơi nhận item {items[0]!r}, want '- Như Điều n;'"
        last = len(c.doc.by_style("Dieu"))
        assert int(match.group(1)) == last, f"'- Như Điều {match.group(1)};' but the last Điều is {last}"


@check
def noi_nhan_items(c: Case):
    items = [p.clean for p in c.doc.by_style("NoiNhan")]
    assert len(items) >= 2, f"Nơi nhận items {items}"
    bad = [t for t in items if not re.match(r"^- \S", t)] + [t for t in items[:-1] if not t.endswith(";")]
    assert not bad, f"Nơi nhận items {bad}"


@check
def noi_nhan_luu(c: Case):
    items = [p.clean for p in c.doc.by_style("NoiNhan")]
    assert items and re.fullmatch(r"- Lưu: VT, \S.*\.", items[-1]), f"last Nơi nhận item {items[-1:]!r}"
    assert not any(t.startswith("- Lưu") for t in items[:-1]), "Lưu line not last"


@check
def pdf_noi_nhan_position(c: Case):
    title = c.lines(c.doc.one("NoiNhanTitle"))[0]
    office = c.lines(c.doc.by_style("ChucDanh")[0])[0]
    offset = title.x0 - c.margin_mm("left")
    assert -0.5 <= offset <= c.value["left_margin_mm"], f"'Nơi nhận:' starts {offset:+.2f} mm from the left margin"
    assert title.page == office.page and abs(title.top - office.top) <= c.value["tolerance_mm"], (
        f"'Nơi nhận:' top {title.top:.1f} mm, chức vụ top {office.top:.1f} mm (pages {title.page + 1}/{office.page + 1})"
    )


@check
def tham_quyen(c: Case):
    line = c.doc.one("ThamQuyen")
    office = AUTHORITY.sub("", c.doc.by_style("ChucDanh")[0].clean)
    issuer = " ".join(p.clean for p in c.doc.by_style("HdrIssuer"))
    assert line.clean.startswith(office), f"thẩm quyền {line.clean!r} does not name the office {office!r} (issuer {issuer!r})"
    assert _display_upper(line.text) and line.pp.get("jc") == "center", f"{line}: caps/centre"
    runs = [r for r in line.runs if r.text.strip()]
    assert all(r.bold and not r.italic and 13 <= r.size <= 14 for r in runs), [(r.bold, r.italic, r.size) for r in runs]


@check
def quyet_dinh_label(c: Case):
    label = c.doc.one("QuyetDinh")
    assert label.clean == "QUYẾT ĐỊNH:" and label.pp.get("jc") == "center", label
    assert all(r.bold and not r.italic for r in label.runs if r.text.strip()), "not upright bold"
    index = c.doc.paras.index
    can_cu, dieu = c.doc.by_style("CanCu"), c.doc.by_style("Dieu")
    assert can_cu and dieu and index(can_cu[-1]) < index(label) < index(dieu[0]), "not between căn cứ and Điều 1"


@check
def giay_moi_lines(c: Case):
    flow = [p.clean for p in c.doc.main_flow() if p.clean and p.style in BODY_STYLES]
    where, missing = 0, []
    for label in c.value:
        found = next(
            (i for i in range(where, len(flow)) if (flow[i].endswith(label) if label.endswith("mời:") else flow[i].startswith(label))), None
        )
        if found is None:
            missing.append(label)
        else:
            where = found + 1
    assert not missing, f"giấy mời lines missing or out of order: {missing}"


TOKENS = {
    "HdrParent": "chu_quan",
    "HdrIssuer": "co_quan",
    "HdrSo": "so",
    "VV": "vv",
    "QuocHieu": "quoc_hieu",
    "TieuNgu": "tieu_ngu",
    "DiaDanh": "dia_danh",
    "TenLoai": "ten_loai",
    "TrichYeu": "trich_yeu",
    "ThamQuyen": "tham_quyen",
    "KinhGui": "kinh_gui",
    "KinhGuiMuc": "kinh_gui",
    "CanCu": "can_cu",
    "QuyetDinh": "quyet_dinh",
    "Dieu": "dieu",
    "NoiNhanTitle": "noi_nhan_title",
    "NoiNhan": "noi_nhan",
    "ChucDanh": "chuc_vu",
    "HoTen": "ho_ten",
    "PhuLuc": "phu_luc",
    "PhuLucTen": "phu_luc_ten",
    "PhuLucKem": "kem_theo",
}


def _tokens(paras: list[Para], tables: bool = True) -> str:
    out: list[str] = []
    last_table = None
    for p in paras:
        if p.is_rule:
            token = "rule"
        elif not p.clean:
            continue
        elif p.table is not None and tables:
            if p.table == last_table:
                continue
            token, last_table = "noi_dung", p.table
        else:
            token = TOKENS.get(p.style, "noi_dung")
        if not out or out[-1] != token:
            out.append(token)
    return " ".join(out)


@check
def layout_order(c: Case):
    doc, src = c.doc, c.src
    header = [p for p in doc.paras if p.table == doc.header_table and doc.header_table is not None]
    left = _tokens([p for p in header if p.cell[1] == 0], tables=False)
    right = _tokens([p for p in header if p.cell[1] != 0], tables=False)
    want_left = ("chu_quan " if src.has("chu_quan") else "") + "co_quan rule so" + (" vv" if src.code == "CV" else "")
    assert left == want_left, f"left header {left!r}, want {want_left!r}"
    assert right == "quoc_hieu tieu_ngu rule dia_danh", f"right header {right!r}"
    body = _tokens(doc.main_flow())
    kinh_gui = " kinh_gui" if src.has("kinh_gui") else ""
    can_cu = " can_cu" if src.has("can_cu") else ""
    want = {
        "QD": r"ten_loai trich_yeu rule tham_quyen can_cu quyet_dinh dieu( (dieu|noi_dung))*",
        "CV": r"kinh_gui noi_dung",
        "GM": r"ten_loai trich_yeu rule noi_dung",
    }.get(src.code, rf"ten_loai trich_yeu rule{kinh_gui}{can_cu} noi_dung")
    assert re.fullmatch(want, body), f"body {body!r}, want {want!r}"
    sign = [p for p in doc.paras if p.table == doc.signature_table and doc.signature_table is not None]
    assert _tokens([p for p in sign if p.cell[1] == 0], False) == "noi_nhan_title noi_nhan", "signature left column"
    assert _tokens([p for p in sign if p.cell[1] != 0], False) == "chuc_vu ho_ten", "signature right column"
    rest = [p for p in doc.paras if p.section == 0 and p.clean and doc.paras.index(p) > doc.paras.index(sign[-1])]
    assert not rest, f"text after the signature: {rest[:3]}"
    for s in doc.appendix_sections():
        tokens = _tokens([p for p in doc.paras if p.section == s])
        assert re.fullmatch(r"phu_luc( phu_luc_ten)? kem_theo rule noi_dung", tokens), f"appendix {tokens!r}"


@check
def main_components(c: Case):
    doc = c.doc
    need = ["QuocHieu", "TieuNgu", "HdrIssuer", "HdrSo", "DiaDanh", "ChucDanh", "HoTen", "NoiNhanTitle", "NoiNhan"]
    need += ["VV"] if c.src.code == "CV" else ["TenLoai", "TrichYeu"]
    missing = [s for s in need if not doc.by_style(s)]
    assert not missing and doc.body(), f"missing {missing or 'content'}"


@check
def appendix_reference(c: Case):
    text = " ".join(p.clean for p in c.doc.main_flow() if p.table is None)
    assert re.search(r"phụ lục|(danh sách|biểu|bảng)[^.;()]{0,40} kèm theo", text, re.I), (
        "the text does not point to its appendix (no 'Phụ lục …' nor '… danh sách kèm theo')"
    )


@check
def appendix_numbering(c: Case):
    labels = [p.clean for p in c.doc.by_style("PhuLuc")]
    count = len(c.src.data.get("phu_luc") or [])
    assert len(labels) == count, f"{len(labels)} appendix labels, data has {count}"
    if count == 1:
        assert labels[0] in ("Phụ lục", "Phụ lục I"), labels
    else:
        assert labels == [f"Phụ lục {_roman(i)}" for i in range(1, count + 1)], labels


@check
def kem_theo_text(c: Case):
    number, symbol = _symbol(c.doc)
    day, month, year = _date_parts(c.doc)
    issued = f"{number}/{symbol}"
    for p in c.doc.by_style("PhuLucKem"):
        match = re.fullmatch(r"\(Kèm theo (\S+(?: \S+)*?) số (\S*?) ?/(\S+) ngày(?: (\S+))? tháng(?: (\S+))? năm (\S+) của (.+)\)", p.clean)
        assert match, f"{p.clean!r}: want '(Kèm theo <tên loại> số … ngày … tháng … năm … của …)'"
        kind, n, sym, d, m, y, issuer = match.groups()
        name = (c.src.kind.ten_loai or "CÔNG VĂN").capitalize()
        assert kind == name, f"'Kèm theo {kind}', the document is a {name}"
        assert f"{n}/{sym}" == issued, f"số {n}/{sym} in the appendix, {issued} in the document"
        assert (d, m, y) == (day, month, year), f"appendix date ngày {d} tháng {m} năm {y}, document ngày {day} tháng {month} năm {year}"
        assert issuer.strip(), "no issuer"


@check
def appendix_end_mark(c: Case):
    for s in c.doc.appendix_sections():
        last = [p for p in c.doc.paras if p.section == s and p.clean][-1]
        assert last.clean.endswith("./."), f"appendix section {s + 1} ends {last.clean[-40:]!r}"
