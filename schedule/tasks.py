"""Celery tasks of the schedule: thin, primitive arguments, retried on mail-server errors."""

from celery import shared_task

from common.retry import RETRY
from schedule import emails, notice_emails
from schedule.models import ChangeNotice, Reservation, ScheduleRelease


@shared_task(name="schedule.send_release_notifications", **RETRY)
def send_release_notifications(release_id: int) -> None:
    release = ScheduleRelease.objects.select_related("conference").filter(pk=release_id).first()
    if release is not None:
        emails.send_release_notifications(release)


@shared_task(name="schedule.send_reservation_update", **RETRY)
def send_reservation_update(reservation_id: int) -> None:
    reservation = (
        Reservation.objects.select_related("seating__conference", "seating__submission", "user")
        .filter(pk=reservation_id)
        .first()
    )
    if reservation is None:
        return
    release = (
        ScheduleRelease.objects.filter(conference=reservation.seating.conference)
        .order_by("-published_at", "-id")
        .first()
    )
    if release is not None:
        notice_emails.send_reservation_update(reservation, release)


@shared_task(name="schedule.send_change_notice", **RETRY)
def send_change_notice(notice_id: int) -> None:
    """Marked sent once its mail is written (common.mail sends it, however long the server is down)."""
    from schedule.services.notices import notice_mark_sent

    notice = ChangeNotice.objects.select_related("release__conference", "user").filter(pk=notice_id).first()
    if notice is None or notice.sent_at is not None:
        return
    notice_emails.send_change_notice(notice)
    notice_mark_sent(notice=notice)
