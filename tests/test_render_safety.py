"""Escaping, missing values and the placeholder sandbox."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest

from pipeline.build import build, render_documents
from pipeline.nd30.context import Properties
from pipeline.render.template import RenderError, Template
from tools.docx_text import dump

PROPS = Properties("t", "c", dt.date(2024, 1, 1))


def replace_once(project, name: str, old: str, new: str) -> None:
    path = project.year_dir(2024) / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_markup_in_data_renders_literally_and_docx_stays_valid(tmp_project):
    replace_once(tmp_project, "ke_hoach_khu_vuc_2024", "luu: VP", 'luu: "VP & R&D <b>x</b>"')
    replace_once(tmp_project, "ke_hoach_khu_vuc_2024", "trich_yeu:", 'trich_yeu:\n  - "R&D <b> ]]> &amp;"\n  -')
    documents, problems = render_documents(tmp_project, 2024)
    assert not problems
    text = dump(documents["ke_hoach_khu_vuc_2024"])
    assert "- Lưu: VT, VP & R&D <b>x</b>." in text and "R&D <b> ]]> &amp;" in text
    docx.Document(io.BytesIO(documents["ke_hoach_khu_vuc_2024"]))  # parses


def test_missing_value_names_template_part_and_variable(project, rendered):
    template = Template(project.template_dir)
    with pytest.raises(RenderError) as err:
        template.render({"co_quan_chu_quan": ""}, PROPS)
    message = str(err.value)
    assert "word/document.xml" in message and "co_quan_ban_hanh" in message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("{{ nam.__class__ }}", "không được phép"),
        ("{{ lipsum() }}", "không được phép"),
        ("{% for x in [1] %}x{% endfor %}", "không dùng {% %}"),
        ("{{ namm }}", "có phải ý bạn là 'nam'"),
        ("{{ ky_niem.thanh_lap_dangg }}", "có phải ý bạn là 'thanh_lap_dang'"),
    ],
)
def test_data_text_runs_only_allowed_placeholders(tmp_project, text, expected):
    path = tmp_project.year_dir(2024) / "ke_hoach_khu_vuc_2024.yaml"
    data = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^ket_thuc:.*$", lambda m: f"ket_thuc: '{text}'", data, count=1, flags=re.M), encoding="utf-8")
    report = build(tmp_project, 2024, make_pdf=False)
    messages = [str(p) for p in report.problems]
    assert len(messages) == 1 and expected in messages[0] and "ket_thuc" in messages[0], messages
    assert "ke_hoach_khu_vuc_2024.docx" not in {p.name for p in report.written}
