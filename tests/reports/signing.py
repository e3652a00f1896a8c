"""PDFs for the signed-copy tests: a small real PDF, signed in the test with a throwaway
self-signed certificate (made with ``cryptography``, signed by pyHanko), and the same file
altered after signing."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from asn1crypto import keys, x509
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore


@dataclass
class Identity:
    """A throwaway signer: its certificate (PEM too, to be trusted in a test) and key."""

    name: str
    cert: x509.Certificate
    key: keys.PrivateKeyInfo
    pem: bytes


def identity(name: str = "Nguyễn Văn An") -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = cx509.Name(
        [
            cx509.NameAttribute(NameOID.COMMON_NAME, name),
            cx509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Chỉ đạo 138 tỉnh Lâm Đồng"),
            cx509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        cx509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(cx509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(cx509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            cx509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return Identity(
        name=name,
        cert=x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        key=keys.PrivateKeyInfo.load(der_key),
        pem=cert.public_bytes(serialization.Encoding.PEM),
    )


def plain_pdf(text: str = "BÁO CÁO Sơ kết") -> bytes:
    """A one-page PDF with ``text`` in an uncompressed content stream."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.content import RawContent
    from pyhanko.pdf_utils.layout import BoxConstraints

    writer = PdfFileWriter()
    font = writer.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Font"),
                generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
                generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
            }
        )
    )
    ascii_text = text.encode("ascii", "replace").decode()
    stream = f"BT /F1 14 Tf 72 770 Td ({ascii_text}) Tj ET".encode()
    content = RawContent(stream, box=BoxConstraints(width=595, height=842))
    resources = generic.DictionaryObject(
        {generic.NameObject("/Font"): generic.DictionaryObject({generic.NameObject("/F1"): font})}
    )
    page = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/MediaBox"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (0, 0, 595, 842)]
            ),
            generic.NameObject("/Contents"): writer.add_object(
                generic.StreamObject(stream_data=content.render())
            ),
            generic.NameObject("/Resources"): resources,
        }
    )
    writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign(data: bytes, signer: Identity, field: str = "Signature1") -> bytes:
    """``data`` with one more signature by ``signer`` (an incremental update)."""
    simple = signers.SimpleSigner(
        signing_cert=signer.cert,
        signing_key=signer.key,
        cert_registry=SimpleCertificateStore.from_certs([signer.cert]),
    )
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(data), strict=False),
        signers.PdfSignatureMetadata(field_name=field),
        signer=simple,
    )
    return out.getvalue()


def altered_after_signing(signed: bytes) -> bytes:
    """``signed`` with an incremental update appended that changes the page's text: the
    signature still matches its bytes, but the document shown is no longer what was signed."""
    from pyhanko.pdf_utils import generic

    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    new = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 14 Tf 72 770 Td (So lieu da bi sua) Tj ET")
    )
    page[generic.NameObject("/Contents")] = new
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bytes_flipped(signed: bytes, old: bytes = b"BAO CAO", new: bytes = b"BAO CAC") -> bytes:
    """``signed`` with bytes inside the signed range changed in place (same length)."""
    assert signed.count(old) == 1, "the text to change must be found once"
    return signed.replace(old, new)


def signature_zeroed(signed: bytes) -> bytes:
    """``signed`` with its signature's contents overwritten by zeros: the file still parses,
    its signature cannot be read."""
    start = signed.index(b"/Contents <") + len(b"/Contents <")
    end = signed.index(b">", start)
    return signed[:start] + b"0" * (end - start) + signed[end:]
