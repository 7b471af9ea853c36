"""Practice certificates and images for ``make ky-so`` (``make chung-thu-thu``): NOT for real documents.

A test root CA, a signer certificate and a body certificate issued by it, as
PKCS#12 files with the password ``thu``, and two transparent PNG images drawn
here: a blue handwritten-like signature and a red round seal at 300 dpi (36 mm).
Every name says THỬ NGHIỆM: a PDF signed with them validates only against this
CA, which no one trusts. The tests use the same files.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image, ImageDraw

PASSWORD = b"thu"
"""The password of the practice PKCS#12 files."""
VALID_FROM = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
VALID_UNTIL = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Practice:
    """The practice files, by role."""

    ca: Path
    signer: Path
    body: Path
    signature_image: Path
    seal_image: Path


def _name(common: str, organisation: str = "THỬ NGHIỆM - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _certificate(subject: x509.Name, key, issuer: x509.Name, issuer_key, *, ca: bool) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_UNTIL)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if ca:
        usage = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
    else:
        usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    return builder.add_extension(usage, critical=True).sign(issuer_key, hashes.SHA256())


def signature_png() -> bytes:
    """Return a transparent PNG of a blue handwritten-like stroke (ND30 Phụ lục I II.7.d: màu xanh, nền trong suốt)."""
    image = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(40 + x, 130 + 60 * math.sin(x / 35) * math.exp(-x / 700)) for x in range(0, 520, 4)]
    draw.line(points, fill=(20, 40, 200, 255), width=9, joint="curve")
    draw.line([(120, 200), (500, 170)], fill=(20, 40, 200, 255), width=6)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(300, 300))
    return out.getvalue()


def seal_png() -> bytes:
    """Return a transparent PNG of a red round seal, 36 mm at 300 dpi (II.8.a: màu đỏ, kích thước thật, nền trong suốt)."""
    size = round(36 / 25.4 * 300)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (220, 20, 30, 255)
    draw.ellipse((6, 6, size - 7, size - 7), outline=red, width=14)
    draw.ellipse((70, 70, size - 71, size - 71), outline=red, width=6)
    draw.regular_polygon((size / 2, size / 2, 70), 5, rotation=90, fill=red)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(300, 300))
    return out.getvalue()


def make(folder: Path) -> Practice:
    """Write the practice CA, certificates and images into folder; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = _key()
    ca_name = _name("CA THỬ NGHIỆM ND30")
    ca = _certificate(ca_name, ca_key, ca_name, ca_key, ca=True)
    files = Practice(
        folder / "ca_thu.pem",
        folder / "nguoi_ky_thu.p12",
        folder / "co_quan_thu.p12",
        folder / "chu_ky_thu.png",
        folder / "dau_thu.png",
    )
    files.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    for path, common in ((files.signer, "NGƯỜI KÝ THỬ NGHIỆM"), (files.body, "CƠ QUAN THỬ NGHIỆM")):
        key = _key()
        cert = _certificate(_name(common), key, ca_name, ca_key, ca=False)
        data = pkcs12.serialize_key_and_certificates(common.encode(), key, cert, [ca], serialization.BestAvailableEncryption(PASSWORD))
        path.write_bytes(data)
    files.signature_image.write_bytes(signature_png())
    files.seal_image.write_bytes(seal_png())
    return files
