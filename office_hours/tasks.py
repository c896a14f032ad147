"""Celery tasks of office hours: thin, primitive arguments, retried on mail-server and network errors."""

import logging

import requests
from celery import shared_task

from common.queueing import enqueue
from common.retry import RETRY
from office_hours import emails
from office_hours.models import Booking, OfficeHoursSettings

logger = logging.getLogger(__name__)
CHAT_RETRIES = 3
CHAT_TIMEOUT_SECONDS = 5


def _booking(booking_id: int) -> Booking | None:
    return (
        Booking.objects.select_related("conference", "slot__mentor", "speaker", "shared_submission")
        .filter(pk=booking_id)
        .first()
    )


@shared_task(name="office_hours.send_booking_invite", **RETRY)
def send_booking_invite(booking_id: int) -> None:
    booking = _booking(booking_id)
    if booking is not None and booking.is_active:
        emails.send_booking_invite(booking)


@shared_task(name="office_hours.send_booking_cancelled", **RETRY)
def send_booking_cancelled(booking_id: int) -> None:
    booking = _booking(booking_id)
    if booking is not None and not booking.is_active:
        emails.send_booking_cancelled(booking)


@shared_task(name="office_hours.send_booking_reminder", **RETRY)
def send_booking_reminder(booking_id: int, which: str) -> None:
    booking = _booking(booking_id)
    if booking is not None and booking.is_active:
        emails.send_booking_reminder(booking, which)


@shared_task(name="office_hours.send_due_reminders")
def send_due_reminders() -> int:
    """Beat runs this every few minutes. Each reminder is claimed by an atomic UPDATE, so overlapping
    runs (two beats, a retried worker) send each one once."""
    # Imported here: the services queue this module's tasks, so they cannot be imported at its top.
    from django.utils import timezone

    from office_hours.services.bookings import booking_claim_reminder, reminder_due_ids

    now = timezone.now()
    sent = 0
    for which in ("24h", "1h"):
        for booking_id in reminder_due_ids(which=which, now=now):
            sent += booking_claim_reminder(booking_id=booking_id, which=which, now=now)
    return sent


@shared_task(name="office_hours.post_to_chat", bind=True, max_retries=CHAT_RETRIES)
def post_to_chat(self, conference_id: int, text: str) -> bool:
    """Posts to the conference's incoming webhook (Slack-compatible `{"text": …}`). The URL is read
    here, at send time, so it never travels through the broker."""
    url = OfficeHoursSettings.objects.filter(conference_id=conference_id).values_list("webhook_url", flat=True).first()
    if not url:
        return False
    try:
        response = requests.post(url, json={"text": text}, timeout=CHAT_TIMEOUT_SECONDS)
        response.raise_for_status()
    except requests.RequestException as error:
        if self.request.retries >= CHAT_RETRIES:
            logger.warning("The office-hours chat webhook of conference %s failed: %s", conference_id, type(error))
            return False
        raise self.retry(exc=error, countdown=2**self.request.retries) from None
    return True


def queue_chat_message(conference_id: int, text: str) -> None:
    """Called after commit: a broken broker or webhook must never fail the booking that is already saved
    (with the broker down the message waits in the database, see common.queueing)."""
    if not OfficeHoursSettings.objects.filter(conference_id=conference_id).exclude(webhook_url="").exists():
        return
    enqueue(post_to_chat, conference_id, text)
