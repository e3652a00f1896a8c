"""Celery tasks of the accounts: the e-mail that follows a notification."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from accounts import notifications


@shared_task(
    name="accounts.tasks.send_notification_email",
    acks_late=True,
    reject_on_worker_lost=True,
    # A mail server that is down or busy for a while: try again later, a few times.
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=4,
)
def send_notification_email(notification_id: int) -> str:
    """Send one notification by e-mail (see ``notifications.send_email``)."""
    return notifications.send_email(notification_id)
