"""A clerk's mistakes: all reported in one run, located, in Vietnamese; nothing half-written."""

from __future__ import annotations

import re

from pipeline.build import build
from tests.conftest import DOCUMENTS

FIVE_MISTAKES = {
    r"^so: .*$": "so: muoi hai",
    r"^ngay: .*$": "ngay: 15/3/2024",
    r"^danh_so: .*$|^co_quan: kvtd_dbbb$": "co_quan: kvtd_dbbb\ndanh_so: roman",
    r"^  nguoi: .*$": "  nguoi: pham_minh_thuongg",
    r"^luu: .*$": "luu: VP\nghi_chu_them: x",
}


def test_five_mistakes_give_five_located_messages_and_keep_previous_output(tmp_project, edit):
    assert build(tmp_project, 2024, make_pdf=False).ok
    out = tmp_project.output_dir(2024) / "ke_hoach_khu_vuc_2024.docx"
    before = out.read_bytes()
    edit(tmp_project, "ke_hoach_khu_vuc_2024", FIVE_MISTAKES)
    report = build(tmp_project, 2024, make_pdf=False, force=True)
    messages = [str(p) for p in report.problems]
    assert len(messages) == 5, "\n".join(messages)
    assert all(re.match(r"data/2024/ke_hoach_khu_vuc_2024\.yaml:\d+:\d+: ", m) for m in messages)
    expected = [
        "so: cần một số nguyên, nhận được 'muoi hai'",
        "ngay: cần ngày dạng 2024-01-15",
        "danh_so: cần một trong các giá trị 'chu' hoặc 'thap_phan', nhận được 'roman'",
        "ky.nguoi: không tìm thấy mã 'pham_minh_thuongg' trong danh mục nguoi_ky.yaml; có phải ý bạn là 'pham_minh_thuong'?",
        "ghi_chu_them: khóa 'ghi_chu_them' không có trong mẫu dữ liệu",
    ]
    for part in expected:
        assert any(part in m for m in messages), (part, messages)
    assert [p.line for p in report.problems] == sorted(p.line for p in report.problems)
    assert out.read_bytes() == before  # previous output untouched
    assert not report.ok and len(report.unchanged) == DOCUMENTS - 1  # the other documents still built (identical, nothing rewritten)


def test_unknown_key_suggests_the_closest(tmp_project, edit):
    edit(tmp_project, "bao_cao_tong_ket_2024", {r"^trich_yeu:": "trich_yue:"})
    messages = [str(p) for p in build(tmp_project, 2024, make_pdf=False).problems]
    assert any("khóa 'trich_yue' không có trong mẫu dữ liệu; có phải ý bạn là 'trich_yeu'?" in m for m in messages)
    assert not any("thiếu khóa bắt buộc 'trich_yeu'" in m for m in messages)  # one typo, one problem: the suggestion says it


def test_syntax_error_points_at_its_line(tmp_project):
    path = tmp_project.year_dir(2024) / "bao_cao_tong_ket_2024.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "\tluu: VP")
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = build(tmp_project, 2024, make_pdf=False).problems
    assert [(p.line, "tab" in p.message) for p in problems] == [(6, True)]


def test_registry_error_stops_the_run_with_its_location(tmp_project):
    path = tmp_project.registry_dir / "nguoi_ky.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("co_quan: stp_ninh_binh", "co_quan: stp_ninh_bin", 1), encoding="utf-8")
    report = build(tmp_project, 2024, make_pdf=False)
    assert not report.written and any("data/danh_muc/nguoi_ky.yaml" in str(p) and "'stp_ninh_binh'" in str(p) for p in report.problems)


def test_signature_not_allowed_by_decree_is_a_located_error(tmp_project, edit):
    edit(tmp_project, "ke_hoach_khu_vuc_2024", {r"^  nguoi: pham_minh_thuong$": "  nguoi: pham_minh_thuong\n  quyen_han: KT"})
    problems = build(tmp_project, 2024, make_pdf=False).problems
    assert len(problems) == 1 and problems[0].key == "ky" and "thủ trưởng" in problems[0].message and problems[0].line > 1
