"""The package writer: the same bytes as Python's zipfile for the same parts, with unchanged parts copied deflated."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.render.package import FIRST, FIXED_TIME, Member, pack, unpack
from pipeline.render.template import Template
from tests.conftest import ROOT


def zipfile_pack(parts: dict[str, bytes]) -> bytes:
    """What the package writer replaced: zipfile, every part deflated each time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(parts, key=lambda n: (n != FIRST, n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name], compresslevel=6)
    return buffer.getvalue()


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(lambda n: "\\" not in n)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(names, st.binary(max_size=3000), min_size=1, max_size=8), st.data())
def test_packages_are_the_bytes_zipfile_writes_whichever_parts_come_deflated(parts, data):
    copied = {n: (Member.of(b) if data.draw(st.booleans()) else b) for n, b in parts.items()}
    packed = pack(copied)
    assert packed == zipfile_pack(parts)
    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        assert archive.testzip() is None
    assert unpack(packed) == parts


def test_a_template_deflates_its_unchanged_parts_once_and_renders_the_same_bytes(tmp_project):
    from pipeline.build import load_registry, prepare

    template = Template(ROOT / "doc_templates" / "mau_1_4")
    assert "word/styles.xml" in template.members and "word/document.xml" not in template.members
    ready, problems, _ = prepare(tmp_project, 2024, load_registry(tmp_project))
    assert ready and not problems
    for doc in ready[:3]:
        rendered = template.render(doc.context, doc.properties)
        assert rendered == zipfile_pack(unpack(rendered))
