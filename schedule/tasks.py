"""Celery tasks of the schedule: thin, primitive arguments, retried on mail-server errors."""

from celery import shared_task

from common.retry import RETRY
from schedule import emails
from schedule.models import ScheduleRelease


@shared_task(name="schedule.send_release_notifications", **RETRY)
def send_release_notifications(release_id: int) -> None:
    release = ScheduleRelease.objects.select_related("conference").filter(pk=release_id).first()
    if release is not None:
        emails.send_release_notifications(release)
