"""A notification's e-mail on a real Celery worker over the machine's Redis, as in production:
enqueued when the transaction commits, sent by the worker through Django's mail backend (here
the file backend into the test's folder: nothing leaves the machine), and recorded on the row."""

import pytest
from django.db import transaction

from accounts.models import Notification, NotificationKind
from accounts.notifications import notify
from tests.reports.test_review_worker import Worker, broker, wait_for  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_real_worker_sends_the_email_after_commit(broker, officer_a, settings, tmp_path):  # noqa: F811
    mailbox = tmp_path / "mail"
    settings.EMAIL_HOST = "smtp.invalid"  # set: the portal sends; the worker writes files
    officer_a.email = "hiepthanh@example.gov.vn"
    officer_a.save()
    worker = Worker(
        tmp_path,
        EMAIL_HOST="smtp.invalid",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=mailbox,
        PORTAL_URL="https://anninh.example.gov.vn",
    ).start()
    try:
        with transaction.atomic():
            note = notify(
                kind=NotificationKind.PROPOSAL_DECIDED,
                variant="returned",
                recipients=[officer_a],
                link="/awards/proposals/7/",
                params={"date": "01/12/2026", "commune": "Xã Hiệp Thạnh"},
                body="Thiếu hồ sơ",
            )[0]
            assert not mailbox.exists()  # nothing before the commit
        wait_for(lambda: Notification.objects.get(pk=note.pk).emailed_at is not None, 60, "e-mail")
    finally:
        worker.stop()
    [sent] = list(mailbox.iterdir())
    text = sent.read_text()
    assert "To: hiepthanh@example.gov.vn" in text
    assert "Thiếu hồ sơ" in text
    assert "https://anninh.example.gov.vn/awards/proposals/7/" in text
