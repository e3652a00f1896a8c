"""The signed copy of an issued version (bản ký): a PDF only, its size checked before it is
read; kept privately beside the final version; its digital signatures read with pyHanko —
signer, time, whether the document changed after signing, whether the certificate is
trusted — on the version's line of the report's page, its own page and the API."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from areas.base.uploads import MB, SIGNED_COPY
from reports.models import ReportVersion, SignatureReading, SignedCopy
from reports.reviews import services, signatures
from reports.reviews.forms import SignedCopyForm
from tests.conftest import login, ready_version
from tests.reports import signing

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def signer():
    return signing.identity("Nguyễn Văn An")


@pytest.fixture(scope="module")
def signed_pdf(signer):
    return signing.sign(signing.plain_pdf("BAO CAO So ket"), signer)


@pytest.fixture
def issued(officer_a, commune_a):
    """An issued version of commune A's report, without a signed copy yet."""
    from reports.statistics import Period

    report = services.create_report(
        user=officer_a,
        kind="final",
        unit=commune_a,
        period=Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        title="Tổng kết tuần tra Phi Nôm",
    )
    return services.issue_version(version=ready_version(report, officer_a), user=officer_a)


def upload(client, version, content: bytes, name: str = "ban-ky.pdf"):
    return client.post(
        reverse("reports:version_signed_copy", args=[version.pk]),
        {"file": SimpleUploadedFile(name, content, "application/pdf")},
    )


def report_page(client, version) -> str:
    response = client.get(version.report.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# --- reading the signatures ----------------------------------------------------------------


def test_a_signed_pdf_names_its_signer_time_and_is_intact(signed_pdf):
    before = timezone.now() - datetime.timedelta(minutes=5)
    reading = signatures.read_signatures(signed_pdf)
    assert reading.kind == SignatureReading.SIGNED
    [sig] = reading.signatures
    assert sig["signer"] == "Nguyễn Văn An"
    assert sig["integrity"] == signatures.INTACT
    assert sig["trusted"] is False  # a self-signed certificate no root vouches for
    assert before <= datetime.datetime.fromisoformat(sig["signed_at"]) <= timezone.now()


def test_changed_after_signing_is_modified(signed_pdf):
    altered = signing.altered_after_signing(signed_pdf)
    assert altered.startswith(signed_pdf)  # the signed bytes untouched, an update appended
    [sig] = signatures.read_signatures(altered).signatures
    assert sig["integrity"] == signatures.MODIFIED
    [sig] = signatures.read_signatures(signing.bytes_flipped(signed_pdf)).signatures
    assert sig["integrity"] == signatures.MODIFIED


def test_a_second_signature_leaves_the_first_unchanged_but_extended(signed_pdf):
    twice = signing.sign(signed_pdf, signing.identity("Trần Thị Bình"), field="Signature2")
    first, second = signatures.read_signatures(twice).signatures
    assert (first["signer"], first["integrity"]) == ("Nguyễn Văn An", signatures.EXTENDED)
    assert (second["signer"], second["integrity"]) == ("Trần Thị Bình", signatures.INTACT)


def test_a_certificate_is_trusted_only_under_a_configured_root(
    signer, signed_pdf, settings, tmp_path
):
    roots = tmp_path / "roots.pem"
    roots.write_bytes(signer.pem)
    settings.SIGNATURE_TRUST_ROOTS = str(roots)
    [sig] = signatures.read_signatures(signed_pdf).signatures
    assert sig["trusted"] is True and sig["integrity"] == signatures.INTACT
    other = tmp_path / "other.pem"
    other.write_bytes(signing.identity("Người Khác").pem)
    settings.SIGNATURE_TRUST_ROOTS = str(other)
    assert signatures.read_signatures(signed_pdf).signatures[0]["trusted"] is False


def test_an_unsigned_pdf_is_a_scan_and_a_damaged_signature_is_unreadable(signed_pdf):
    assert signatures.read_signatures(signing.plain_pdf()).kind == SignatureReading.UNSIGNED
    damaged = signing.signature_zeroed(signed_pdf)
    signatures.open_pdf(damaged)  # the file itself still parses
    assert signatures.read_signatures(damaged).kind == SignatureReading.UNREADABLE


# --- the upload: type and size --------------------------------------------------------------


class UnreadableUpload(UploadedFile):
    """A file the size of which is known but which fails if anything reads it."""

    def __init__(self, size: int):
        super().__init__(io.BytesIO(b""), "ban-ky.pdf", "application/pdf", size)

    def read(self, *args):  # pragma: no cover - reaching it is the failure
        raise AssertionError("the file was read")

    def chunks(self, chunk_size=None):  # pragma: no cover
        raise AssertionError("the file was read")


def test_an_oversized_file_is_refused_before_it_is_read(rf, officer_a):
    big = UnreadableUpload(SIGNED_COPY.max_bytes + 1)
    form = SignedCopyForm(data={}, files={"file": big})
    assert not form.is_valid()
    assert form.errors["file"] == [
        "Tệp nặng 30,1 MB, vượt mức 30 MB cho phép đối với bản báo cáo có chữ ký."
    ]
    from rest_framework.request import Request

    from reports.reviews.serializers import SignedCopySerializer

    request = Request(rf.post("/"))
    request.user = officer_a
    serializer = SignedCopySerializer(context={"request": request})
    with pytest.raises(Exception) as refused:
        serializer.validate_file(big)
    assert "vượt mức 30 MB" in str(refused.value.detail)


def test_the_limit_is_the_uploads_table(db):
    assert SIGNED_COPY.max_bytes == 30 * MB


def test_a_file_that_is_not_a_pdf_is_refused_at_the_field(issued, officer_a):
    client = login(officer_a)
    response = upload(client, issued, b"PK\x03\x04 not a pdf", name="ban-ky.docx")
    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [
        "Tệp này không phải PDF. Hãy đính kèm bản ký dạng PDF: bản quét lưu thành PDF, "
        "hoặc tệp đã ký số."
    ]
    cut = signing.plain_pdf()[:200]
    response = upload(client, issued, cut)
    assert "không đọc được" in response.context["form"].errors["file"][0]
    assert issued.signed_copies.count() == 0


# --- the page -------------------------------------------------------------------------------


def test_a_signed_copy_is_kept_beside_the_final_version_and_shown(issued, officer_a, signed_pdf):
    client = login(officer_a)
    issued_before = ReportVersion.objects.get(pk=issued.pk)
    response = upload(client, issued, signed_pdf)
    assert response.status_code == 302
    copy = issued.signed_copies.get()
    assert copy.reading == SignatureReading.SIGNED and copy.size == len(signed_pdf)
    assert copy.sha256 == hashlib.sha256(signed_pdf).hexdigest()
    assert copy.uploaded_by == officer_a
    # The issued version itself is untouched.
    after = ReportVersion.objects.get(pk=issued.pk)
    assert (after.updated_at, after.pdf.name) == (issued_before.updated_at, issued_before.pdf.name)
    html = report_page(client, issued)
    assert "Nguyễn Văn An" in html
    assert "Nguyên vẹn: không bị sửa sau khi ký" in html
    assert "chưa xác minh được chứng thư" in html
    assert reverse("reports:signed_copy_pdf", args=[copy.pk]) in html
    assert reverse("reports:version_pdf", args=[issued.pk]) in html  # the generated one too
    download = client.get(reverse("reports:signed_copy_pdf", args=[copy.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == signed_pdf


def test_a_copy_altered_after_signing_shows_as_modified(issued, officer_a, signed_pdf):
    client = login(officer_a)
    upload(client, issued, signing.altered_after_signing(signed_pdf))
    html = report_page(client, issued)
    assert "Đã bị sửa sau khi ký" in html and "Nguyên vẹn" not in html


def test_an_unsigned_file_is_kept_as_a_scan_with_a_message(issued, officer_a):
    client = login(officer_a)
    assert upload(client, issued, signing.plain_pdf()).status_code == 302
    assert issued.signed_copies.get().reading == SignatureReading.UNSIGNED
    assert "Tệp này không có chữ ký số: được lưu như bản quét của văn bản đã ký." in report_page(
        client, issued
    )


def test_a_file_whose_signatures_cannot_be_read_is_kept_as_a_scan(issued, officer_a, signed_pdf):
    client = login(officer_a)
    assert upload(client, issued, signing.signature_zeroed(signed_pdf)).status_code == 302
    assert issued.signed_copies.get().reading == SignatureReading.UNREADABLE
    assert "Không đọc được chữ ký số của tệp này (có thể tệp bị hỏng)" in report_page(
        client, issued
    )


def test_every_copy_is_kept_and_the_latest_shown(issued, officer_a, signed_pdf):
    client = login(officer_a)
    upload(client, issued, signing.plain_pdf())
    upload(client, issued, signed_pdf)
    assert issued.signed_copies.count() == 2
    html = report_page(client, issued)
    assert "cả 2 bản ký đã đính kèm" in html
    assert "Tệp này không có chữ ký số" not in html  # the earlier scan, on the copies' page
    page = client.get(reverse("reports:version_signed_copy", args=[issued.pk]))
    body = page.content.decode()
    assert body.index("Nguyễn Văn An") < body.index("Tệp này không có chữ ký số")


def test_only_an_issued_version_takes_a_signed_copy(own_objects, officer_a, signed_pdf):
    version = own_objects["reports.ReportVersion"]  # ready, not issued
    client = login(officer_a)
    page = client.get(reverse("reports:version_signed_copy", args=[version.pk]))
    assert "Chỉ đính kèm được bản ký cho phiên bản đã ban hành." in page.content.decode()
    assert 'data-testid="signed-copy-form"' not in page.content.decode()
    response = upload(client, version, signed_pdf)
    assert response.status_code == 422
    assert version.signed_copies.count() == 0
    with pytest.raises(services.ReviewError):
        services.attach_signed_copy(version=version, user=officer_a, content=signed_pdf)


def test_province_staff_read_the_copy_but_do_not_attach(issued, province_staff, signed_pdf):
    client = login(province_staff)
    assert "Bản ký" in report_page(client, issued)
    assert 'data-testid="signed-copy-form"' not in report_page(client, issued)
    assert upload(client, issued, signed_pdf).status_code == 403


def test_the_database_refuses_to_change_a_copy(issued, officer_a, signed_pdf):
    copy = services.attach_signed_copy(version=issued, user=officer_a, content=signed_pdf)
    with pytest.raises(DatabaseError), transaction.atomic():
        SignedCopy.objects.filter(pk=copy.pk).update(sha256="0" * 64)
    with pytest.raises(DatabaseError), transaction.atomic():
        SignedCopy.objects.filter(pk=copy.pk).delete()


def test_the_copy_is_stored_privately(issued, officer_a, signed_pdf, settings):
    copy = services.attach_signed_copy(version=issued, user=officer_a, content=signed_pdf)
    assert copy.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert "ban-ky" not in copy.file.name  # the uploaded name is not used on disk


# --- the API --------------------------------------------------------------------------------


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_uploads_reads_and_downloads_a_signed_copy(issued, officer_a, signed_pdf):
    client = api(officer_a)
    altered = signing.altered_after_signing(signed_pdf)
    response = client.post(
        reverse("signedcopy-list"),
        {"version": issued.pk, "file": SimpleUploadedFile("ky.pdf", altered)},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reading"] == "signed"
    [sig] = body["signatures"]
    assert (sig["signer"], sig["integrity"], sig["trusted"]) == (
        "Nguyễn Văn An",
        "modified",
        False,
    )
    detail = client.get(reverse("signedcopy-detail", args=[body["id"]])).json()
    assert detail["signatures"] == body["signatures"]
    download = client.get(body["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == altered
    version = client.get(reverse("reportversion-detail", args=[issued.pk])).json()
    assert [c["id"] for c in version["signed_copies"]] == [body["id"]]
    listed = client.get(reverse("signedcopy-list"), {"version": issued.pk}).json()
    assert [c["id"] for c in listed["results"]] == [body["id"]]


def test_the_api_refuses_what_the_page_refuses(issued, own_objects, officer_a, signed_pdf):
    client = api(officer_a)
    not_pdf = client.post(
        reverse("signedcopy-list"),
        {"version": issued.pk, "file": SimpleUploadedFile("a.pdf", b"GIF89a")},
        format="multipart",
    )
    assert not_pdf.status_code == 400
    assert not_pdf.json()["file"][0].startswith("Tệp này không phải PDF.")
    not_issued = client.post(
        reverse("signedcopy-list"),
        {
            "version": own_objects["reports.ReportVersion"].pk,
            "file": SimpleUploadedFile("a.pdf", signed_pdf),
        },
        format="multipart",
    )
    assert not_issued.status_code == 400
    assert not_issued.json()["version"] == ["Chỉ đính kèm được bản ký cho phiên bản đã ban hành."]
    assert SignedCopy.objects.filter(version__in=[issued.pk]).count() == 0


def test_another_communes_version_is_not_found_in_the_api(officer_a, reviews_b, signed_pdf):
    client = api(officer_a)
    response = client.post(
        reverse("signedcopy-list"),
        {
            "version": reviews_b["issued_version"].pk,
            "file": SimpleUploadedFile("a.pdf", signed_pdf),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "version" in response.json()
    assert reviews_b["issued_version"].signed_copies.count() == 1  # the fixture's own
    copy = reviews_b["signed_copy"]
    assert client.get(reverse("signedcopy-pdf", args=[copy.pk])).status_code == 404


def test_ready_version_helper_still_makes_an_issuable_version(officer_a, own_objects):
    # The fixtures issue a version of a second report in commune A: the own report stays
    # open, so the issuing routes still have something to issue.
    report = own_objects["reports.ReviewReport"]
    assert not report.is_issued
    assert services.issue_problems(ready_version(report, officer_a, number=3)) == []
