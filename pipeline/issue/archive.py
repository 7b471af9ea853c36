"""The archive of issued documents: what was issued stays exactly as it was (ND30 Điều 18.3).

When a document is first built with its number and full date, its DOCX, its PDF
and the data file it came from are copied into ``ban_hanh/<co_quan>/<năm>/``
(the issuer and the calendar year of signing), and an entry with their SHA-256
hashes, the fingerprint of what the document says and the fields of its line in
the register is added to that folder's ``so_dang_ky.json``. Archived files are
never written over: a file name once taken keeps its bytes (read-only), and
signed PDFs (:mod:`pipeline.issue.sign`) are added beside them under new names.

The archive is the record of what was issued: a run checks every numbered
document against it, ``make cap-so`` counts its numbers as taken, and the
register lists its entries. It lives outside ``output/`` so that ``make clean``
never touches it; it must be backed up like the data.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.oserrors import describe
from pipeline.output import lock
from pipeline.output.files import file_hash, write_atomic

INDEX = "so_dang_ky.json"
VERSION = 1


class ArchiveError(Exception):
    """The archive cannot be read or written (message in Vietnamese, naming the file)."""


@dataclass
class Entry:
    """One issued document in the archive."""

    co_quan: str
    nam: int
    """Calendar year of signing: numbers restart each year (Điều 15.1)."""
    mat: bool
    """In the issuer's secret series (Điều 15.2)."""
    so: int
    so_ky_hieu: str
    ngay: str
    """Date of signing, ISO."""
    tep: str
    """The data file it was built from, as shown to the clerk (data/2024/x.yaml)."""
    noi_dung: str
    """Fingerprint of what the document says, its number and date left out."""
    tep_luu: dict[str, str] = field(default_factory=dict)
    """Archived file by role (docx, pdf, yaml) -> file name in the archive folder."""
    sha256: dict[str, str] = field(default_factory=dict)
    """Archived file name -> SHA-256."""
    dang_ky: dict[str, str] = field(default_factory=dict)
    """Its line in the register: the columns the data gives (see pipeline.issue.register)."""
    ky_so: list[dict[str, str]] = field(default_factory=list)
    """Signed PDFs, in order: {"tep", "buoc" (nguoi_ky, co_quan, kem_theo), "luc" (ISO time of signing), "trang" and "o"
    (page and box of the signature field, in points)}."""

    @property
    def key(self) -> tuple[str, int, bool, int]:
        return (self.co_quan, self.nam, self.mat, self.so)

    @property
    def stem(self) -> str:
        """The base of the archived file names: 0012-ke_hoach_khu_vuc_2024, mat-0003-…"""
        return Path(self.tep_luu["docx"]).stem if "docx" in self.tep_luu else ""


def file_stem(number: int, secret: bool, name: str) -> str:
    """Return the base name of a document's archived files.

    >>> file_stem(12, False, "ke_hoach_khu_vuc_2024"), file_stem(3, True, "bao_cao")
    ('0012-ke_hoach_khu_vuc_2024', 'mat-0003-bao_cao')
    """
    return f"{'mat-' if secret else ''}{number:04d}-{name}"


class Archive:
    """The archive folder of a project: ``ban_hanh/`` (examples keep their own under output/)."""

    def __init__(self, root: Path, show: Any = str):
        self.root = root
        self.show = show

    def folder(self, issuer: str, year: int) -> Path:
        return self.root / issuer / str(year)

    def entries(self) -> list[Entry]:
        """Return every archived entry; raise ArchiveError if an index cannot be read (never read it as empty)."""
        found: list[Entry] = []
        if not self.root.is_dir():
            return found
        for index in sorted(self.root.glob(f"*/*/{INDEX}")):
            found += self._read(index)
        return found

    def _read(self, index: Path) -> list[Entry]:
        try:
            raw = json.loads(index.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or raw.get("version") != VERSION or not isinstance(raw.get("van_ban"), list):
                raise ValueError("không đúng dạng")
            if raw.get("kiem_tra") != _checksum(raw["van_ban"]):
                raise ValueError("sửa tay")
            return [Entry(**item) for item in raw["van_ban"]]
        except (OSError, ValueError, TypeError) as exc:
            why = (
                describe(exc)
                if isinstance(exc, OSError)
                else "đã bị sửa ngoài chương trình: mã kiểm tra không khớp"
                if str(exc) == "sửa tay"
                else "nội dung không đúng dạng của sổ lưu"
            )
            raise ArchiveError(
                f"sổ lưu văn bản đã ban hành {self.show(index)} hỏng hoặc không đọc được ({why}); các văn bản có số "
                "tạm dừng để không ghi đè bản đã ban hành: hãy khôi phục tệp này từ bản sao lưu"
            ) from None

    def find(self, issuer: str, year: int, secret: bool, number: int) -> Entry | None:
        return next((e for e in self.entries() if e.key == (issuer, year, secret, number)), None)

    def path(self, entry: Entry, name: str) -> Path:
        return self.folder(entry.co_quan, entry.nam) / name

    def intact(self, entry: Entry, role: str) -> bool:
        """Return whether an archived file is there with its recorded hash."""
        name = entry.tep_luu.get(role)
        return bool(name) and file_hash(self.path(entry, name)) == entry.sha256.get(name)

    def add(self, entry: Entry, files: dict[str, bytes]) -> Entry:
        """Archive an issued document's files (role -> bytes) and add its entry; all or nothing.

        Files go in first under their final names (each written whole, then made read-only); the entry is added to
        the index last. If anything fails (a full disk), the files written for it are removed again. A file that no
        entry names (left by a run killed in between) is not an issued file: it is written over. Raise ArchiveError
        if the number is already archived.
        """
        folder = self.folder(entry.co_quan, entry.nam)
        placed: list[Path] = []
        try:
            with lock.hold(folder):
                entries = self._read(folder / INDEX) if (folder / INDEX).exists() else []
                if any(e.key == entry.key for e in entries):
                    raise ArchiveError(f"số {entry.so_ky_hieu} đã có trong sổ lưu {self.show(folder / INDEX)}")
                named = {n for e in entries for n in e.sha256}
                try:
                    for role, data in sorted(files.items()):
                        name = f"{entry.stem or file_stem(entry.so, entry.mat, Path(entry.tep).stem)}.{role}"
                        self._place(folder / name, data, orphan=name not in named)
                        placed.append(folder / name)
                        entry.tep_luu[role] = name
                        entry.sha256[name] = file_hash(folder / name) or ""
                    self._write(folder, entries + [entry])
                except BaseException:
                    for path in placed:
                        path.unlink(missing_ok=True)
                    entry.tep_luu, entry.sha256 = {}, {}
                    raise
        except OSError as exc:
            raise ArchiveError(f"không lưu được bản ban hành vào {self.show(folder)}: {describe(exc)}") from None
        return entry

    def damaged(self) -> list[str]:
        """Return, in Vietnamese, each archived file that is missing or no longer has its recorded hash."""
        found = []
        for entry in self.entries():
            for name, digest in sorted(entry.sha256.items()):
                path = self.path(entry, name)
                if file_hash(path) != digest:
                    state = "bị thiếu" if not path.exists() else "đã bị sửa (không khớp mã băm trong so_dang_ky.json)"
                    found.append(
                        f"bản đã ban hành {self.show(path)} ({entry.so_ky_hieu}) {state}; hãy khôi phục tệp này từ bản sao lưu, "
                        "không sửa hay xóa gì trong ban_hanh/"
                    )
        return found

    def add_signed(self, entry: Entry, data: bytes, step: str, when: str, box: Any = None) -> Path:
        """Archive a signed PDF of an entry under the next free name and record it, with the page and box of the
        signature's field (the body's seal is placed from the signer's); return its path."""
        folder = self.folder(entry.co_quan, entry.nam)
        try:
            with lock.hold(folder):
                entries = self._read(folder / INDEX)
                current = next((e for e in entries if e.key == entry.key), None)
                if current is None:
                    raise ArchiveError(f"số {entry.so_ky_hieu} không có trong sổ lưu {self.show(folder / INDEX)}")
                kind = "kem-theo" if step == "kem_theo" else "ky-so"
                name = f"{current.stem}.{kind}-{1 + sum((s['buoc'] == 'kem_theo') == (step == 'kem_theo') for s in current.ky_so)}.pdf"
                self._place(folder / name, data, orphan=all(name not in e.sha256 for e in entries))
                record = {"tep": name, "buoc": step, "luc": when}
                if box is not None:
                    record.update(trang=str(box.page), o=" ".join(f"{v:.2f}" for v in (box.left, box.bottom, box.right, box.top)))
                current.ky_so.append(record)
                current.sha256[name] = file_hash(folder / name) or ""
                try:
                    self._write(folder, entries)
                except BaseException:
                    (folder / name).unlink(missing_ok=True)
                    raise
        except OSError as exc:
            raise ArchiveError(f"không lưu được bản đã ký vào {self.show(folder)}: {describe(exc)}") from None
        entry.ky_so, entry.sha256 = current.ky_so, current.sha256
        return folder / name

    def _place(self, path: Path, data: bytes, *, orphan: bool = False) -> None:
        """Write an archived file once: an existing one must already hold these bytes, unless no entry names it."""
        if path.exists() and not orphan:
            if path.read_bytes() == data:
                return
            raise ArchiveError(f"{self.show(path)} đã có trong sổ lưu với nội dung khác; không ghi đè bản đã ban hành")
        if path.is_file() and orphan:
            os.chmod(path, 0o644)
        write_atomic(path, data)
        os.chmod(path, 0o444)

    @staticmethod
    def _write(folder: Path, entries: list[Entry]) -> None:
        entries = sorted(entries, key=lambda e: (e.mat, e.so))
        records = [asdict(e) for e in entries]
        data = {"version": VERSION, "van_ban": records, "kiem_tra": _checksum(records)}
        write_atomic(folder / INDEX, (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))


def _checksum(records: list) -> str:
    """Return the SHA-256 of the entries as the program writes them: a hand edit of so_dang_ky.json (a number, a
    hash, a date changed) no longer matches, and the archive is then not believed."""
    return hashlib.sha256(json.dumps(records, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
