"""Celery tasks of the review committee: thin, primitive arguments, idempotent."""

from celery import shared_task

from common.retry import RETRY
from review import emails
from review.models import Clarification


@shared_task(name="review.send_clarification_asked", **RETRY)
def send_clarification_asked(clarification_id: int) -> None:
    clarification = (
        Clarification.objects.select_related("submission__conference")
        .prefetch_related("submission__speaker_links__user")
        .filter(pk=clarification_id)
        .first()
    )
    if clarification is not None:
        emails.send_clarification_asked(clarification)


@shared_task(name="review.send_notification_batch")
def send_notification_batch(batch_id: int) -> int:
    from review.services.notifications import batch_run

    return batch_run(batch_id=batch_id)


@shared_task(name="review.send_confirmation_reminders")
def send_confirmation_reminders() -> int:
    from review.services.notifications import reminders_send

    return reminders_send()
