"""The signature block: authority prefix, titles and name (ND30 Điều 13; Phụ lục I II.7).

The first line is the issuing body's head title, with a prefix when someone
other than the head signs: KT. (a deputy), TL. / TUQ. (by order, by
authorisation), Q. (acting), TM. (for a collective body, optionally with KT.
under it). Then comes the signer's own title when it differs, with their own
body's name when they hold it elsewhere (a zone head who directs a Sở).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import vn
from pipeline.data.schema import CoQuan, NguoiKy


class SignatureError(ValueError):
    """A combination the decree does not allow (message in Vietnamese)."""


@dataclass(frozen=True)
class Signature:
    """Title lines (capitals) and the signer's name."""

    lines: tuple[str, ...]
    name: str


def own_title(signer: NguoiKy, own_body: CoQuan, issuer_id: str) -> str:
    """Return the signer's own title, with their body's full name when it is not the issuer."""
    if signer.co_quan == issuer_id:
        return vn.upper_vi(signer.chuc_vu)
    return vn.upper_vi(f"{signer.chuc_vu} {own_body.ten_day_du or own_body.ten}")


def signature(authority: str | None, signer_id: str, signer: NguoiKy, own_body: CoQuan, issuer: CoQuan, issuer_id: str) -> Signature:
    """Return the signature block, or raise SignatureError for a combination ND30 does not allow.

    The head signs alone; everyone else needs a prefix, and the head cannot sign KT.
    """
    head = vn.upper_vi(issuer.chuc_danh_thu_truong)
    is_head = issuer.thu_truong == signer_id
    own = own_title(signer, own_body, issuer_id)
    prefixes = (authority or "").split("-") if authority else []
    if "TM" in prefixes and not issuer.tap_the:
        raise SignatureError("TM. chỉ dùng khi ký thay mặt tập thể lãnh đạo (co_quan có tap_the: true)")
    if is_head and set(prefixes) & {"KT", "TL", "TUQ", "Q"}:
        raise SignatureError(f"người ký là thủ trưởng nên không ký {prefixes[-1]}.; bỏ quyen_han")
    if not is_head and not set(prefixes) & {"KT", "TL", "TUQ", "Q"}:
        raise SignatureError("người ký không phải thủ trưởng; cần quyen_han KT, TL, TUQ hoặc Q")
    lines = [f"TM. {vn.upper_vi(issuer.ten_day_du or issuer.ten)}"] if "TM" in prefixes else []  # in full, never "UBND"
    inner = [p for p in prefixes if p != "TM"]
    lines.append(f"{inner[0]}. {head}" if inner else head)
    if own != head and inner != ["Q"]:
        lines.append(own)
    return Signature(tuple(lines), signer.ho_ten)
