"""Domain rules: signature block, recipients, symbol, numbering."""

from __future__ import annotations

import pytest

from pipeline.data.schema import CoQuan, NguoiKy
from pipeline.nd30.numbering import label
from pipeline.nd30.signature import SignatureError, signature

UBND = CoQuan(
    ten="Ủy ban nhân dân", viet_tat="UBND", dia_danh="Ninh Bình", chuc_danh_thu_truong="Chủ tịch", thu_truong="chu_tich", tap_the=True
)
SO = CoQuan(
    ten="Sở Tư pháp",
    ten_day_du="Sở Tư pháp tỉnh Ninh Bình",
    viet_tat="STP",
    dia_danh="Ninh Bình",
    chuc_danh_thu_truong="Giám đốc",
    thu_truong="giam_doc",
)
ZONE = CoQuan(
    ten="Khu vực thi đua", viet_tat="KVTĐ", dia_danh="Ninh Bình", chuc_danh_thu_truong="Trưởng Khu vực thi đua", thu_truong="giam_doc"
)
BODIES = {"ubnd": UBND, "so": SO, "zone": ZONE}
PEOPLE = {
    "chu_tich": NguoiKy(ho_ten="Nguyễn Văn A", chuc_vu="Chủ tịch", co_quan="ubnd"),
    "pho_chu_tich": NguoiKy(ho_ten="Trần Văn B", chuc_vu="Phó Chủ tịch", co_quan="ubnd"),
    "giam_doc": NguoiKy(ho_ten="Phạm Minh Thường", chuc_vu="Giám đốc", co_quan="so"),
    "pho_giam_doc": NguoiKy(ho_ten="Đinh Văn Hải", chuc_vu="Phó Giám đốc", co_quan="so"),
    "chanh_vp": NguoiKy(ho_ten="Lê Thị C", chuc_vu="Chánh Văn phòng", co_quan="so"),
}


def sign(authority, who, issuer):
    person = PEOPLE[who]
    return signature(authority, who, person, BODIES[person.co_quan], BODIES[issuer], issuer)


@pytest.mark.parametrize(
    "authority, who, issuer, lines",
    [
        (None, "giam_doc", "so", ("GIÁM ĐỐC",)),
        ("KT", "pho_giam_doc", "so", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
        ("TM", "chu_tich", "ubnd", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
        ("TM-KT", "pho_chu_tich", "ubnd", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        ("TL", "chanh_vp", "so", ("TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")),
        ("TUQ", "chanh_vp", "so", ("TUQ. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")),
        ("Q", "pho_giam_doc", "so", ("Q. GIÁM ĐỐC",)),
        (None, "giam_doc", "zone", ("TRƯỞNG KHU VỰC THI ĐUA", "GIÁM ĐỐC SỞ TƯ PHÁP TỈNH NINH BÌNH")),
    ],
)
def test_signature_lines_for_every_combination_the_decree_allows(authority, who, issuer, lines):
    block = sign(authority, who, issuer)
    assert block.lines == lines and block.name == PEOPLE[who].ho_ten


@pytest.mark.parametrize(
    "authority, who, issuer, words",
    [
        ("KT", "giam_doc", "so", "thủ trưởng"),
        ("TM", "giam_doc", "so", "tập thể"),
        (None, "pho_giam_doc", "so", "không phải thủ trưởng"),
    ],
)
def test_signature_combinations_the_decree_does_not_allow(authority, who, issuer, words):
    with pytest.raises(SignatureError, match=words):
        sign(authority, who, issuer)


def test_numbering_skips_f_and_includes_d_stroke():
    assert [label((1, 1, n), "chu") for n in range(1, 9)] == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)", "h)"]
    with pytest.raises(ValueError):
        label((1, 1, 1, 1), "chu")


def test_committed_json_schemas_are_current(project):
    from pipeline.kinds import json_schemas

    for name, text in json_schemas().items():
        assert (project.root / "schema" / name).read_text(encoding="utf-8") == text, f"run `make schema`: {name}"


def test_data_files_point_to_an_existing_schema(project):
    for path in (project.root / "data").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if "danh_muc" in path.parts or path.name == "corrections.yaml":
            continue
        target = first.split("$schema=", 1)[1]
        assert (path.parent / target).resolve().exists(), path
