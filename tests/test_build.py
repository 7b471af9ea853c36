"""The build: skips what did not change, replaces files atomically, never half-publishes."""

from __future__ import annotations

import re

from pipeline import build as build_module
from pipeline.build import build
from pipeline.cli import main
from pipeline.pdf import convert as pdf
from pipeline.render.package import unpack
from tests.conftest import DOCUMENTS


def test_unchanged_documents_are_skipped_and_an_edit_rebuilds_only_its_document(tmp_project):
    first = build(tmp_project, 2024, make_pdf=False)
    assert len(first.written) == DOCUMENTS
    out = tmp_project.output_dir(2024)
    before = (out / "bao_cao_tong_ket_2024.docx").read_bytes()
    again = build(tmp_project, 2024, make_pdf=False)
    assert again.ok and not again.written and len(again.skipped) == DOCUMENTS
    path = tmp_project.year_dir(2024) / "bao_cao_tong_ket_2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("luu: VP", "luu: VP (TĐKT)"), encoding="utf-8")
    edited = build(tmp_project, 2024, make_pdf=False)
    assert sorted(p.name for p in edited.written) == [
        "bao_cao_tong_ket_2024.docx",
        "bao_cao_tong_ket_2024.redline.docx",
        "bao_cao_tong_ket_2024.thay_doi.txt",
    ]
    assert len(edited.skipped) == DOCUMENTS - 1 and edited.revised
    assert (out / "lich_su" / "bao_cao_tong_ket_2024" / "bao_cao_tong_ket_2024.r1.docx").read_bytes() == before
    summary = (out / "bao_cao_tong_ket_2024.thay_doi.txt").read_text(encoding="utf-8")
    assert "(TĐKT)" in summary and summary.strip().endswith("1 thay đổi.")
    redline = (out / "bao_cao_tong_ket_2024.redline.docx").read_bytes()
    inserted = re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", redline_xml(redline))
    assert "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", "".join(inserted))).strip() == "(TĐKT)"
    assert "<w:del " not in redline_xml(redline)


def test_a_numbered_document_built_without_pdf_is_not_archived_yet(tmp_project):
    report = build(tmp_project, 2024, make_pdf=False)
    assert report.ok and not report.issued and not (tmp_project.root / "ban_hanh").exists()
    assert any("ke_hoach_khu_vuc_2024" in n and "chưa lưu bản ban hành" in n for n in report.notices), report.notices


def redline_xml(data: bytes) -> str:
    return unpack(data)["word/document.xml"].decode("utf-8")


def test_a_registry_change_rebuilds_everything(tmp_project):
    build(tmp_project, 2024, make_pdf=False)
    path = tmp_project.registry_dir / "nguoi_ky.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Phạm Minh Thường", "Phạm Minh Thưởng"), encoding="utf-8")
    report = build(tmp_project, 2024, make_pdf=False)
    rendered = [p for p in report.written if p.name.endswith(".docx") and ".redline" not in p.name]
    signed = sorted(p.stem for p in tmp_project.data_files(2024)[0] if "nguoi: pham_minh_thuong" in p.read_text(encoding="utf-8"))
    assert len(signed) >= 3 and sorted(p.name.removesuffix(".docx") for p in rendered) == signed  # all re-rendered; those
    assert not report.skipped and len(report.unchanged) == DOCUMENTS - len(signed)  # he does not sign came out identical,
    assert sorted(p.name for p in report.written if ".redline" in p.name) == [f"{n}.redline.docx" for n in signed]  # his changed


def test_pdf_failure_publishes_nothing_and_keeps_previous_files(tmp_project, monkeypatch):
    first = build(tmp_project, 2024, make_pdf=False)
    previous = {p.name: p.read_bytes() for p in first.written}
    path = tmp_project.year_dir(2024) / "bao_cao_tong_ket_2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("luu: VP", "luu: TĐKT"), encoding="utf-8")

    def broken(self, documents, outdir, **_):
        return {d: pdf.Outcome(None, "LibreOffice hỏng") for d in documents}

    monkeypatch.setattr(build_module.pdf.Pool, "convert", broken)
    report = build(tmp_project, 2024, force=True)
    assert not report.ok and not report.written and all("LibreOffice hỏng" in f for f in report.failures)
    assert len(report.failures) == DOCUMENTS  # one line per document, each naming its file
    out = tmp_project.output_dir(2024)
    assert {p.name: p.read_bytes() for p in out.glob("*.docx")} == previous
    assert not [p for p in out.iterdir() if p.name.startswith(".tam-")]


def test_cli_exit_code_and_messages(tmp_project, monkeypatch, capsys):
    monkeypatch.setattr(build_module, "ROOT", tmp_project.root)
    monkeypatch.setattr("pipeline.cli.Project", lambda: tmp_project)
    assert main(["plan", "--year", "2024", "--no-pdf"]) == 0
    assert "Đã ghi   output/2024/ke_hoach_khu_vuc_2024.docx" in capsys.readouterr().out
    assert main(["plan", "--year", "2031", "--no-pdf"]) == 1
    assert "không có thư mục dữ liệu data/2031" in capsys.readouterr().err
