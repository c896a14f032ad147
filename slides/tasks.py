"""Celery tasks of the slide deadlines: thin, primitive arguments, retried on mail-server errors.
Beat runs `slides.deadlines_tick`; the services queue the e-mails after their commit."""

import datetime as dt

from celery import shared_task

from common.retry import RETRY
from slides import emails
from slides.models import LateDigest, SlideReminder


@shared_task(name="slides.send_reminder", **RETRY)
def send_reminder(reminder_id: int) -> None:
    reminder = (
        SlideReminder.objects.select_related("talk__submission__conference")
        .prefetch_related("talk__submission__speaker_links__user")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is not None:
        emails.send_reminder(reminder)


@shared_task(name="slides.send_late_digest", **RETRY)
def send_late_digest(digest_id: int) -> None:
    digest = LateDigest.objects.select_related("conference").filter(pk=digest_id).first()
    if digest is not None:
        emails.send_late_digest(digest)


@shared_task(name="slides.deadlines_tick")
def deadlines_tick(now: str | None = None) -> dict[str, int]:
    """Reminders, late flags and digests; `now` (ISO 8601) lets an operator replay a missed moment.
    Each reminder and digest is claimed once, so overlapping runs are harmless."""
    # Imported here: the services queue this module's tasks, so they cannot be imported at its top.
    from slides.services.reminders import deadlines_tick as tick

    return tick(now=dt.datetime.fromisoformat(now) if now else None)
