"""Same data, same bytes; metadata dates come from the data, never the clock."""

from __future__ import annotations

import io
import shutil

import docx

from pipeline.build import build, render_documents
from tests.conftest import DOCUMENTS


def test_two_renders_are_byte_identical(project, rendered):
    again, _ = render_documents(project, 2024)
    assert again == rendered


def test_two_builds_write_byte_identical_docx(tmp_project):
    first = build(tmp_project, 2024, make_pdf=False)
    data = {p.name: p.read_bytes() for p in first.written}
    out = tmp_project.output_dir(2024)
    shutil.rmtree(out)
    second = build(tmp_project, 2024, make_pdf=False)
    assert first.ok and second.ok and len(data) == DOCUMENTS
    assert {p.name: p.read_bytes() for p in second.written} == data
    forced = build(tmp_project, 2024, make_pdf=False, force=True)  # rendered again: identical, so nothing rewritten
    assert forced.ok and not forced.written and sorted(forced.unchanged) == sorted(p.removesuffix(".docx") for p in data)
    assert {p.name: p.read_bytes() for p in out.glob("*.docx")} == data


def test_core_properties_dated_from_the_data(rendered):
    zone = docx.Document(io.BytesIO(rendered["ke_hoach_khu_vuc_2024"])).core_properties
    assert zone.created.date().isoformat() == "2024-02-28" == zone.modified.date().isoformat()
    draft = docx.Document(io.BytesIO(rendered["phat_dong_thi_dua_2024"])).core_properties
    assert draft.created.date().isoformat() == "2023-12-01"  # "ngày … tháng 12 năm 2023": first of the month
    assert draft.title.startswith("Phát động phong trào thi đua")
