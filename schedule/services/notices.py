"""Change notices: a release that moves or cancels talks (a new room is a move) tells everyone who
starred them or holds a place, once per person and release; and the sessions' seats follow the move."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from common.queueing import enqueue_on_commit
from events.services import emit
from schedule.attendance import notified_changes, recipients_of
from schedule.models import ChangeNotice, ScheduleRelease, SessionSeating
from schedule.tasks import send_change_notice


def _seatings_follow(release: ScheduleRelease, changes: dict[str, list[dict[str, Any]]]) -> None:
    seatings = {
        seating.submission.code: seating
        for seating in SessionSeating.objects.select_for_update(of=("self",))
        .filter(conference=release.conference)
        .select_related("submission")
    }
    for entry in [*changes["moved"], *changes["added"]]:
        seating = seatings.get(entry["code"])
        if seating is not None:
            seating.starts_at = dt.datetime.fromisoformat(entry["to"]["starts_at"])
            seating.ends_at = dt.datetime.fromisoformat(entry["to"]["ends_at"])
            seating.in_programme = True
            seating.save(update_fields=["starts_at", "ends_at", "in_programme", "updated_at"])
    for entry in changes["cancelled"]:
        seating = seatings.get(entry["code"])
        if seating is not None:
            seating.in_programme = False
            seating.save(update_fields=["in_programme", "updated_at"])


def notices_queue(
    *, release: ScheduleRelease, changes: dict[str, list[dict[str, Any]]], by, notify: bool = True
) -> list[ChangeNotice]:
    """Called by `release_publish` inside its transaction: the notices are rows before they are mails,
    so a broker or mail server down delays them and loses none. Without `notify` (a past programme
    imported) only the seats follow the release."""
    _seatings_follow(release, changes)
    if not notify:
        return []
    notified = notified_changes(changes)
    people = recipients_of([entry["code"] for entry in notified], release.conference_id)
    notices = ChangeNotice.objects.bulk_create(
        [ChangeNotice(release=release, user_id=user_id, codes=sorted(codes)) for user_id, codes in people.items()]
    )
    if not notices:
        return []
    emit(
        "summit.schedule.change_notices.queued.v1",
        subject=release.subject,
        data={
            "conference": release.conference.slug,
            "release": release.pk,
            "version": release.version,
            "people": len(notices),
            "talks": sorted({entry["code"] for entry in notified}),
        },
        conference_slug=release.conference.slug,
        actor=by,
    )
    for notice in ChangeNotice.objects.filter(release=release).values_list("pk", flat=True):
        enqueue_on_commit(send_change_notice, notice)
    return notices


@transaction.atomic
def notice_mark_sent(*, notice: ChangeNotice) -> bool:
    """Marks the notice sent once; a retried task that finds it sent changes nothing."""
    now = timezone.now()
    if not ChangeNotice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(sent_at=now):
        return False
    emit(
        "summit.schedule.change_notice.sent.v1",
        subject=f"notice/{notice.pk}",
        data={
            "conference": notice.release.conference.slug,
            "release": notice.release_id,
            "user_id": notice.user_id,
            "talks": notice.codes,
        },
        conference_slug=notice.release.conference.slug,
    )
    return True
