"""The build: skips what did not change, replaces files atomically, never half-publishes."""
from __future__ import annotations

from pipeline import build as build_module
from pipeline import pdf
from pipeline.build import build
from pipeline.cli import main


def test_unchanged_documents_are_skipped_and_an_edit_rebuilds_only_its_document(tmp_project):
    assert len(build(tmp_project, 2024, make_pdf=False).written) == 4
    again = build(tmp_project, 2024, make_pdf=False)
    assert again.ok and not again.written and len(again.skipped) == 4
    path = tmp_project.year_dir(2024) / "bao_cao_tong_ket_2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("luu: VP", "luu: VP (TĐKT)"), encoding="utf-8")
    edited = build(tmp_project, 2024, make_pdf=False)
    assert [p.name for p in edited.written] == ["bao_cao_tong_ket_2024.docx"] and len(edited.skipped) == 3


def test_a_registry_change_rebuilds_everything(tmp_project):
    build(tmp_project, 2024, make_pdf=False)
    path = tmp_project.registry_dir / "nguoi_ky.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Phạm Minh Thường", "Phạm Minh Thưởng"), encoding="utf-8")
    assert len(build(tmp_project, 2024, make_pdf=False).written) == 4


def test_pdf_failure_publishes_nothing_and_keeps_previous_files(tmp_project, monkeypatch):
    first = build(tmp_project, 2024, make_pdf=False)
    previous = {p.name: p.read_bytes() for p in first.written}
    path = tmp_project.year_dir(2024) / "bao_cao_tong_ket_2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("luu: VP", "luu: TĐKT"), encoding="utf-8")

    def broken(documents, outdir, **_):
        raise pdf.PdfError("LibreOffice hỏng")

    monkeypatch.setattr(build_module.pdf, "convert", broken)
    report = build(tmp_project, 2024, force=True)
    assert not report.ok and not report.written and "LibreOffice hỏng" in report.failures[0]
    out = tmp_project.output_dir(2024)
    assert {p.name: p.read_bytes() for p in out.glob("*.docx")} == previous
    assert not list(out.parent.glob(".staging-*"))


def test_cli_exit_code_and_messages(tmp_project, monkeypatch, capsys):
    monkeypatch.setattr(build_module, "ROOT", tmp_project.root)
    monkeypatch.setattr("pipeline.cli.Project", lambda: tmp_project)
    assert main(["plan", "--year", "2024", "--no-pdf"]) == 0
    assert "Đã ghi   output/2024/ke_hoach_khu_vuc_2024.docx" in capsys.readouterr().out
    assert main(["plan", "--year", "2031", "--no-pdf"]) == 1
    assert "không có thư mục dữ liệu data/2031" in capsys.readouterr().err
