"""``make ky-so``: PAdES signatures on the archived PDF of an issued document, with pyHanko (the only module that
imports it), at the places the decree sets (ND30 Phụ lục I II.7.d, II.8; :mod:`pipeline.pdf.place`).

The archived PDF is never changed: each signature is an incremental update of
the last signed file, kept in the archive under a new name (``…ky-so-1.pdf``,
``…ky-so-2.pdf``) with its hash. The order is the decree's: first the signer
(``NguoiKy``, their blue signature image centred between the title and the
name), then the body (``CoQuan``, its red seal over the left third of the
signer's image). An attachment in a file of its own (``KEM=``) gets the body's
signature without an image and, top right of its first page, the số ký hiệu and
the time of signing in ISO 8601 with the +07:00 offset, Times New Roman 10.

Keys come from a PKCS#12 file (password from ``ND30_MAT_KHAU`` or asked) or a
PKCS#11 token (PIN from ``ND30_PIN`` or asked). After signing, every signature
of the file is validated (intact, and trusted if a root certificate is given).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import io
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ["TZ"] = "Asia/Ho_Chi_Minh"  # the signing time the decree asks for: Vietnam's, whatever the machine's zone
time.tzset()

from fontTools.ttLib import TTFont  # noqa: E402
from fontTools.ttLib.scaleUpem import scale_upem  # noqa: E402
from PIL import Image  # noqa: E402
from pyhanko.keys import load_cert_from_pemder  # noqa: E402
from pyhanko.pdf_utils import layout, text  # noqa: E402
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory  # noqa: E402
from pyhanko.pdf_utils.images import PdfImage  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402
from pyhanko.sign.validation import validate_pdf_signature  # noqa: E402
from pyhanko.stamp import StaticStampStyle, TextStampStyle  # noqa: E402
from pyhanko_certvalidator import ValidationContext  # noqa: E402

from pipeline.build import load_registry  # noqa: E402
from pipeline.data import source  # noqa: E402
from pipeline.data.problems import DataError  # noqa: E402
from pipeline.issue import archive, practice, series  # noqa: E402
from pipeline.issue.number import year_of  # noqa: E402
from pipeline.pdf import place  # noqa: E402
from pipeline.project import Project  # noqa: E402

FIELDS = {"nguoi_ky": "NguoiKy", "co_quan": "CoQuan", "kem_theo": "KemTheo"}
"""The signature field of each step."""
STEP_NAMES = {"nguoi_ky": "người ký", "co_quan": "cơ quan", "kem_theo": "cơ quan trên tệp kèm theo"}
PRACTICE = "chung_thu_thu"
logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # its English tracebacks are not for the clerk: results are said
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
logging.getLogger("fontTools").setLevel(logging.CRITICAL)  # "FFTM NOT subset": a table a PDF does not need


class SignError(Exception):
    """Signing cannot be done (message in Vietnamese)."""


@dataclass(frozen=True)
class Checked:
    """One signature of a PDF as validated: its field, who signed, when, and what holds."""

    field: str
    signer: str
    when: str
    intact: bool
    valid: bool
    trusted: bool


def iso_time(text_time: str) -> str:
    """Return a strftime %z time with the offset written as ISO 8601 asks (+07:00).

    >>> iso_time("2024-12-20T14:30:05+0700")
    '2024-12-20T14:30:05+07:00'
    """
    return re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text_time)


class _IsoTextStampStyle(TextStampStyle):
    """A text stamp whose signing time reads 2024-12-20T14:30:05+07:00."""

    def create_stamp(self, writer: Any, box: Any, text_params: dict) -> Any:
        params = dict(text_params or {})
        if "ts" in params:
            params["ts"] = iso_time(params["ts"])
        return super().create_stamp(writer, box, params)


def serif_font() -> str:
    """Return a file of Times New Roman (or of its metric-compatible substitute Liberation Serif) that pyHanko can
    embed: scaled to 1000 units per em, because pyHanko writes the font's advance widths unscaled into the PDF's
    /W array, which a 2048-unit TrueType font turns into letters spread twice too wide."""
    found = ""
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", "Times New Roman"], capture_output=True, text=True).stdout.strip()
    if not (found.lower().endswith(".ttf") and Path(found).is_file()):
        found = next((str(p) for p in Path("/usr/share/fonts").rglob("LiberationSerif-Regular.ttf")), "")
    if not found:
        raise SignError("không tìm thấy phông Times New Roman hoặc Liberation Serif để in thông tin chữ ký; chạy make setup")
    font = TTFont(found)
    if font["head"].unitsPerEm == 1000:
        return found
    scaled = Path(tempfile.gettempdir()) / f"nd30-{Path(found).stem}-1000.ttf"
    if not scaled.is_file():
        scale_upem(font, 1000)
        partial = scaled.with_name(f".{scaled.name}.{os.getpid()}")
        font.save(str(partial))
        os.replace(partial, scaled)
    return str(scaled)


def image_style(image: Path) -> StaticStampStyle:
    """Return the appearance of a signature that shows an image filling its field."""
    return StaticStampStyle(
        background=PdfImage(str(image)),
        border_width=0,
        background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
        ),
    )


def text_style() -> TextStampStyle:
    """Return the appearance of an attachment's body signature: số ký hiệu and time, Times New Roman 10, black."""
    return _IsoTextStampStyle(
        stamp_text="%(so_ky_hieu)s\n%(ts)s",
        timestamp_format="%Y-%m-%dT%H:%M:%S%z",
        border_width=0,
        background=None,
        text_box_style=text.TextBoxStyle(font=GlyphAccumulatorFactory(serif_font()), font_size=10, border_width=0),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX,
            y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.NO_SCALING,
        ),
    )


def readable_pdf(path: Path) -> bool:
    """Return whether a file is a PDF that opens, with at least one page."""
    try:
        with path.open("rb") as opened:
            if opened.read(5) != b"%PDF-":
                return False
        reader = PdfFileReader(io.BytesIO(path.read_bytes()), strict=False)
        return len(reader.root["/Pages"]["/Kids"]) > 0
    except Exception:  # noqa: BLE001 - whatever is wrong with the file, it is not a usable PDF
        return False


def check_image(image: Path, colour: str) -> list[str]:
    """Return why an image cannot be used (Vietnamese), or what to note about it; raise SignError if unusable."""
    try:
        with Image.open(image) as opened:
            kind, mode = opened.format, opened.mode
            rgba = opened.convert("RGBA")
    except Image.DecompressionBombError:
        raise SignError(f"ảnh {image} quá lớn (quá nhiều điểm ảnh); hãy dùng ảnh chữ ký, con dấu cỡ thông thường") from None
    except (OSError, ValueError):
        raise SignError(f"không mở được ảnh {image}: tệp không phải ảnh hoặc đã hỏng; cần tệp PNG nền trong suốt") from None
    if kind != "PNG":
        raise SignError(f"ảnh {image} là {kind}, cần tệp PNG nền trong suốt (Phụ lục I Nghị định 30)")
    alpha = rgba.getchannel("A")
    if mode not in ("RGBA", "LA", "PA", "P") or alpha.getextrema()[0] == 255:
        raise SignError(f"ảnh {image} không có nền trong suốt; cần PNG nền trong suốt (Phụ lục I Nghị định 30)")
    raw = rgba.resize((60, 60)).tobytes()
    pixels = [p for p in (tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)) if p[3] > 128]
    if not pixels:
        raise SignError(f"ảnh {image} trong suốt hoàn toàn (không thấy nét nào)")
    red = sum(p[0] for p in pixels) / len(pixels)
    blue = sum(p[2] for p in pixels) / len(pixels)
    if colour == "xanh" and blue <= red or colour == "do" and red <= blue:
        return [f"ảnh {image} không phải màu {'xanh' if colour == 'xanh' else 'đỏ'} như Nghị định 30 quy định; kiểm tra lại ảnh"]
    return []


def image_size(image: Path, fallback_width: float | None = None) -> tuple[float, float]:
    """Return an image's size in points: from its resolution when it has one (a seal at its actual size)."""
    with Image.open(image) as opened:
        width, height = opened.size
        dpi = opened.info.get("dpi")
    if dpi and dpi[0] > 1:
        return width / float(dpi[0]) * 72, height / float(dpi[1]) * 72
    scale = (fallback_width or width) / width
    return width * scale, height * scale


def load_signer(p12: Path | None, pkcs11: str | None, token: str | None, key_label: str | None) -> tuple[Any, Any]:
    """Return (signer, context to close): from a PKCS#12 file or a PKCS#11 token."""
    if pkcs11:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        pin = os.environ.get("ND30_PIN") or (getpass.getpass("Mã PIN của thiết bị ký số: ") if sys.stdin.isatty() else None)
        try:
            session = open_pkcs11_session(pkcs11, token_criteria=TokenCriteria(label=token) if token else None, user_pin=pin)
        except Exception as exc:  # noqa: BLE001 - the token library's own errors, reported in words
            raise SignError(f"không mở được thiết bị ký số {token or ''} qua {pkcs11}: {exc}") from None
        return PKCS11Signer(session, key_label=key_label, cert_label=key_label), session
    if p12 is None:
        raise SignError("cần chứng thư số: P12=<tệp .p12> (hoặc PKCS11=<thư viện> TOKEN=<nhãn> cho thiết bị ký số)")
    if not p12.is_file():
        raise SignError(f"không có tệp chứng thư {p12}")
    password = os.environ.get("ND30_MAT_KHAU")
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(f"Mật khẩu của {p12.name}: ")
    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=(password or "").encode() or None)
    if signer is None:
        raise SignError(f"không mở được {p12}: sai mật khẩu (ND30_MAT_KHAU) hoặc tệp không phải PKCS#12")
    return signer, None


def sign(
    data: bytes,
    signer: Any,
    *,
    step: str,
    box: place.Box,
    style: Any,
    params: dict[str, str] | None = None,
    location: str = "",
) -> bytes:
    """Return the PDF with one more PAdES signature in a new field at box, shown with style."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELDS[step],
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        location=location or None,
        reason=f"Ký số của {STEP_NAMES[step]} (Nghị định 30/2020/NĐ-CP)",
    )
    spec = fields.SigFieldSpec(FIELDS[step], on_page=box.page, box=box.rounded())
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=spec)
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out, appearance_text_params=params or {})
    return out.getvalue()


def validate(data: bytes, roots: list[Path] = ()) -> list[Checked]:
    """Return each signature of a PDF as validated by pyHanko: intact, valid and (against roots, if any) trusted."""
    trust = [load_cert_from_pemder(str(r)) for r in roots]
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    found = []
    for embedded in reader.embedded_signatures:
        context = ValidationContext(trust_roots=trust, allow_fetching=False)
        status = validate_pdf_signature(embedded, context)
        who = status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else ""
        when = status.signer_reported_dt.isoformat() if status.signer_reported_dt else ""
        found.append(Checked(embedded.field_name, who, when, status.intact, status.valid, bool(trust) and status.trusted))
    return found


def _signed_by(data: bytes) -> bytes | None:
    """Return the DER certificate of a PDF's first signature, if it has one."""
    signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    return signatures[0].signer_cert.dump() if signatures else None


def current(store: archive.Archive, entry: archive.Entry) -> tuple[Path, list[dict[str, str]]]:
    """Return the latest PDF of the main document (signed or not) and its signatures so far (its hash was checked
    with the rest of the document's archived files)."""
    done = [s for s in entry.ky_so if s["buoc"] in ("nguoi_ky", "co_quan")]
    return store.path(entry, done[-1]["tep"] if done else entry.tep_luu["pdf"]), done


def sign_command(project: Project, args: argparse.Namespace) -> int:
    """Run make ky-so; return the exit code."""
    try:
        lines, notes = _sign_command(project, args)
    except SignError as exc:
        print(f"LỖI      {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"LƯU Ý    {note}")
    for line in lines:
        print(line)
    return 0


def _entry(project: Project, doc: Path) -> tuple[archive.Archive, archive.Entry, Any, str]:
    """Return the archive, the archived entry of a data file, and its data."""
    if project.archive_dir is None:
        raise SignError("dự án này không lưu văn bản ban hành")
    year = year_of(project, doc)
    if year is None or not doc.is_file():
        raise SignError(f"'{doc}' không phải tệp dữ liệu văn bản trong data/<năm>/ (ví dụ DOC=data/2024/quyet_dinh_giay_khen_2024.yaml)")
    shown = project.show(doc.resolve())
    store = archive.Archive(project.archive_dir, project.show)
    try:
        data = source.load(doc, name=shown).data
        entries = store.entries()
    except (archive.ArchiveError, DataError) as exc:
        raise SignError(str(exc)) from None
    held = next((n for n in series.in_data(project, load_registry(project), [year]) if n.file == shown), None)
    number = (held.issuer, held.year, held.secret, held.number) if held else None  # a renamed file keeps its number
    entry = next((e for e in entries if e.key == number), None) or next((e for e in entries if e.tep == shown), None)
    if entry is None:
        raise SignError(
            f"{shown} chưa ban hành (chưa có trong ban_hanh/): cấp số bằng make cap-so DOC={shown} NGAY=<ngày ký>, "
            f"rồi make plan YEAR={year} để dựng và lưu bản ban hành, sau đó mới ký số"
        )
    return store, entry, data, shown


def _sign_command(project: Project, args: argparse.Namespace) -> tuple[list[str], list[str]]:
    store, entry, data, shown = _entry(project, Path(args.doc))
    damaged = [d for d in _damaged(store) if f"({entry.so_ky_hieu})" in d]
    if damaged:
        raise SignError("; ".join(damaged) + "; không ký cho tới khi khôi phục")
    registry = load_registry(project).registry
    body = registry.co_quan.get(entry.co_quan)
    location = body.dia_danh if body else ""
    notes: list[str] = []
    if args.kem:
        step, pdf = "kem_theo", Path(args.kem)
        if not pdf.is_file():
            raise SignError(f"không có tệp kèm theo {pdf}")
        if not readable_pdf(pdf):
            raise SignError(f"tệp kèm theo {pdf} không phải PDF hoặc đã hỏng; cần tệp PDF (xuất từ Word hoặc LibreOffice)")
        done: list[dict[str, str]] = []
    else:
        pdf, done = current(store, entry)
        steps = [s["buoc"] for s in done]
        step = "nguoi_ky" if not steps else "co_quan" if steps == ["nguoi_ky"] else None
        if step is None:
            raise SignError(f"văn bản {entry.so_ky_hieu} đã có đủ chữ ký số của người ký và của cơ quan ({store.show(pdf)})")
    wanted = args.buoc.replace("-", "_") if args.buoc else step
    if wanted != step:
        raise SignError(
            f"bước ký tiếp theo của {entry.so_ky_hieu} là {STEP_NAMES[step]}, không phải {STEP_NAMES[wanted]}: người ký ký trước, "
            "cơ quan ký sau (Phụ lục I Nghị định 30)"
        )
    source_bytes = pdf.read_bytes()
    if step == "nguoi_ky":
        image = _image(project, args.anh, registry.nguoi_ky.get(data.get("ky", {}).get("nguoi")), "anh_chu_ky", "nguoi_ky.yaml")
        notes += check_image(image, "xanh")
        title_lines = data_title(project, shown)
        try:
            title, name = place.signature_block(pdf, title_lines[0], title_lines[1])
            width, height = image_size(image)
            box = place.signer_box(title, name, width / height)
        except place.PlaceError as exc:
            raise SignError(f"{store.show(pdf)}: {exc}") from None
        style = image_style(image)
    elif step == "co_quan":
        image = _image(project, args.anh, body, "anh_dau", "co_quan.yaml")
        notes += check_image(image, "do")
        first = done[0]
        box = place.seal_box(place.Box(int(first["trang"]), *map(float, first["o"].split())), image_size(image, place.SEAL_DIAMETER))
        style = image_style(image)
        before = validate(source_bytes)
        if not all(c.intact and c.valid for c in before):
            raise SignError(f"chữ ký số của người ký trên {store.show(pdf)} không còn nguyên vẹn; không ký tiếp lên tệp này")
    else:
        box, style = place.attachment_box(pdf), text_style()
    signer, session = load_signer(Path(args.p12) if args.p12 else None, args.pkcs11, args.token, args.khoa)
    if step == "co_quan" and _signed_by(source_bytes) == signer.signing_cert.dump():
        raise SignError(
            "chứng thư này đã dùng cho chữ ký của người ký; chữ ký số của cơ quan phải bằng chứng thư số của cơ quan, tổ chức "
            "(do văn thư giữ), không phải của người ký (Phụ lục I II.8 Nghị định 30)"
        )
    try:
        signed = sign(source_bytes, signer, step=step, box=box, style=style, params={"so_ky_hieu": entry.so_ky_hieu}, location=location)
    except Exception as exc:  # noqa: BLE001 - pyHanko's and the token's errors, reported in words
        raise SignError(f"không ký được: {exc}") from None
    finally:
        if session is not None:
            session.close()
    when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    checked = validate(signed, [Path(r) for r in (args.ca,) if getattr(args, "ca", None)])
    if not checked or not all(c.intact and c.valid for c in checked):
        raise SignError("bản vừa ký không kiểm tra được là nguyên vẹn; không lưu")
    try:
        path = store.add_signed(entry, signed, step, when, box)
    except archive.ArchiveError as exc:
        raise SignError(str(exc)) from None
    lines = [f"Đã ký số ({STEP_NAMES[step]}) {entry.so_ky_hieu}: {store.show(path)}"]
    lines += [f"  chữ ký {c.field}: {c.signer}, lúc {c.when}, nguyên vẹn{', tin cậy' if c.trusted else ''}" for c in checked]
    if step == "nguoi_ky":
        lines.append(f"Tiếp theo: văn thư ký số của cơ quan: make ky-so DOC={shown} P12=<chứng thư của cơ quan>")
    return lines, notes


def _damaged(store: archive.Archive) -> list[str]:
    try:
        return store.damaged()
    except archive.ArchiveError as exc:
        raise SignError(str(exc)) from None


def data_title(project: Project, shown: str) -> tuple[str, str]:
    """Return the last title line of a document's signature block and the signer's name, as printed."""
    from pipeline import build

    year = year_of(project, project.root / shown)
    ready, problems, _ = build.prepare(project, year, load_registry(project))
    doc = next((d for d in ready if d.file == shown), None)
    if doc is None:
        mine = [str(p) for p in problems if p.file == shown]
        raise SignError(f"{shown} có lỗi nên chưa ký: " + ("; ".join(mine[:3]) or f"chạy make check YEAR={year} để xem"))
    return doc.context["chuc_danh"][-1], doc.context["ho_ten"]


def _image(project: Project, given: str | None, entry: Any, key: str, registry: str) -> Path:
    """Return the image to show: given (ANH=), else the one the registry names."""
    if given:
        path = Path(given)
    elif entry is not None and getattr(entry, key, None):
        path = project.registry_dir / getattr(entry, key)
    else:
        raise SignError(f"cần ảnh PNG nền trong suốt: ANH=<tệp .png>, hoặc khai {key} trong data/danh_muc/{registry}")
    if not path.is_file():
        raise SignError(f"không có tệp ảnh {path}")
    return path


def make_test_certificates(project: Project) -> int:
    """Write the practice certificates and images (make chung-thu-thu); return the exit code."""
    folder = project.root / project.output / PRACTICE
    files = practice.make(folder)
    print(f"Đã tạo chứng thư số THỬ NGHIỆM (không có giá trị pháp lý) trong {project.show(folder)}/, mật khẩu: thu")
    for path in (files.ca, files.signer, files.body, files.signature_image, files.seal_image):
        print(f"  {project.show(path)}")
    print(
        f"Tập ký: ND30_MAT_KHAU=thu make ky-so DOC=<tệp> P12={project.show(files.signer)} ANH={project.show(files.signature_image)}, "
        f"rồi ND30_MAT_KHAU=thu make ky-so DOC=<tệp> P12={project.show(files.body)} ANH={project.show(files.seal_image)}"
    )
    return 0
