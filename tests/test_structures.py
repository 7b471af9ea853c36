"""What real plans needed that the data could not say before, each written as data and checked in the DOCX:
lettered points under a decimal level and citations of their numbers, several closing paragraphs, chosen line
breaks, a bold run-in label with its number, anniversaries of a stated year, plans over a period, and the layout
fixes (upright điểm headings, widow control, the last paragraph kept with the signature)."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from pipeline.build import build, check, render_documents
from pipeline.render.package import unpack

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PLAN = """\
loai: ke_hoach
co_quan: stp_ninh_binh
ngay: 2024-02
giai_doan: 2021-2025
danh_so: thap_phan
trich_yeu: |
  Xây dựng, bồi dưỡng, nhân rộng điển hình tiên tiến
  giai đoạn 2021 - 2025
noi_dung:
  - tieu_de: Mục đích
    noi_dung:
      - tieu_de: Yêu cầu
        noi_dung:
          - tieu_de: Tiêu chí
            ma: tieu_chi
            danh_so: chu
            noi_dung:
              - tieu_de: Đối với tập thể
                ma: tap_the
              - muc: Đối với cá nhân, theo điểm {{ so.tap_the }} mục {{ so.tieu_chi }}.
  - tieu_de: Kết quả
    noi_dung:
      - muc: "**Năm 2022:** có 12 điển hình, bằng {{ ky_niem.dien_bien_phu.nam_2019.so_nam }} năm trước đó."
      - "Kỷ niệm {{ ky_niem.dien_bien_phu.nam_2019 }}."
      - |
        Dòng một của đoạn
        dòng hai của đoạn
      - Hạn chót trong năm 2023 và tháng 3/2025 là trong giai đoạn.
ket_thuc:
  - Đoạn kết thứ nhất.
  - Đoạn kết thứ hai
ky:
  nguoi: pham_minh_thuong
noi_nhan:
  - |
    Ủy ban nhân dân tỉnh
    (Văn phòng)
luu: VP
han:
  cuoi: 2025-03-31
"""


@pytest.fixture
def plan(tmp_project):
    (tmp_project.year_dir(2024) / "ke_hoach_moi.yaml").write_text(PLAN, encoding="utf-8")
    documents, problems = render_documents(tmp_project, 2024)
    assert not problems, problems
    root = etree.fromstring(unpack(documents["ke_hoach_moi"])["word/document.xml"])
    paragraphs = [p for p in root.iter(f"{W}p")]
    return tmp_project, root, paragraphs


def text(p) -> str:
    """The text of a paragraph, a Word line break as a new line (a new line typed inside w:t would print as a space)."""
    found = "".join(t.text or "" if t.tag == f"{W}t" else "\n" for t in p.iter(f"{W}t", f"{W}br"))
    assert not any("\n" in (t.text or "") for t in p.iter(f"{W}t")), found
    return found


def find(paragraphs, start: str):
    return next(p for p in paragraphs if text(p).startswith(start))


def style(p) -> str:
    found = p.find(f"{W}pPr/{W}pStyle")
    return found.get(f"{W}val") if found is not None else ""


def test_lettered_points_under_a_decimal_level_and_their_citations(plan):
    _, _, paragraphs = plan
    assert text(find(paragraphs, "1.1. ")) == "1.1. Tiêu chí"
    point = find(paragraphs, "a) ")
    assert text(point) == "a) Đối với tập thể" and style(point) == "Diem"  # upright: the style has no bold
    assert text(find(paragraphs, "b) ")) == "b) Đối với cá nhân, theo điểm a mục 1.1."


def test_a_bold_run_in_label_takes_its_number_with_it(plan):
    _, _, paragraphs = plan
    label = find(paragraphs, "1. Năm 2022:")
    runs = [(r.findtext(f"{W}t"), r.find(f"{W}rPr/{W}b") is not None) for r in label.iter(f"{W}r") if r.findtext(f"{W}t")]
    assert runs[0] == ("1. Năm 2022:", True) and not runs[1][1]


def test_anniversaries_of_a_stated_year(plan):
    _, _, paragraphs = plan
    assert "bằng 65 năm trước đó" in text(find(paragraphs, "1. Năm 2022"))
    assert text(find(paragraphs, "Kỷ niệm 65 năm")).startswith("Kỷ niệm 65 năm Chiến thắng Điện Biên Phủ (07/5/1954 - 07/5/2019)")


def test_chosen_line_breaks_in_a_paragraph_a_recipient_and_the_title(plan):
    _, _, paragraphs = plan
    assert text(find(paragraphs, "Dòng một")) == "Dòng một của đoạn\ndòng hai của đoạn"
    assert text(find(paragraphs, "- Ủy ban nhân dân tỉnh")) == "- Ủy ban nhân dân tỉnh\n(Văn phòng);"
    title = find(paragraphs, "Xây dựng, bồi dưỡng")
    assert style(title) == "TrichYeu" and text(title) == "Xây dựng, bồi dưỡng, nhân rộng điển hình tiên tiến\ngiai đoạn 2021 - 2025"


def test_several_closing_paragraphs_the_last_ends_the_text_and_stays_with_the_signature(plan):
    _, root, paragraphs = plan
    first, last = find(paragraphs, "Đoạn kết thứ nhất"), find(paragraphs, "Đoạn kết thứ hai")
    assert text(first) == "Đoạn kết thứ nhất." and text(last) == "Đoạn kết thứ hai./."
    assert last.find(f"{W}pPr/{W}keepNext") is not None and first.find(f"{W}pPr/{W}keepNext") is None
    assert not [p for p in paragraphs if text(p).endswith("./.") and p is not last]


def test_widow_and_orphan_control_is_on_for_every_paragraph(tmp_project):
    styles = (tmp_project.template_dir / "word" / "styles.xml").read_bytes()
    defaults = etree.fromstring(styles).find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
    assert defaults.find(f"{W}widowControl") is not None
    assert not etree.fromstring(styles).xpath("//w:widowControl[@w:val='0' or @w:val='false']", namespaces={"w": W[1:-1]})


def test_a_plan_over_a_period_is_checked_against_the_period(tmp_project):
    (tmp_project.year_dir(2024) / "ke_hoach_moi.yaml").write_text(PLAN, encoding="utf-8")
    report = check(tmp_project, 2024)
    mine = [p for p in report.problems + report.warnings if "ke_hoach_moi" in p.file]
    assert not mine, mine  # 2022, 2023, 3/2025 and a deadline in 2025 are inside 2021-2025
    (tmp_project.year_dir(2024) / "ke_hoach_moi.yaml").write_text(PLAN.replace("giai_doan: 2021-2025\n", ""), encoding="utf-8")
    rules = {re.search(r"\[([a-z-]+)\]", p.message)[1] for p in check(tmp_project, 2024).problems if "ke_hoach_moi" in p.file}
    assert {"han-ngoai-ky", "nam-cu"} <= rules  # the same plan for 2024 alone: the deadline and 3/2025 are outside


def test_a_citation_of_a_name_that_is_not_there_is_located(tmp_project):
    (tmp_project.year_dir(2024) / "ke_hoach_moi.yaml").write_text(PLAN.replace("{{ so.tap_the }}", "{{ so.tap_thee }}"), encoding="utf-8")
    problems = [p for p in check(tmp_project, 2024).problems if "ke_hoach_moi" in p.file]
    assert len(problems) == 1 and "có phải ý bạn là 'tap_the'" in problems[0].message and problems[0].line == 20


def test_points_under_points_are_refused_with_the_place(tmp_project):
    nested = PLAN.replace(
        "              - tieu_de: Đối với tập thể\n                ma: tap_the\n",
        "              - tieu_de: Đối với tập thể\n                ma: tap_the\n                noi_dung:\n"
        "                  - muc: Một điểm dưới điểm\n",
    )
    (tmp_project.year_dir(2024) / "ke_hoach_moi.yaml").write_text(nested, encoding="utf-8")
    problems = [p for p in check(tmp_project, 2024).problems if "ke_hoach_moi" in p.file]
    assert len(problems) == 1 and "dưới các điểm a), b) không đánh số thêm được" in problems[0].message, problems
    assert problems[0].key == "noi_dung[1].noi_dung[1].noi_dung[1].noi_dung[1].noi_dung[1]" and problems[0].line == 21


def test_a_decision_refuses_the_keys_it_does_not_use(tmp_project):
    path = tmp_project.year_dir(2024) / "quyet_dinh_giay_khen_2024.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "ket_thuc: Trên đây là quyết định\nnoi_dung:\n  - Một đoạn\n", encoding="utf-8")
    problems = {p.key: p.message for p in check(tmp_project, 2024).problems if "quyet_dinh" in p.file}
    assert set(problems) == {"ket_thuc", "noi_dung"} and "các điều (dieu)" in problems["noi_dung"], problems


def test_nested_points_asked_for_twice_are_still_one_level(tmp_project):
    nested = PLAN.replace(
        "              - tieu_de: Đối với tập thể\n                ma: tap_the\n",
        "              - tieu_de: Đối với tập thể\n                ma: tap_the\n                danh_so: chu\n"
        "                noi_dung:\n                  - muc: Một điểm dưới điểm\n",
    )
    (tmp_project.year_dir(2024) / "ke_hoach_moi.yaml").write_text(nested, encoding="utf-8")
    problems = [p for p in check(tmp_project, 2024).problems if "ke_hoach_moi" in p.file]
    assert len(problems) == 1 and "dưới các điểm a), b) không đánh số thêm được" in problems[0].message, problems


@pytest.mark.parametrize(
    "period, ok",
    [("2021-2025", True), ("2025-2021", False), ("2010-2015", False), ("1945-2100", False)],
)
def test_a_period_must_hold_the_plan_year_and_run_forwards(tmp_project, period, ok):
    (tmp_project.year_dir(2024) / "ke_hoach_moi.yaml").write_text(PLAN.replace("2021-2025\n", f"{period}\n", 1), encoding="utf-8")
    problems = [p for p in check(tmp_project, 2024).problems if "ke_hoach_moi" in p.file and p.key == "giai_doan"]
    assert not problems if ok else len(problems) == 1 and period in problems[0].message


def test_a_title_of_more_than_five_chosen_lines_is_refused(tmp_project):
    six = "trich_yeu: |\n" + "".join(f"  dòng {i}\n" for i in range(6))
    text = re.sub(r"trich_yeu: \|\n(  .*\n)+", lambda m: six, PLAN, count=1)
    (tmp_project.year_dir(2024) / "ke_hoach_moi.yaml").write_text(text, encoding="utf-8")
    problems = [p for p in check(tmp_project, 2024).problems if "ke_hoach_moi" in p.file]
    assert len(problems) == 1 and problems[0].key == "trich_yeu" and "tối đa 5 dòng, nhận được 6 dòng" in problems[0].message


def test_an_anniversary_of_a_year_typed_in_a_placeholder_is_a_stale_year_warning(tmp_project):
    (tmp_project.year_dir(2024) / "ke_hoach_moi.yaml").write_text(
        PLAN.replace("{{ ky_niem.dien_bien_phu.nam_2019 }}", "{{ ky_niem.dien_bien_phu.nam_2025 }}"), encoding="utf-8"
    )
    warnings = [w for w in check(tmp_project, 2024).warnings if "ke_hoach_moi" in w.file]
    assert len(warnings) == 1 and "[nam-go-tay]" in warnings[0].message and "nam_2025" in warnings[0].message


@pytest.mark.parametrize(
    "when, words",
    [
        ("2024-12-27 25:00", "giờ từ 0 đến 23"),
        ("2024-02-30 08:00", "ngày 2024-02-30 không tồn tại"),
        ("2024-11-02 08:00", "[thoi-gian-hop] cuộc họp ngày 02/11/2024 trước ngày ký"),
        ("2026-01-05 08:00", "[thoi-gian-hop] cuộc họp năm 2026"),
    ],
)
def test_a_meeting_time_that_cannot_be_is_located(tmp_project, when, words):
    path = tmp_project.year_dir(2024) / "giay_moi_hoi_nghi_tong_ket_2024.yaml"
    text = path.read_text(encoding="utf-8").replace("thoi_gian: 2024-12-27 08:00", f"thoi_gian: {when}")
    path.write_text(text.replace("ngay: 2024-12\n", "ngay: 2024-12-10\n"), encoding="utf-8")
    problems = [p for p in check(tmp_project, 2024).problems if "giay_moi" in p.file]
    assert len(problems) == 1 and problems[0].key == "thoi_gian" and words in problems[0].message, problems


def test_new_year_moves_the_meeting_too(tmp_project):
    from pipeline.newyear import new_year

    written, notes, report = new_year(tmp_project, 2024, 2025)
    text = (tmp_project.year_dir(2025) / "giay_moi_hoi_nghi_tong_ket_2025.yaml").read_text(encoding="utf-8")
    assert "thoi_gian: 2025-12-27 08:00" in text and any("ngày họp" in n for n in notes)
    assert not [p for p in report.problems if "giay_moi" in p.file]


def test_an_awards_file_empty_or_with_old_mac_line_ends_stops_what_counts_from_it(tmp_project):
    awards = tmp_project.awards_file(2024)
    good = awards.read_bytes()
    for damaged in (b"", good.replace(b"\n", b"\r")):
        awards.write_bytes(damaged)
        report = check(tmp_project, 2024)
        assert [p for p in report.problems if p.file.endswith("khen_thuong.yaml")], report.problems
        assert any("quyet_dinh" in p.file for p in report.problems)


def test_a_collective_body_issuing_its_own_decision_is_named_in_full(tmp_project):
    signers = tmp_project.registry_dir / "nguoi_ky.yaml"
    signers.write_text(
        signers.read_text(encoding="utf-8") + "\nchu_tich_nb:\n  ho_ten: Phạm Quang Ngọc\n  chuc_vu: Chủ tịch\n  co_quan: ubnd_ninh_binh\n",
        encoding="utf-8",
    )
    bodies = tmp_project.registry_dir / "co_quan.yaml"
    registry = bodies.read_text(encoding="utf-8").replace(
        "  chuc_danh_thu_truong: Chủ tịch\n  tap_the: true\n",
        "  chuc_danh_thu_truong: Chủ tịch\n  thu_truong: chu_tich_nb\n  tap_the: true\n",
        1,
    )
    bodies.write_text(registry, encoding="utf-8")
    path = tmp_project.year_dir(2024) / "quyet_dinh_giay_khen_2024.yaml"
    decision = path.read_text(encoding="utf-8").replace("co_quan: stp_ninh_binh", "co_quan: ubnd_ninh_binh")
    decision = decision.replace("ky:\n  nguoi: pham_minh_thuong", "ky:\n  nguoi: chu_tich_nb\n  quyen_han: TM").replace(
        "khen_thuong: [giay_khen_giam_doc]", "khen_thuong: [bang_khen_ubnd]"
    )
    path.write_text(decision, encoding="utf-8")
    documents, problems = render_documents(tmp_project, 2024)
    assert not [p for p in problems if "quyet_dinh" in p.file], problems
    paragraphs = list(etree.fromstring(unpack(documents["quyet_dinh_giay_khen_2024"])["word/document.xml"]).iter(f"{W}p"))
    texts = [text(p) for p in paragraphs]
    assert "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH" in texts and not any(t.startswith("UBND") for t in texts[:6])
    assert "TM. ỦY BAN NHÂN DÂN TỈNH NINH BÌNH" in texts and "CHỦ TỊCH" in texts


def test_an_addressee_repeated_in_noi_nhan_is_told(tmp_project):
    path = tmp_project.year_dir(2024) / "cong_van_hoi_nghi_tong_ket_2024.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("noi_nhan:\n", "noi_nhan:\n  - Các phòng, đơn vị thuộc Sở;\n"), encoding="utf-8"
    )
    found = [w for w in check(tmp_project, 2024).warnings if "cong_van" in w.file]
    assert len(found) == 1 and "[noi-nhan-lap]" in found[0].message and "Kính gửi" in found[0].message


def test_headings_and_numbered_paragraphs_at_the_top_count_apart(tmp_project):
    mixed = PLAN.replace("  - tieu_de: Kết quả\n", "  - muc: Đoạn có số\n  - muc: Đoạn thứ hai\n  - tieu_de: Kết quả\n", 1)
    (tmp_project.year_dir(2024) / "ke_hoach_moi.yaml").write_text(mixed, encoding="utf-8")
    documents, problems = render_documents(tmp_project, 2024)
    texts = [text(p) for p in etree.fromstring(unpack(documents["ke_hoach_moi"])["word/document.xml"]).iter(f"{W}p")]
    assert "1. Đoạn có số" in texts and "2. Đoạn thứ hai" in texts and "II. KẾT QUẢ" in texts


def test_a_long_noi_nhan_and_a_long_kinh_gui_still_make_a_checked_pdf(tmp_project):
    from pipeline.pdf.check import page_texts

    letter = tmp_project.year_dir(2024) / "cong_van_hoi_nghi_tong_ket_2024.yaml"
    many = "".join(f"  - Ủy ban nhân dân xã số {n}\n" for n in range(60))
    letter.write_text(letter.read_text(encoding="utf-8").replace("noi_nhan:\n", "noi_nhan:\n" + many), encoding="utf-8")
    report_path = tmp_project.year_dir(2024) / "bao_cao_tong_ket_2024.yaml"
    addressees = "".join(
        f"  - Ủy ban nhân dân huyện số {n} và Phòng Tư pháp huyện số {n} (Bộ phận một cửa, tiếp nhận hồ sơ)\n" for n in range(17)
    )
    data = report_path.read_text(encoding="utf-8")
    data = re.sub(r"kinh_gui:\n(  - .*\n)+", lambda m: "kinh_gui:\n" + addressees, data, count=1)
    report_path.write_text(data, encoding="utf-8")
    report = build(tmp_project, 2024)
    assert report.ok, (report.problems, report.failures)
    pages = page_texts(tmp_project.output_dir(2024) / "cong_van_hoi_nghi_tong_ket_2024.pdf")
    assert len(pages) >= 2 and "xã số 59" in "".join(pages)
    first = page_texts(tmp_project.output_dir(2024) / "bao_cao_tong_ket_2024.pdf")[0]
    assert "Kính gửi" in first and "huyện số 0" in first  # the block starts on page 1, under the title


@pytest.mark.parametrize("typed", ["Theo đề nghị của: Chánh Văn phòng Sở", "Chánh Văn phòng Sở./.", "theo đề nghị của Chánh Văn phòng Sở;"])
def test_theo_de_nghi_is_printed_once_and_ends_the_bases(tmp_project, typed):
    path = tmp_project.year_dir(2024) / "quyet_dinh_giay_khen_2024.yaml"
    data = re.sub(r"^theo_de_nghi: .*$", f'theo_de_nghi: "{typed}"', path.read_text(encoding="utf-8"), count=1, flags=re.M)
    path.write_text(data, encoding="utf-8")
    documents, problems = render_documents(tmp_project, 2024)
    texts = [text(p) for p in etree.fromstring(unpack(documents["quyet_dinh_giay_khen_2024"])["word/document.xml"]).iter(f"{W}p")]
    assert "Theo đề nghị của Chánh Văn phòng Sở." in texts
