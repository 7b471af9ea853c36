"""The declared shape of every data file, field by field (pydantic).

Registries (``data/danh_muc/*.yaml``) are mappings from an id to an entry;
documents (``data/<nam>/*.yaml``) have one model per kind. Cross-references
(ids that must exist in a registry) are checked in :mod:`pipeline.data.validate`.

The docstring under each field is in Vietnamese: it is the description a
YAML-aware editor shows to the clerk (``make schema`` exports it).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, WithJsonSchema
from pydantic_core import PydanticCustomError

from pipeline.data.scalars import Cell, DateOrYear, DateTimeField, DeadlineField, DocDate, Flag, FullDate, parse_numbers, parse_whole


class Entry(BaseModel):
    """Base of every model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


def whole(low: int, high: int) -> Any:
    """Return the type of a whole number from low to high, written with digits."""
    return Annotated[
        int, BeforeValidator(parse_whole), Field(ge=low, le=high), WithJsonSchema({"type": "integer", "minimum": low, "maximum": high})
    ]


def _one_line(value: Any) -> Any:
    """Collapse runs of white space (two spaces typed) as the document prints them, but keep a line break the
    clerk chose: YAML folds the line breaks of a plain or folded value into spaces, so a line break is left only
    where the clerk wrote a literal block (``|``) or ``\\n`` in double quotes.

    >>> _one_line("  Kế hoạch   năm\\n  2024 \\n")
    'Kế hoạch năm\\n2024'
    """
    if not isinstance(value, str):
        return value
    return "\n".join(" ".join(line.split()) for line in value.strip().split("\n") if line.strip())


Text = Annotated[str, BeforeValidator(_one_line), Field(min_length=1)]
Id = Annotated[
    str,
    BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v),
    Field(pattern=r"^[a-z0-9_]+$"),
    WithJsonSchema({"type": "string", "pattern": r"^[a-z0-9_]+$"}),
]


def short(limit: int) -> Any:
    """Return the type of a text of at most limit characters (a name, a title line, a recipient)."""
    return Annotated[str, BeforeValidator(_one_line), Field(min_length=1, max_length=limit)]


Name = short(200)
ImageFile = Annotated[str, Field(pattern=r"^[^\\:*?\"<>|]+\.png$", max_length=200)]
"""A PNG file under data/danh_muc/, by its relative path."""
"""A name, a title or a place: at most 200 characters."""
Line = short(300)
"""One line of a header, a title or Nơi nhận: at most 300 characters."""


def _five_lines(value: str) -> str:
    if value.count("\n") >= 5:
        raise PydanticCustomError("dong", "trích yếu tối đa 5 dòng, nhận được {n} dòng; hãy viết ngắn gọn", {"n": value.count("\n") + 1})
    return value


TitleLine = Annotated[Line, AfterValidator(_five_lines)]
"""A trích yếu: one text, of at most five lines where the clerk chose where it breaks."""
ID_PATTERN = r"^[a-z0-9_]+$"
ONLY_IDS = {"additionalProperties": False}
"""For the JSON Schema of a mapping keyed by ids: a key that is not an id is refused (patternProperties alone allows it)."""
MAX_NUMBER = 9999
"""Largest document number: numbers restart at 01 every year (ND30 Điều 15.1)."""
MAX_COUNT = 10000
"""Largest count of awards of one form in one year."""


# ---- registries -------------------------------------------------------------
class CoQuanThayDoi(Entry):
    tu_ngay: FullDate
    """Ngày bắt đầu áp dụng thay đổi (2025-01-01). Văn bản ký từ ngày này dùng giá trị mới; văn bản ký trước đó giữ giá trị cũ."""
    ten: Name | None = None
    """Tên mới của cơ quan (in hoa ở phần tiêu đề)."""
    ten_day_du: Name | None = None
    """Tên đầy đủ mới."""
    co_quan_chu_quan: Id | None = None
    """Mã cơ quan chủ quản mới."""
    viet_tat: Annotated[str, Field(pattern=r"^[A-ZĐ][A-Za-zĐđ]*$")] | None = None
    """Chữ viết tắt mới dùng trong ký hiệu văn bản."""
    dia_danh: Name | None = None
    """Địa danh mới ghi trước ngày tháng."""
    chuc_danh_thu_truong: Name | None = None
    """Chức danh mới của người đứng đầu."""
    thu_truong: Id | None = None
    """Mã người đứng đầu mới (nguoi_ky.yaml), ví dụ khi Khu vực thi đua chuyển giao cho đơn vị khác."""
    tap_the: Flag | None = None
    """true nếu từ ngày này cơ quan làm việc theo chế độ tập thể."""


class CoQuan(Entry):
    ten: Name
    """Tên cơ quan như in ở phần tiêu đề (được in hoa), ví dụ: Sở Tư pháp; khi là cơ quan chủ quản có thể viết tắt (UBND tỉnh Ninh Bình)."""
    ten_day_du: Name | None = None
    """Tên đầy đủ dùng trong câu văn và chữ ký, ví dụ: Sở Tư pháp tỉnh Ninh Bình (mặc định bằng ten); cơ quan không có cơ quan
    chủ quản in tên này ở phần tiêu đề khi ban hành văn bản (ỦY BAN NHÂN DÂN TỈNH NINH BÌNH, không viết tắt)."""
    co_quan_chu_quan: Id | None = None
    """Mã cơ quan chủ quản trực tiếp, in phía trên tên cơ quan (ví dụ ubnd_ninh_binh)."""
    viet_tat: Annotated[str, Field(pattern=r"^[A-ZĐ][A-Za-zĐđ]*$")]
    """Chữ viết tắt tên cơ quan trong ký hiệu văn bản: STP, KVTĐ."""
    dia_danh: Name
    """Địa danh ghi trước ngày tháng: Ninh Bình."""
    chuc_danh_thu_truong: Name
    """Chức danh người đứng đầu: Giám đốc, Trưởng Khu vực thi đua."""
    thu_truong: Id | None = None
    """Mã người đứng đầu trong nguoi_ky.yaml."""
    tap_the: Flag = False
    """true nếu cơ quan làm việc theo chế độ tập thể (cho phép ký TM.)."""
    anh_dau: ImageFile | None = None
    """Ảnh con dấu để cơ quan ký số (make ky-so): tệp PNG nền trong suốt, màu đỏ, đúng kích thước thật của dấu (ảnh quét
    có ghi độ phân giải, ví dụ 300 dpi), đường dẫn tính từ data/danh_muc/."""
    thay_doi: list[CoQuanThayDoi] = []
    """Các thay đổi theo thời gian (người đứng đầu mới, đổi tên…), mỗi mục có tu_ngay; văn bản đã ký trước ngày đó không đổi."""

    def at(self, day: dt.date) -> CoQuan:
        """Return the entry as it stood on a day (the changes dated on or before it applied)."""
        return _apply(self, self.thay_doi, day)


class NguoiKyThayDoi(Entry):
    tu_ngay: FullDate
    """Ngày bắt đầu áp dụng thay đổi (2025-01-01)."""
    ho_ten: Name | None = None
    """Họ tên mới."""
    chuc_vu: Name | None = None
    """Chức vụ mới (được bổ nhiệm, điều động)."""
    co_quan: Id | None = None
    """Mã cơ quan mới nơi giữ chức vụ."""


class NguoiKy(Entry):
    ho_ten: Name
    """Họ và tên, không ghi học hàm, học vị (Nghị định 30, Phụ lục I, II.7.c)."""
    chuc_vu: Name
    """Chức vụ của chính người này: Giám đốc, Phó Giám đốc."""
    co_quan: Id
    """Mã cơ quan nơi người này giữ chức vụ (co_quan.yaml)."""
    anh_chu_ky: ImageFile | None = None
    """Ảnh chữ ký để ký số (make ky-so): tệp PNG nền trong suốt, màu xanh, đường dẫn tính từ data/danh_muc/."""
    thay_doi: list[NguoiKyThayDoi] = []
    """Các thay đổi theo thời gian (chức vụ mới…), mỗi mục có tu_ngay; văn bản đã ký trước ngày đó không đổi."""

    def at(self, day: dt.date) -> NguoiKy:
        """Return the entry as it stood on a day."""
        return _apply(self, self.thay_doi, day)


def _apply(entry: Any, changes: list[Any], day: dt.date) -> Any:
    update: dict[str, Any] = {}
    for change in sorted(changes, key=lambda c: c.tu_ngay):
        if change.tu_ngay <= day:
            update |= {k: v for k, v in change.model_dump(exclude={"tu_ngay"}).items() if v is not None}
    return entry.model_copy(update=update) if update else entry


class KyNiem(Entry):
    ten: Line
    """Sự kiện được kỷ niệm, viết như đứng sau 'N năm': ngày thành lập Đảng Cộng sản Việt Nam."""
    ngay: DateOrYear
    """Ngày gốc (1930-02-03) hoặc chỉ năm (1969)."""


class HinhThuc(Entry):
    ten: Line
    """Tên chính thức của hình thức khen thưởng (Luật Thi đua, khen thưởng 2022)."""
    co_quan: Id | None = None
    """Mã cơ quan có thẩm quyền quyết định hình thức này (co_quan.yaml): quyết định khen thưởng của cơ quan đó, hoặc tờ trình
    gửi cơ quan đó, in danh sách của hình thức này."""


REGISTRIES: dict[str, Any] = {
    "co_quan": CoQuan,
    "nguoi_ky": NguoiKy,
    "noi_nhan": Annotated[list[Line], Field(min_length=1)],
    "ky_niem": KyNiem,
    "hinh_thuc_khen_thuong": HinhThuc,
}


# ---- body outline -----------------------------------------------------------
MA = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$"), WithJsonSchema({"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"})]


class TieuDe(Entry):
    tieu_de: Text
    """Đề mục có số; số (I., 1., a) …) do chương trình đánh theo cấp lồng nhau."""
    ma: MA | None = None
    """Tên riêng của đề mục để nhắc đến số của nó trong lời văn: {{ so.<ma> }} in '1.2', 'II' hoặc 'a'."""
    danh_so: Literal["chu"] | None = None
    """'chu': các phần có số ngay dưới đề mục này đánh a), b), c) (ví dụ các điểm dưới 1.2.)."""
    noi_dung: list[Node] = []
    """Các phần nằm dưới đề mục."""


class Muc(Entry):
    muc: Text
    """Đoạn có số thứ tự; chữ nối tiếp ngay sau số ('a) …'). Đoạn mở đầu bằng **nhãn:** thì số cũng in đậm."""
    ma: MA | None = None
    """Tên riêng của đoạn để nhắc đến số của nó trong lời văn: {{ so.<ma> }}."""
    danh_so: Literal["chu"] | None = None
    """'chu': các phần có số ngay dưới đoạn này đánh a), b), c)."""
    noi_dung: list[Node] = []
    """Các phần nằm dưới đoạn này."""


class Gach(Entry):
    gach: Text
    """Một ý bắt đầu bằng dấu '-'."""
    cong: list[Text] = []
    """Các ý '+' dưới ý này."""


class Cong(Entry):
    cong: Text
    """Một ý bắt đầu bằng dấu '+'."""


class BangDuLieu(Entry):
    cot: list[Text] = Field(min_length=1)
    """Tên các cột."""
    dong: list[list[Cell]] = Field(min_length=1)
    """Các dòng, mỗi dòng một giá trị cho mỗi cột (in như gõ; dùng được chỗ giữ chỗ {{ … }})."""


TABLES = ("ket_qua_khen_thuong", "danh_sach_khen_thuong")
"""Tables computed from the year's awards (data/<nam>/khen_thuong.yaml): the result table of a report, and the
list of the forms a Tờ trình proposes or a Quyết định awards (its khen_thuong key)."""


class Bang(Entry):
    bang: Annotated[
        Annotated[Literal[TABLES], Tag("ten")] | Annotated[BangDuLieu, Tag("du_lieu")],
        Discriminator(lambda v: "ten" if isinstance(v, str) else "du_lieu"),
    ]
    """Bảng do chương trình tính từ khen_thuong.yaml của năm (ket_qua_khen_thuong: bảng kết quả; danh_sach_khen_thuong:
    danh sách các hình thức ghi ở khóa khen_thuong của văn bản) hoặc bảng gõ trong dữ liệu (cot, dong)."""


NODE_KEYS = ("tieu_de", "muc", "gach", "cong", "bang")


def _node_kind(value: Any) -> str | None:
    """Return the union tag of an outline element: its form key, or 'doan' for text."""
    if isinstance(value, str):
        return "node:doan"
    if isinstance(value, dict):
        return next((f"node:{k}" for k in NODE_KEYS if k in value), None)
    return next((f"node:{k}" for k in NODE_KEYS if hasattr(value, k)), None)


Node = Annotated[
    Annotated[Text, Tag("node:doan")]
    | Annotated[TieuDe, Tag("node:tieu_de")]
    | Annotated[Muc, Tag("node:muc")]
    | Annotated[Gach, Tag("node:gach")]
    | Annotated[Cong, Tag("node:cong")]
    | Annotated[Bang, Tag("node:bang")],
    Discriminator(
        _node_kind,
        custom_error_type="phan_tu_noi_dung",
        custom_error_message="mỗi phần tử của nội dung là một đoạn văn bản hoặc có một trong các khóa tieu_de, muc, gach, cong, bang",
    ),
]


# ---- documents --------------------------------------------------------------
class Ky(Entry):
    nguoi: Id
    """Mã người ký trong nguoi_ky.yaml."""
    quyen_han: Literal["KT", "TM", "TM-KT", "TL", "TUQ", "Q"] | None = None
    """Thẩm quyền ký: KT, TM, TM-KT, TL, TUQ, Q; bỏ trống khi người đứng đầu ký."""


class Nhom(Entry):
    nhom: Id
    """Mã nhóm nơi nhận trong noi_nhan.yaml."""


def _recipient_kind(value: Any) -> str | None:
    """Return the union tag of a Nơi nhận item: a line of text, or a group."""
    if isinstance(value, str):
        return "text"
    return "nhom" if isinstance(value, dict) and "nhom" in value or isinstance(value, Nhom) else None


Recipient = Annotated[
    Annotated[Line, Tag("text")] | Annotated[Nhom, Tag("nhom")],
    Discriminator(
        _recipient_kind,
        custom_error_type="noi_nhan",
        custom_error_message="mỗi nơi nhận là một dòng văn bản hoặc 'nhom: <mã>'; dòng có dấu ':' phải đặt trong dấu nháy \"…\"",
    ),
]


class SoLuong(Entry):
    tap_the: whole(0, MAX_COUNT) = 0
    """Số lượt tập thể."""
    ca_nhan: whole(0, MAX_COUNT) = 0
    """Số lượt cá nhân."""


class CaNhan(Entry):
    ho_ten: Name
    """Họ và tên."""
    chuc_vu: Name | None = None
    """Chức vụ, chức danh (Chuyên viên, Trưởng phòng…)."""
    don_vi: Name | None = None
    """Đơn vị công tác."""


class TapThe(Entry):
    ten: Name
    """Tên tập thể."""
    don_vi: Name | None = None
    """Đơn vị cấp trên của tập thể, nếu cần ghi rõ."""


Person = Name | CaNhan
"""A person: the name alone, or name, title and unit."""
Team = Name | TapThe
"""A collective: the name alone, or name and unit."""


def person(value: str | CaNhan) -> CaNhan:
    """Return a person written as a name alone as a full entry."""
    return CaNhan(ho_ten=value) if isinstance(value, str) else value


def team(value: str | TapThe) -> TapThe:
    """Return a collective written as a name alone as a full entry."""
    return TapThe(ten=value) if isinstance(value, str) else value


class KhenThuongMuc(Entry):
    hinh_thuc: Id
    """Mã hình thức khen thưởng trong hinh_thuc_khen_thuong.yaml."""
    tap_the: list[Team] = []
    """Các tập thể: mỗi tập thể một dòng tên, hoặc ten và don_vi."""
    ca_nhan: list[Person] = []
    """Các cá nhân: mỗi người một dòng họ tên, hoặc ho_ten, chuc_vu và don_vi."""


class BoQua(Entry):
    ma: Annotated[str, Field(pattern=r"^[a-z-]+$")]
    """Mã quy tắc cần bỏ qua, như in trong ngoặc vuông ([nam-go-tay])."""
    khoa: Text
    """Vị trí cần bỏ qua, như in trong thông báo (noi_dung[2].muc)."""
    ly_do: Annotated[str, Field(min_length=5)]
    """Lý do chỗ này đúng như đang viết."""


class KhenThuong(Entry):
    """The year's awards, written once (data/<nam>/khen_thuong.yaml): every document that cites them counts from here."""

    danh_sach: list[KhenThuongMuc] = []
    """Ai được khen thưởng trong năm, theo từng hình thức; chương trình tự đếm cho báo cáo, tờ trình và quyết định.
    Để trống khi năm chưa có kết quả."""
    nam_truoc: dict[Id, SoLuong] = Field({}, json_schema_extra=ONLY_IDS)
    """Số lượt của năm trước theo từng hình thức, như đã báo cáo năm đó."""
    bo_qua: list[BoQua] = []
    """Các cảnh báo kiểm tra được bỏ qua từng chỗ, mỗi chỗ có lý do."""


NumberList = Annotated[
    tuple[int, ...],
    BeforeValidator(parse_numbers),
    WithJsonSchema({"type": ["string", "integer"], "examples": ["1-11, 15"], "description": "Các số hoặc khoảng số: 1-11, 15"}),
]
SeriesKey = Annotated[str, Field(pattern=r"^\d{4}( mat)?$")]
"""A number series of one issuer: the calendar year (2024), or its secret series ("2024 mat")."""

SO_CAP_NGOAI = dict[Annotated[str, Field(pattern=ID_PATTERN)], dict[SeriesKey, NumberList]]
"""data/so_cap_ngoai.yaml: per issuer (co_quan id), per calendar year, the numbers given to documents made outside
the pipeline (by hand, in another program), so that make cap-so skips them and make check sees no gap."""
EXTERNAL_FILE = "so_cap_ngoai"

AWARDS_FILE = "khen_thuong"
"""The name (without .yaml) of the year's awards file in data/<nam>/: not a document."""


class Document(Entry):
    """Keys shared by every kind of document."""

    co_quan: Id
    """Mã cơ quan ban hành trong co_quan.yaml."""
    so: whole(1, MAX_NUMBER) | None = None
    """Số văn bản (1 đến 9999) do văn thư cấp khi ban hành; để ~ khi còn là dự thảo."""
    ngay: DocDate = None
    """Ngày ký: 2024-01-15; bản dự thảo ghi 2024-01 (chỉ tháng), 2024 (chỉ năm) hoặc ~. Số và ngày ký do lệnh
    make cap-so ghi vào khi ban hành."""
    do_mat: Literal["mat", "toi_mat", "tuyet_mat"] | None = None
    """Độ mật, chỉ ghi khi là văn bản mật: mat, toi_mat hoặc tuyet_mat. Văn bản mật được cấp số theo hệ thống số riêng và
    đăng ký ở sổ riêng (Điều 15.2); dấu độ mật do văn thư đóng theo quy định về bảo vệ bí mật nhà nước."""
    so_ban: whole(1, MAX_NUMBER) | None = None
    """Số lượng bản phát hành (văn bản giấy), ghi vào cột 'Số lượng bản' của sổ đăng ký văn bản đi."""
    trich_yeu: TitleLine | Annotated[list[Line], Field(min_length=1, max_length=5)]
    """Trích yếu nội dung: một dòng, hoặc mỗi dòng một phần tử. Muốn chọn chỗ xuống dòng giữa hai cụm từ, viết trong
    khối '|' (mỗi dòng một cụm)."""
    giai_doan: Annotated[str, Field(pattern=r"^\d{4}\s*-\s*\d{4}$")] | None = None
    """Giai đoạn văn bản bao trùm, ví dụ 2021-2025: các năm trong giai đoạn không bị coi là năm cũ, các hạn được
    kiểm tra theo giai đoạn."""
    danh_so: Literal["chu", "thap_phan"] = "chu"
    """Cách đánh số từ cấp 3: 'a)' (chu) hoặc '1.1.' (thap_phan)."""
    can_cu: list[Text] = []
    """Các căn cứ pháp lý, mỗi căn cứ một dòng, không ghi dấu ';' hay '.' ở cuối."""
    mo_dau: Text | list[Text] = []
    """Các đoạn mở đầu trước phần nội dung có đánh số."""
    noi_dung: list[Node] = Field(min_length=1)
    """Nội dung chính: đề mục (tieu_de), đoạn có số (muc), ý '-' (gach), ý '+' (cong), bảng (bang) hoặc đoạn văn."""
    ket_thuc: Text | Annotated[list[Text], Field(min_length=1)]
    """Đoạn kết thúc (một đoạn, hoặc nhiều đoạn mỗi đoạn một phần tử); chương trình thêm './.' ở cuối đoạn cuối."""
    ky: Ky
    """Người ký và thẩm quyền ký."""
    noi_nhan: list[Recipient] = Field(min_length=1)
    """Nơi nhận: mỗi dòng một nơi, hoặc 'nhom: <mã>' lấy từ noi_nhan.yaml; dòng 'Như trên', 'Như Điều …' và dòng Lưu do
    chương trình thêm."""
    luu: short(100)
    """Đơn vị soạn thảo lưu văn bản: in thành '- Lưu: VT, <luu>.'"""
    han: dict[Id, DeadlineField] = Field({}, json_schema_extra=ONLY_IDS)
    """Các hạn có tên, dùng trong văn bản bằng {{ han.<mã> }}: 31/01 (trong năm kế hoạch) hoặc ngày đủ 2024-12-20."""
    phu_luc: list[PhuLuc] = []
    """Các phụ lục kèm theo văn bản, mỗi phụ lục bắt đầu ở trang mới và đánh số trang riêng."""
    bo_qua: list[BoQua] = []
    """Các cảnh báo kiểm tra được bỏ qua từng chỗ, mỗi chỗ có lý do."""


class PhuLuc(Entry):
    ten: Line
    """Tên phụ lục (in hoa, đậm): Danh sách tập thể, cá nhân được tặng Giấy khen."""
    noi_dung: list[Node] = Field(min_length=1)
    """Nội dung phụ lục: thường là một bảng (bang: danh_sach_khen_thuong hoặc cot, dong)."""


KinhGui = Line | Annotated[list[Line], Field(min_length=1, max_length=30)]


class KeHoach(Document):
    loai: Literal["ke_hoach"]
    """Loại văn bản: kế hoạch."""


class PhatDong(Document):
    loai: Literal["phat_dong"]
    """Loại văn bản: kế hoạch phát động phong trào thi đua của năm."""


class KhuVuc(Document):
    loai: Literal["khu_vuc"]
    """Loại văn bản: kế hoạch hoạt động của Khu vực thi đua."""


class BaoCao(Document):
    loai: Literal["bao_cao"]
    """Loại văn bản: báo cáo (tổng kết, sơ kết)."""
    kinh_gui: KinhGui | None = None
    """Nơi nhận sau 'Kính gửi:' khi báo cáo gửi cơ quan cấp trên: một nơi, hoặc mỗi nơi một dòng."""


class ToTrinh(Document):
    loai: Literal["to_trinh"]
    """Loại văn bản: tờ trình."""
    kinh_gui: KinhGui
    """Cơ quan, người có thẩm quyền nhận tờ trình, sau 'Kính gửi:'."""
    khen_thuong: list[Id] = []
    """Mã các hình thức khen thưởng đề nghị (hinh_thuc_khen_thuong.yaml): danh sách lấy từ khen_thuong.yaml của năm."""


class Dieu(Entry):
    dieu: Text
    """Nội dung của điều (in sau 'Điều 1.'), hoặc tên điều khi có các khoản ở noi_dung."""
    noi_dung: list[Node] = []
    """Các khoản (muc: …) hoặc đoạn dưới điều."""


Article = Text | Dieu
"""An article: its text alone, or its title with the clauses under it."""


class QuyetDinh(Document):
    loai: Literal["quyet_dinh"]
    """Loại văn bản: quyết định (cá biệt)."""
    tham_quyen: Line | None = None
    """Thẩm quyền ban hành in dưới trích yếu; mặc định là chức danh người đứng đầu và tên cơ quan (GIÁM ĐỐC SỞ TƯ PHÁP), hoặc
    tên cơ quan làm việc theo chế độ tập thể (ỦY BAN NHÂN DÂN TỈNH …)."""
    theo_de_nghi: Text | None = None
    """Người, đơn vị đề nghị, in thành 'Theo đề nghị của …' sau các căn cứ."""
    noi_dung: list[Node] = []
    """Không dùng trong quyết định: nội dung là các điều (dieu)."""
    dieu: list[Article] = Field(min_length=1)
    """Các điều: Điều 1, Điều 2… do chương trình đánh số; điều cuối là điều thi hành (nơi nhận in 'Như Điều <số>')."""
    ket_thuc: Text | list[Text] = []
    """Không dùng trong quyết định: './.' đặt ở cuối điều cuối."""
    khen_thuong: list[Id] = []
    """Mã các hình thức khen thưởng của quyết định (hinh_thuc_khen_thuong.yaml): danh sách lấy từ khen_thuong.yaml của năm."""


class CongVan(Document):
    loai: Literal["cong_van"]
    """Loại văn bản: công văn (không có tên loại; trích yếu in 'V/v …' dưới số, ký hiệu)."""
    kinh_gui: KinhGui
    """Nơi nhận sau 'Kính gửi:': một nơi, hoặc mỗi nơi một dòng."""


class GiayMoi(Document):
    loai: Literal["giay_moi"]
    """Loại văn bản: giấy mời."""
    moi: Line | Annotated[list[Line], Field(min_length=1, max_length=30)]
    """Người, cơ quan được mời (in sau 'trân trọng kính mời:')."""
    toi_du: Line
    """Cuộc họp, hội nghị được mời tới dự, in thành 'Tới dự …' (Mẫu 1.7)."""
    chu_tri: Line | None = None
    """Người chủ trì cuộc họp."""
    thoi_gian: DateTimeField
    """Thời gian bắt đầu: 2024-12-27 08:00 (ngày giờ, phút)."""
    dia_diem: Line
    """Địa điểm."""
    noi_dung: list[Node] = []
    """Các đoạn dặn thêm (chuẩn bị tài liệu, xác nhận tham dự…)."""
    ket_thuc: Text | list[Text] = []
    """Đoạn kết thúc, nếu có."""


for _model in (TieuDe, Muc, Document, PhuLuc, KeHoach, PhatDong, KhuVuc, BaoCao, ToTrinh, Dieu, QuyetDinh, CongVan, GiayMoi):
    _model.model_rebuild()


class Registry(BaseModel):
    """All shared registries, validated (``data/danh_muc``)."""

    model_config = ConfigDict(frozen=True)
    co_quan: dict[str, CoQuan] = {}
    nguoi_ky: dict[str, NguoiKy] = {}
    noi_nhan: dict[str, list[str]] = {}
    ky_niem: dict[str, KyNiem] = {}
    hinh_thuc_khen_thuong: dict[str, HinhThuc] = {}

    def at(self, day: dt.date) -> Registry:
        """Return the registries as they stood on a day (dated changes applied)."""
        return self.model_copy(
            update={
                "co_quan": {k: e.at(day) for k, e in self.co_quan.items()},
                "nguoi_ky": {k: e.at(day) for k, e in self.nguoi_ky.items()},
            }
        )
