"""Redline: a new render against an old one as Word tracked changes, and its summary."""

from __future__ import annotations

import datetime
import io
import random
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from pipeline.build import Project, render_documents
from pipeline.render.package import pack, unpack
from pipeline.render.redline import has_changes, redline, summary
from tools.docx_text import reading_lines

ROOT = Path(__file__).resolve().parent.parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
WHEN = datetime.datetime(2024, 3, 1, 9, 30, tzinfo=datetime.UTC)
AUTHOR = "Văn phòng Sở"
NEW_ITEM = "- Khen thưởng kịp thời các điển hình tiên tiến."
GONE_ITEM = "- Trưởng, Phó Trưởng Khu vực thi đua khối cơ quan Tư pháp các tỉnh đồng bằng Bắc Bộ;"
EDITS = {  # one data file edited per document: two word edits, one paragraph removed, one added
    "bao_cao_tong_ket_2024": ("luu: VP\n", "luu: VP, TĐKT\n"),
    "ke_hoach_khu_vuc_2024": ("dang_ky: 15/3", "dang_ky: 22/3"),
    "phat_dong_thi_dua_2024": ("  - nhom: khu_vuc_thi_dua\n", ""),
    "ke_hoach_dien_hinh_tien_tien": (
        "              - gach: Văn phòng Sở phối hợp",
        f"              - gach: {NEW_ITEM[2:]}\n              - gach: Văn phòng Sở phối hợp",
    ),
}


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> dict[str, bytes]:
    """The 2024 documents rendered again after the EDITS to a copy of the data."""
    root = tmp_path_factory.mktemp("redline")
    for folder in ("data", "doc_templates"):
        shutil.copytree(ROOT / folder, root / folder)
    for name, (before, after) in EDITS.items():
        path = root / "data" / "2024" / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.count(before) == 1, before
        path.write_text(text.replace(before, after), encoding="utf-8")
    documents, problems = render_documents(Project(root), 2024)
    assert not problems, "\n".join(map(str, problems))
    return documents


@pytest.fixture(scope="module")
def redlines(rendered, edited) -> dict[str, bytes]:
    return {name: redline(rendered[name], edited[name], author=AUTHOR, when=WHEN) for name in EDITS}


def _root(document: bytes) -> etree._Element:
    return etree.fromstring(unpack(document)["word/document.xml"])


def _replace_root(document: bytes, root: etree._Element) -> bytes:
    parts = unpack(document)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return pack(parts)


def _texts(root: etree._Element, path: str) -> list[str]:
    """The text of each element found by PATH (w:ins or w:del wrappers of runs)."""
    return ["".join(e.xpath(".//w:t/text() | .//w:delText/text()", namespaces=NS)) for e in root.xpath(path, namespaces=NS)]


def _unwrap(element: etree._Element) -> None:
    parent, at = element.getparent(), element.getparent().index(element)
    for child in reversed(list(element)):
        parent.insert(at, child)
    parent.remove(element)


def _resolve(document: bytes, keep: str) -> bytes:
    """Accept (keep="ins") or reject (keep="del") every tracked change, as Word would."""
    drop = "del" if keep == "ins" else "ins"
    root = _root(document)
    for row in root.xpath(f"//w:tr[w:trPr/w:{drop}]", namespaces=NS):  # the row goes: only tracked paragraphs in it
        assert not row.xpath(f".//w:p[not(w:pPr/w:rPr/w:{drop})]", namespaces=NS)
        row.getparent().remove(row)
    for p in root.xpath(f"//w:p[w:pPr/w:rPr/w:{drop}]", namespaces=NS):  # its mark goes: only tracked text in it
        assert not p.xpath(f".//w:r[not(ancestor::w:{drop})]", namespaces=NS)
        p.getparent().remove(p)
    for element in root.xpath(f"//w:{drop}", namespaces=NS):
        element.getparent().remove(element)
    for text in root.xpath("//w:delText", namespaces=NS):
        text.tag = f"{{{W}}}t"
    for element in root.xpath(f"//w:{keep}", namespaces=NS):
        _unwrap(element)
    return _replace_root(document, root)


def test_an_unchanged_document_has_no_tracked_change(rendered):
    document = rendered["ke_hoach_khu_vuc_2024"]
    root = _root(redline(document, document, author=AUTHOR, when=WHEN))
    assert not root.xpath("//w:ins | //w:del", namespaces=NS)
    assert etree.tostring(root) == etree.tostring(_root(document))
    assert not has_changes(document, document) and summary(document, document) == "Không có thay đổi."


def test_exactly_the_edited_words_are_marked(rendered, edited, redlines):
    assert all(has_changes(rendered[n], edited[n]) for n in EDITS)
    zone = _root(redlines["ke_hoach_khu_vuc_2024"])
    assert _texts(zone, "//w:del") == ["15/3/2024"] and _texts(zone, "//w:ins") == ["22/3/2024"]
    assert zone.xpath("//w:del/w:r/w:delText", namespaces=NS) and zone.xpath("//w:ins/w:r/w:rPr/w:b", namespaces=NS), (
        "the bold deadline stays bold"
    )
    report = _root(redlines["bao_cao_tong_ket_2024"])
    assert _texts(report, "//w:del") == [] and _texts(report, "//w:ins") == [", TĐKT"]
    for name in ("ke_hoach_khu_vuc_2024", "bao_cao_tong_ket_2024"):  # every other paragraph as rendered
        marked = [etree.tostring(p) for p in _root(redlines[name]).iter(f"{{{W}}}p")]
        plain = [etree.tostring(p) for p in _root(edited[name]).iter(f"{{{W}}}p")]
        assert len(marked) == len(plain) and sum(a != b for a, b in zip(marked, plain, strict=True)) == 1


def test_summary_shows_the_changed_words_in_context(rendered, edited):
    assert summary(rendered["ke_hoach_khu_vuc_2024"], edited["ke_hoach_khu_vuc_2024"]) == (
        'Sửa đoạn 25: "… đua trước ngày 15/3/2024." → "… đua trước ngày 22/3/2024."\n1 thay đổi.'
    )
    assert "22/3/2024" in "".join(list(_root(edited["ke_hoach_khu_vuc_2024"]).iter(f"{{{W}}}p"))[24].itertext())
    assert summary(rendered["bao_cao_tong_ket_2024"], edited["bao_cao_tong_ket_2024"]).endswith(
        ': "… VT, VP." → "… VT, VP, TĐKT."\n1 thay đổi.'
    )
    assert summary(rendered["phat_dong_thi_dua_2024"], edited["phat_dong_thi_dua_2024"]).startswith(f'Xóa đoạn 65: "{GONE_ITEM[:40]}')
    assert summary(rendered["ke_hoach_dien_hinh_tien_tien"], edited["ke_hoach_dien_hinh_tien_tien"]) == (
        f'Thêm đoạn 30: "{NEW_ITEM}"\n1 thay đổi.'
    )


def test_redline_is_deterministic_and_dated_from_the_argument(rendered, edited, redlines):
    name = "ke_hoach_khu_vuc_2024"
    assert redline(rendered[name], edited[name], author=AUTHOR, when=WHEN) == redlines[name]
    marks = _root(redlines[name]).xpath("//w:ins | //w:del", namespaces=NS)
    assert {(m.get(f"{{{W}}}author"), m.get(f"{{{W}}}date")) for m in marks} == {(AUTHOR, "2024-03-01T09:30:00Z")}
    later = redline(rendered[name], edited[name], author=AUTHOR, when=WHEN + datetime.timedelta(days=1))
    assert b'w:date="2024-03-02T09:30:00Z"' in unpack(later)["word/document.xml"]


def test_added_and_removed_paragraphs_are_tracked_whole(redlines):
    root = _root(redlines["ke_hoach_dien_hinh_tien_tien"])
    [added] = root.xpath("//w:p[w:pPr/w:rPr/w:ins]", namespaces=NS)
    assert _texts(root, "//w:p/w:ins") == ["", "- ", NEW_ITEM[2:], ""] and not added.xpath("w:r", namespaces=NS)
    assert "".join(added.getnext().itertext()).startswith("- Văn phòng Sở phối hợp")
    root = _root(redlines["phat_dong_thi_dua_2024"])
    [removed] = root.xpath("//w:p[w:pPr/w:rPr/w:del]", namespaces=NS)
    assert "".join(removed.xpath(".//w:delText/text()", namespaces=NS)) == GONE_ITEM
    assert not removed.xpath(".//w:t", namespaces=NS) and removed.getparent().tag == f"{{{W}}}tc"
    assert "".join(removed.getprevious().itertext()).startswith("- Sở Nội vụ"), "back at its place, in its cell"


def test_redlines_are_valid_and_accepting_or_rejecting_gives_each_version(rendered, edited, redlines):
    for name, marked in redlines.items():
        assert docx.Document(io.BytesIO(marked)).paragraphs
        ids = _root(marked).xpath("//w:ins/@w:id | //w:del/@w:id", namespaces=NS)
        assert len(ids) == len(set(ids)) > 0
        assert reading_lines(_resolve(marked, "ins")) == reading_lines(edited[name])
        assert reading_lines(_resolve(marked, "del")) == reading_lines(rendered[name])


def test_a_name_changed_in_the_awards_file_is_redlined_in_every_document_that_cites_it(rendered, tmp_path):
    for folder in ("data", "doc_templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    awards = tmp_path / "data" / "2024" / "khen_thuong.yaml"
    text = awards.read_text(encoding="utf-8")
    # one person of the Bằng khen proposal and one of the Giấy khen decision; the report counts them both
    changed = text.replace("ho_ten: Bùi Văn Thắng", "ho_ten: Bùi Văn Thắm").replace("ho_ten: Lê Văn Sơn", "ho_ten: Lê Văn Sơm")
    assert changed.count("Thắm") == 1 and changed.count("Sơm") == 1
    awards.write_text(changed, encoding="utf-8")
    documents, problems = render_documents(Project(tmp_path), 2024)
    assert not problems
    differ = {name for name in rendered if has_changes(rendered[name], documents[name])}
    assert differ == {"to_trinh_bang_khen_ubnd_2024", "quyet_dinh_giay_khen_2024"}  # the counts in the report stay the same
    for name, new_name in (("to_trinh_bang_khen_ubnd_2024", "Bùi Văn Thắm"), ("quyet_dinh_giay_khen_2024", "Lê Văn Sơm")):
        marked = _root(redline(rendered[name], documents[name], author=AUTHOR, when=WHEN))
        inserted = "".join(marked.xpath("//w:ins//w:t/text()", namespaces=NS))
        deleted = "".join(marked.xpath("//w:del//w:delText/text()", namespaces=NS))
        assert new_name.split()[-1] in inserted and new_name.split()[-1][:-1] in deleted, (inserted, deleted)


def test_a_new_table_row_is_tracked_as_an_inserted_row(rendered):
    new = rendered["bao_cao_tong_ket_2024"]
    root = _root(new)
    [row] = [r for r in root.iter(f"{{{W}}}tr") if "Bằng khen của Bộ trưởng" in "".join(r.itertext())]
    row.getparent().remove(row)
    old = _replace_root(new, root)
    marked = _root(redline(old, new, author=AUTHOR, when=WHEN))
    [inserted] = marked.xpath("//w:tr[w:trPr/w:ins]", namespaces=NS)
    assert "Bằng khen của Bộ trưởng" in "".join(inserted.itertext()) and inserted.find(f"{{{W}}}trPr")[0].tag == f"{{{W}}}cantSplit"
    assert len(marked.xpath("//w:tr", namespaces=NS)) == len(_root(new).xpath("//w:tr", namespaces=NS))
    rejected = _root(_resolve(_replace_root(new, marked), "del"))
    assert len(rejected.xpath("//w:tr", namespaces=NS)) == len(_root(old).xpath("//w:tr", namespaces=NS))


def _mutate(document: bytes, seed: int) -> bytes:
    """Return the document with some paragraphs removed, added and reworded (a made-up old version)."""
    rng, root = random.Random(seed), _root(document)
    paragraphs = [p for p in root.iter(f"{{{W}}}p") if p.xpath("w:r/w:t[normalize-space()]", namespaces=NS)]
    for p in rng.sample(paragraphs, 16):
        move = rng.choice(["remove", "add", "reword"])
        if move == "remove" and len(p.getparent().findall(f"{{{W}}}p")) > 1:
            p.getparent().remove(p)
        elif move == "add":
            extra = etree.fromstring(etree.tostring(p))
            for t in extra.iter(f"{{{W}}}t"):
                t.text = f"đoạn cũ {rng.randint(1, 99)} đã bỏ" if t.text and t.text.strip() else t.text
            p.addprevious(extra) if rng.random() < 0.5 else p.addnext(extra)
        else:
            t = max(p.xpath("w:r/w:t", namespaces=NS), key=lambda t: len(t.text or ""))
            words = t.text.split(" ")
            at = rng.randrange(len(words))
            words[at : at + 1] = rng.choice([[], ["chữ", "cũ"], [words[at] + "x"]])
            t.text = " ".join(words)
    return _replace_root(document, root)


@pytest.mark.parametrize("seed", range(3))
def test_made_up_edits_accept_to_the_new_and_reject_to_the_old_text(rendered, seed):
    def plain(document: bytes) -> list[str]:
        return [line.replace("*", "") for line in reading_lines(document)]  # a changed run may be split

    for new in rendered.values():
        old = _mutate(new, seed)
        marked = redline(old, new, author=AUTHOR, when=WHEN)
        assert has_changes(old, new) and summary(old, new).endswith(" thay đổi.")
        assert plain(_resolve(marked, "ins")) == plain(new) and plain(_resolve(marked, "del")) == plain(old)


def test_libreoffice_reads_the_tracked_changes(redlines, tmp_path):
    soffice = shutil.which("soffice") or pytest.skip("LibreOffice missing")
    source = tmp_path / "redline.docx"
    source.write_bytes(redlines["ke_hoach_khu_vuc_2024"])
    subprocess.run(
        [
            soffice,
            "-env:UserInstallation=file:///tmp/redline-lo-profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    with zipfile.ZipFile(tmp_path / "redline.odt") as odt:
        content = odt.read("content.xml").decode()
    changes = re.search(r"<text:tracked-changes.*?</text:tracked-changes>", content, re.S).group(0)
    regions = dict(re.findall(r'<text:changed-region[^>]*text:id="([^"]+)"><text:(insertion|deletion)', changes))
    assert sorted(regions.values()) == ["deletion", "insertion"]
    deleted = re.search(r"<text:deletion>.*?</office:change-info>(.*?)</text:deletion>", changes, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", deleted) == "15/3/2024"
    [inserted] = [i for i, kind in regions.items() if kind == "insertion"]
    span = re.search(f'<text:change-start text:change-id="{inserted}"/>(.*?)<text:change-end text:change-id="{inserted}"/>', content, re.S)
    assert re.sub(r"<[^>]+>", "", span.group(1)) == "22/3/2024"
