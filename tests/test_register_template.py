"""The register of outgoing documents (sổ đăng ký văn bản đi, ND30 Phụ lục IV mục I): doc_templates/so_van_ban/."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from lxml import etree

from pipeline.nd30.context import Properties
from pipeline.render.package import unpack
from pipeline.render.template import Template

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
CENTER, LEFT_ALIGN = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
PROPS = Properties("Sổ đăng ký văn bản đi", "Sở Tư pháp", dt.date(2024, 12, 31))

HEADINGS = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]
KEYS = ["so_ky_hieu", "ngay", "ten_trich_yeu", "nguoi_ky", "noi_nhan", "luu", "so_ban", "ngay_chuyen", "ky_nhan", "ghi_chu"]
LEFT = {"ten_trich_yeu", "noi_nhan"}  # the long texts; every other column is centred
ROWS = [
    dict(
        so_ky_hieu="01/KH-STP",
        ngay="05/01/2024",
        ten_trich_yeu="Kế hoạch tổ chức phong trào thi đua năm 2024",
        nguoi_ky="Nguyễn Văn An",
        noi_nhan="- UBND tỉnh;\n- Các phòng, đơn vị thuộc Sở",
        luu="VT, VP",
        so_ban=12,
        ngay_chuyen="06/01/2024",
        ky_nhan="",
        ghi_chu="",
    ),
    dict(
        so_ky_hieu="02/BC-STP",
        ngay="20/01/2024",
        ten_trich_yeu="Báo cáo tổng kết công tác thi đua, khen thưởng năm 2023",
        nguoi_ky="Trần Thị Bình",
        noi_nhan="Ban Thi đua - Khen thưởng tỉnh",
        luu="VT",
        so_ban=3,
        ngay_chuyen="20/01/2024",
        ky_nhan="Đã nhận",
        ghi_chu="Gửi kèm phụ lục",
    ),
    dict(
        so_ky_hieu="03/QĐ-STP",
        ngay="01/02/2024",
        ten_trich_yeu="Quyết định tặng Giấy khen",
        nguoi_ky="Lê Văn Cường",
        noi_nhan="Các cá nhân có tên",
        luu="VT, TĐKT",
        so_ban=7,
        ngay_chuyen="02/02/2024",
        ky_nhan="",
        ghi_chu="Mật & khẩn",
    ),
]


def context(**changes) -> dict:
    ctx = {
        "co_quan_chu_quan": "Ủy ban nhân dân tỉnh Ninh Bình",
        "co_quan": "Sở Tư pháp",
        "tieu_de": "Sổ đăng ký văn bản đi",
        "nam": 2024,
        "tu_ngay": "05/01/2024",
        "den_ngay": "31/12/2024",
        "tu_so": "01",
        "den_so": "03",
        "quyen_so": "01",
        "rows": ROWS,
    }
    return ctx | changes


@pytest.fixture(scope="module")
def template() -> Template:
    return Template(ROOT / "doc_templates" / "so_van_ban")


@pytest.fixture(scope="module")
def data(template) -> bytes:
    return template.render(context(), PROPS)


def xml(data: bytes, part: str = "word/document.xml") -> etree._Element:
    return etree.fromstring(unpack(data)[part])


def table(data: bytes) -> docx.table.Table:
    tables = docx.Document(io.BytesIO(data)).tables
    assert len(tables) == 1
    return tables[0]


def cover(data: bytes) -> list:
    """The paragraphs of the first section, the one that ends with the cover's sectPr."""
    paragraphs = []
    for p in docx.Document(io.BytesIO(data)).paragraphs:
        paragraphs.append(p)
        if p._p.find(f"{W}pPr/{W}sectPr") is not None:
            return paragraphs
    raise AssertionError("the cover has no section break")


def resolved(paragraph, attribute: str):
    """A font attribute of a paragraph's run or, when unset, of its style and the styles it is based on."""
    value = getattr(paragraph.runs[0].font, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value, style = getattr(style.font, attribute), style.base_style
    return value


def alignment(paragraph):
    """A paragraph's alignment, from the paragraph or the styles it is based on."""
    value, style = paragraph.alignment, paragraph.style
    while value is None and style is not None:
        value, style = style.paragraph_format.alignment, style.base_style
    return value


def test_every_section_is_a4_landscape_with_the_decree_margins(data):
    sections = xml(data).findall(f".//{W}sectPr")
    assert len(sections) == 2  # the cover, then the register
    for sect in sections:
        size, margin = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == ("16838", "11906", "landscape")
        assert {side: margin.get(f"{W}{side}") for side in ("top", "bottom", "left", "right")} == {
            "top": "1134",
            "bottom": "1134",
            "left": "1701",
            "right": "850",
        }
    assert sections[-1].find(f"{W}type").get(f"{W}val") == "nextPage"


def test_cover_lines_in_capitals_and_sizes(data):
    paragraphs = cover(data)
    assert [p.text for p in paragraphs] == [
        "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
        "SỞ TƯ PHÁP",
        "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
        "Năm: 2024",
        "Từ ngày 05/01/2024 đến ngày 31/12/2024",
        "Từ số 01 đến số 03",
        "Quyển số: 01",
    ]
    sizes = [resolved(p, "size").pt for p in paragraphs]
    bold = [bool(resolved(p, "bold")) for p in paragraphs]
    assert sizes == [13, 13, 20, 14, 14, 14, 14]
    assert bold == [False, True, True, False, False, False, False]
    assert [alignment(p) for p in paragraphs] == [CENTER] * 7


def test_empty_parent_body_leaves_no_empty_paragraph(template):
    for empty in ("", None):
        paragraphs = cover(template.render(context(co_quan_chu_quan=empty), PROPS))
        assert [p.text for p in paragraphs][:2] == ["SỞ TƯ PHÁP", "SỔ ĐĂNG KÝ VĂN BẢN ĐI"]
        assert all(p.text.strip() for p in paragraphs)


def test_page_numbers_only_on_the_register_from_1(data):
    parts = unpack(data)
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(parts["word/_rels/document.xml.rels"])}
    first, last = xml(data).findall(f".//{W}sectPr")
    headers = [etree.fromstring(parts["word/" + rels[s.find(f"{W}headerReference").get(f"{R}id")]]) for s in (first, last)]
    fields = [" ".join(t.text for t in h.iter(f"{W}instrText")).split() for h in headers]
    assert fields == [[], ["PAGE"]]
    assert last.find(f"{W}pgNumType").get(f"{W}start") == "1"
    assert [alignment(p) for p in docx.Document(io.BytesIO(data)).sections[1].header.paragraphs] == [CENTER]


def test_table_has_ten_fixed_columns_filling_the_text_width(data):
    tbl = xml(data).find(f".//{W}tbl")
    widths = [int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol")]
    assert len(widths) == 10
    assert sum(widths) == int(tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) == 16838 - 1701 - 850
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    assert sorted(widths)[-2:] == sorted([widths[KEYS.index("ten_trich_yeu")], widths[KEYS.index("noi_nhan")]])
    for row in tbl.iter(f"{W}tr"):
        assert [int(c.get(f"{W}w")) for c in row.iter(f"{W}tcW")] == widths
    borders = tbl.find(f"{W}tblPr/{W}tblBorders")
    assert {b.tag.removeprefix(W): b.get(f"{W}val") for b in borders} == dict.fromkeys(
        ("top", "left", "bottom", "right", "insideH", "insideV"), "single"
    )


def test_two_heading_rows_repeat_on_every_page(data):
    rows = table(data).rows
    assert [i for i, r in enumerate(rows) if r._tr.find(f"{W}trPr/{W}tblHeader") is not None] == [0, 1]
    assert [c.text for c in rows[0].cells] == HEADINGS
    assert [c.text for c in rows[1].cells] == [f"({i})" for i in range(1, 11)]
    for cell in rows[0].cells:
        p = cell.paragraphs[0]
        assert resolved(p, "size").pt == 12 and resolved(p, "bold") is True
        assert alignment(p) == CENTER


def test_one_body_row_per_entry_in_order(data):
    rows = table(data).rows
    assert len(rows) == 2 + len(ROWS)
    for row, entry in zip(rows[2:], ROWS, strict=True):
        assert [c.text for c in row.cells] == [str(entry[k]) for k in KEYS]
        assert row._tr.find(f"{W}trPr/{W}cantSplit") is not None
        for key, cell in zip(KEYS, row.cells, strict=True):
            p = cell.paragraphs[0]
            assert resolved(p, "size").pt == 12 and not resolved(p, "bold")
            assert alignment(p) == (LEFT_ALIGN if key in LEFT else CENTER), key


def test_a_new_line_in_a_value_is_a_line_break(data):
    cell = table(data).rows[2].cells[KEYS.index("noi_nhan")]
    assert len(cell.paragraphs) == 1
    para = cell.paragraphs[0]._p
    assert [t.text for t in para.iter(f"{W}t")] == ["- UBND tỉnh;", "- Các phòng, đơn vị thuộc Sở"]
    assert len(para.findall(f".//{W}br")) == 1
    assert not any("\n" in (t.text or "") for t in xml(data).iter(f"{W}t"))


def test_zero_entries_leave_the_two_heading_rows(template):
    data = template.render(context(rows=[]), PROPS)
    rows = table(data).rows
    assert len(rows) == 2
    assert [c.text for c in rows[0].cells] == HEADINGS
    assert "{%" not in unpack(data)["word/document.xml"].decode()
