"""Issuing (ND30 Điều 15–18, Phụ lục I II.7–8, Phụ lục IV): the next number, the register, the frozen archive,
PDF/A and the two PAdES signatures at the decree's places.

Certificates are made here (a practice CA, a signer, a body); signatures are validated by pyHanko against that CA,
and the images are found by rastering the page, independently of where the program meant to put them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from pipeline.build import Project, build, check
from pipeline.cli import parser, run
from pipeline.issue import archive, practice
from pipeline.issue.books import collect, write_books
from pipeline.issue.number import give_number, set_keys
from pipeline.issue.register import HEADINGS
from pipeline.pdf import place
from tests.conftest import ROOT

DECISION = "quyet_dinh_giay_khen_2024"
ZONE = "ke_hoach_khu_vuc_2024"
KEEP = {f"{DECISION}.yaml", f"{ZONE}.yaml", "khen_thuong.yaml", "to_trinh_bang_khen_ubnd_2024.yaml"}
DAY = dt.date(2024, 12, 20)


def small_project(folder: Path) -> Project:
    """A copy of the project with a few documents (a decision with an appendix, an issued plan, a draft)."""
    for name in ("data", "doc_templates"):
        shutil.copytree(ROOT / name, folder / name)
    for path in (folder / "data" / "2024").iterdir():
        if path.name not in KEEP:
            path.unlink()
    return Project(folder)


def archived(project: Project) -> dict[str, archive.Entry]:
    return {Path(e.tep).stem: e for e in archive.Archive(project.archive_dir).entries()}


def files_of(project: Project, entry: archive.Entry) -> dict[str, bytes]:
    folder = archive.Archive(project.archive_dir).folder(entry.co_quan, entry.nam)
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


# --- the next number -------------------------------------------------------------------------------------------


def test_cap_so_gives_the_next_number_and_changes_only_two_lines(tmp_project):
    path = tmp_project.year_dir(2024) / f"{DECISION}.yaml"
    before = path.read_bytes().replace(b"\n", b"\r\n")  # a file saved on Windows keeps its line ends
    path.write_bytes(before)
    outcome = give_number(tmp_project, path, DAY)
    assert outcome.done and not outcome.problems and not outcome.failures, outcome
    after = path.read_bytes()
    old, new = before.split(b"\r\n"), after.split(b"\r\n")
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert [b for _, b in changed] == [b"so: 1", b"ngay: 2024-12-20"], changed  # the other lines byte-identical
    assert "01/QĐ-STP" in outcome.done[0] and "20/12/2024" in outcome.done[0]


def test_the_next_number_counts_every_folder_the_archive_and_numbers_given_outside(tmp_project, edit):
    (tmp_project.year_dir(2025)).mkdir()
    plan = tmp_project.year_dir(2025) / "ke_hoach_2025.yaml"  # next year's plan, signed in December 2024
    shutil.copy(tmp_project.year_dir(2024) / "ke_hoach_dien_hinh_tien_tien.yaml", plan)
    edit(tmp_project, "ke_hoach_2025", {r"^so: ~": "so: 7", r"^ngay: .*": "ngay: 2024-12-10"}, year=2025)
    (tmp_project.root / "data" / "so_cap_ngoai.yaml").write_text("stp_ninh_binh:\n  2024: 1-6, 8-9\n", encoding="utf-8")
    outcome = give_number(tmp_project, tmp_project.year_dir(2024) / f"{DECISION}.yaml", DAY)
    assert outcome.done, outcome
    assert "10/QĐ-STP" in outcome.done[0]  # 1–6, 8–9 outside, 7 in data/2025: next is 10


def test_secret_documents_take_their_own_series(tmp_project, edit):
    edit(tmp_project, "ke_hoach_dien_hinh_tien_tien", {r"^so: ~": "so: 5", r"^ngay: .*": "ngay: 2024-03-01"})
    edit(tmp_project, DECISION, {r"^so: ~": "so: ~\ndo_mat: mat"})
    outcome = give_number(tmp_project, tmp_project.year_dir(2024) / f"{DECISION}.yaml", DAY)
    assert outcome.done and "01/QĐ-STP" in outcome.done[0] and "mật" in outcome.done[0], outcome


def test_cap_so_refuses_what_it_must_not_number(tmp_project, edit):
    path = tmp_project.year_dir(2024) / f"{DECISION}.yaml"
    edit(tmp_project, "ke_hoach_dien_hinh_tien_tien", {r"^so: ~": "so: 3", r"^ngay: .*": "ngay: 2024-12-22"})
    kept = path.read_bytes()
    late = give_number(tmp_project, path, DAY)  # before the date of number 3: numbers follow the order of time
    assert not late.done and any("03/KH-STP" in f and "trình tự thời gian" in f for f in late.failures), late
    wrong_year = give_number(tmp_project, path, dt.date(2026, 1, 5))  # a decision of 2024 signed in 2026
    assert not wrong_year.done and any("[ngay-ngoai-nam]" in p.message for p in wrong_year.problems), wrong_year
    assert path.read_bytes() == kept
    numbered = give_number(tmp_project, tmp_project.year_dir(2024) / f"{ZONE}.yaml", DAY)
    assert not numbered.done and any("đã có số 12" in f for f in numbered.failures), numbered


def test_set_keys_adds_a_missing_key_and_refuses_a_block_value():
    assert set_keys(b"loai: x\nco_quan: stp\n", {"so": "2", "ngay": "2024-01-02"}, after="co_quan") == (
        b"loai: x\nco_quan: stp\nso: 2\nngay: 2024-01-02\n"
    )
    with pytest.raises(ValueError, match="không nằm trên cùng dòng"):
        set_keys(b"co_quan: stp\nso:\n  12\n", {"so": "2"}, after="co_quan")


def test_gaps_and_duplicates_are_reported_by_check(tmp_project, edit):
    (tmp_project.root / "data" / "so_cap_ngoai.yaml").unlink()
    edit(tmp_project, "ke_hoach_dien_hinh_tien_tien", {r"^so: ~": "so: 4", r"^ngay: .*": "ngay: 2024-01-10"})
    report = check(tmp_project, 2024)
    gaps = [w for w in report.warnings if "[so-cach-quang]" in w.message]
    assert {w.file for w in gaps} == {f"data/2024/{ZONE}.yaml", "data/2024/ke_hoach_dien_hinh_tien_tien.yaml"}, gaps
    assert any("01-03" in w.message for w in gaps)
    (tmp_project.root / "data" / "so_cap_ngoai.yaml").write_text("stp_ninh_binh:\n  2024: 1-3\nkvtd_dbbb:\n  2024: 1-11\n")
    assert not [w for w in check(tmp_project, 2024).warnings if "[so-cach-quang]" in w.message]
    edit(tmp_project, DECISION, {r"^so: ~": "so: 4", r"^ngay: .*": "ngay: 2024-12-20"})
    assert [p for p in check(tmp_project, 2024).problems if "[so-trung]" in p.message]


def test_numbers_given_outside_are_not_given_again_or_used_twice(tmp_project, edit):
    outside = tmp_project.root / "data" / "so_cap_ngoai.yaml"
    outside.write_text("kvtd_dbbb:\n  2024: 1-12\n", encoding="utf-8")
    clash = [p for p in check(tmp_project, 2024).problems if "[so-trung]" in p.message]
    assert [p.file for p in clash] == [f"data/2024/{ZONE}.yaml"] and "so_cap_ngoai.yaml" in clash[0].message
    outside.write_text("stp_ninh_binh:\n  2024: 1-40\n  2025: 9-4\n", encoding="utf-8")  # unreadable: no number given
    path = tmp_project.year_dir(2024) / f"{DECISION}.yaml"
    kept = path.read_bytes()
    outcome = give_number(tmp_project, path, DAY)
    assert not outcome.done and any("ngược" in p.message for p in outcome.problems) and path.read_bytes() == kept


def test_a_gap_can_be_silenced_where_it_is_known(tmp_project):
    (tmp_project.root / "data" / "so_cap_ngoai.yaml").unlink()
    path = tmp_project.year_dir(2024) / f"{ZONE}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nbo_qua:\n  - ma: so-cach-quang\n    khoa: so\n    ly_do: Số 01-11 ghi tay\n",
        encoding="utf-8",
    )
    warnings = [w.message for w in check(tmp_project, 2024).warnings]
    assert not [w for w in warnings if "[so-cach-quang]" in w or "[bo-qua-thua]" in w], warnings


def test_a_bad_outside_numbers_file_is_located():
    from pipeline.build import load_registry
    from pipeline.data import source, validate

    loaded = source.parse("stp_ninh_binh:\n  2024: 9-4\n  24: 1\nkhong_co: {2024: 1}\n", "data/so_cap_ngoai.yaml")
    _, problems = validate.external(loaded, load_registry(Project(ROOT)))
    messages = {(p.line, p.key): p.message for p in problems}
    assert "ngược" in messages[(2, "stp_ninh_binh.2024")]
    assert "năm dương lịch" in messages[(3, "stp_ninh_binh.24")]
    assert "khong_co" in messages[(4, "khong_co")]


# --- issued: archived, frozen, registered -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def issued(tmp_path_factory) -> Project:
    """A project whose decision was numbered with cap-so and built with PDF: issued and archived."""
    project = small_project(tmp_path_factory.mktemp("issued"))
    assert give_number(project, project.year_dir(2024) / f"{DECISION}.yaml", DAY).done
    report = build(project, 2024)
    assert report.ok, [str(p) for p in report.problems] + report.failures
    return project


def test_an_issued_document_is_archived_with_its_hashes(issued):
    entries = archived(issued)
    assert set(entries) == {DECISION, ZONE}  # the numbered ones; the draft Tờ trình is not issued
    entry = entries[DECISION]
    folder = archive.Archive(issued.archive_dir).folder("stp_ninh_binh", 2024)
    for role in ("docx", "pdf", "yaml"):
        data = (folder / entry.tep_luu[role]).read_bytes()
        assert entry.sha256[entry.tep_luu[role]] == __import__("hashlib").sha256(data).hexdigest()
    assert (folder / entry.tep_luu["docx"]).read_bytes() == (issued.output_dir(2024) / f"{DECISION}.docx").read_bytes()
    assert (folder / entry.tep_luu["pdf"]).read_bytes() == (issued.output_dir(2024) / f"{DECISION}.pdf").read_bytes()
    assert entry.so_ky_hieu == "01/QĐ-STP" and entry.ngay == "2024-12-20"


def test_the_issued_pdf_is_pdfa_2b_with_fonts_embedded_and_metadata_from_the_data(issued):
    entry = archived(issued)[DECISION]
    pdf = archive.Archive(issued.archive_dir).path(entry, entry.tep_luu["pdf"])
    reader = PdfFileReader(io.BytesIO(pdf.read_bytes()))
    metadata = reader.root["/Metadata"].get_object().data.decode("utf-8")
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", metadata) and re.search(r"<pdfaid:conformance>B</pdfaid:conformance>", metadata)
    assert "<xmp:CreateDate>2024-12-20T00:00:00Z</xmp:CreateDate>" in metadata  # the date of signing, as in /Info
    assert "/OutputIntents" in reader.root
    info = reader.trailer["/Info"]
    assert str(info["/Title"]).startswith("Về việc tặng Giấy khen")
    assert str(info["/Author"]) == "Sở Tư pháp tỉnh Ninh Bình"
    assert str(info["/CreationDate"]).startswith("D:20241220")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column


def test_a_change_of_content_after_issue_is_refused_and_the_archive_stays(issued, edit):
    entry = archived(issued)[DECISION]
    kept, live = files_of(issued, entry), (issued.output_dir(2024) / f"{DECISION}.pdf").read_bytes()
    path = issued.year_dir(2024) / f"{DECISION}.yaml"
    original = path.read_bytes()
    try:
        edit(issued, DECISION, {r"trích từ Quỹ": "chi từ Quỹ"})
        report = build(issued, 2024)
        refused = [p for p in report.problems if "[da-ban-hanh]" in p.message]
        assert [p.file for p in refused] == [f"data/2024/{DECISION}.yaml"], [str(p) for p in report.problems]
        message = refused[0].message
        assert "01/QĐ-STP" in message and "sửa đổi, bổ sung hoặc thay thế" in message and "0001-quyet_dinh_giay_khen_2024.yaml" in message
        assert files_of(issued, entry) == kept
        assert (issued.output_dir(2024) / f"{DECISION}.pdf").read_bytes() == live
    finally:
        path.write_bytes(original)


def test_a_change_of_layout_only_asks_for_a_correcting_letter(issued, edit):
    entry = archived(issued)[DECISION]
    kept = files_of(issued, entry)
    path = issued.year_dir(2024) / f"{DECISION}.yaml"
    original = path.read_bytes()
    try:
        edit(issued, DECISION, {r"^  - (Tiền thưởng)(.*)$": r'  - "**\1**\2"'})  # the same words, some in bold
        said = [p for p in check(issued, 2024).problems if "[the-thuc-ban-hanh]" in p.message]
        report = build(issued, 2024)
        refused = [p for p in report.problems if "[the-thuc-ban-hanh]" in p.message]
        assert refused and "đính chính bằng công văn" in refused[0].message, [str(p) for p in report.problems]
        assert said == refused  # make check says it too
        assert files_of(issued, entry) == kept
    finally:
        path.write_bytes(original)


def test_a_new_template_does_not_touch_an_issued_document_and_lost_outputs_come_back_from_the_archive(issued):
    entry = archived(issued)[DECISION]
    kept = files_of(issued, entry)
    styles = issued.template_dir / "word" / "styles.xml"
    original = styles.read_bytes()
    path = issued.year_dir(2024) / f"{DECISION}.yaml"
    data = path.read_bytes()
    try:
        styles.write_bytes(original.replace(b'w:sz w:val="24"', b'w:sz w:val="25"', 1))
        path.write_bytes(data + "# ghi chú thêm sau khi ban hành\n".encode())  # a comment is not a change
        (issued.output_dir(2024) / f"{DECISION}.pdf").unlink()
        report = build(issued, 2024)
        assert report.ok and DECISION in report.frozen, [str(p) for p in report.problems] + report.failures
        assert files_of(issued, entry) == kept
        pdf_name = entry.tep_luu["pdf"]
        assert (issued.output_dir(2024) / f"{DECISION}.pdf").read_bytes() == kept[pdf_name]  # copied back, not converted
    finally:
        styles.write_bytes(original)
        path.write_bytes(data)


def test_the_register_lists_each_number_once_with_the_decree_columns(issued, tmp_path):
    (issued.root / "data" / "so_cap_ngoai.yaml").write_text("kvtd_dbbb:\n  2024: 1-11\n", encoding="utf-8")
    books = {(b.issuer, b.secret): b for b in collect(issued, 2024).books}
    assert set(books) == {("stp_ninh_binh", False), ("kvtd_dbbb", False)}
    zone = books[("kvtd_dbbb", False)]
    assert [line.number for line in zone.lines] == list(range(1, 13))
    assert zone.lines[-1].columns["so_ky_hieu"] == "12/KH-KVTĐ" and zone.lines[0].columns["ghi_chu"] == "Cấp ngoài chương trình"
    office = books[("stp_ninh_binh", False)]
    assert [line.columns["so_ky_hieu"] for line in office.lines] == ["01/QĐ-STP"]
    assert office.lines[0].columns["ngay"] == "20/12/2024" and office.lines[0].columns["nguoi_ky"] == "Phạm Minh Thường"
    assert write_books(issued, 2024) == 0
    out = issued.root / "output" / "so_van_ban" / "2024"
    rows = list(csv.reader(io.StringIO((out / "stp_ninh_binh.csv").read_bytes().decode("utf-8-sig"))))
    assert tuple(rows[0][:10]) == HEADINGS and [r[0] for r in rows[1:]] == ["01/QĐ-STP"]
    with zipfile.ZipFile(out / "kvtd_dbbb.docx") as docx:
        xml = docx.read("word/document.xml").decode()
    assert 'w:orient="landscape"' in xml and "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in xml and xml.count("12/KH-KVTĐ") == 1
    pdf = pdfium.PdfDocument(str(out / "kvtd_dbbb.pdf"))
    width, height = pdf[0].get_size()
    assert width > height  # landscape, ready to print and bind
    pdf.close()


# --- digital signatures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def signed(issued, tmp_path_factory) -> tuple[Project, practice.Practice, Path]:
    """The issued decision signed twice with make ky-so's command: the signer, then the body."""
    certs = practice.make(tmp_path_factory.mktemp("certs"))
    os.environ["ND30_MAT_KHAU"] = "thu"
    doc = str(issued.year_dir(2024) / f"{DECISION}.yaml")
    for p12, image in ((certs.signer, certs.signature_image), (certs.body, certs.seal_image)):
        args = parser().parse_args(["ky-so", "--doc", doc, "--p12", str(p12), "--anh", str(image), "--ca", str(certs.ca)])
        assert run(args, issued) == 0
    entry = archived(issued)[DECISION]
    assert [s["buoc"] for s in entry.ky_so] == ["nguoi_ky", "co_quan"]
    return issued, certs, archive.Archive(issued.archive_dir).path(entry, entry.ky_so[-1]["tep"])


def test_the_twice_signed_pdf_validates_against_the_test_ca(signed):
    _, certs, pdf = signed
    reader = PdfFileReader(io.BytesIO(pdf.read_bytes()))
    signatures = reader.embedded_signatures
    assert [s.field_name for s in signatures] == ["NguoiKy", "CoQuan"]
    for embedded in signatures:
        status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[load_cert_from_pemder(str(certs.ca))]))
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert status.signer_reported_dt.utcoffset() is not None
    assert "/ByteRange" in pdf.read_bytes().decode("latin-1")
    stranger = practice.make(pdf.parent.parent / "other-ca")  # another CA does not make them trusted
    status = validate_pdf_signature(signatures[0], ValidationContext(trust_roots=[load_cert_from_pemder(str(stranger.ca))]))
    assert status.intact and not status.trusted


def test_a_third_signature_and_a_signed_pdf_are_never_written_over(signed):
    project, certs, pdf = signed
    before = {p.name: p.read_bytes() for p in pdf.parent.iterdir() if p.suffix == ".pdf"}
    args = parser().parse_args(["ky-so", "--doc", str(project.year_dir(2024) / f"{DECISION}.yaml"), "--p12", str(certs.body)])
    assert run(args, project) == 1
    assert build(project, 2024).ok
    assert {p.name: p.read_bytes() for p in pdf.parent.iterdir() if p.suffix == ".pdf"} == before


def BLUE(p: bytes) -> bool:  # noqa: N802 - a colour, named as one
    return p[2] > 150 and p[0] < 90 and p[1] < 110


def RED(p: bytes) -> bool:  # noqa: N802
    return p[0] > 180 and p[1] < 80 and p[2] < 90


def _raster(pdf: Path, page: int, dpi: int = 100) -> Image.Image:
    """Return a page as poppler draws it, signature appearances included (no coloured subpixel text)."""
    out = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page + 1), "-l", str(page + 1), "-png", str(pdf)], capture_output=True, check=True
    ).stdout
    return Image.open(io.BytesIO(out)).convert("RGB")


def _bbox(image: Image.Image, test) -> tuple[int, int, int, int] | None:
    raw = image.tobytes()
    mask = Image.new("L", image.size)
    mask.frombytes(bytes(255 if test(raw[i : i + 3]) else 0 for i in range(0, len(raw), 3)))
    return mask.getbbox()


def test_the_images_sit_where_the_decree_puts_them(signed):
    project, _, pdf = signed
    document = pdfium.PdfDocument(str(pdf))
    last = len(document) - 1
    page_height = document[0].get_height()
    document.close()
    from pipeline.issue.signing import data_title

    title_text, name_text = data_title(project, f"data/2024/{DECISION}.yaml")
    title, name = place.signature_block(pdf, title_text, name_text)
    dpi = 100
    scale = dpi / 72
    image = _raster(pdf, name.page, dpi)
    blue, red = _bbox(image, BLUE), _bbox(image, RED)
    assert blue and red, (blue, red)
    # the signer's image: centred under the name's centre, between the title's bottom and the name's top (II.7.d)
    centre = (name.left + name.right) / 2 * scale
    assert abs((blue[0] + blue[2]) / 2 - centre) < 4 * place.MM * scale
    top_limit, bottom_limit = (page_height - title.bottom) * scale, (page_height - name.top) * scale
    assert top_limit - 2 <= blue[1] and blue[3] <= bottom_limit + 2, (blue, top_limit, bottom_limit)
    # the seal: about 36 mm across, covering about the left third of the signer's image (II.8.a)
    assert abs((red[2] - red[0]) - 36 * place.MM * scale) < 3 * place.MM * scale
    third = blue[0] + (blue[2] - blue[0]) / 3
    assert abs(red[2] - third) < 4 * place.MM * scale and red[0] < blue[0]
    assert name.page == last or name.page < last  # the signature page is the one with the name (appendix may follow)


def test_an_attachment_gets_an_invisible_body_signature_with_number_and_time_top_right(signed, tmp_path):
    project, certs, _ = signed
    attachment = tmp_path / "danh_sach.pdf"
    attachment.write_bytes((project.output_dir(2024) / f"{ZONE}.pdf").read_bytes())  # any PDF a clerk attaches
    args = parser().parse_args(
        ["ky-so", "--doc", str(project.year_dir(2024) / f"{DECISION}.yaml"), "--p12", str(certs.body), "--kem", str(attachment)]
    )
    assert run(args, project) == 0
    entry = archived(project)[DECISION]
    signed_kem = archive.Archive(project.archive_dir).path(entry, entry.ky_so[-1]["tep"])
    assert entry.ky_so[-1]["buoc"] == "kem_theo" and ".kem-theo-1." in signed_kem.name
    data = signed_kem.read_bytes()
    reader = PdfFileReader(io.BytesIO(data))
    (embedded,) = reader.embedded_signatures
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[load_cert_from_pemder(str(certs.ca))]))
    assert status.intact and status.valid and status.trusted
    document = pdfium.PdfDocument(str(signed_kem))
    document.init_forms()
    page = document[0]
    width, height = page.get_size()
    page.flatten()  # the signature's appearance into the page, so its text can be read where it is drawn
    page.close()
    flat = tmp_path / "phang.pdf"
    document.save(str(flat))
    document.close()
    region = ["-x", str(int(width / 2)), "-y", "0", "-W", str(int(width / 2)), "-H", str(int(20 * place.MM))]
    stamp = subprocess.run(["pdftotext", "-f", "1", "-l", "1", *region, str(flat), "-"], capture_output=True, text=True, check=True).stdout
    assert "01/QĐ-STP" in stamp
    assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", stamp), stamp
    appearance = embedded.sig_field["/AP"]["/N"].get_object()
    font = next(iter(appearance["/Resources"]["/Font"].values())).get_object()
    assert "LiberationSerif" in str(font["/BaseFont"]) or "TimesNewRoman" in str(font["/BaseFont"])
    assert re.search(rb"/\w+ 10(\.0+)? Tf", appearance.data)  # 10 pt
    raster = _raster(signed_kem, 0)  # no image: neither a blue signature nor a red seal on the page
    assert _bbox(raster, BLUE) is None and _bbox(raster, RED) is None
    box, scale = place.attachment_box(signed_kem), 100 / 72
    region = raster.crop(
        (int(box.left * scale), int((height - box.top) * scale), int(box.right * scale), int((height - box.bottom) * scale))
    )
    ink = _bbox(region, lambda p: max(p) < 100)
    assert ink and (ink[3] - ink[1]) / scale > 5 * place.MM, ink  # both lines drawn whole (cut at the box: about 4.3 mm)


def test_signing_a_draft_says_what_to_do_first(tmp_project, capsys):
    args = parser().parse_args(["ky-so", "--doc", str(tmp_project.year_dir(2024) / f"{DECISION}.yaml"), "--p12", "x.p12"])
    assert run(args, tmp_project) == 1
    said = capsys.readouterr().err
    assert "chưa ban hành" in said and "make cap-so" in said and "make plan" in said


def test_series_gap_listing():
    from pipeline.nd30.checks import ranges

    assert ranges([1, 2, 3, 7]) == "01-03, 07"


def test_the_body_cannot_sign_with_the_signer_s_certificate_nor_sign_a_non_pdf(tmp_path, capsys):
    project = small_project(tmp_path / "p")
    assert give_number(project, project.year_dir(2024) / f"{DECISION}.yaml", DAY).done
    assert build(project, 2024).ok
    certs = practice.make(tmp_path / "certs")
    os.environ["ND30_MAT_KHAU"] = "thu"
    doc = str(project.year_dir(2024) / f"{DECISION}.yaml")

    def sign(*extra: str) -> int:
        return run(parser().parse_args(["ky-so", "--doc", doc, *extra]), project)

    assert sign("--p12", str(certs.signer), "--anh", str(certs.signature_image)) == 0
    assert sign("--p12", str(certs.signer), "--anh", str(certs.seal_image)) == 1
    assert "chứng thư số của cơ quan" in capsys.readouterr().err
    garbage = tmp_path / "kem.pdf"
    garbage.write_text("không phải PDF", encoding="utf-8")
    assert sign("--p12", str(certs.body), "--kem", str(garbage)) == 1
    assert "không phải PDF" in capsys.readouterr().err
    assert [s["buoc"] for s in archived(project)[DECISION].ky_so] == ["nguoi_ky"]


def test_a_damaged_archive_is_said_at_every_run_and_an_unrecorded_file_is_not_issued(tmp_path):
    project = small_project(tmp_path / "p")
    assert build(project, 2024).ok
    entry = archived(project)[ZONE]
    pdf = archive.Archive(project.archive_dir).path(entry, entry.tep_luu["pdf"])
    os.chmod(pdf, 0o644)
    good = pdf.read_bytes()
    pdf.write_bytes(good + b"%")
    for report in (build(project, 2024), check(project, 2024)):  # skipped or not, it is said
        assert any("0012-ke_hoach_khu_vuc_2024.pdf" in f and "sao lưu" in f for f in report.failures), report.failures
    assert collect(project, 2024).failures
    assert not give_number(project, project.year_dir(2024) / f"{DECISION}.yaml", DAY).done  # not while damaged
    pdf.write_bytes(good)  # restored from a backup
    # a file left by an interrupted issue (no entry names it) is written over when the document is issued
    orphan = project.archive_dir / "stp_ninh_binh" / "2024" / "0001-quyet_dinh_giay_khen_2024.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.4 half")
    assert give_number(project, project.year_dir(2024) / f"{DECISION}.yaml", DAY).done
    report = build(project, 2024)
    assert any(DECISION in line for line in report.issued), report.failures
    assert orphan.read_bytes() != b"%PDF-1.4 half"


def test_cap_so_with_a_quoted_key_and_without_doc(tmp_project):
    assert set_keys(b'co_quan: stp\n"so": ~\nngay: 2024\n', {"so": "3", "ngay": "2024-05-06"}, after="co_quan") == (
        b"co_quan: stp\nso: 3\nngay: 2024-05-06\n"
    )
    assert not give_number(tmp_project, Path(""), DAY).done
    missing = give_number(tmp_project, tmp_project.year_dir(2024) / "khong_co.yaml", DAY)
    assert any("không có tệp" in f for f in missing.failures)
    awards = give_number(tmp_project, tmp_project.year_dir(2024) / "khen_thuong.yaml", DAY)
    assert any("không phải tệp dữ liệu văn bản" in f for f in awards.failures)


SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")


def test_a_pkcs11_token_signs_like_a_pkcs12_file(tmp_path, monkeypatch):
    """SoftHSM (installed by make setup) stands for the signer's USB token: key and certificate put in, then signed."""
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    assert SOFTHSM.is_file(), "softhsm2 missing: make setup installs it"
    (tmp_path / "tokens").mkdir()
    (tmp_path / "softhsm2.conf").write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(tmp_path / "softhsm2.conf"))
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", "nd30-thu", "--pin", "1234", "--so-pin", "5678"],
        check=True,
        capture_output=True,
    )
    certs = practice.make(tmp_path / "certs")
    key, cert, _ = pkcs12.load_key_and_certificates(certs.signer.read_bytes(), practice.PASSWORD)
    der_key = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    token = pkcs11.lib(str(SOFTHSM)).get_token(token_label="nd30-thu")
    with token.open(rw=True, user_pin="1234") as session:
        common = {pkcs11.Attribute.TOKEN: True, pkcs11.Attribute.LABEL: "nguoi-ky", pkcs11.Attribute.ID: b"\x01"}
        session.create_object({**decode_rsa_private_key(der_key), **common, pkcs11.Attribute.SIGN: True, pkcs11.Attribute.PRIVATE: True})
        session.create_object({**decode_x509_certificate(cert.public_bytes(serialization.Encoding.DER)), **common})
    project = small_project(tmp_path / "p")
    assert build(project, 2024).ok  # the zone's plan, numbered in the data, is issued
    monkeypatch.setenv("ND30_PIN", "1234")
    args = ["ky-so", "--doc", str(project.year_dir(2024) / f"{ZONE}.yaml"), "--pkcs11", str(SOFTHSM), "--token", "nd30-thu"]
    assert run(parser().parse_args([*args, "--khoa", "nguoi-ky", "--anh", str(certs.signature_image)]), project) == 0
    entry = archived(project)[ZONE]
    signed_pdf = archive.Archive(project.archive_dir).path(entry, entry.ky_so[-1]["tep"])
    (embedded,) = PdfFileReader(io.BytesIO(signed_pdf.read_bytes())).embedded_signatures
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[load_cert_from_pemder(str(certs.ca))]))
    assert status.intact and status.valid and status.trusted and embedded.field_name == "NguoiKy"


def test_a_hand_edited_archive_record_is_not_believed(tmp_path):
    project = small_project(tmp_path / "p")
    assert build(project, 2024).ok
    index = project.archive_dir / "kvtd_dbbb" / "2024" / archive.INDEX
    index.write_text(index.read_text(encoding="utf-8").replace('"so": 12', '"so": 15'), encoding="utf-8")
    report = check(project, 2024)
    assert any("so_dang_ky.json" in f and "sửa ngoài chương trình" in f for f in report.failures), report.failures
    assert not give_number(project, project.year_dir(2024) / f"{DECISION}.yaml", DAY).done
