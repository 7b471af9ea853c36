"""The clerk's year without silent mistakes: a new year, issued documents, registries that change,
renamed or deleted data files, --no-pdf, make clean."""

from __future__ import annotations

import io
import re

import docx
import pytest

from pipeline.build import build, check
from pipeline.cli import main
from pipeline.newyear import new_year
from pipeline.output.history import revisions
from tools.docx_text import reading_lines

REPORT = "bao_cao_tong_ket_2024"
ZONE = "ke_hoach_khu_vuc_2024"


def result_table(path) -> list[list[str]]:
    table = next(t for t in docx.Document(str(path)).tables if t.cell(0, 1).text == "Hình thức khen thưởng")
    return [[c.text for c in row.cells] for row in table.rows]


def test_a_new_year_report_never_prints_last_year_s_awards_as_its_own(tmp_project):
    assert build(tmp_project, 2024, make_pdf=False).ok
    old = result_table(tmp_project.output_dir(2024) / f"{REPORT}.docx")
    written, notes, report = new_year(tmp_project, 2024, 2025)
    assert any("nam_truoc" in n for n in notes)
    built = build(tmp_project, 2025, make_pdf=False)
    assert built.ok, built.problems
    new = result_table(tmp_project.output_dir(2025) / "bao_cao_tong_ket_2025.docx")
    assert new[0][5] == "Năm 2024" and old[0][5] == "Năm 2023"
    old_rows = {r[1]: r for r in old[1:-1]}
    for row in new[1:-1]:  # this year's columns empty (zero); last year's column = what 2024 counted
        assert row[2:5] == ["0", "0", "0"] and row[5] == old_rows[row[1]][4]
    assert new[-1][5] == old[-1][4] != "0"
    text = "\n".join(reading_lines(tmp_project.output_dir(2025) / "bao_cao_tong_ket_2025.docx"))
    assert "tổng số **0** lượt" in text and f"so với năm 2024 ({old[-1][4]} lượt)" in text
    assert any("[chua-co-khen-thuong]" in w.message for w in check(tmp_project, 2025).warnings)


def test_new_year_with_29_february_moves_the_deadline_and_says_so(tmp_project, edit):
    edit(tmp_project, ZONE, {r"^han:$": "han:\n  nhuan: 2024-02-29", r"^  dang_ky: 15/3$": "  dang_ky: 29/02"})
    assert check(tmp_project, 2024).ok
    written, notes, report = new_year(tmp_project, 2024, 2025)
    assert written and any("29/02/2024" in n and "28/02/2025" in n for n in notes)
    rolled = (tmp_project.year_dir(2025) / "ke_hoach_khu_vuc_2025.yaml").read_text(encoding="utf-8")
    assert "nhuan: 2025-02-28" in rolled
    located = [p for p in report.problems if p.key == "han.dang_ky"]
    assert len(located) == 1 and "không có trong năm 2025" in located[0].message and located[0].line > 1
    assert build(tmp_project, 2025, make_pdf=False).problems == report.problems  # the others build


def test_filling_the_number_and_date_at_issue_time_is_not_a_change(tmp_project, edit):
    assert build(tmp_project, 2024).ok
    edit(tmp_project, REPORT, {r"^so: ~$": "so: 25", r"^ngay: .*$": "ngay: 2024-12-20"})
    issued = build(tmp_project, 2024)
    assert issued.ok and any(REPORT in line for line in issued.issued), issued.issued  # archived: ban_hanh/
    edit(tmp_project, REPORT, {r"^luu: VP$": "luu: VP (TĐKT)"})
    changed = build(tmp_project, 2024)
    flagged = [p for p in changed.problems if "[da-ban-hanh]" in p.message]
    source = (tmp_project.year_dir(2024) / f"{REPORT}.yaml").read_text(encoding="utf-8").splitlines()
    assert len(flagged) == 1 and flagged[0].key == "so" and source[flagged[0].line - 1] == "so: 25"
    path = tmp_project.year_dir(2024) / f"{REPORT}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nbo_qua:\n  - ma: da-ban-hanh\n    khoa: so\n"
        "    ly_do: Đã có công văn đính chính số 30/STP-VP\n",
        encoding="utf-8",
    )
    found = check(tmp_project, 2024)
    assert [p for p in found.problems if "[da-ban-hanh]" in p.message]  # it cannot be silenced, and saying so is told
    assert [w for w in found.warnings if "[bo-qua-thua]" in w.message and "không bỏ qua được" in w.message]


def test_a_dated_registry_change_leaves_issued_documents_as_they_were(tmp_project, edit):
    assert build(tmp_project, 2024, make_pdf=False).ok
    zone = (tmp_project.output_dir(2024) / f"{ZONE}.docx").read_bytes()
    people = tmp_project.registry_dir / "nguoi_ky.yaml"
    people.write_text(
        people.read_text(encoding="utf-8") + "\nvu_thi_lan:\n  ho_ten: Vũ Thị Lan\n  chuc_vu: Giám đốc\n  co_quan: stp_ninh_binh\n",
        encoding="utf-8",
    )
    bodies = tmp_project.registry_dir / "co_quan.yaml"
    text = bodies.read_text(encoding="utf-8")
    bodies.write_text(
        text.replace(
            "  thu_truong: pham_minh_thuong\n  tap_the: false\n\n# Cơ quan của các văn bản mẫu",
            "  thu_truong: pham_minh_thuong\n  tap_the: false\n  thay_doi:\n    - tu_ngay: 2025-01-01\n"
            "      dia_danh: Thái Bình\n      thu_truong: vu_thi_lan\n\n# Cơ quan của các văn bản mẫu",
            1,
        ),
        encoding="utf-8",
    )
    again = build(tmp_project, 2024, make_pdf=False)
    assert again.ok and ZONE in again.unchanged and (tmp_project.output_dir(2024) / f"{ZONE}.docx").read_bytes() == zone
    new_year(tmp_project, 2024, 2025)
    edit(tmp_project, "ke_hoach_khu_vuc_2025", {r"^  nguoi: pham_minh_thuong$": "  nguoi: vu_thi_lan"}, year=2025)
    report = build(tmp_project, 2025, make_pdf=False)
    assert report.ok, report.problems
    lines = reading_lines(tmp_project.output_dir(2025) / "ke_hoach_khu_vuc_2025.docx")
    assert "Vũ Thị Lan" in lines and any(line.startswith("Thái Bình, ngày") for line in lines)
    assert "Phạm Minh Thường" not in lines


def test_an_edit_published_without_pdf_is_never_beside_the_old_pdf(tmp_project, edit):
    out = tmp_project.output_dir(2024)
    first = build(tmp_project, 2024, make_pdf=False)
    assert first.ok
    (out / f"{REPORT}.pdf").write_bytes(b"%PDF-1.4 an old PDF the manifest never recorded")
    edit(tmp_project, REPORT, {r"^luu: VP$": "luu: VP (TĐKT)"})
    report = build(tmp_project, 2024, make_pdf=False)
    assert report.ok and not (out / f"{REPORT}.pdf").exists()  # a PDF of the old text must not stand beside the new DOCX
    assert revisions(out, REPORT) == [1]


def test_a_deleted_data_file_retires_its_outputs_into_history(tmp_project):
    out = tmp_project.output_dir(2024)
    assert build(tmp_project, 2024, make_pdf=False).ok
    old = (out / f"{ZONE}.docx").read_bytes()
    (tmp_project.year_dir(2024) / f"{ZONE}.yaml").rename(tmp_project.year_dir(2024) / "ke_hoach_khu_vuc.yaml")
    report = build(tmp_project, 2024, make_pdf=False)
    assert report.ok and any(ZONE in n and "lich_su" in n for n in report.notices), report.notices
    assert not (out / f"{ZONE}.docx").exists() and (out / "lich_su" / ZONE / f"{ZONE}.r1.docx").read_bytes() == old
    assert (out / "ke_hoach_khu_vuc.docx").read_bytes() == old  # the same document under its new name
    assert build(tmp_project, 2024, make_pdf=False).notices == []  # retired once


def test_make_clean_keeps_history_and_asks_before_removing_it(tmp_project, edit, monkeypatch, capsys):
    monkeypatch.setattr("pipeline.cli.Project", lambda: tmp_project)
    build(tmp_project, 2024, make_pdf=False)
    edit(tmp_project, ZONE, {r"^luu: VP$": "luu: VP (TĐKT)"})
    build(tmp_project, 2024, make_pdf=False)
    out = tmp_project.output_dir(2024)
    assert revisions(out, ZONE) == [1]
    signed = (out / f"{REPORT}.docx").read_bytes() + b"signature"  # changed outside: cannot be made again
    (out / f"{REPORT}.docx").write_bytes(signed)
    (out / "ghi_chu_cua_lanh_dao.txt").write_text("không do chương trình tạo", encoding="utf-8")
    assert main(["clean"]) == 0
    said = capsys.readouterr().out
    assert "giữ lại" in said and "đã cất" in said and "ghi_chu_cua_lanh_dao.txt" in said
    assert revisions(out, ZONE) == [1] and not list(out.glob("*.docx")) and (out / "ghi_chu_cua_lanh_dao.txt").exists()
    assert (out / "lich_su" / REPORT / f"{REPORT}.r1.docx").read_bytes() == signed
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nobody to confirm
    assert main(["clean", "--ca-lich-su"]) == 1 and "xác nhận" in capsys.readouterr().err
    assert revisions(out, ZONE) == [1]


def test_numbers_clash_by_calendar_year_of_signing_across_folders(tmp_project, edit):
    new_year(tmp_project, 2024, 2025)
    edit(tmp_project, "ke_hoach_khu_vuc_2025", {r"^so: ~$": "so: 12", r"^ngay: .*$": "ngay: 2025-01-10"}, year=2025)
    assert check(tmp_project, 2025).ok and check(tmp_project, 2024).ok  # 12 of 2024 and 12 of 2025: two years
    edit(tmp_project, "ke_hoach_khu_vuc_2025", {r"^ngay: .*$": "ngay: 2024-12-20"}, year=2025)
    clash = [p for p in check(tmp_project, 2025).problems if "[so-trung]" in p.message]
    assert len(clash) == 1 and "data/2024/ke_hoach_khu_vuc_2024.yaml" in clash[0].message and clash[0].key == "so"
    assert [p for p in check(tmp_project, 2024).problems if "[so-trung]" in p.message]


def test_last_year_s_report_copied_by_hand_is_refused(tmp_project):
    year_2025 = tmp_project.year_dir(2025)
    year_2025.mkdir()
    for old, new in ((f"{REPORT}.yaml", "bao_cao_tong_ket_2025.yaml"), ("khen_thuong.yaml", "khen_thuong.yaml")):
        text = (tmp_project.year_dir(2024) / old).read_text(encoding="utf-8")
        (year_2025 / new).write_text(text, encoding="utf-8")
    report = build(tmp_project, 2025, make_pdf=False)
    rules = {(p.file.rsplit("/", 1)[1], m[1]) for p in report.problems if (m := re.search(r"\[([a-z-]+)\]", p.message))}
    # the 2024 list; signed 12/2024 for 2025
    assert {("khen_thuong.yaml", "danh-sach-cu"), ("bao_cao_tong_ket_2025.yaml", "ngay-ngoai-nam")} <= rules, report.problems
    assert not report.written
    assert any("[so-lieu-cu]" in w.message for w in report.warnings)


def test_a_new_year_that_skips_a_year_never_labels_old_counts_as_last_year_s(tmp_project):
    written, notes, report = new_year(tmp_project, 2024, 2026)
    assert any("nam_truoc" in n and "2025" in n for n in notes)
    text = (tmp_project.year_dir(2026) / "khen_thuong.yaml").read_text(encoding="utf-8")
    assert "nam_truoc: {}" in text and "danh_sach: []" in text
    figures = [w for w in report.warnings if "[so-lieu-cu]" in w.message]
    assert figures and all("báo cáo năm 2024" in w.message for w in figures)  # compared with the latest report there is
    built = build(tmp_project, 2026, make_pdf=False)
    table = result_table(tmp_project.output_dir(2026) / "bao_cao_tong_ket_2026.docx")
    assert built.ok and table[0][5] == "Năm 2025" and table[-1][5] == "0"


def test_last_year_s_counts_are_checked_against_last_year_s_awards(tmp_project, edit):
    new_year(tmp_project, 2024, 2025)
    assert not [w for w in check(tmp_project, 2025).warnings if "[nam-truoc-khac]" in w.message]
    edit(
        tmp_project, "khen_thuong", {r"^  bang_khen_bo: \{tap_the: 2, ca_nhan: 4\}$": "  bang_khen_bo: {tap_the: 2, ca_nhan: 5}"}, year=2025
    )
    flagged = [w for w in check(tmp_project, 2025).warnings if "[nam-truoc-khac]" in w.message]
    assert len(flagged) == 1 and flagged[0].key == "nam_truoc.bang_khen_bo" and "5 cá nhân" in flagged[0].message
    assert "đếm được 2 tập thể, 4 cá nhân" in flagged[0].message and flagged[0].file.endswith("2025/khen_thuong.yaml")


@pytest.mark.parametrize("shuffle", [False, True])
def test_last_year_s_award_list_in_any_order_is_refused(tmp_project, shuffle):
    new_year(tmp_project, 2024, 2025)
    text = (tmp_project.year_dir(2024) / "khen_thuong.yaml").read_text(encoding="utf-8")
    if shuffle:  # two names swapped: the same people
        text = text.replace("      - Nguyễn Thị Thu Hằng\n      - Trần Văn Long\n", "      - Trần Văn Long\n      - Nguyễn Thị Thu Hằng\n")
        assert "Trần Văn Long\n      - Nguyễn" in text
    (tmp_project.year_dir(2025) / "khen_thuong.yaml").write_text(text, encoding="utf-8")
    report = build(tmp_project, 2025, make_pdf=False)
    copied = [p for p in report.problems if "[danh-sach-cu]" in p.message]
    assert copied and "2024/khen_thuong.yaml" in copied[0].message and copied[0].file.endswith("2025/khen_thuong.yaml")
    uses = {p.stem for p in tmp_project.data_files(2025)[0] if "khen_thuong" in p.read_text(encoding="utf-8")}
    assert uses and not {p.stem for p in report.written} & uses  # no document counts a list copied from last year


def test_an_issued_document_keeps_its_number_when_its_file_is_renamed(tmp_project, edit):
    assert build(tmp_project, 2024).ok
    folder = tmp_project.year_dir(2024)
    (folder / f"{ZONE}.yaml").rename(folder / "khu_vuc_hoat_dong.yaml")
    report = build(tmp_project, 2024)
    assert report.ok, [str(p) for p in report.problems]  # the same document, the same number: not a clash
    assert (tmp_project.output_dir(2024) / "khu_vuc_hoat_dong.pdf").read_bytes() == next(
        (tmp_project.root / "ban_hanh" / "kvtd_dbbb" / "2024").glob("0012-*.pdf")
    ).read_bytes()
    edit(tmp_project, "khu_vuc_hoat_dong", {r"^luu: VP$": "luu: VP (TĐKT)"})
    report = build(tmp_project, 2024)
    assert [p for p in report.problems if "[da-ban-hanh]" in p.message and p.file.endswith("khu_vuc_hoat_dong.yaml")]


def test_the_number_of_a_deleted_issued_document_stays_taken(tmp_project, edit):
    assert build(tmp_project, 2024).ok
    (tmp_project.year_dir(2024) / f"{ZONE}.yaml").unlink()
    assert build(tmp_project, 2024, make_pdf=False).ok
    edit(
        tmp_project,
        "ke_hoach_dien_hinh_tien_tien",
        {r"^co_quan: stp_ninh_binh$": "co_quan: kvtd_dbbb", r"^so: ~$": "so: 12", r"^ngay: .*$": "ngay: 2024-05-10"},
    )
    report = build(tmp_project, 2024, make_pdf=False)
    taken = [p for p in report.problems if "[da-ban-hanh]" in p.message]
    assert len(taken) == 1 and f"data/2024/{ZONE}.yaml" in taken[0].message and "12/KH-KVTĐ" in taken[0].message
    assert "make cap-so" in taken[0].message


def test_a_name_with_a_space_at_its_end_is_told_and_retires_nothing(tmp_project):
    assert build(tmp_project, 2024, make_pdf=False).ok
    folder = tmp_project.year_dir(2024)
    (folder / f"{ZONE}.yaml").rename(folder / f"{ZONE}.yaml ")
    report = build(tmp_project, 2024, make_pdf=False)
    assert [p for p in report.problems if "dấu cách thừa" in p.message] and not report.notices
    assert (tmp_project.output_dir(2024) / f"{ZONE}.docx").exists()


def test_a_change_summary_edited_by_hand_is_kept_before_the_next_one(tmp_project, edit):
    out = tmp_project.output_dir(2024)
    build(tmp_project, 2024, make_pdf=False)
    edit(tmp_project, ZONE, {r"^luu: VP$": "luu: VP (TĐKT)"})
    build(tmp_project, 2024, make_pdf=False)
    notes = out / f"{ZONE}.thay_doi.txt"
    notes.write_text(notes.read_text(encoding="utf-8") + "GHI CHÚ CỦA LÃNH ĐẠO\n", encoding="utf-8")
    edit(tmp_project, ZONE, {r"^luu: VP \(TĐKT\)$": "luu: VP (TĐKT, TH)"})
    report = build(tmp_project, 2024, make_pdf=False)
    kept = list((out / "lich_su" / ZONE).glob("*.thay_doi.txt"))
    assert report.ok and len(kept) == 1 and "GHI CHÚ CỦA LÃNH ĐẠO" in kept[0].read_text(encoding="utf-8")
    assert "GHI CHÚ" not in notes.read_text(encoding="utf-8")
