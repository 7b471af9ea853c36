"""XML facts of every rendered DOCX that the decree fixes (ND30 Phụ lục I, mục I and II)."""

from __future__ import annotations

import io

import docx
import pytest
from lxml import etree

from pipeline.nd30 import layout
from pipeline.nd30.layout import KEPT_RECIPIENTS
from pipeline.render.package import unpack

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = layout.TWIPS_PER_MM


def parts(data: bytes) -> dict[str, etree._Element]:
    return {k: etree.fromstring(v) for k, v in unpack(data).items() if k.endswith(".xml") or k.endswith(".rels")}


@pytest.fixture(params=["bao_cao_tong_ket_2024", "ke_hoach_dien_hinh_tien_tien", "ke_hoach_khu_vuc_2024", "phat_dong_thi_dua_2024"])
def doc(request, rendered):
    return rendered[request.param]


def test_a4_portrait_and_margins_within_decree_ranges(doc):
    sect = parts(doc)["word/document.xml"].find(f".//{W}sectPr")
    size, margin = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (11906, 16838)
    mm = {side: int(margin.get(f"{W}{side}")) / MM for side in ("top", "bottom", "left", "right")}
    assert 20 <= round(mm["top"], 1) <= 25 and 20 <= round(mm["bottom"], 1) <= 25
    assert 30 <= round(mm["left"], 1) <= 35 and 15 <= round(mm["right"], 1) <= 20


def test_layout_constants_match_template(doc):
    sect = parts(doc)["word/document.xml"].find(f".//{W}sectPr")
    margin = sect.find(f"{W}pgMar")
    assert int(margin.get(f"{W}left")) == layout.MARGIN_LEFT and int(margin.get(f"{W}right")) == layout.MARGIN_RIGHT
    grids = [[int(c.get(f"{W}w")) for c in g] for g in parts(doc)["word/document.xml"].iter(f"{W}tblGrid")]
    assert list(layout.HEADER_COLUMNS) == grids[0] and list(layout.FOOTER_COLUMNS) == grids[-1]


def test_times_new_roman_13_to_14_pt_body(doc):
    styles = parts(doc)["word/styles.xml"]
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert {fonts.get(f"{W}{k}") for k in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}
    body = docx.Document(io.BytesIO(doc)).styles["ND30 Body"]
    assert 13 <= (body.font.size or docx.shared.Pt(14)).pt <= 14
    assert body.paragraph_format.first_line_indent.cm in (pytest.approx(1.27, abs=0.01), pytest.approx(1.0, abs=0.01))
    assert body.paragraph_format.space_before.pt >= 6


def test_different_first_page_and_centred_page_field(doc):
    xml = parts(doc)
    sect = xml["word/document.xml"].find(f".//{W}sectPr")
    assert sect.find(f"{W}titlePg") is not None
    rels = {r.get("Id"): r.get("Target") for r in xml["word/_rels/document.xml.rels"]}
    refs = {
        h.get(f"{W}type"): rels[h.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
        for h in sect.iter(f"{W}headerReference")
    }
    first, default = xml["word/" + refs["first"]], xml["word/" + refs["default"]]
    assert not "".join(first.itertext()).strip() and "PAGE" not in etree.tostring(first).decode()
    instr = "".join(t.text for t in default.iter(f"{W}instrText"))
    assert instr.strip() == "PAGE"
    style_id = default.find(f".//{W}pStyle").get(f"{W}val")
    style = next(s for s in xml["word/styles.xml"].iter(f"{W}style") if s.get(f"{W}styleId") == style_id)
    assert style.find(f".//{W}jc").get(f"{W}val") == "center"


def test_signature_row_cannot_split_across_pages(doc):
    last_table = parts(doc)["word/document.xml"].findall(f".//{W}body/{W}tbl")[-1]
    kept = last_table.find(f"{W}tr/{W}trPr/{W}cantSplit") is not None
    items = [p for p in last_table.iter(f"{W}p") if "".join(p.itertext()).startswith("- ")]
    assert kept == (len(items) <= KEPT_RECIPIENTS) and items  # a list longer than a page may run on
    assert "Nơi nhận:" in "".join(last_table.itertext())


def test_opens_in_python_docx_with_header_and_title(doc):
    d = docx.Document(io.BytesIO(doc))
    header = d.tables[0]
    assert header.cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header.cell(0, 1).paragraphs[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert header.cell(1, 0).paragraphs[0].text.startswith("Số: ")
    assert d.core_properties.title and d.core_properties.created.year >= 2023
