"""Values the pipeline computes: report totals and anniversaries for the plan year."""

from __future__ import annotations

import io
import re

import docx
import pytest

from pipeline.build import render_documents
from pipeline.newyear import new_year
from tools.docx_text import dump


def number(text: str) -> int:
    return int(text.replace(".", ""))


def test_report_totals_equal_the_sums_of_rows(rendered):
    table = next(
        t for t in docx.Document(io.BytesIO(rendered["bao_cao_tong_ket_2024"])).tables if t.cell(0, 1).text == "Hình thức khen thưởng"
    )
    rows = [[c.text for c in r.cells] for r in table.rows]
    body, total = rows[1:-1], rows[-1]
    assert total[1] == "Tổng cộng" and len(body) >= 5
    for col in (2, 3, 4, 5):
        assert number(total[col]) == sum(number(r[col]) for r in body)
    for r in body + [total]:
        assert number(r[4]) == number(r[2]) + number(r[3])  # total = collectives + individuals
        assert int(r[6].replace(".", "")) == number(r[4]) - number(r[5])  # signed change: "+2", "-1", "0"


def test_report_text_uses_the_computed_totals(rendered):
    text = dump(rendered["bao_cao_tong_ket_2024"])
    table = next(
        t for t in docx.Document(io.BytesIO(rendered["bao_cao_tong_ket_2024"])).tables if t.cell(0, 1).text == "Hình thức khen thưởng"
    )
    total = table.rows[-1].cells
    assert f"tổng số **{total[4].text}** lượt" in text and f"{total[2].text} lượt tập thể và {total[3].text} lượt cá nhân" in text


def roll(project, year: int) -> tuple[str, str]:
    """Render the launch plan of a project for its year and the next (rolled by new-year); return both golden texts."""
    assert new_year(project, year, year + 1)[0]
    now, _ = render_documents(project, year)
    later, problems = render_documents(project, year + 1)
    assert not problems, problems
    (name,) = [n for n in now if n.startswith("phat_dong")]
    (next_name,) = [n for n in later if n.startswith("phat_dong")]  # new-year renames ..._2024 to ..._2025
    return dump(now[name]), dump(later[next_name])


@pytest.mark.parametrize("example", [None, "001_b9fff78918e136a4"])
def test_launch_plan_anniversaries_follow_the_year(tmp_project, example):
    project = tmp_project.example(example) if example else tmp_project
    a, b = roll(project, 2024)
    ranges_a = re.findall(r"(\d+) năm ([^(;]+?) \((\S+) - (\S+)\)", a)
    ranges_b = re.findall(r"(\d+) năm ([^(;]+?) \((\S+) - (\S+)\)", b)
    assert len(ranges_a) >= 6 and len(ranges_a) == len(ranges_b)
    for (n1, what1, start1, end1), (n2, what2, start2, end2) in zip(ranges_a, ranges_b, strict=True):
        assert (what1, start1) == (what2, start2) and int(n2) == int(n1) + 1
        assert end1.endswith("2024") and end2.endswith("2025") and int(n1) == 2024 - int(start1[-4:])
    assert "94 năm ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2024)" in a
    assert "95 năm ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2025)" in b
    body_a, body_b = (re.split(r"(\d+)", x.split("[center 14 B] KẾ HOẠCH", 1)[1]) for x in (a, b))
    assert body_a[0::2] == body_b[0::2]  # identical but for numbers
    for old, new in zip(body_a[1::2], body_b[1::2], strict=True):
        if old == "2024":  # the plan year: never left stale
            assert new == "2025"
        elif old == "2023":  # the year before, or a dated citation that stays
            assert new in ("2023", "2024")
        else:  # literal numbers stay; anniversary counts grow by one
            assert new == old or int(new) == int(old) + 1
