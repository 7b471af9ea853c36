"""Every kind of document, each declared once.

A :class:`Kind` says what a kind is: its data model, its tên loại and ký hiệu
(ND30 Phụ lục III), the template it follows, the components it has and the
years it may be signed in. Schema export, validation, checks, context and
rendering read it; none of them names a kind. To add a kind: a model in
:mod:`pipeline.data.schema`, one entry in :data:`KINDS`, the template blocks of
any new component, and tests (README, "Adding a kind").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pydantic import TypeAdapter

from pipeline.data.schema import (
    AWARDS_FILE,
    EXTERNAL_FILE,
    SO_CAP_NGOAI,
    BaoCao,
    CongVan,
    Document,
    GiayMoi,
    KeHoach,
    KhenThuong,
    KhuVuc,
    PhatDong,
    QuyetDinh,
    ToTrinh,
)


@dataclass(frozen=True)
class Kind:
    """One kind of document."""

    loai: str
    """The value of ``loai:`` in the data."""
    model: type[Document]
    """The data model (field by field, with the descriptions an editor shows)."""
    ten: str
    """What the kind is called, in Vietnamese (schema title, messages)."""
    ten_loai: str | None
    """The tên loại printed above the trích yếu; None for a công văn, which has none (ND30 Phụ lục I II.5.b)."""
    ky_hieu: str | None
    """The abbreviation in the symbol (Phụ lục III); None for a công văn, whose symbol ends with the drafting unit."""
    mau: str
    """The template of ND30 Phụ lục III it follows."""
    tham_quyen: bool = False
    """Has the issuing authority line under the trích yếu, "QUYẾT ĐỊNH:" and Điều 1 … n; Nơi nhận starts "- Như Điều n;"."""
    giay_moi: bool = False
    """Has the invitation lines: kính mời, chủ trì, thời gian, địa điểm (Mẫu 1.7)."""
    ky_nam: tuple[int, int] = (-1, 0)
    """The calendar years it may be signed in, from its plan year: a plan the year before or in it; a report in it or after."""
    hinh_thuc_cua: str = "nguoi_nhan"
    """Whose forms it may list: 'nguoi_nhan' (forms its addressee decides) or 'co_quan' (forms its issuer decides)."""
    so_lieu_nam_truoc: bool = False
    """Is compared with the same document of the year before (figures copied unchanged)."""
    khong_dung: dict[str, str] = field(default_factory=dict)
    """Keys of every document that this kind does not use, with what to write instead."""

    @property
    def kinh_gui(self) -> bool:
        """Whether it must have a "Kính gửi:" block (Phụ lục I II.9.b; Nơi nhận then starts "- Như trên;"): read from its
        model, where the key is required (Tờ trình, Công văn), optional (Báo cáo) or absent."""
        found = self.model.model_fields.get("kinh_gui")
        return bool(found and found.is_required())

    @property
    def khen_thuong(self) -> bool:
        """Whether it lists the awards of the forms named in its ``khen_thuong`` key (Tờ trình, Quyết định)."""
        return "khen_thuong" in self.model.model_fields


KINDS: dict[str, Kind] = {
    k.loai: k
    for k in (
        Kind("ke_hoach", KeHoach, "Kế hoạch", "KẾ HOẠCH", "KH", "1.4"),
        Kind("phat_dong", PhatDong, "Kế hoạch phát động thi đua", "KẾ HOẠCH", "KH", "1.4"),
        Kind("khu_vuc", KhuVuc, "Kế hoạch hoạt động Khu vực thi đua", "KẾ HOẠCH", "KH", "1.4"),
        Kind("bao_cao", BaoCao, "Báo cáo", "BÁO CÁO", "BC", "1.4", ky_nam=(0, 1), so_lieu_nam_truoc=True),
        Kind("to_trinh", ToTrinh, "Tờ trình", "TỜ TRÌNH", "TTr", "1.4", ky_nam=(0, 1)),
        Kind(
            "quyet_dinh",
            QuyetDinh,
            "Quyết định",
            "QUYẾT ĐỊNH",
            "QĐ",
            "1.2",
            tham_quyen=True,
            ky_nam=(0, 1),
            hinh_thuc_cua="co_quan",
            khong_dung={
                "noi_dung": "nội dung quyết định ghi trong các điều (dieu), mỗi điều một phần tử",
                "ket_thuc": "'./.' được đặt ở cuối điều cuối; câu thi hành ghi trong điều cuối",
            },
        ),
        Kind("cong_van", CongVan, "Công văn", None, None, "1.5", ky_nam=(-1, 1)),
        Kind("giay_moi", GiayMoi, "Giấy mời", "GIẤY MỜI", "GM", "1.7", giay_moi=True, ky_nam=(-1, 1)),
    )
}


def json_schemas() -> dict[str, str]:
    """Return {file name: JSON Schema text} per document kind, and one for the year's awards file."""
    schemas = {}
    for kind in KINDS.values():
        schema = kind.model.model_json_schema()
        schema["title"] = f"Dữ liệu văn bản: {kind.ten} (loai: {kind.loai}; Nghị định 30/2020/NĐ-CP, Phụ lục III, Mẫu {kind.mau})"
        schema["description"] = "Mỗi khóa có mô tả; rê chuột lên khóa để xem. Hướng dẫn: docs/dinh-dang-du-lieu.md"
        schemas[f"{kind.loai}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    schema = KhenThuong.model_json_schema()
    schema["title"] = "Khen thưởng của năm (data/<năm>/khen_thuong.yaml)"
    schema["description"] = "Danh sách khen thưởng của năm, ghi một lần; báo cáo, tờ trình và quyết định đếm từ đây."
    schemas[f"{AWARDS_FILE}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    schema = TypeAdapter(SO_CAP_NGOAI).json_schema()
    schema["title"] = "Số văn bản đã cấp ngoài chương trình (data/so_cap_ngoai.yaml)"
    schema["description"] = (
        "Theo mã cơ quan (co_quan.yaml), rồi theo năm dương lịch (2024, hoặc 2024 mat cho văn bản mật): các số hoặc "
        "khoảng số đã cấp ngoài chương trình, ví dụ 1-11, 15. make cap-so không cấp lại các số này, make check không báo "
        "chúng là số bỏ trống."
    )
    schemas[f"{EXTERNAL_FILE}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return schemas
