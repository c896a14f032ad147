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


@shared_task(name="review.send_notification_batch", bind=True, **RETRY)
def send_notification_batch(self, batch_id: int) -> int:
    """Retried with backoff while the mail server is down. Acknowledged late (settings), so a worker
    killed mid-batch leaves the task to the broker, which delivers it again as `redelivered`."""
    from review.services.notifications import batch_reclaim, batch_run

    if self.request.delivery_info and self.request.delivery_info.get("redelivered"):
        batch_reclaim(batch_id=batch_id)
    return batch_run(batch_id=batch_id)


@shared_task(name="review.send_confirmation_reminders")
def send_confirmation_reminders() -> int:
    from review.services.notifications import reminders_send

    return reminders_send()
