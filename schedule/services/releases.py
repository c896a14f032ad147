"""Publishing the programme: a frozen, numbered version attendees and exports read."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.queueing import enqueue_on_commit
from conference.models import Conference
from events.services import emit
from schedule import cache, selectors
from schedule.models import ScheduleRelease
from schedule.services.notices import notices_queue
from schedule.snapshot import build_snapshot, changelog
from schedule.tasks import send_release_notifications


@transaction.atomic
def release_publish(
    *,
    conference: Conference,
    version: str,
    by,
    comment: str = "",
    double_bookings_accepted: bool = False,
    now: datetime | None = None,
    notify: bool = True,
) -> ScheduleRelease:
    """Freezes the draft as `version`, with a changelog against the previous release, and tells the
    speakers whose talk was added, moved or cancelled (after commit, in their own language), and the
    attendees who follow a moved or cancelled talk (one notice each, queued in this transaction).

    A draft with a room double-booked is published only when the organiser accepts it knowingly
    (`double_bookings_accepted`): the exports would list two talks in one room at once.

    `now` and `notify=False` exist for importing a past programme (the demo's 2019 one): its
    speakers were told at the time."""
    # One publisher at a time per conference, so two releases never diff against the same parent.
    Conference.objects.select_for_update().filter(pk=conference.pk).first()
    version = version.strip()
    if not version:
        raise ValidationError({"version": _("Name the version, such as “v2”.")})
    if ScheduleRelease.objects.filter(conference=conference, version=version).exists():
        raise ValidationError({"version": _("There is already a release called %(version)s.") % {"version": version}})
    double_booked = {slot.pk for slot, _conflict in selectors.room_double_bookings(conference)}
    if double_booked and not double_bookings_accepted:
        raise ValidationError(
            {
                "double_bookings_accepted": ngettext(
                    "%(count)d slot shares its room with another at the same time: the exports would list "
                    "both in one room. Fix it in the editor, or confirm that you publish it as it is.",
                    "%(count)d slots share their room with another at the same time: the exports would list "
                    "both in one room. Fix them in the editor, or confirm that you publish them as they are.",
                    len(double_booked),
                )
                % {"count": len(double_booked)}
            }
        )
    previous = selectors.latest_release(conference)
    snapshot = build_snapshot(conference)
    changes = changelog(previous.snapshot if previous else None, snapshot)
    release = ScheduleRelease(
        conference=conference,
        version=version,
        comment=comment,
        published_at=now or timezone.now(),
        published_by=by,
        snapshot=snapshot,
        changelog=changes,
    )
    release.full_clean(exclude=["snapshot", "changelog"])
    release.save()
    emit(
        "summit.schedule.release.published.v1",
        subject=release.subject,
        data={
            "id": release.pk,
            "conference": conference.slug,
            "version": release.version,
            "published_at": release.published_at,
            "talks": sum(1 for slot in snapshot["slots"] if slot["code"]),
            "previous_version": previous.version if previous else None,
            "added": [entry["code"] for entry in changes["added"]],
            "moved": [entry["code"] for entry in changes["moved"]],
            "cancelled": [entry["code"] for entry in changes["cancelled"]],
        },
        conference_slug=conference.slug,
        actor=by,
    )
    transaction.on_commit(lambda: cache.forget_latest_release(conference.slug))
    if previous is not None:
        # Attendees who starred a moved or cancelled talk, or hold a place at it, hear of it once.
        notices_queue(release=release, changes=changes, by=by, notify=notify)
    if notify:
        enqueue_on_commit(send_release_notifications, release.pk)
    return release
