"""Consistency checks: each rule fires where it should, can be silenced once, and new-year rolls clean."""

from __future__ import annotations

import re

import pytest

from pipeline.build import build, check
from pipeline.newyear import new_year
from tests.conftest import DOCUMENTS

DOC = "ke_hoach_khu_vuc_2024"


def findings(report) -> list[str]:
    return [str(p) for p in report.problems + report.warnings]


def test_reference_data_has_no_findings(project):
    report = check(project, 2024)
    assert report.ok and not report.warnings, findings(report)


@pytest.mark.parametrize(
    "replacements, rule, error",
    [
        ({r"^ket_thuc: (.*)$": r"ket_thuc: \1 trong năm 2024"}, "nam-go-tay", False),
        ({r"^ket_thuc: (.*)$": r"ket_thuc: \1, gửi trước ngày 15/3/2023"}, "nam-cu", True),
        ({r"^ket_thuc: (.*)$": r"ket_thuc: \1, gửi trước ngày 31/02/2024"}, "ngay-khong-co", True),
        ({r"^han:$": "han:\n  qua_han: 2023-12-31"}, "han-ngoai-ky", True),
        ({r"^noi_nhan:$": "noi_nhan:\n  - Tổng cục Thi hành án dân sự"}, "noi-nhan-lap", False),
        ({r"^noi_nhan:$": "noi_nhan:\n  - 'Lưu: VT'"}, "luu-trong-noi-nhan", False),
        ({r"^ket_thuc: (.*)$": r"ket_thuc: K¸ ho¹ch \1"}, "ma-cu", True),
        ({r"^ket_thuc: (.*)$": r"ket_thuc: '1. \1'"}, "danh-so-tay", False),
        ({r"^ket_thuc: Trên": "ket_thuc: Tre\u0302n"}, "khong-nfc", False),
    ],
)
def test_each_rule_fires_at_its_place(tmp_project, replacements, rule, error, edit):
    edit(tmp_project, DOC, replacements)
    report = check(tmp_project, 2024)
    hits = [p for p in (report.problems if error else report.warnings) if f"[{rule}]" in p.message]
    assert len(hits) == 1, findings(report)
    assert hits[0].file.endswith(f"{DOC}.yaml") and hits[0].line > 1 and hits[0].key
    built = build(tmp_project, 2024, make_pdf=False)
    assert (DOC + ".docx" in {p.name for p in built.written}) is not error


def test_a_finding_is_silenced_once_with_a_reason_and_unused_silences_are_reported(tmp_project, edit):
    edit(tmp_project, DOC, {r"^ket_thuc: (.*)$": r"ket_thuc: \1 trong năm 2024"})
    key = next(p.key for p in check(tmp_project, 2024).warnings if "[nam-go-tay]" in p.message)
    path = tmp_project.year_dir(2024) / f"{DOC}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + f"\nbo_qua:\n  - ma: nam-go-tay\n    khoa: {key}\n    ly_do: Tên văn bản được trích dẫn\n"
        "  - ma: nam-go-tai\n    khoa: can_cu[1]\n    ly_do: Thử một mục thừa\n",
        encoding="utf-8",
    )
    warnings = [p.message for p in check(tmp_project, 2024).warnings]
    assert not any("[nam-go-tay]" in w for w in warnings)
    assert any("[bo-qua-thua]" in w and "'nam-go-tay'" in w for w in warnings), warnings


def test_a_number_used_twice_by_one_issuer_stops_both_documents_each_naming_the_other(tmp_project, edit):
    edit(
        tmp_project,
        "bao_cao_tong_ket_2024",
        {
            r"^so: ~$": "so: 12",
            r"^ngay: .*$": "ngay: 2024-12-20",
            r"^co_quan: stp_ninh_binh$": "co_quan: kvtd_dbbb",
            r"^  nguoi: dinh_van_hai$": "  nguoi: pham_minh_thuong",
            r"^  quyen_han: KT$": "",
        },
    )
    report = build(tmp_project, 2024, make_pdf=False)
    clash = {p.file.rsplit("/", 1)[1]: p.message for p in report.problems if "[so-trung]" in p.message}
    assert set(clash) == {"bao_cao_tong_ket_2024.yaml", "ke_hoach_khu_vuc_2024.yaml"}
    assert "12/KH-KVTĐ" in clash["bao_cao_tong_ket_2024.yaml"] and "12/BC-KVTĐ" in clash["ke_hoach_khu_vuc_2024.yaml"]
    assert not {"bao_cao_tong_ket_2024.docx", "ke_hoach_khu_vuc_2024.docx"} & {p.name for p in report.written}


def test_new_year_rolls_to_drafts_and_builds_without_stale_years(tmp_project):
    written, notes, report = new_year(tmp_project, 2024, 2025)
    assert len(written) == DOCUMENTS + 1 and report.ok, findings(report)
    # the only findings: the year's award list is empty (the file and the forms a proposal and a decision list),
    # and the report's literal figures are last year's
    found = {(w.file.rsplit("/", 1)[1], re.search(r"\[([a-z-]+)\]", w.message)[1]) for w in report.warnings}
    assert found == {
        ("khen_thuong.yaml", "chua-co-khen-thuong"),
        ("bao_cao_tong_ket_2025.yaml", "so-lieu-cu"),
        ("to_trinh_bang_khen_ubnd_2025.yaml", "chua-co-khen-thuong"),
        ("quyet_dinh_giay_khen_2025.yaml", "chua-co-khen-thuong"),
    }, found
    text = (tmp_project.year_dir(2025) / "ke_hoach_khu_vuc_2025.yaml").read_text(encoding="utf-8")
    assert re.search(r"^so: ~$", text, re.M) and re.search(r"^ngay: 2025-02$", text, re.M) and "{{ nam }}" in text
    assert text.splitlines()[0].startswith("# yaml-language-server")  # comments kept
    launch = (tmp_project.year_dir(2025) / "phat_dong_thi_dua_2025.yaml").read_text(encoding="utf-8")
    assert re.search(r"^ngay: 2024-12$", launch, re.M)  # signed in December of the year before, as in 2024
    built = build(tmp_project, 2025, make_pdf=False)
    assert built.ok and len(built.written) == DOCUMENTS
    again, _, refused = new_year(tmp_project, 2024, 2025)
    assert not again and "không ghi đè" in refused.failures[0]


def test_new_year_lists_literal_years_for_the_clerk(tmp_project, edit):
    edit(tmp_project, DOC, {r"^ket_thuc: (.*)$": r"ket_thuc: \1 trong năm 2024"})
    _, _, report = new_year(tmp_project, 2024, 2025)
    assert any("[nam-go-tay]" in w.message and "2024" in w.message for w in report.warnings)
