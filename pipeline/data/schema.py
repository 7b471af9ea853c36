"""The declared shape of every data file, field by field (pydantic).

Registries (``data/danh_muc/*.yaml``) are mappings from an id to an entry;
documents (``data/<nam>/*.yaml``) have one model per kind. Cross-references
(ids that must exist in a registry) are checked in :mod:`pipeline.validate`.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from pipeline.data.dates import DeadlineField, DocDate


class Entry(BaseModel):
    """Base of every model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]


# ---- registries -------------------------------------------------------------
class CoQuan(Entry):
    ten: Text
    """Name as printed in the header (upper-cased there)."""
    ten_day_du: str | None = None
    """Full name used in titles and text; defaults to ``ten``."""
    co_quan_chu_quan: Id | None = None
    """Id of the direct parent body, printed above the issuer."""
    viet_tat: Annotated[str, Field(pattern=r"^[A-ZĐ][A-Za-zĐđ]*$")]
    """Abbreviation used in the document symbol (STP, KVTĐ)."""
    dia_danh: Text
    """Place name written before the date."""
    chuc_danh_thu_truong: Text
    """Title of the head of the body (Giám đốc, Trưởng Khu vực thi đua)."""
    thu_truong: Id | None = None
    """Id of the person who is the head."""
    tap_the: bool = False
    """True when the body works under collective leadership (allows TM.)."""


class NguoiKy(Entry):
    ho_ten: Text
    """Full name, without degrees or honorifics (ND30 Phụ lục I II.7.c)."""
    chuc_vu: Text
    """The person's own title."""
    co_quan: Id
    """Id of the body where the own title is held."""


class KyNiem(Entry):
    ten: Text
    """What is commemorated, as it reads after 'N năm'."""
    ngay: dt.date | Annotated[int, Field(ge=1000, le=2999)]
    """The original date, or only its year."""


class HinhThuc(Entry):
    ten: Text
    """Official name of the award form (Luật Thi đua, khen thưởng 2022)."""


REGISTRIES: dict[str, Any] = {
    "co_quan": CoQuan,
    "nguoi_ky": NguoiKy,
    "noi_nhan": list[Text],
    "ky_niem": KyNiem,
    "hinh_thuc_khen_thuong": HinhThuc,
}


# ---- body outline -----------------------------------------------------------
class TieuDe(Entry):
    tieu_de: Text
    """A numbered heading; its depth in the outline gives its number."""
    noi_dung: list[Node] = []
    """What stands under the heading."""


class Muc(Entry):
    muc: Text
    """A numbered paragraph: the text follows its number ('a) ...')."""
    noi_dung: list[Node] = []
    """What stands under the paragraph."""


class Gach(Entry):
    gach: Text
    """A '-' item."""
    cong: list[Text] = []
    """'+' items under it."""


class Cong(Entry):
    cong: Text
    """A single '+' item."""


class BangDuLieu(Entry):
    cot: list[Text] = Field(min_length=1)
    """Column headings."""
    dong: list[list[str | int | float]] = Field(min_length=1)
    """Rows, each with one value per column."""


class Bang(Entry):
    bang: Annotated[
        Union[Annotated[Literal["ket_qua_khen_thuong"], Tag("ten")], Annotated[BangDuLieu, Tag("du_lieu")]],
        Discriminator(lambda v: "ten" if isinstance(v, str) else "du_lieu"),
    ]
    """A computed table by name, or a table typed in the data."""


NODE_KEYS = ("tieu_de", "muc", "gach", "cong", "bang")


def _node_kind(value: Any) -> str | None:
    """Return the union tag of an outline element: its form key, or 'doan' for text."""
    if isinstance(value, str):
        return "node:doan"
    if isinstance(value, dict):
        return next((f"node:{k}" for k in NODE_KEYS if k in value), None)
    return next((f"node:{k}" for k in NODE_KEYS if hasattr(value, k)), None)


Node = Annotated[
    Union[
        Annotated[Text, Tag("node:doan")],
        Annotated[TieuDe, Tag("node:tieu_de")],
        Annotated[Muc, Tag("node:muc")],
        Annotated[Gach, Tag("node:gach")],
        Annotated[Cong, Tag("node:cong")],
        Annotated[Bang, Tag("node:bang")],
    ],
    Discriminator(_node_kind, custom_error_type="phan_tu_noi_dung",
                  custom_error_message="mỗi phần tử của nội dung là một đoạn văn bản hoặc có một trong các khóa tieu_de, muc, gach, cong, bang"),
]


# ---- documents --------------------------------------------------------------
class Ky(Entry):
    nguoi: Id
    """Id of the signer (nguoi_ky.yaml)."""
    quyen_han: Literal["KT", "TM", "TM-KT", "TL", "TUQ", "Q"] | None = None
    """Signing authority; leave out when the head signs."""


class Nhom(Entry):
    nhom: Id
    """Id of a recipient group (noi_nhan.yaml)."""


def _recipient_kind(value: Any) -> str | None:
    """Return the union tag of a Nơi nhận item: a line of text, or a group."""
    if isinstance(value, str):
        return "text"
    return "nhom" if isinstance(value, dict) and "nhom" in value or isinstance(value, Nhom) else None


Recipient = Annotated[
    Union[Annotated[Text, Tag("text")], Annotated[Nhom, Tag("nhom")]],
    Discriminator(_recipient_kind, custom_error_type="noi_nhan",
                  custom_error_message="mỗi nơi nhận là một dòng văn bản hoặc 'nhom: <mã>'; dòng có dấu ':' phải đặt trong dấu nháy \"…\""),
]


class SoLuong(Entry):
    tap_the: Annotated[int, Field(ge=0)] = 0
    """Number of collectives."""
    ca_nhan: Annotated[int, Field(ge=0)] = 0
    """Number of individuals."""


class KhenThuongMuc(Entry):
    hinh_thuc: Id
    """Id of the award form (hinh_thuc_khen_thuong.yaml)."""
    tap_the: list[Text] = []
    """Collectives awarded this year."""
    ca_nhan: list[Text] = []
    """Individuals awarded this year."""


class KhenThuong(Entry):
    danh_sach: list[KhenThuongMuc] = Field(min_length=1)
    """Who was awarded this year, by form; the pipeline counts."""
    nam_truoc: dict[Id, SoLuong] = {}
    """Last year's counts per form, as reported then."""


class BoQua(Entry):
    ma: Annotated[str, Field(pattern=r"^[a-z-]+$")]
    """Id of the consistency rule to silence, as printed in brackets ([nam-go-tay])."""
    khoa: Text
    """Key path of the one place to silence, as printed in the message (noi_dung[2].muc)."""
    ly_do: Annotated[str, Field(min_length=5)]
    """Why this place is right as it is."""


class Document(Entry):
    """Keys shared by every kind of document."""

    co_quan: Id
    """Id of the issuing body (co_quan.yaml)."""
    so: Annotated[int, Field(ge=1)] | None = None
    """Registered number; blank while the document is a draft."""
    ngay: DocDate = None
    """Date: 2024-01-15, or 2024-01 / ~ for a draft."""
    trich_yeu: Text | list[Text]
    """Subject line (one string, or one string per line)."""
    danh_so: Literal["chu", "thap_phan"] = "chu"
    """Numbering below level 2: 'a)' (chu) or '1.1.' (thap_phan)."""
    can_cu: list[Text] = []
    """Legal bases, one per line, without the final ';' or '.'."""
    mo_dau: Text | list[Text] = []
    """Opening paragraphs before the outline."""
    noi_dung: list[Node] = Field(min_length=1)
    """The body outline."""
    ket_thuc: Text
    """Closing paragraph; './.' is added."""
    ky: Ky
    """Who signs and with which authority."""
    noi_nhan: list[Recipient] = Field(min_length=1)
    """Recipients: text items or groups."""
    luu: Text
    """Drafting unit kept on file: '- Lưu: VT, <luu>.'"""
    han: dict[Id, DeadlineField] = {}
    """Named deadlines, used in text as {{ han.<id> }}."""
    bo_qua: list[BoQua] = []
    """Consistency findings silenced one by one, each with its reason."""


class KeHoach(Document):
    loai: Literal["ke_hoach"]
    """A plan (Kế hoạch)."""


class PhatDong(Document):
    loai: Literal["phat_dong"]
    """A launch plan for the year's emulation movement."""


class KhuVuc(Document):
    loai: Literal["khu_vuc"]
    """A zone activity plan, issued by the competition zone."""


class BaoCao(Document):
    loai: Literal["bao_cao"]
    """A summary report (Báo cáo tổng kết)."""
    khen_thuong: KhenThuong
    """Awards of the year, counted into the result table."""


KINDS: dict[str, type[Document]] = {"ke_hoach": KeHoach, "phat_dong": PhatDong, "khu_vuc": KhuVuc, "bao_cao": BaoCao}

for _model in (TieuDe, Muc, KeHoach, PhatDong, KhuVuc, BaoCao):
    _model.model_rebuild()


class Registry(BaseModel):
    """All shared registries, validated (``data/danh_muc``)."""

    model_config = ConfigDict(frozen=True)
    co_quan: dict[str, CoQuan] = {}
    nguoi_ky: dict[str, NguoiKy] = {}
    noi_nhan: dict[str, list[str]] = {}
    ky_niem: dict[str, KyNiem] = {}
    hinh_thuc_khen_thuong: dict[str, HinhThuc] = {}


def json_schemas() -> dict[str, str]:
    """Return {file name: JSON Schema text} per document kind, for YAML-aware editors."""
    import json

    return {f"{kind}.schema.json": json.dumps(model.model_json_schema(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            for kind, model in KINDS.items()}
