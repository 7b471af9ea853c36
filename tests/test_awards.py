"""The year's awards, written once (data/<nam>/khen_thuong.yaml): every document that cites them agrees with it,
and a broken or doubtful awards file is told once, located, and stops only the documents that count from it."""

from __future__ import annotations

import re

import docx
import pytest

from pipeline.build import build, check
from pipeline.data import source
from pipeline.data.schema import KhenThuong, person, team
from tests.awards_cases import CASES
from tools.docx_text import reading_lines

DECISION, PROPOSAL, REPORT = "quyet_dinh_giay_khen_2024", "to_trinh_bang_khen_ubnd_2024", "bao_cao_tong_ket_2024"


def _awards(project) -> KhenThuong:
    return KhenThuong.model_validate(source.load(project.awards_file(2024)).data)


def _counts(awards: KhenThuong, form: str) -> tuple[int, int]:
    items = [m for m in awards.danh_sach if m.hinh_thuc == form]
    return sum(len(m.tap_the) for m in items), sum(len(m.ca_nhan) for m in items)


def _list_names(path) -> list[str]:
    """The names in the list tables of a document (second column), group rows left out."""
    names = []
    for table in docx.Document(str(path)).tables:
        if table.cell(0, 1).text == "Tên tập thể, họ và tên":
            names += [row.cells[1].text for row in table.rows[1:] if row.cells[0].text.isdigit()]
    return names


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import shutil

    from pipeline.build import Project
    from tests.conftest import ROOT

    root = tmp_path_factory.mktemp("awards")
    for folder in ("data", "doc_templates"):
        shutil.copytree(ROOT / folder, root / folder)
    project = Project(root)
    report = build(project, 2024, make_pdf=False)
    assert report.ok, report.problems
    return project


def test_the_report_the_proposal_and_the_decision_count_the_one_awards_file(built):
    awards = _awards(built)
    text = {n: "\n".join(reading_lines(built.output_dir(2024) / f"{n}.docx")) for n in (DECISION, PROPOSAL, REPORT)}
    teams, people = _counts(awards, "giay_khen_giam_doc")
    assert (teams, people) == (14, 31)
    assert f"cho {teams} tập thể và {people} cá nhân (có danh sách kèm theo)" in text[DECISION]
    decided = [team(t).ten for m in awards.danh_sach if m.hinh_thuc == "giay_khen_giam_doc" for t in m.tap_the]
    decided += [person(p).ho_ten for m in awards.danh_sach if m.hinh_thuc == "giay_khen_giam_doc" for p in m.ca_nhan]
    assert _list_names(built.output_dir(2024) / f"{DECISION}.docx") == decided
    t, p = _counts(awards, "bang_khen_ubnd")
    assert f"cho {t} tập thể và {p} cá nhân" in text[PROPOSAL]
    assert len(_list_names(built.output_dir(2024) / f"{PROPOSAL}.docx")) == t + p
    total = sum(len(m.tap_the) + len(m.ca_nhan) for m in awards.danh_sach)
    assert f"tổng số **{total}** lượt" in text[REPORT]
    table = next(
        t for t in docx.Document(str(built.output_dir(2024) / f"{REPORT}.docx")).tables if t.cell(0, 1).text == "Hình thức khen thưởng"
    )
    row = next(r for r in table.rows if r.cells[1].text == "Giấy khen của Giám đốc Sở Tư pháp")
    assert [c.text for c in row.cells[2:5]] == [str(teams), str(people), str(teams + people)]


def test_the_decision_has_its_appendix_with_page_numbers_restarting(built):
    from pipeline.render.package import unpack

    xml = unpack((built.output_dir(2024) / f"{DECISION}.docx").read_bytes())["word/document.xml"].decode()
    sections = re.findall(r"<w:sectPr>.*?</w:sectPr>", xml)
    assert len(sections) == 2 and "pgNumType" not in sections[0] and '<w:pgNumType w:start="1"/>' in sections[1]
    lines = reading_lines(built.output_dir(2024) / f"{DECISION}.docx")
    at = lines.index("Phụ lục")
    assert lines[at + 1].startswith("DANH SÁCH TẬP THỂ, CÁ NHÂN") and re.fullmatch(
        r"\(Kèm theo Quyết định số .*/QĐ-STP ngày\s*\S*\s*tháng 12 năm 2024 của Giám đốc Sở Tư pháp\)", lines[at + 2]
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_awards_file_is_told_located_and_stops_only_what_counts_from_it(tmp_project, name):
    case, severity, expects, text = CASES[name]
    tmp_project.awards_file(2024).write_text(text, encoding="utf-8")
    report = check(tmp_project, 2024)
    found = report.problems if severity == "error" else report.warnings
    mine = [p for p in found if p.file.endswith("2024/khen_thuong.yaml")]
    assert mine and all(any(e in f"{p.key}: {p.message}" for p in mine) for e in expects), (case, found)
    if severity == "error":  # the plans go on; the documents that count from the list wait for it
        stopped = {p.file.rsplit("/", 1)[1] for p in report.problems if "khen_thuong.yaml" not in p.file}
        assert {f"{DECISION}.yaml", f"{PROPOSAL}.yaml", f"{REPORT}.yaml"} <= stopped, report.problems
        assert not any("ke_hoach" in p.file for p in report.problems)


def test_a_report_without_the_awards_file_says_which_file_it_needs(tmp_project):
    tmp_project.awards_file(2024).unlink()
    report = check(tmp_project, 2024)
    needs = [p for p in report.problems if "cần danh sách khen thưởng của năm" in p.message]
    assert {p.file.rsplit("/", 1)[1] for p in needs} == {f"{DECISION}.yaml", f"{PROPOSAL}.yaml", f"{REPORT}.yaml"}
    assert all("data/2024/khen_thuong.yaml" in p.message for p in needs)
